"""The ``qodex`` command: one group, a command per verb, plugins adding their own.

Heavy modules (the project API, importers, the TUI) load inside commands, so ``--help`` is fast.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from qodex import __version__
from qodex.errors import QodexError
from qodex.escape import visible


class QodexGroup(click.Group):
    """Turns a `QodexError` into one line on stderr and a non-zero exit; an error's control
    characters (from a file or code name) are shown escaped."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except QodexError as exc:
            raise click.ClickException(visible(str(exc))) from exc
        except click.ClickException as exc:
            exc.message = visible(exc.message)
            raise


@click.group(cls=QodexGroup, invoke_without_command=True,
             context_settings={"help_option_names": ["-h", "--help"]})
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
        ctx.invoke(cli.commands["open"])


def _add_builtin_commands() -> None:
    from qodex.cli import (
        backups,
        coding,
        editing,
        exporting,
        history,
        importing,
        listing,
        merging,
        plugins,
        project,
        reporting,
        scaffold,
        suggesting,
    )

    for module in (project, importing, exporting, listing, coding, plugins, reporting, suggesting,
                   history, backups, merging, editing, scaffold):
        for command in module.COMMANDS:
            cli.add_command(command)


def _study_folders(argv: list[str]) -> list[Path]:
    """Study folders whose plugins/ to load: those of project files named on the command line,
    and the current folder when it holds a project."""
    folders = [Path(a).resolve().parent for a in argv if a.endswith(".qodex") and Path(a).is_file()]
    if any(Path.cwd().glob("*.qodex")):
        folders.append(Path.cwd())
    return folders


def _add_plugin_commands(argv: list[str]) -> None:
    from qodex.host import get_host

    host = get_host()
    for folder in _study_folders(argv):
        host.load_folder(folder / "plugins")
    host.call("register_commands", cli=cli)


def build_cli(argv: list[str]) -> click.Group:
    """The ``qodex`` group with built-in commands and those of the plugins `argv` brings in."""
    _add_builtin_commands()
    _add_plugin_commands(argv)
    return cli


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``qodex`` console script."""
    argv = sys.argv[1:] if argv is None else argv
    build_cli(argv).main(args=argv, prog_name="qodex")
