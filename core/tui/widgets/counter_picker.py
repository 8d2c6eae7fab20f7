"""Choose what a coding is: supporting, or a counter-instance of a kind (or a label typed in)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from qodex.project.codings import COUNTER_KINDS
from qodex.tui.screens.base import plain

SUPPORTING = ""


class CounterPicker(ModalScreen[str | None]):
    """Returns the kind chosen or typed, `SUPPORTING` ("") for a supporting coding, or None when
    cancelled."""

    BINDINGS = [Binding("escape", "dismiss_none", "Cancel", id="counter.cancel")]

    def __init__(self, current: str | None = None):
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        now = f"now: {self.current}" if self.current else "now: supporting"
        with Vertical(id="picker"):
            yield Label(plain(f"This coding is… ({now})"), id="picker-title")
            yield OptionList(Option(plain("supporting (evidence for the code)"), id="support"),
                             *(Option(plain(f"counter-instance: {kind}"), id=kind)
                               for kind in COUNTER_KINDS), id="picker-options")
            yield Input(placeholder="or type a label of your own, then Enter", id="picker-query")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = 0
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(SUPPORTING if event.option.id == "support" else event.option.id)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self.dismiss(event.value)

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
