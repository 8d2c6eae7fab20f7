"""Home: the sources, with case, key attributes, length and coding count; filter and open."""

from __future__ import annotations

from functools import partial
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import DataTable, Input

from qodex.tui.counts import SOURCES
from qodex.tui.screens.base import QodexScreen, bind, fill_table

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
        bind("sources", "f", "focus_filter", "Filter", "Filter by words or attribute=value"),
        bind("sources", "m", "memo", "Memo", "Memo on the source"),
    ]

    def body(self) -> ComposeResult:
        yield Input(placeholder="filter: words, or attribute=value", id="filter")
        yield DataTable(id="sources", cursor_type="row", zebra_stripes=True)

    def reload(self) -> None:
        """The sources at once, with the coding counts the app holds; unknown counts are loaded."""
        self.attributes = self.project.overview.attribute_names()[:KEY_ATTRIBUTES]
        self.rows = sorted(self.project.overview.sources(counts=False), key=lambda row: row["name"])
        marker = self.project.overview.changes()
        self.tally = self.app.counts.get(SOURCES, marker)
        self.show()
        if self.tally is None:
            self.load("counts", lambda reader: reader.overview.source_counts(),
                      partial(self._show_counts, marker))

    def _show_counts(self, marker, counts: dict[int, int]) -> None:
        """Keep the counts and write them into the rows shown (the table filled again only when
        a count is wider than its column)."""
        self.app.counts.put(SOURCES, marker, counts)
        self.tally = counts
        table = self.query_one(DataTable)
        column = table.ordered_columns[-1]  # Codings
        if max(map(len, map(str, counts.values())), default=0) > column.width:
            return self.show()  # made as wide as the widest count
        for row in table.rows:
            table.update_cell(row, column.key, Text(str(counts.get(int(row.value), 0))))

    def show(self) -> None:
        """The loaded sources that match the filter (typing filters these; it reads nothing), their
        coding counts a quiet "…" while they are counted."""
        query, counts = self.query_one(Input).value, self.tally
        fill_table(self.query_one(DataTable), ["Source", "Case", *self.attributes, "Chars", "Codings"],
                   ((str(row["id"]), [row["name"], row["cases"],
                                      *(row["values"].get(a) for a in self.attributes),
                                      f"{row['chars']:,}",
                                      "…" if counts is None else counts.get(row["id"], 0)])
                    for row in self.rows if matches(row, query)))

    def on_input_changed(self) -> None:
        self.show()

    def on_input_submitted(self) -> None:
        self.query_one(DataTable).focus()

    def action_focus_filter(self) -> None:
        self.query_one(Input).focus()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.app.open_source(int(event.row_key.value))

    def action_memo(self) -> None:
        table = self.query_one(DataTable)
        if table.row_count:
            row_key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
            self.app.edit_memo("source", int(row_key.value))
