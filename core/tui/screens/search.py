"""Full-text search over every source, with each hit in its context."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Input, OptionList

from qodex.project.search import Hit, search
from qodex.tui.screens.base import QodexScreen, fill_options


class SearchScreen(QodexScreen):
    """Type words and Enter; Enter on a hit opens the source there."""

    AUTO_FOCUS = "Input"

    def __init__(self):
        super().__init__()
        self.hits: list[Hit] = []

    def body(self) -> ComposeResult:
        yield Input(placeholder="search the sources (words, prefixes)", id="search")
        yield OptionList(id="hits")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.run_search(event.value)
        self.query_one(OptionList).focus()

    def reload(self) -> None:
        if self.hits:
            self.run_search(self.query_one(Input).value)

    def run_search(self, query: str) -> None:
        # the first search indexes new text: a write, on a connection of the worker's own
        self.load("search", lambda own: search(own, query), self._show, writes=True)

    def _show(self, hits: list[Hit]) -> None:
        self.hits = hits
        fill_options(self.query_one(OptionList), map(_describe, hits))
        self.sub_title = f"{len(hits)} hits"

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        hit = self.hits[int(event.option.id)]
        self.app.open_source(hit.source_id, hit.start, hit.end)


def _describe(hit: Hit) -> Text:
    return Text.assemble((hit.source, "bold"), "  …", hit.before, (hit.match, "reverse"),
                         hit.after, "…")
