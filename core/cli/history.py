"""``qodex undo``, ``qodex redo`` and ``qodex history``: the change log, per coder."""

from __future__ import annotations

from pathlib import Path

import click

from qodex.cli.context import PROJECT, open_project
from qodex.cli.output import emit, output_options, say


@click.command()
@PROJECT
def undo(project: Path):
    """Take back your latest change to PROJECT (an import, a merge, a coding...)."""
    from qodex.project.history import undo as undo_latest

    with open_project(project) as opened:
        say(f"undone: {undo_latest(opened)}")


@click.command()
@PROJECT
def redo(project: Path):
    """Put back the change you last undid in PROJECT."""
    from qodex.project.history import redo as redo_latest

    with open_project(project) as opened:
        say(f"redone: {redo_latest(opened)}")


@click.command()
@PROJECT
@click.option("--coder", "coder_name", help="Only this coder's changes.")
@click.option("--limit", default=20, show_default=True, help="How many changes to show.")
@output_options
def history(project: Path, coder_name, limit: int, fmt: str):
    """Who changed what in PROJECT, newest first (one row per undoable step)."""
    from qodex.project.history import recent

    with open_project(project) as opened:
        rows = recent(opened, limit, coder_name)
    emit(rows, fmt, ["batch", "at", "coder", "changes", "what"])


COMMANDS = (undo, redo, history)
