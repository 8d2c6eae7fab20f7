"""Review suggestions: a accept, r reject, s skip, A accept all for the code, Enter shows the
passage in its transcript. Accepted suggestions become codings by the coder running qodex."""

from __future__ import annotations

from functools import partial

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import OptionList, Static

from qodex.tui import QodexScreen, bind, fill_options, one_line

QUOTE_CHARS = 240
PAGE = 200  # the best open suggestions shown; deciding brings up the next
_bind = partial(bind, "review")


class ReviewScreen(QodexScreen):
    """The open suggestions, best first, one decision per key."""

    BINDINGS = [
        _bind("a", "accept", "Accept", "Code the passage as proposed (as you)"),
        _bind("r", "reject", "Reject", "Reject it; no strategy proposes it again"),
        _bind("s", "skip", "Skip", "Leave it open and go to the next"),
        _bind("A", "accept_code", "Accept code", "Accept every open suggestion for this code"),
        _bind("escape", "back", "Back", "Back to the previous screen"),
    ]

    def __init__(self):
        super().__init__()
        self.found = []
        self.open = (0, 0)  # open suggestions, codes they are for

    def body(self) -> ComposeResult:
        yield Static(id="summary")
        yield OptionList(id="suggestions")

    def reload(self) -> None:
        self.load("suggestions", _read, self._show)

    def _show(self, loaded) -> None:
        self.found, quotes, names, self.open = loaded
        paths = self.app.code_paths()
        fill_options(self.query_one(OptionList),
                     (_describe(s, q, paths, names) for s, q in zip(self.found, quotes, strict=True)),
                     keep=True)
        (count, codes), shown = self.open, len(self.found)
        self.query_one("#summary", Static).update(
            f"{count} open suggestion(s) for {codes} code(s)"
            f"{f', the best {shown} shown' if shown < count else ''}" if self.found
            else "No open suggestions: run `qodex suggest PROJECT STRATEGY` first")

    @property
    def current(self):
        highlighted = self.query_one(OptionList).highlighted
        return self.found[highlighted] if self.found and highlighted is not None else None

    def _decide(self, decide, chosen) -> None:
        if chosen and self.attempt(decide, [s.id for s in chosen]):
            self.reload()

    def action_accept(self) -> None:
        self._decide(self.project.suggestions.accept, [self.current] if self.current else [])

    def action_reject(self) -> None:
        self._decide(self.project.suggestions.reject, [self.current] if self.current else [])

    def action_accept_code(self) -> None:
        if self.current:
            code_id = self.current.code_id
            if self.attempt(self.project.suggestions.accept_all, code_id):
                self.reload()
            self.notify(f"Accepted every suggestion for {self.app.code_paths()[code_id]}")

    def action_skip(self) -> None:
        self.query_one(OptionList).action_cursor_down()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        s = self.current
        if s:
            self.app.open_source(s.source_id, s.start, s.end)


def _read(reader) -> tuple[list, list[str], dict[int, str], tuple[int, int]]:
    """The best open suggestions, their passages, the source names, and how many are open for
    how many codes."""
    found = reader.suggestions.list(limit=PAGE)
    return (found, [reader.suggestions.quote(s) for s in found], reader.overview.source_names(),
            reader.suggestions.open_count())


def _describe(s, quote: str, paths: dict[int, str], names: dict[int, str]) -> Text:
    return Text.assemble((paths[s.code_id], "bold"), f"  {names[s.source_id]} · {s.strategy}"
                         f" · {s.score:g}\n", (s.explanation or "", "italic"), "\n",
                         one_line(quote, QUOTE_CHARS))
