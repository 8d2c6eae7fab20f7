"""The transcript with IPA notes beside it: the notes at the cursor (or selection) show below it;
n notes the selection (``c words`` for a conceptual note: d, l or c first), S makes a statement of it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Static

from qodex.errors import QodexError
from qodex.plugins.ipa import notes, statements
from qodex.plugins.ipa.model import case_of
from qodex.plugins.ipa.terms import KINDS, term
from qodex.tui import Prompt, bind, plain
from qodex.tui.screens.document import DocumentScreen

KIND_KEYS = {kind[0]: kind for kind in KINDS}


def parse_note(answer: str) -> tuple[str, str]:
    """``"c trust as surrender"`` as (conceptual, trust as surrender)."""
    key, _, body = answer.strip().partition(" ")
    if key.lower() not in KIND_KEYS or not body.strip():
        raise QodexError("write d, l or c (descriptive, linguistic, conceptual), a space, then the note")
    return KIND_KEYS[key.lower()], body.strip()


class ReadingScreen(DocumentScreen):
    BINDINGS = [bind("ipa.reading", "n", "ipa_note", "Note"),
                bind("ipa.reading", "S", "ipa_statement", "Statement")]
    DEFAULT_CSS = "#ipa-notes { dock: bottom; height: auto; max-height: 5; padding: 0 1; }"

    def body(self) -> ComposeResult:
        yield from super().body()
        yield Static(id="ipa-notes")

    def on_transcript_view_cursor_moved(self) -> None:
        super().on_transcript_view_cursor_moved()
        start, end = self.view.selection or (self.view.cursor, self.view.cursor + 1)
        shown = [f"{n['kind']}: {n['body']}" for n in notes.listing(self.project, source=self.source_id)
                 if n["start"] < end and n["end"] > start]
        self.query_one("#ipa-notes", Static).update(plain("\n".join(shown)))

    def action_ipa_note(self) -> None:
        if span := self.need_selection():
            self.app.push_screen(Prompt("Note (d, l or c, then the words)", placeholder="c ..."),
                                 lambda answer: answer and self._note(span, answer))

    def _note(self, span: tuple[int, int], answer: str) -> None:
        try:
            kind, body = parse_note(answer)
        except QodexError as exc:
            self.notify(str(exc), severity="error")
            return
        if self.attempt(notes.add, self.project, self.source_id, *span, kind, body):
            self.on_transcript_view_cursor_moved()

    def action_ipa_statement(self) -> None:
        if span := self.need_selection():
            self.app.push_screen(Prompt(term(self.project, "statement").capitalize()),
                                 lambda text: text and self._statement(span, text))

    def _statement(self, span: tuple[int, int], text: str) -> None:
        case = self.attempt(case_of, self.project, self.source_id)
        if case and self.attempt(statements.add, self.project, case, text,
                                 passages=[(self.source_id, *span)]):
            self.notify(f"{term(self.project, 'statement').capitalize()} added")
