"""Full-text search over every source, with each hit in its context."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.widgets import Footer, Header, Input, OptionList
from textual.widgets.option_list import Option

from qodex.project.search import Hit, search
from qodex.tui.screens.base import QodexScreen


class SearchScreen(QodexScreen):
    """Type words and Enter; Enter on a hit opens the source there."""

    def __init__(self):
        super().__init__()
        self.hits: list[Hit] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder="search the sources (words, prefixes)", id="search")
        yield OptionList(id="hits")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.run_search(event.value)
        self.query_one(OptionList).focus()

    def reload(self) -> None:
        if self.hits:
            self.run_search(self.query_one(Input).value)

    @work(thread=True, exclusive=True, exit_on_error=False)
    def run_search(self, query: str) -> None:
        hits = search(self.project, query)
        self.app.call_from_thread(self._show, hits)

    def _show(self, hits: list[Hit]) -> None:
        self.hits = hits
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(Option(_describe(h), id=str(i)) for i, h in enumerate(hits))
        options.highlighted = 0 if hits else None
        self.sub_title = f"{len(hits)} hits"

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        hit = self.hits[int(event.option.id)]
        self.app.open_source(hit.source_id, hit.start, hit.end)


def _describe(hit: Hit) -> Text:
    return Text.assemble((hit.source, "bold"), "  …", hit.before, (hit.match, "reverse"),
                         hit.after, "…")
