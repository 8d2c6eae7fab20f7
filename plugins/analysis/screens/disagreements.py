"""Disagreements between coders: each stretch coded by some and not others; c picks the coders to
compare, enter opens a stretch in its transcript for discussion. An empty list says why."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from qodex.errors import QodexError
from qodex.plugins.analysis.agreement import Coding, disagreements
from qodex.tui import Prompt, QodexScreen, bind, fill_table, one_line, plain


class DisagreementsScreen(QodexScreen):
    BINDINGS = [bind("analysis.disagreements", "c", "coders", "Coders",
                     "Choose the coders to compare (default: everyone who coded)"),
                bind("analysis.disagreements", "escape", "back", "Back")]

    def __init__(self):
        super().__init__()
        self.found: list[dict] = []
        self.coders: list[str] = []

    def body(self) -> ComposeResult:
        yield Static(id="why")
        yield DataTable(id="disagreements", cursor_type="row", zebra_stripes=True)

    def reload(self) -> None:
        why = ""
        try:
            data = Coding(self.project, self.coders)
            self.found = disagreements(data)
            if not self.found:
                why = _why_none(data)
        except QodexError as exc:
            self.found, why = [], f"Nothing to compare: {str(exc).split(': ', 1)[-1]}."
        fill_table(self.query_one(DataTable), ["source", "code", "coded by", "text"],
                   ((None, [item["source"], item["code"], item["coded_by"],
                            one_line(item["text"], 60)]) for item in self.found))
        self.query_one("#why", Static).update(plain(why))
        self.query_one("#why", Static).display = bool(why)
        who = ", ".join(self.coders) or "all coders"
        self.sub_title = f"{len(self.found)} disagreements ({who}; c: choose coders)"

    def action_coders(self) -> None:
        names = ", ".join(c.name for c in self.project.coders)
        self.app.push_screen(Prompt(f"Coders to compare, by commas (of {names}; empty: all)",
                                    ", ".join(self.coders)), self._choose)

    def _choose(self, answer: str | None) -> None:
        if answer is not None:
            self.coders = [name.strip() for name in answer.split(",") if name.strip()]
            self.reload()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        item = self.found[event.cursor_row]
        self.app.open_source(item["source_id"], item["start"], item["end"])


def _why_none(data: Coding) -> str:
    """Why coders who coded show no disagreement: no source in common, or full agreement."""
    who = ", ".join(data.coders)
    if not data.source_ids:
        return f"No disagreements to show: {who} coded no source in common."
    return (f"No disagreements: {who} agree on every code in the {len(data.source_ids)}"
            " source(s) two or more of them coded.")
