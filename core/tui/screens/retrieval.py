"""Retrieval: every quote of one or more codes (any of them, or all at once), with context, read
a page at a time: the next page loads as the list nears its end."""

from __future__ import annotations

from functools import partial

from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from qodex.project.retrieval import Quote, count, page
from qodex.tui.screens.base import QodexScreen, bind, fill_options, one_line, plain
from qodex.tui.widgets.code_picker import CodePicker

QUOTE_CHARS = 300
AHEAD = 20  # quotes left below the highlight (or the view) when the next page is read
_bind = partial(bind, "retrieval")


class RetrievalScreen(QodexScreen):
    """Quotes of the chosen codes; Enter jumps to the quote in its transcript."""

    BINDINGS = [
        _bind("a", "add_code", "Add code", "Add a code to the query"),
        _bind("o", "toggle_match", "AND/OR", "Quotes with any of the codes, or with all at once"),
        _bind("d", "clear", "Clear", "Remove every code from the query"),
        _bind("y", "copy", "Copy", "Copy the highlighted quote (OSC 52)"),
    ]

    def __init__(self):
        super().__init__()
        self.code_ids: list[int] = []
        self.match = "any"
        self.found: list[Quote] = []
        self.total = 0
        self.asked: tuple = ()
        self.reading: Quote | None = None  # the quote after which a page is being read

    def body(self) -> ComposeResult:
        yield Static(id="query")
        yield OptionList(id="quotes")

    def on_mount(self) -> None:
        self.watch(self.query_one(OptionList), "scroll_y", lambda _: self._read_ahead(), init=False)

    def show(self, code_ids: list[int]) -> None:
        self.code_ids = list(dict.fromkeys(code_ids))
        self.reload()

    def reload(self) -> None:
        paths = self.app.code_paths()
        self.code_ids = [i for i in self.code_ids if i in paths]
        joiner = " AND " if self.match == "all" else " OR "
        names = joiner.join(paths[i] for i in self.code_ids) or "no codes yet: press a"
        self.query_one("#query", Static).update(plain(f"Quotes of {names}"))
        query = self.asked = (list(self.code_ids), self.match, self.app.shown_coders())
        self.load("retrieval", lambda reader: (count(reader, *query), *_page(reader, query, None)),
                  self._show)

    def _show(self, loaded: tuple[int, list[Quote], dict]) -> None:
        self.total, self.found, context = loaded
        coders = self.app.coder_names()
        fill_options(self.query_one(OptionList), (_describe(q, context[q.source_id], coders)
                                                  for q in self.found))
        self.sub_title = f"{self.total} quotes"

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._read_ahead()

    def _read_ahead(self) -> None:
        """Read the next page when the highlight or the view is near the end of those read."""
        options = self.query_one(OptionList)
        near = max(options.highlighted or 0, int(options.scroll_y) + options.size.height)
        if len(self.found) < self.total and near >= len(self.found) - AHEAD:
            query, after = self.asked, self.found[-1]
            if after == self.reading:
                return
            self.reading = after
            self.load("retrieval", lambda reader: (query, after, *_page(reader, query, after)),
                      self._more)

    def _more(self, loaded: tuple[tuple, Quote, list[Quote], dict]) -> None:
        query, after, found, context = loaded
        if query != self.asked or not self.found or self.found[-1] != after:
            return
        coders, first = self.app.coder_names(), len(self.found)
        self.found += found
        self.query_one(OptionList).add_options(
            Option(_describe(q, context[q.source_id], coders), id=str(first + i))
            for i, q in enumerate(found))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        quote = self.found[int(event.option.id)]
        self.app.open_source(quote.source_id, quote.start, quote.end)

    def action_add_code(self) -> None:
        self.app.push_screen(CodePicker(self.app.code_paths(), "Add a code", allow_new=False),
                             lambda code_id: code_id is not None and
                             self.show([*self.code_ids, code_id]))

    def action_toggle_match(self) -> None:
        self.match = "all" if self.match == "any" else "any"
        self.reload()

    def action_clear(self) -> None:
        self.show([])

    def action_copy(self) -> None:
        highlighted = self.query_one(OptionList).highlighted
        if highlighted is not None and self.found:
            self.app.copy_to_clipboard(self.found[highlighted].text)
            self.notify("Quote copied")


def _describe(quote: Quote, where: dict, coders: dict[int, str]) -> Group:
    """Where the quote is from and who coded it on one line (cut with "…" to the width), then
    the whole quote."""
    head = " · ".join(x for x in (where["name"], f"[{quote.start}:{quote.end}]",
                                  coders.get(quote.coder_id, ""), where["cases"],
                                  where["attributes"]) if x)
    return Group(Text(head, style="bold", no_wrap=True, overflow="ellipsis"),
                 Text(one_line(quote.text, QUOTE_CHARS)))


def _page(project, query: tuple, after: Quote | None) -> tuple[list[Quote], dict[int, dict]]:
    """The next page of quotes after `after`, and per source among them: its name, case names and
    its cases' attributes as one short line."""
    found = page(project, *query, after=after)
    return found, {i: {"name": r["name"], "cases": r["cases"] or "",
                       "attributes": ", ".join(f"{k}={v}" for k, v in r["values"].items())}
                   for i, r in project.overview.labels({q.source_id for q in found}).items()}
