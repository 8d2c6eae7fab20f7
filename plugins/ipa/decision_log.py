"""The decision log on screen: each analytic step with its date, analyst, theme and reason (of one
theme, or all); w gives the step at the cursor a reason when it has none."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from qodex.plugins.ipa import decisions
from qodex.plugins.ipa.asking import Ask, Asking
from qodex.tui import QodexScreen, bind, fill_table, plain

COLUMNS = ("date", "analyst", "action", "theme", "reason", "detail")


class DecisionLogScreen(Asking, QodexScreen):
    BINDINGS = [bind("ipa.log", "w", "why", "Reason", "Say why, for a step without a reason"),
                bind("ipa.log", "escape", "back", "Back")]

    def __init__(self, theme_id: int | None = None):
        super().__init__()
        self.theme_id, self.rows = theme_id, []

    DEFAULT_CSS = """
    DecisionLogScreen { layers: default ask; }
    #ipa-step { height: auto; max-height: 5; padding: 0 1; background: $panel; }
    """

    def body(self) -> ComposeResult:
        yield DataTable(id="ipa-log", cursor_type="row", zebra_stripes=True)
        yield Static(id="ipa-step")
        yield Ask()

    def on_data_table_row_highlighted(self) -> None:
        table = self.query_one(DataTable)
        step = self.rows[table.cursor_row] if self.rows else None
        self.query_one("#ipa-step", Static).update(plain(decisions.line(step) if step else ""))

    def reload(self) -> None:
        self.rows = decisions.listing(self.project, self.theme_id, ids=True)
        self.sub_title = "Decision log" if self.rows else \
            "Decision log: empty until themes are made (g on the IPA board)"
        fill_table(self.query_one(DataTable), COLUMNS,
                   ((str(r["id"]), [r["at"][:10], *(r[c] for c in COLUMNS[1:])]) for r in self.rows))
        self.query_one(DataTable).move_cursor(row=len(self.rows) - 1)

    def action_why(self) -> None:
        table = self.query_one(DataTable)
        if not self.rows:
            return
        row = self.rows[table.cursor_row]
        if row["reason"]:
            self.notify("That step has its reason; the log keeps it as given", severity="warning")
            return
        self.ask(f"Why: {decisions.line(row)}", lambda reason: reason and self._why(row["id"], reason))

    def _why(self, decision_id: int, reason: str) -> None:
        if self.attempt(decisions.explain, self.project, decision_id, reason):
            self.reload()
