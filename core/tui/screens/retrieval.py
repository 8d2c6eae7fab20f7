"""Retrieval: every quote of one or more codes (any of them, or all at once), with context."""

from __future__ import annotations

from functools import partial

from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import OptionList, Static

from qodex.project.retrieval import Quote, quotes
from qodex.tui.screens.base import QodexScreen, bind, fill_options, one_line, plain
from qodex.tui.widgets.code_picker import CodePicker

QUOTE_CHARS = 300
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

    def body(self) -> ComposeResult:
        yield Static(id="query")
        yield OptionList(id="quotes")

    def show(self, code_ids: list[int]) -> None:
        self.code_ids = list(dict.fromkeys(code_ids))
        self.reload()

    def reload(self) -> None:
        paths = self.app.code_paths()
        self.code_ids = [i for i in self.code_ids if i in paths]
        joiner = " AND " if self.match == "all" else " OR "
        names = joiner.join(paths[i] for i in self.code_ids) or "no codes yet: press a"
        self.query_one("#query", Static).update(plain(f"Quotes of {names}"))
        code_ids, match, coders = list(self.code_ids), self.match, self.app.shown_coders()
        self.load("retrieval", lambda reader: (quotes(reader, code_ids, match, coders),
                                               _source_context(reader)), self._show)

    def _show(self, loaded: tuple[list[Quote], dict]) -> None:
        self.found, context = loaded
        coders = self.app.coder_names()
        fill_options(self.query_one(OptionList), (_describe(q, context[q.source_id], coders)
                                                  for q in self.found))
        self.sub_title = f"{len(self.found)} quotes"

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


def _source_context(project) -> dict[int, dict]:
    """Per source id: its name, case names and its cases' attributes as one short line."""
    return {r["id"]: {"name": r["name"], "cases": r["cases"] or "",
                      "attributes": ", ".join(f"{k}={v}" for k, v in r["values"].items())}
            for r in project.overview.sources()}
