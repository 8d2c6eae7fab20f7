"""Cases and their attributes as a table; Enter on a cell edits that value."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import DataTable

from qodex.tui.screens.base import QodexScreen, bind, fill_table
from qodex.tui.screens.prompt import Prompt

FIXED = ("Case", "Sources")


class CasesScreen(QodexScreen):
    BINDINGS = [bind("cases", "m", "memo", "Memo", "Memo on the case")]

    def body(self) -> ComposeResult:
        yield DataTable(id="cases", cursor_type="cell", zebra_stripes=True)

    def reload(self) -> None:
        names = self.project.overview.attribute_names()
        fill_table(self.query_one(DataTable), [*FIXED, *names],
                   ((row["name"], [row["name"], row["sources"],
                                   *(row["values"].get(n) for n in names)])
                    for row in self.project.overview.cases()))

    def _cell(self) -> tuple[str, str] | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate)
        return key.row_key.value, key.column_key.value

    def on_data_table_cell_selected(self) -> None:
        case, attribute = self._cell() or (None, None)
        if attribute in (None, *FIXED):
            self.notify("Choose an attribute cell to edit", severity="warning")
            return
        value = self.project.cases.values(case).get(attribute)
        self.app.push_screen(
            Prompt(f"{attribute} of {case}", "" if value is None else str(value)),
            lambda answer: answer is not None and self._set(case, attribute, answer))

    def _set(self, case: str, attribute: str, value: str) -> None:
        if self.attempt(self.project.cases.set_values, case, {attribute: value}):
            self.reload()

    def action_memo(self) -> None:
        if cell := self._cell():
            self.app.edit_memo("case", self.project.cases.get(cell[0]).id)
