"""Cases and their attributes as a table; Enter on a cell edits that value."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header

from qodex.tui.screens.base import QodexScreen
from qodex.tui.screens.prompt import Prompt


class CasesScreen(QodexScreen):
    BINDINGS = [Binding("m", "memo", "Memo", id="cases.memo", tooltip="Memo on the case")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(id="cases", cursor_type="cell", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()
        self.reload()

    def reload(self) -> None:
        table = self.query_one(DataTable)
        keep = table.cursor_coordinate
        rows = self.project.cases.overview()
        table.clear(columns=True)
        names = [a.name for a in self.project.attributes.list()]
        table.add_column("Case", key="case")
        table.add_column("Sources", key="sources")
        for name in names:
            table.add_column(name, key=name)
        for row in rows:
            table.add_row(*("" if row[k] is None else str(row[k]) for k in
                            ["case", "sources", *names]), key=row["case"])
        if table.row_count:
            table.cursor_coordinate = table.validate_cursor_coordinate(keep)

    def _cell(self) -> tuple[str, str] | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate)
        return key.row_key.value, key.column_key.value

    def on_data_table_cell_selected(self) -> None:
        case, attribute = self._cell() or (None, None)
        if attribute in (None, "case", "sources"):
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
