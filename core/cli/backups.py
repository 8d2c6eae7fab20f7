"""``qodex backup``, ``qodex restore`` and ``qodex check``: keeping a project file safe."""

from __future__ import annotations

from pathlib import Path

import click

from qodex.cli.context import PROJECT, open_project
from qodex.cli.output import emit, output_options, plural, say


@click.command()
@PROJECT
@click.argument("dest", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--list", "listing", is_flag=True, help="List the automatic snapshots instead.")
@output_options
def backup(project: Path, dest: Path | None, listing: bool, fmt: str):
    """Copy PROJECT, safely while others use it, to DEST (default: a snapshot in .qodex-backups/).

    This is the way to copy a project. A plain `cp` of a project open elsewhere misses its latest
    work (it waits in the study.qodex-wal file beside it); `qodex check` on such a copy warns.
    DEST must not exist.
    """
    from qodex.project import backup as backups

    if listing:
        rows = [{"when": when.isoformat(timespec="seconds"), "file": str(file),
                 "bytes": file.stat().st_size} for when, file in backups.snapshots(project)]
        emit(rows, fmt, ["when", "file", "bytes"])
        return
    with open_project(project) as opened:
        made = backups.backup(opened, dest) if dest else backups.snapshot(opened, "manual")
    say(f"backed up {project} to {made}")


@click.command()
@PROJECT
@click.argument("snapshot", type=click.Path(dir_okay=False, path_type=Path))
def restore(project: Path, snapshot: Path):
    """Put SNAPSHOT's content back into PROJECT (its current state is snapshotted first)."""
    from qodex.project.backup import restore as restore_file

    saved = restore_file(project, snapshot)
    say(f"restored {project} from {snapshot}")
    if saved:
        say(f"the state it replaced is in {saved}", err=True)


@click.command()
@PROJECT
@click.option("--full", is_flag=True, help="Compare every index entry with its row (SQLite's "
              "integrity_check: minutes for millions of codings).")
@output_options
def check(project: Path, full: bool, fmt: str):
    """Check PROJECT: SQLite integrity, foreign keys, every span inside its source's text.

    The file is read in order, a few times (linear in its size); --full also compares each index
    entry with its row, byte for byte. Also warns when PROJECT looks like a plain copy of a project
    open elsewhere (see `qodex backup`).
    With --json or --csv, prints the problems found (none: an empty list) as rows.
    """
    from qodex.project import verified
    from qodex.project.backup import copied_while_open
    from qodex.project.check import Problem
    from qodex.project.check import check as check_project
    from qodex.project.opening import DamagedError

    if copied_while_open(project):
        click.echo(f"warning: {project} is in WAL mode with no {project.name}-wal beside it: if it is a "
                   "plain copy of a project open elsewhere, its latest work is missing "
                   "(copy projects with `qodex backup`)", err=True)
    verified.forget(project)  # so that opening runs the integrity check this command reports
    try:
        with open_project(project) as opened:
            problems = check_project(opened, full, opened_now=True)
            summary = opened.summary() if not problems else {}
    except DamagedError as exc:  # too damaged to open or to read through
        problems = [Problem("integrity", f"the file is damaged: {exc.detail}")]
    if fmt == "table":
        for problem in problems:
            say(str(problem))
    else:
        emit([p._asdict() for p in problems], fmt, ["check", "detail"])
    if problems:
        if problems[0].check == "integrity":
            click.echo(_restore_advice(project), err=True)
        raise click.ClickException(f"{len(problems)} problem(s) in {project}")
    say(f"ok: {project} is sound ({plural(summary['sources'], 'source')}, "
        f"{plural(summary['codings'], 'coding')})", err=fmt != "table")


def _restore_advice(project: Path) -> str:
    """Which snapshot to restore a damaged project from, and the command that does it."""
    from qodex.project.backup import folder_of, latest_sound

    found = latest_sound(project)
    if found is None:
        return f"no undamaged snapshot of {project} in {folder_of(project)}"
    return f"the latest undamaged snapshot is {found}; restore it with: qodex restore {project} {found}"


COMMANDS = (backup, restore, check)
