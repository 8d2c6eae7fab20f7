"""The IPA reading screen, laid out like the paper worksheet: the transcript, its exploratory notes
beside the lines they are on (D descriptive, L linguistic in italics, C conceptual in bold), and the
case's experiential statements in a third column. On a narrow terminal the columns fold into a
stack: the transcript, then the notes and statements of the lines on screen.

n notes the selection (``c words``: d, l or c first), j and k jump to the next and previous note
(selecting its passage), space marks the note at the cursor, S makes a statement of the marked notes
(else of the notes on the selection, else of the selected passage itself); W shows the case's
worksheet.
"""

from __future__ import annotations

from functools import partial

from textual.app import ComposeResult
from textual.containers import Container
from textual.widgets import Static

from qodex.errors import QodexError
from qodex.plugins.ipa import notes, statements
from qodex.plugins.ipa.asking import Ask, Asking
from qodex.plugins.ipa.loading import LoadState
from qodex.plugins.ipa.margin import Entry, Margin
from qodex.plugins.ipa.model import case_of, spans, table
from qodex.plugins.ipa.terms import KINDS, term
from qodex.tui import bind
from qodex.tui.screens.document import DocumentScreen
from qodex.tui.widgets.transcript import TranscriptView

KIND_KEYS = {kind[0]: kind for kind in KINDS}
KIND_STYLE = {"descriptive": "", "linguistic": "italic", "conceptual": "bold"}
FOLD = 80  # narrower than this, the columns fold into a stack
_bind = partial(bind, "ipa.reading")
NOTE_HINT = "No notes yet: select words (w, s, p, t or shift+arrows), press n, then d, l or c and the note."
STATEMENT_HINT = "None yet: mark notes with space (j, k jump between them), then press S."


def parse_note(answer: str) -> tuple[str, str]:
    """``"c trust as surrender"`` as (conceptual, trust as surrender)."""
    key, _, body = answer.strip().partition(" ")
    if key.lower() not in KIND_KEYS or not body.strip():
        raise QodexError("write d, l or c (descriptive, linguistic, conceptual), a space, then the note")
    return KIND_KEYS[key.lower()], body.strip()


class ReadingScreen(Asking, DocumentScreen):
    BINDINGS = [_bind("n", "ipa_note", "Note", "Note the selection: d, l or c, a space, the words"),
                _bind("S", "ipa_statement", "Statement",
                      "A statement from the marked notes, else the notes or passage selected"),
                _bind("j", "ipa_jump(1)", "Next note", "Select the next note's passage"),
                _bind("k", "ipa_jump(-1)", "Prev note", "Select the previous note's passage"),
                _bind("space", "ipa_mark", "Mark note", "Mark the note at the cursor for a statement"),
                _bind("W", "ipa_worksheet", "Worksheet", "The case's worksheet, to write as .docx or HTML",
                      show=False)]
    DEFAULT_CSS = """
    ReadingScreen { layers: default ask; }
    #ipa-columns { height: 1fr; layout: horizontal; }
    #ipa-columns TranscriptView { width: 2fr; }
    #ipa-columns.folded { layout: vertical; }
    #ipa-columns.folded TranscriptView { width: 1fr; }
    #ipa-columns.folded Margin { width: 1fr; height: 5; }
    #ipa-columns.folded #ipa-statements { height: 4; }
    """

    def __init__(self, source_id: int, start: int | None = None, end: int | None = None):
        super().__init__(source_id, start, end)
        self.notes: list[dict] = []
        self.marked: set[int] = set()
        self.at: int | None = None  # the note j or k went to
        self.loaded = LoadState()

    def body(self) -> ComposeResult:
        source = self.project.sources.get(self.source_id)
        self.sub_title = source.name
        view = TranscriptView(source.text, self.project.overview.turns(source.id), id="transcript")
        with Container(id="ipa-columns"):
            yield view
            yield Margin(view, "Notes", NOTE_HINT, id="ipa-notes")
            yield Margin(view, term(self.project, "statement").capitalize() + "s",
                         STATEMENT_HINT, id="ipa-statements")
        yield Static(id="here")
        yield Ask()

    def on_mount(self) -> None:  # Textual calls DocumentScreen's too, as with the handlers below
        self.watch(self.view, "scroll_y", self._scrolled, init=False)

    def _scrolled(self) -> None:
        for margin in self.query(Margin):
            margin.refresh()

    def on_resize(self) -> None:
        folded = self.size.width < FOLD
        self.query_one("#ipa-columns").set_class(folded, "folded")
        for margin in self.query(Margin):
            margin.folded = folded

    def reload(self) -> None:
        """Read the codings, notes and statements again, unless nothing changed since the last
        read (shown again after a prompt whose answer is already shown)."""
        if self.loaded.changed(self):
            super().reload()
            self._show_notes()
            self._show_statements()

    def _show_notes(self) -> None:
        self.notes = table(self.project, "notes").rows(source_id=self.source_id)
        self.notes.sort(key=lambda n: (n["start"], n["id"]))
        self.marked &= {n["id"] for n in self.notes}
        self.query_one("#ipa-notes", Margin).show(
            [Entry(n["id"], n["start"], n["kind"][0].upper(), n["body"], KIND_STYLE[n["kind"]])
             for n in self.notes])
        self._highlight()

    def _show_statements(self) -> None:
        self.query_one("#ipa-statements", Margin).show(self._statements())

    def _highlight(self) -> None:
        """Show the marked notes and those at the cursor."""
        self.query_one("#ipa-notes", Margin).highlight(self.marked, {n["id"] for n in self._notes_here()})

    def _statements(self) -> list[Entry]:
        case = case_of(self.project, self.source_id)
        texts = {s["id"]: s["text"] for s in table(self.project, "statements").rows(case_id=case)}
        first: dict[int, int] = {}
        for span in spans(self.project, list(texts)):
            if span["source_id"] == self.source_id:
                first.setdefault(span["statement_id"], span["start"])
        return [Entry(i, start, "•", texts[i]) for i, start in first.items()]

    def _notes_here(self) -> list[dict]:
        start, end = self.view.selection or (self.view.cursor, self.view.cursor + 1)
        return [n for n in self.notes if n["start"] < end and n["end"] > start]

    def on_transcript_view_cursor_moved(self) -> None:
        if self.is_mounted:
            self._highlight()

    def action_ipa_note(self) -> None:
        if span := self.need_selection():
            self.ask("Note (d, l or c, then the words)", lambda answer: answer and self._note(span, answer),
                     placeholder="c ...")

    def _note(self, span: tuple[int, int], answer: str) -> None:
        try:
            kind, body = parse_note(answer)
        except QodexError as exc:
            self.notify(str(exc), severity="error")
            return
        if self.attempt(notes.add, self.project, self.source_id, *span, kind, body):
            self._show_notes()  # only the notes changed
            self.loaded.changed(self)

    def action_ipa_jump(self, step: int) -> None:
        following = self._following(step)
        if following is None:
            self.notify("No more notes this way" if self.notes else "No notes yet: select words, press n")
            return
        self.at = following
        self.view.go_to(self.notes[following]["start"], self.notes[following]["end"])

    def _following(self, step: int) -> int | None:
        """The index of the note `step` away: from the note jumped to while it is still selected,
        else from the cursor."""
        at = self.at
        if self._jumped_to() is None:
            cursor = self.view.cursor
            before = sum(n["start"] < cursor for n in self.notes)
            at = before - 1 if step > 0 else before
        found = at + step
        return found if 0 <= found < len(self.notes) else None

    def _jumped_to(self) -> dict | None:
        """The note j or k selected, while it stays selected."""
        at = self.at
        if at is not None and at < len(self.notes) and self.view.selection == (
                self.notes[at]["start"], self.notes[at]["end"]):
            return self.notes[at]
        return None

    def action_ipa_mark(self) -> None:
        here = [self._jumped_to()] if self._jumped_to() else self._notes_here()
        if not here:
            self.notify("No note at the cursor (j jumps to the next)", severity="warning")
            return
        self.marked ^= {here[0]["id"]}
        self._highlight()

    def action_ipa_statement(self) -> None:
        marked = sorted(self.marked) or [n["id"] for n in self._notes_here() if self.view.selection]
        span = self.view.selection
        if not marked and span is None:
            self.notify("Mark notes (space) or select a passage first", severity="warning")
            return
        self.ask(term(self.project, "statement").capitalize(),
                 lambda text: text and self._statement(text, marked, span))

    def _statement(self, text: str, marked: list[int], span) -> None:
        case = self.attempt(case_of, self.project, self.source_id)
        grounds = {"notes": marked} if marked else {"passages": [(self.source_id, *span)]}
        if case and self.attempt(statements.add, self.project, case, text, **grounds):
            self.marked.clear()
            self.notify(f"{term(self.project, 'statement').capitalize()} added")
            self._show_statements()  # only the statements and the marks changed
            self._highlight()
            self.loaded.changed(self)

    def action_ipa_worksheet(self) -> None:
        from qodex.plugins.ipa.worksheet_screen import WorksheetScreen

        if case := self.attempt(case_of, self.project, self.source_id):
            self.app.push_screen(WorksheetScreen(case))
