"""A one-line question asked at the foot of an IPA screen, over its last lines, instead of in a
modal screen: showing and answering it lays out and paints only itself, where a modal lays out
the screen beneath it again, tints all of it, and restyles it on return (most of an IPA step).

A screen mixing in `Asking` yields `Ask()` in its body and declares ``layers: default ask`` in its
CSS;
`ask(question, then)` shows the question, and `then(answer)` gets the words on enter, or None on
escape, as with pushing a `Prompt`.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label

from qodex.tui import plain


class Ask(Vertical):
    """The question and its answer line, hidden until asked."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", show=False)]
    DEFAULT_CSS = """
    Ask { layer: ask; dock: bottom; height: auto; display: none; padding: 0 1;
          background: $panel; border-top: tall $accent; }
    Ask.asking { display: block; }
    Ask Input { border: none; height: 1; padding: 0; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.then: Callable[[str | None], object] | None = None
        self.before = None  # the widget that had the focus

    def compose(self) -> ComposeResult:
        yield Label()
        yield Input(select_on_focus=False)

    def ask(self, question: str, then: Callable[[str | None], object], value: str = "",
            placeholder: str = "") -> None:
        self.query_one(Label).update(plain(question))
        answer = self.query_one(Input)
        answer.value, answer.placeholder, answer.cursor_position = value, placeholder, len(value)
        self.then, self.before = then, self.screen.focused
        self.add_class("asking")
        answer.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._close(event.value)

    def action_cancel(self) -> None:
        self._close(None)

    def _close(self, answer: str | None) -> None:
        then, self.then = self.then, None
        self.remove_class("asking")
        if self.before is not None and self.before.is_attached:
            self.before.focus()
        if then is not None:
            then(answer)


class Asking:
    """Screens that ask at their foot (see the module's notes)."""

    def ask(self, question: str, then: Callable[[str | None], object], value: str = "",
            placeholder: str = "") -> None:
        self.query_one(Ask).ask(question, then, value, placeholder)
