"""History: every coder's changes, newest first, refreshed when anyone writes; u undo, r redo."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header, Static

from qodex.project import history
from qodex.tui.screens.base import QodexScreen

SHOWN = 200


def _bind(key: str, action: str, description: str, tooltip: str) -> Binding:
    return Binding(key, action, description, id=f"history.{action}", tooltip=tooltip)


class HistoryScreen(QodexScreen):
    """The change log by step (one transaction each), with who made it."""

    BINDINGS = [
        _bind("u", "undo", "Undo", "Take back your latest change"),
        _bind("r", "redo", "Redo", "Put back the change you last undid"),
        _bind("escape", "back", "Back", "Back to the previous screen"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="coder")
        yield DataTable(id="history", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns("step", "when", "coder", "changes", "what")
        self.query_one(DataTable).focus()
        self.reload()

    def reload(self) -> None:
        table = self.query_one(DataTable)
        table.clear()
        for row in history.recent(self.project, SHOWN):
            table.add_row(str(row["batch"]), row["at"].replace("T", " ")[:19], row["coder"] or "",
                          str(row["changes"]), row["what"], key=str(row["batch"]))
        steps = history.stacks(self.project)
        self.query_one("#coder", Static).update(
            f"Coding as {self.project.coder_name}: {len(steps['undo'])} step(s) to undo,"
            f" {len(steps['redo'])} to redo")

    def _reverse(self, action) -> None:
        done = self.attempt(action, self.project)
        if done:
            self.notify(f"{action.__name__}: {done}")
            self.reload()

    def action_undo(self) -> None:
        self._reverse(history.undo)

    def action_redo(self) -> None:
        self._reverse(history.redo)

    def action_back(self) -> None:
        self.app.pop_screen()
