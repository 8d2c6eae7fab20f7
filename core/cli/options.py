"""The arguments and options commands share, each with one meaning in every command.

- PROJECT is the first argument of every command that works on a project.
- ``-o/--output FILE`` is always a file to write, ``--force`` replaces it if it exists (never the
  project or its snapshots: see `qodex.destination`).
- ``-O/--option NAME=VALUE`` sets an importer, exporter, strategy or report option.
- ``--by-coder NAME`` keeps only a coder's codings or changes; ``--coder`` before the command
  says who writes.
- ``--where ATTRIBUTE=VALUE`` keeps only the sources of cases with that attribute value; every
  ``ATTRIBUTE=VALUE`` a command takes is read by `attribute_pairs`, refused with one wording.
- ``--span START:END`` points at characters (`qodex.text.parse_span`).
- ``--json`` and ``--csv`` on every listing (`output_options`, with `qodex.cli.output.emit`).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import click

from qodex.cli.output import output_options

__all__ = ["BY_CODER", "FORCE", "OUTPUT", "PROJECT", "SPAN", "WHERE", "BadValue", "attribute_filter",
           "attribute_pairs", "output_file", "output_options", "plugin_options"]

PROJECT = click.argument("project", type=click.Path(dir_okay=False, path_type=Path))
OUTPUT = click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
                      help="Write to this file instead of the terminal.")
FORCE = click.option("--force", is_flag=True, help="Replace the file written if it exists "
                     "(never a folder, the project or its snapshots).")
BY_CODER = click.option("--by-coder", "coders", multiple=True, metavar="NAME",
                        help="Only this coder's codings (repeatable).")
SPAN = click.option("--span", metavar="START:END", help="Characters START:END (end excluded).")


class BadValue(click.ClickException):
    """A value given on the command line that does not have the form asked: one line on stderr,
    exit status 2 (as click's usage errors)."""

    exit_code = 2


def attribute_pairs(items: Iterable[str], flag: str = "") -> list[tuple[str, str]]:
    """``ATTRIBUTE=VALUE`` items as (attribute, value) pairs, both stripped of white space.

    An item without ``=`` or an attribute is refused in one line naming it as typed (after `flag`,
    the option it came with): ``--where 'sex': expected ATTRIBUTE=VALUE``.
    """
    pairs = []
    for item in items:
        name, equals, value = item.partition("=")
        if not equals or not name.strip():
            raise BadValue(f"{flag} {item!r}: expected ATTRIBUTE=VALUE".lstrip())
        pairs.append((name.strip(), value.strip()))
    return pairs


def attribute_filter(ctx, param, items: tuple[str, ...]) -> dict[str, set[str]]:
    """Click callback of ``--where``: ``("practice=1", "sex=f", "practice=2")`` ->
    ``{"practice": {"1", "2"}, "sex": {"f"}}`` (a case matches one of an attribute's values)."""
    wanted: dict[str, set[str]] = {}
    for name, value in attribute_pairs(items, param.opts[0]):
        wanted.setdefault(name, set()).add(value)
    return wanted


WHERE = click.option("--where", multiple=True, metavar="ATTRIBUTE=VALUE", callback=attribute_filter,
                     help="Only sources of cases with this attribute value (repeatable).")


def output_file(fn):
    """Add ``-o/--output FILE`` and ``--force``, passed on as `output` and `force`."""
    return OUTPUT(FORCE(fn))


def plugin_options(kind: str):
    """``-O/--option NAME=VALUE`` (repeatable), passed on as `options`, for an importer, exporter,
    strategy or report: `kind` names which in the help."""
    return click.option("-O", "--option", "options", multiple=True, metavar="NAME=VALUE",
                        help=f"A{'n' if kind[0] in 'aeiou' else ''} {kind} option (repeatable).")
