"""History: every coder's changes, newest first, refreshed when anyone writes; u undo, r redo
(ctrl+z and ctrl+y do the same on any screen)."""

from __future__ import annotations

from functools import partial

from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from qodex.project import history
from qodex.tui import QodexScreen, bind, fill_table, plain

SHOWN = 200
_bind = partial(bind, "history")


class HistoryScreen(QodexScreen):
    """The change log by step (one transaction each), with who made it."""

    BINDINGS = [
        _bind("u", "app.undo", "Undo", "Take back your latest change"),
        _bind("r", "app.redo", "Redo", "Put back the change you last undid"),
        _bind("escape", "back", "Back", "Back to the previous screen"),
    ]

    def body(self) -> ComposeResult:
        yield Static(id="coder")
        yield DataTable(id="history", cursor_type="row", zebra_stripes=True)

    def reload(self) -> None:
        fill_table(self.query_one(DataTable), ["step", "when", "coder", "changes", "what"],
                   ((str(row["batch"]), [row["batch"], row["at"].replace("T", " ")[:19],
                                         row["coder"], row["changes"], row["what"]])
                    for row in history.recent(self.project, SHOWN)))
        steps = history.stacks(self.project)
        self.query_one("#coder", Static).update(plain(
            f"Coding as {self.project.coder_name}: {len(steps['undo'])} step(s) to undo,"
            f" {len(steps['redo'])} to redo"))
