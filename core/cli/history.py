"""``qodex undo``, ``qodex redo`` and ``qodex history``: the change log, per coder."""

from __future__ import annotations

from pathlib import Path

import click

from qodex.cli.context import open_project
from qodex.cli.options import BY_CODER, PROJECT
from qodex.cli.output import emit, output_options, say

FORCE = click.option("--force", is_flag=True,
                     help="Also delete what other coders added or changed since (after a snapshot).")


@click.command()
@PROJECT
@FORCE
def undo(project: Path, force: bool):
    """Take back your latest change to PROJECT (an import, a merge, a coding...).

    Refuses, writing nothing, when that would delete other coders' later work (say, their codings
    with a code you added), unless --force.
    """
    from qodex.project.history import undo as undo_latest

    with open_project(project) as opened:
        say(f"undone: {undo_latest(opened, force)}")


@click.command()
@PROJECT
@FORCE
def redo(project: Path, force: bool):
    """Put back the change you last undid in PROJECT (refusing as undo does, unless --force)."""
    from qodex.project.history import redo as redo_latest

    with open_project(project) as opened:
        say(f"redone: {redo_latest(opened, force)}")


@click.command()
@PROJECT
@BY_CODER
@click.option("--limit", default=20, show_default=True, help="How many changes to show.")
@output_options
def history(project: Path, coders: tuple[str, ...], limit: int, fmt: str):
    """Who changed what in PROJECT, newest first (one row per undoable step)."""
    from qodex.project.history import recent

    with open_project(project) as opened:
        rows = [row for coder in coders or [None] for row in recent(opened, limit, coder)]
    rows = sorted(rows, key=lambda row: row["batch"], reverse=True)[:limit]
    emit(rows, fmt, ["batch", "at", "coder", "changes", "what"])


COMMANDS = (undo, redo, history)
