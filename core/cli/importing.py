"""``qodex import``: files and folders in, through the importer plugins."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from qodex.cli.context import open_project
from qodex.cli.options import PROJECT, plugin_options
from qodex.cli.output import say
from qodex.errors import QodexError


@click.command(name="import")
@PROJECT
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", help="Importer to use (default: chosen by file extension).")
@plugin_options("importer")
@click.option("--keep-going", is_flag=True,
              help="Import each file alone, so one bad file does not stop the rest.")
def import_(project: Path, paths: tuple[Path, ...], fmt, options, keep_going):
    """Import files or whole folders into PROJECT (created if missing).

    Without --keep-going the import is all or nothing: one refused file and the project stays
    exactly as it was.
    """
    from qodex.host import get_host
    from qodex.importing import expand, import_files

    registry = get_host().registry
    files, passed = expand(paths, registry, fmt)
    for outcome in passed:
        say(f"passed over {outcome.path}: {outcome.detail}", err=True)
    new = not project.exists()
    try:
        with open_project(project, create=True) as opened, click.progressbar(
                length=len(files), label="reading", file=sys.stderr,
                hidden=not sys.stderr.isatty()) as bar:
            outcomes = import_files(opened, files, registry, fmt, options, keep_going,
                                    progress=lambda path: bar.update(1))
    except BaseException as exc:
        if new:  # leave no empty project behind a failed first import
            for leftover in (project, Path(f"{project}-wal"), Path(f"{project}-shm")):
                leftover.unlink(missing_ok=True)
        if isinstance(exc, MemoryError):  # the last resort: importers refuse what is too large
            raise QodexError(f"{project.name}: ran out of memory while importing; nothing was "
                             "imported") from None
        raise
    for outcome in outcomes:
        stream_err = outcome.status == "refused"
        say(f"{outcome.status} {outcome.path}: {outcome.detail}", err=stream_err)
    counts = {s: sum(o.status == s for o in outcomes) for s in ("imported", "skipped", "refused")}
    say(", ".join(f"{n} {s}" for s, n in counts.items()), err=True)
    if counts["refused"]:
        raise SystemExit(1)


COMMANDS = (import_,)
