"""``qodex export`` and ``qodex convert``: a project, or a file from another program, out to open formats."""

from __future__ import annotations

from pathlib import Path

import click

from qodex.cli.context import open_project
from qodex.cli.options import FORCE, PROJECT, plugin_options
from qodex.cli.output import plural, say

FORMAT = click.option("--format", "fmt", help="Exporter to use (default: by OUT's extension; "
                      "none means a folder).")
OUT = click.argument("out", type=click.Path(path_type=Path))


def _warn(warnings: list[str]) -> None:
    for warning in warnings:
        say(f"warning: {warning}", err=True)


@click.command(name="export")
@PROJECT
@OUT
@FORMAT
@plugin_options("exporter")
@FORCE
def export_(project: Path, out: Path, fmt, options, force):
    """Write PROJECT to OUT: .qdpx or .qdc (REFI-QDA), .json, or a folder of open files.

    A folder export writes a new folder; --force replaces only a file, never a folder, the project
    or its snapshots.
    """
    from qodex.destination import check
    from qodex.exporting import export_project
    from qodex.host import get_host

    check(out, force, [project])  # before opening: a refused export touches nothing
    with open_project(project) as opened:
        _warn(export_project(opened, out, get_host().registry, fmt, options, force))
    say(f"exported {project} to {out}")


@click.command()
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@OUT
@FORMAT
@plugin_options("exporter")
@click.option("-i", "--import-option", "import_options", multiple=True, metavar="NAME=VALUE",
              help="An importer option (repeatable), e.g. positions=utf16.")
@FORCE
def convert(source: Path, out: Path, fmt, options, import_options, force):
    """Convert SOURCE (e.g. an NVivo .qdpx) to OUT without creating a project first.

    OUT is a .qodex project, a .qdpx/.qdc/.json file, or a folder of UTF-8 texts, CSV tables,
    Markdown memos, a .qdc codebook and manifest.json. What could not be carried is listed.
    """
    from qodex.exporting import convert as run
    from qodex.host import get_host

    result = run(source, out, get_host().registry, fmt, import_options, options, force,
                 progress=lambda stage: say(f"{stage}…", err=True))
    say(f"imported {source}: {result.imported}")
    for note in result.notes:
        say(f"  {note}")
    _warn(result.warnings)
    counts = ", ".join(plural(result.counts[k + "s"], k)
                       for k in ("source", "code", "coding", "case", "memo"))
    say(f"wrote {out}: {counts}")


COMMANDS = (export_, convert)
