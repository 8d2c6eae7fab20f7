"""``qodex merge``: bring another coder's copy (a .qodex file, or any file an importer reads) in."""

from __future__ import annotations

import tempfile
from pathlib import Path

import click

from qodex.cli.context import PROJECT, open_project
from qodex.cli.output import say


@click.command()
@PROJECT
@click.argument("other", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Show what the merge would do, and change nothing.")
def merge(project: Path, other: Path, dry_run: bool):
    """Merge OTHER (another copy of the project, or e.g. a .qdpx) into PROJECT, losing nothing.

    A snapshot of PROJECT is taken first; `qodex undo` takes the merge back.
    """
    from qodex.project import Project
    from qodex.project.merge import merge as merge_projects

    with open_project(project) as opened, tempfile.TemporaryDirectory() as folder:
        theirs = Project.open(other) if other.suffix == ".qodex" else _imported(other, Path(folder))
        with theirs:
            report = merge_projects(opened, theirs, dry_run)
    for conflict in report.conflicts:
        say(f"conflict: {conflict}")
    say(("would merge: " if dry_run else "merged: ") + report.describe())


def _imported(path: Path, folder: Path):
    """A temporary project holding what an importer reads from `path`."""
    from qodex.host import get_host
    from qodex.importing import import_files
    from qodex.project import Project

    copy = Project.create(folder / f"{path.stem}.qodex", coder="import", host=get_host())
    import_files(copy, [path], get_host().registry, hooks=False)  # a merge carries memos, not plugins' tables
    return copy


COMMANDS = (merge,)
