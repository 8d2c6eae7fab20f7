"""The ``qodex`` command: one group, a command per verb, plugins adding their own.

Commands are declared by name in `qodex.cli.commands` and their modules imported when one is run,
so ``qodex --help`` imports no command module and no plugin. Heavy modules (the project API,
importers, the TUI) load inside commands.

Plugin commands reuse what the built-in ones use, importable from here: `PROJECT`, `open_project`,
`emit`, `say`, `output_options` and the option bundles of `qodex.cli.options`.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from qodex import __version__
from qodex.cli import commands as declared
from qodex.cli.context import open_project
from qodex.cli.options import (
    BY_CODER,
    FORCE,
    OUTPUT,
    PROJECT,
    SPAN,
    WHERE,
    attribute_pairs,
    output_file,
    output_options,
    plugin_options,
)
from qodex.cli.output import emit, say
from qodex.errors import QodexError
from qodex.escape import visible

__all__ = ["BY_CODER", "FORCE", "OUTPUT", "PROJECT", "SPAN", "WHERE", "attribute_pairs", "emit", "main",
           "open_project", "output_file", "output_options", "plugin_options", "say"]

NO_STUDY_PLUGINS = ("plugins", "trust")  # commands that list or trust study plugins, unimported


class QodexGroup(click.Group):
    """Turns a `QodexError` into one line on stderr (control characters from a file or code name
    shown escaped) and a non-zero exit. Imports a declared command's module when the command is
    named; adds installed plugins' commands when a name is not declared; loads the plugins of the
    trusted study folders `argv` points at when a command runs (never for ``--help``,
    ``--version``, `NO_STUDY_PLUGINS`) or is not declared."""

    argv: list[str] = []
    studies_loaded = False
    installed_loaded = False

    def list_commands(self, ctx):
        return sorted({*declared.BUILTIN, *declared.PLUGIN, *self.commands})

    def format_commands(self, ctx, formatter):
        """The commands with their declared help, importing none of them."""
        shown = [(n, self.commands.get(n) or click.Command(n, help=declared.short_help(n)))
                 for n in self.list_commands(ctx)]
        shown = [(n, c) for n, c in shown if not c.hidden]
        limit = formatter.width - 6 - max(len(n) for n, _ in shown)
        with formatter.section("Commands"):
            formatter.write_dl([(n, c.get_short_help_str(limit)) for n, c in shown])

    def resolve_command(self, ctx, args):
        if args and args[0] not in NO_STUDY_PLUGINS and not {"-h", "--help"} & set(self.argv):
            self.load_studies()
        return super().resolve_command(ctx, args)

    def get_command(self, ctx, cmd_name):
        if cmd_name not in self.commands and (found := declared.load(cmd_name)) is not None:
            self.add_command(found)
        if cmd_name not in self.commands:
            self.load_installed()
        command = super().get_command(ctx, cmd_name)
        if command is None and not self.studies_loaded:  # a study command, even with --help
            self.load_studies()
            command = super().get_command(ctx, cmd_name)
        if command is None:
            _no_such_command(cmd_name)
        return command

    def load_studies(self) -> None:
        if not self.studies_loaded:
            self.studies_loaded = True
            _add_study_commands(self.argv)

    def load_installed(self) -> None:
        """Add the commands of installed (entry-point) plugins."""
        if not self.installed_loaded:
            from qodex.host import get_host

            self.installed_loaded = True
            host = get_host()
            installed = {name for name, (origin, _) in host.origins.items() if origin == "entry point"}
            host.call("register_commands", only=installed, cli=self)

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except QodexError as exc:
            raise click.ClickException(visible(str(exc))) from exc
        except click.ClickException as exc:
            exc.message = visible(exc.message)
            raise


@click.group(cls=QodexGroup, invoke_without_command=True,
             context_settings={"help_option_names": ["-h", "--help"]},
             epilog="Installed plugins and a trusted study's plugins/ may add commands: "
                    "see `qodex plugins`.")
@click.version_option(__version__, "-V", "--version", prog_name="qodex")
@click.option("--coder", envvar="QODEX_CODER", help="Who is coding (default: $QODEX_CODER or your login).")
@click.pass_context
def cli(ctx, coder):
    """qodex: qualitative data analysis in the terminal, in one open SQLite file.

    With no command, in a folder holding exactly one *.qodex file, opens it.
    """
    ctx.obj = {"coder": coder}
    if ctx.invoked_subcommand is None:
        if len(list(Path.cwd().glob("*.qodex"))) != 1:
            click.echo(ctx.get_help())
            ctx.exit(0)
        ctx.invoke(cli.get_command(ctx, "open"))


def study_folders(argv: list[str]) -> list[Path]:
    """Study folders whose commands to look for: those of project files named on the command
    line, and the current folder when it holds a project."""
    folders = [Path(a).resolve().parent for a in argv if a.endswith(".qodex") and Path(a).is_file()]
    if any(Path.cwd().glob("*.qodex")):
        folders.append(Path.cwd().resolve())
    return folders


def _add_study_commands(argv: list[str]) -> None:
    """Load the plugins of the trusted study folders `argv` points at, and add their commands."""
    from qodex.host import get_host

    host = get_host()
    before = set(host.origins)
    for folder in study_folders(argv):
        host.load_folder(folder / "plugins")
    host.call("register_commands", only=set(host.origins) - before, cli=cli)


def _no_such_command(name: str) -> None:
    """When study plugins were not loaded, say why a command is missing and how to trust them."""
    from qodex import trust
    from qodex.host import get_host

    untrusted = get_host().untrusted
    if untrusted:
        folder, problem = next(iter(untrusted.items()))
        raise click.UsageError(f"No such command {name!r}; the plugins of {folder} are not loaded "
                               f"(untrusted: {problem}): run `{trust.command(folder)}`")


def build_cli(argv: list[str]) -> click.Group:
    """The ``qodex`` group for `argv`: built-in commands and those of built-in plugins load when
    named, those of installed plugins and of a study when a name is not declared (see
    `QodexGroup.get_command`)."""
    cli.commands.clear()
    cli.argv, cli.studies_loaded, cli.installed_loaded = argv, False, False
    return cli


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``qodex`` console script."""
    argv = sys.argv[1:] if argv is None else argv
    build_cli(argv).main(args=argv, prog_name="qodex")
