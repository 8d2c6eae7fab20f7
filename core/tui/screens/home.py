"""Home: the sources, with case, key attributes, length and coding count; filter and open."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header, Input

from qodex.tui import queries
from qodex.tui.screens.base import QodexScreen

KEY_ATTRIBUTES = 2


def matches(row: dict[str, Any], query: str) -> bool:
    """Every word of `query` matches: ``name=value`` an attribute, other words any cell."""
    values = {k.lower(): str(v).lower() for k, v in row["values"].items()}
    cells = " ".join([row["name"], row["cases"] or "", *values.values()]).lower()
    for word in query.lower().split():
        name, sep, value = word.partition("=")
        if sep and values.get(name) != value:
            return False
        if not sep and word not in cells:
            return False
    return True


class SourcesScreen(QodexScreen):
    """The study's sources; Enter opens one for coding."""

    BINDINGS = [
        Binding("f", "focus_filter", "Filter", id="sources.filter"),
        Binding("m", "memo", "Memo", id="sources.memo", tooltip="Memo on the source"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder="filter: words, or attribute=value", id="filter")
        yield DataTable(id="sources", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()
        self.reload()

    def reload(self) -> None:
        table = self.query_one(DataTable)
        keep = table.cursor_row
        attributes = queries.case_attributes(self.project)[:KEY_ATTRIBUTES]
        table.clear(columns=True)
        table.add_columns("Source", "Case", *attributes, "Chars", "Codings")
        query = self.query_one(Input).value
        for row in queries.sources_overview(self.project):
            if matches(row, query):
                table.add_row(row["name"], row["cases"] or "",
                              *(str(row["values"].get(a, "")) for a in attributes),
                              f"{row['length']:,}", str(row["codings"]), key=str(row["id"]))
        table.move_cursor(row=min(keep, max(0, table.row_count - 1)))

    def on_input_changed(self) -> None:
        self.reload()

    def on_input_submitted(self) -> None:
        self.query_one(DataTable).focus()

    def action_focus_filter(self) -> None:
        self.query_one(Input).focus()

    def _source_id(self) -> int | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        return int(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.app.open_source(int(event.row_key.value))

    def action_memo(self) -> None:
        source_id = self._source_id()
        if source_id is not None:
            self.app.edit_memo("source", source_id)
