"""Themes across cases: the prevalence table, one column per case; enter traces the theme down to
its passages, b opens the board of the case in the cursor's column."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import DataTable

from qodex.plugins.ipa import crosscase
from qodex.plugins.ipa.terms import rule, term
from qodex.tui import QodexScreen, bind, fill_table


class OverviewScreen(QodexScreen):
    BINDINGS = [bind("ipa.overview", "b", "board", "Case board"),
                bind("ipa.overview", "escape", "back", "Back")]

    def body(self) -> ComposeResult:
        yield DataTable(id="ipa-overview", cursor_type="cell", zebra_stripes=True)

    def reload(self) -> None:
        self.sub_title = f"{term(self.project, 'group')}s (recur in {rule(self.project):.0%} of cases)"
        rows = crosscase.prevalence(self.project) if len(self.project.cases) else []
        fill_table(self.query_one(DataTable), list(rows[0])[1:] if rows else [],
                   ((str(row["id"]), list(row.values())[1:]) for row in rows))

    def on_data_table_cell_selected(self, event: DataTable.CellSelected) -> None:
        from qodex.plugins.ipa.trace import TraceScreen

        self.app.push_screen(TraceScreen(theme_id=int(event.cell_key.row_key.value)))

    def action_board(self) -> None:
        from qodex.plugins.ipa.board import BoardScreen

        table = self.query_one(DataTable)
        column = table.ordered_columns[table.cursor_column].key.value if table.columns else None
        case = self.project.cases.find(column) if column else None
        if case is None:
            self.notify("Move to a case's column first", severity="warning")
            return
        self.app.push_screen(BoardScreen(case.id))
