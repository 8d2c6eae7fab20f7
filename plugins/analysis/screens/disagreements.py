"""Disagreements between coders: each stretch coded by some and not others; enter opens it in its
transcript for discussion."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import DataTable

from qodex.errors import QodexError
from qodex.plugins.analysis.agreement import Coding, disagreements
from qodex.tui import QodexScreen, bind, fill_table, one_line


class DisagreementsScreen(QodexScreen):
    BINDINGS = [bind("analysis.disagreements", "escape", "back", "Back")]

    def __init__(self):
        super().__init__()
        self.found: list[dict] = []

    def body(self) -> ComposeResult:
        yield DataTable(id="disagreements", cursor_type="row", zebra_stripes=True)

    def reload(self) -> None:
        try:
            self.found = disagreements(Coding(self.project))
        except QodexError as exc:
            self.notify(str(exc), severity="warning")
            self.found = []
        fill_table(self.query_one(DataTable), ["source", "code", "coded by", "text"],
                   ((None, [item["source"], item["code"], item["coded_by"],
                            one_line(item["text"], 60)]) for item in self.found))
        self.sub_title = f"{len(self.found)} disagreements"

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        item = self.found[event.cursor_row]
        self.app.open_source(item["source_id"], item["start"], item["end"])
