"""Every memo in the project, codings' memos too; Enter edits one, n writes a project memo."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import DataTable

from qodex.tui.screens.base import QodexScreen, bind, fill_table, one_line


class MemosScreen(QodexScreen):
    BINDINGS = [bind("memos", "n", "new", "New memo", "Write a project memo")]

    def body(self) -> ComposeResult:
        yield DataTable(id="memos", cursor_type="row", zebra_stripes=True)

    def reload(self) -> None:
        fill_table(self.query_one(DataTable), ["On", "About", "Title", "Memo"],
                   ((f"coding:{row['target_id']}" if row["id"] is None else str(row["id"]),
                     [row["target"], row["about"], row["title"], one_line(row["body"])])
                    for row in self.project.overview.memos()))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        key = event.row_key.value
        if key.startswith("coding:"):
            self.app.edit_memo("coding", int(key.removeprefix("coding:")))
            return
        memo = self.project.memos.get(int(key))
        self.app.edit_memo(memo.target, memo.target_id, memo.id)

    def action_new(self) -> None:
        self.app.edit_memo("project", None, new=True)
