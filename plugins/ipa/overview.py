"""Themes across cases: the prevalence table, one column per case; enter traces the theme down to
its passages, b opens the board of the case in the cursor's column."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header

from qodex.plugins.ipa import crosscase
from qodex.plugins.ipa.terms import rule, term
from qodex.tui.screens.base import QodexScreen


class OverviewScreen(QodexScreen):
    BINDINGS = [Binding("b", "board", "Case board", id="ipa.overview.board"),
                Binding("escape", "back", "Back", id="ipa.overview.back")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(id="ipa-overview", cursor_type="cell", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()
        self.reload()

    def reload(self) -> None:
        self.sub_title = f"{term(self.project, 'group')}s (recur in {rule(self.project):.0%} of cases)"
        table = self.query_one(DataTable)
        table.clear(columns=True)
        rows = crosscase.prevalence(self.project) if len(self.project.cases) else []
        for name in list(rows[0])[1:] if rows else []:
            table.add_column(name, key=name)
        for row in rows:
            table.add_row(*list(row.values())[1:], key=str(row["id"]))

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

    def action_back(self) -> None:
        self.dismiss()
