"""The matrix screen: codes against cases, sources or an attribute's values; b changes the columns,
m the measure (supporting codings, cases, characters, counter-instances, cases with counter-instances
only), enter opens the passages behind the highlighted number."""

from __future__ import annotations

from functools import partial

from textual.app import ComposeResult
from textual.widgets import DataTable

from qodex.plugins.analysis.matrix import MEASURES, cell_passages, matrix
from qodex.tui import QodexScreen, bind, fill_table

_bind = partial(bind, "analysis.matrix")


class MatrixScreen(QodexScreen):
    BINDINGS = [_bind("b", "by", "Columns"), _bind("m", "measure", "Measure"),
                _bind("escape", "back", "Back")]

    def __init__(self):
        super().__init__()
        self.by, self.measure, self.found = "case", "codings", None

    def body(self) -> ComposeResult:
        yield DataTable(id="matrix", cursor_type="cell", zebra_stripes=True)

    def choices(self) -> list[str]:
        return ["case", "source", *(a.name for a in self.project.attributes.list())]

    def reload(self) -> None:
        by = self.by
        self.load("matrix", lambda reader: matrix(reader, by, aggregate=True), self._show)

    def _show(self, found) -> None:
        self.found = found
        fill_table(self.query_one(DataTable), ["code", *self.found.columns],
                   ((None, row.values()) for row in self.found.wide(self.measure)))
        self.sub_title = f"{self.measure} by {self.by} (a code counts the codes below it)"

    def action_by(self) -> None:
        choices = self.choices()
        self.by = choices[(choices.index(self.by) + 1) % len(choices)] if self.by in choices else "case"
        self.reload()

    def action_measure(self) -> None:
        self.measure = MEASURES[(MEASURES.index(self.measure) + 1) % len(MEASURES)]
        self.reload()

    def on_data_table_cell_selected(self, event: DataTable.CellSelected) -> None:
        row, column = event.coordinate.row, event.coordinate.column
        if column == 0:
            return
        from qodex.plugins.analysis.screens.passages import PassagesScreen

        code, heading = self.found.rows[row], self.found.columns[column - 1]
        which = "counter" if self.measure.startswith("counter") else "support"
        found = cell_passages(self.project, self.by, code, heading, aggregate=True, instances=which)
        self.app.push_screen(PassagesScreen(f"{code} × {heading}", found))
