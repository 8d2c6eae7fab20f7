"""Every memo in the project; Enter edits one, n writes a project memo."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header

from qodex.tui import queries
from qodex.tui.screens.base import QodexScreen


class MemosScreen(QodexScreen):
    BINDINGS = [Binding("n", "new", "New memo", id="memos.new", tooltip="Write a project memo")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(id="memos", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()
        self.reload()

    def reload(self) -> None:
        table = self.query_one(DataTable)
        table.clear(columns=True)
        table.add_columns("On", "About", "Title", "Memo")
        for row in queries.memos_overview(self.project):
            table.add_row(row["target"], row["about"] or "", row["title"] or "",
                          " ".join(row["body"].split()), key=str(row["id"]))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        memo = self.project.memos.get(int(event.row_key.value))
        self.app.edit_memo(memo.target, memo.target_id, memo.id)

    def action_new(self) -> None:
        self.app.edit_memo("project", None, new=True)
