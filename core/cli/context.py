"""What commands share: opening the project named on the command line."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from qodex.cli.options import FORCE, OUTPUT, PROJECT  # noqa: F401 - where plugins once found them
from qodex.cli.output import say


@contextmanager
def open_project(path: Path, create: bool = False) -> Iterator:
    """Open (or with `create`, create if missing) the project, as the coder given to ``qodex``.

    Use it in a ``with`` block: the project is closed at its end, damage SQLite finds in the file
    is one line naming it, and a project opened read-only gets a note once the command worked.
    """
    import sqlite3

    from qodex.host import get_host
    from qodex.project import Project, opening

    coder = (click.get_current_context().find_root().obj or {}).get("coder")
    try:
        if create and not path.exists():
            say(f"created {path}", err=True)
            project = Project.create(path, coder=coder, host=get_host())
        else:
            project = Project.open(path, coder=coder, host=get_host())
        with project:
            yield project
    except sqlite3.DatabaseError as exc:
        if opening.is_damage(exc):
            raise opening.DamagedError(path, str(exc)) from exc
        raise
    if project.read_only:
        say(f"note: {path} is read-only ({project.read_only}); opened for reading only", err=True)
