"""The passages behind a number: a list of quotes; enter opens one in its transcript."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import OptionList

from qodex.tui import QodexScreen, bind, fill_options, one_line


class PassagesScreen(QodexScreen):
    """`passages` are `qodex.plugins.analysis.codings.Passage`s, shown under `title`."""

    BINDINGS = [bind("analysis.passages", "escape", "back", "Back")]

    def __init__(self, title: str, passages: list):
        super().__init__()
        self.title_text, self.passages = title, passages

    def body(self) -> ComposeResult:
        yield OptionList(id="passages")

    def reload(self) -> None:
        self.sub_title = f"{self.title_text}: {len(self.passages)} passages"
        fill_options(self.query_one(OptionList), (
            Text.assemble((f"{p.source} · {p.cases} · {p.coder}", "bold"), "\n",
                          one_line(p.text)) for p in self.passages), keep=True)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        passage = self.passages[int(event.option.id)]
        self.app.open_source(passage.source_id, passage.start, passage.end)
