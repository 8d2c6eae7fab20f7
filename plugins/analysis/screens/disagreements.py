"""Disagreements between coders: each stretch coded by some and not others; enter opens it in its
transcript for discussion."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header

from qodex.errors import QodexError
from qodex.plugins.analysis.agreement import Coding, disagreements
from qodex.tui.screens.base import QodexScreen


class DisagreementsScreen(QodexScreen):
    BINDINGS = [Binding("escape", "app.pop_screen", "Back", id="analysis.disagreements.back")]

    def __init__(self):
        super().__init__()
        self.found: list[dict] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(id="disagreements", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("source", "code", "coded by", "text")
        table.focus()
        self.reload()

    def reload(self) -> None:
        try:
            self.found = disagreements(Coding(self.project))
        except QodexError as exc:
            self.notify(str(exc), severity="warning")
            self.found = []
        table = self.query_one(DataTable)
        table.clear()
        for item in self.found:
            table.add_row(item["source"], item["code"], item["coded_by"],
                          " ".join(item["text"].split())[:60])
        self.sub_title = f"{len(self.found)} disagreements"

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        item = self.found[event.cursor_row]
        self.app.open_source(item["source_id"], item["start"], item["end"])
