"""The arguments and options commands share, each with one meaning in every command.

- PROJECT is the first argument of every command that works on a project.
- ``-o/--output FILE`` is always a file to write, ``--force`` replaces it if it exists (never the
  project or its snapshots: see `qodex.destination`).
- ``-O/--option NAME=VALUE`` sets an importer, exporter, strategy or report option.
- ``--by-coder NAME`` keeps only a coder's codings or changes; ``--coder`` before the command
  says who writes.
- ``--where ATTRIBUTE=VALUE`` keeps only the sources of cases with that attribute value.
- ``--span START:END`` points at characters (`qodex.text.parse_span`).
- ``--json`` and ``--csv`` on every listing (`output_options`, with `qodex.cli.output.emit`).
"""

from __future__ import annotations

from pathlib import Path

import click

from qodex.cli.output import output_options

__all__ = ["BY_CODER", "FORCE", "OUTPUT", "PROJECT", "SPAN", "WHERE", "output_file", "output_options",
           "plugin_options"]

PROJECT = click.argument("project", type=click.Path(dir_okay=False, path_type=Path))
OUTPUT = click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
                      help="Write to this file instead of the terminal.")
FORCE = click.option("--force", is_flag=True, help="Replace the file written if it exists "
                     "(never a folder, the project or its snapshots).")
BY_CODER = click.option("--by-coder", "coders", multiple=True, metavar="NAME",
                        help="Only this coder's codings (repeatable).")
SPAN = click.option("--span", metavar="START:END", help="Characters START:END (end excluded).")


def _attribute_values(ctx, param, values: tuple[str, ...]) -> tuple[str, ...]:
    for value in values:
        if "=" not in value:
            raise click.BadParameter(f"{value!r} is not ATTRIBUTE=VALUE", ctx, param)
    return values


WHERE = click.option("--where", multiple=True, metavar="ATTRIBUTE=VALUE", callback=_attribute_values,
                     help="Only sources of cases with this attribute value (repeatable).")


def output_file(fn):
    """Add ``-o/--output FILE`` and ``--force``, passed on as `output` and `force`."""
    return OUTPUT(FORCE(fn))


def plugin_options(kind: str):
    """``-O/--option NAME=VALUE`` (repeatable), passed on as `options`, for an importer, exporter,
    strategy or report: `kind` names which in the help."""
    return click.option("-O", "--option", "options", multiple=True, metavar="NAME=VALUE",
                        help=f"A{'n' if kind[0] in 'aeiou' else ''} {kind} option (repeatable).")
