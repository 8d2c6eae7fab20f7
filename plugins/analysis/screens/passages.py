"""The passages behind a number: a list of quotes; enter opens one in its transcript."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Header, OptionList
from textual.widgets.option_list import Option

from qodex.tui.screens.base import QodexScreen


class PassagesScreen(QodexScreen):
    """`passages` are `qodex.plugins.analysis.codings.Passage`s, shown under `title`."""

    BINDINGS = [Binding("escape", "app.pop_screen", "Back", id="analysis.passages.back")]

    def __init__(self, title: str, passages: list):
        super().__init__()
        self.title_text, self.passages = title, passages

    def compose(self) -> ComposeResult:
        yield Header()
        yield OptionList(*(Option(Text.assemble((f"{p.source} · {p.cases} · {p.coder}", "bold"),
                                                "\n", " ".join(p.text.split())), id=str(i))
                           for i, p in enumerate(self.passages)), id="passages")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = f"{self.title_text}: {len(self.passages)} passages"
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        passage = self.passages[int(event.option.id)]
        self.app.open_source(passage.source_id, passage.start, passage.end)
