"""The coding view: one source's transcript, coded from the keyboard."""

from __future__ import annotations

from functools import partial

from textual.app import ComposeResult
from textual.widgets import Static

from qodex.tui.screens.base import QodexScreen, bind, one_line, plain
from qodex.tui.screens.confirm import Confirm
from qodex.tui.widgets.code_picker import CodePicker
from qodex.tui.widgets.counter_picker import CounterPicker
from qodex.tui.widgets.transcript import TranscriptView

IN_VIVO_LENGTH = 60
_bind = partial(bind, "document")


class DocumentScreen(QodexScreen):
    """Select with w/s/p/t or shift+arrows, then c to code; x removes, e resizes a coding."""

    AUTO_FOCUS = "TranscriptView"
    BINDINGS = [
        _bind("c", "code", "Code", "Apply a code to the selection (fuzzy picker; new codes too)"),
        _bind("v", "in_vivo", "In vivo", "Code the selection with a code named by its words"),
        _bind("x", "uncode", "Uncode", "Remove the innermost coding at the cursor"),
        _bind("e", "resize", "Resize", "Make the coding at the cursor cover the selection"),
        _bind("n", "counter", "Counter", "Mark the coding at the cursor as a counter-instance"
              " (denial, hypothetical, third-party, a label) or as supporting", show=False),
        _bind("m", "memo", "Memo", "Write a memo on the coding at the cursor (else the source)"),
        _bind("y", "copy", "Copy", "Copy the selection or the coding at the cursor (OSC 52)"),
        _bind("escape", "back", "Back", "Back to the previous screen"),
    ]

    def __init__(self, source_id: int, start: int | None = None, end: int | None = None):
        super().__init__()
        self.source_id = source_id
        self.place = (start, end)

    def body(self) -> ComposeResult:
        source = self.project.sources.get(self.source_id)
        self.sub_title = source.name
        yield TranscriptView(source.text, self.project.overview.turns(source.id), id="transcript")
        yield Static(id="here")

    @property
    def view(self) -> TranscriptView:
        return self.query_one(TranscriptView)

    def on_mount(self) -> None:
        start, end = self.place
        if start is not None:
            self.view.go_to(start, end)

    def reload(self) -> None:
        shown = self.app.shown_coders()
        marks = [m for m in self.project.overview.marks(self.source_id)
                 if shown is None or m.coder_id in shown]
        self.view.set_marks(marks, self.app.code_colours())

    def on_resize(self) -> None:
        self.on_transcript_view_cursor_moved()

    def on_transcript_view_cursor_moved(self) -> None:
        here = self.query_one("#here", Static)
        here.update(plain(self._describe_here(here.content_region.width)), layout=False)

    def _describe_here(self, room: int) -> str:
        """Speaker, cursor or selection, and the codes there: full paths, or their last parts
        when the line is too narrow, cut with "…" as a last resort."""
        view, paths = self.view, self.app.code_paths()
        where = view.selection
        what = f"sel {where[1] - where[0]} chars" if where else f"at {view.cursor}"
        speaker = view.turn_label(view.cursor)
        head = f"{speaker + ' · ' if speaker else ''}{what} · "
        coders = self.app.coder_names()
        here = [(paths.get(m.code_id, "?"), ", ".join(filter(None, (m.counter, coders.get(m.coder_id, "?")))))
                for m in view.marks_at(view.cursor)]
        line = head + (", ".join(f"{code} ({about})" for code, about in here) or "no codes here")
        if room and len(line) > room:
            line = head + ", ".join(f"{code.rsplit('/', 1)[-1]} ({who})" for code, who in here)
        return one_line(line, room - 1) if room and len(line) > room else line

    def need_selection(self) -> tuple[int, int] | None:
        """The selection; else None, after saying to select a passage first."""
        if self.view.selection is None:
            self.notify("Select a passage first (w, s, p, t or shift+arrows)", severity="warning")
        return self.view.selection

    def action_code(self) -> None:
        span = self.need_selection()
        if span is not None:
            self.app.push_screen(CodePicker(self.app.code_paths(), "Code the selection"),
                                 lambda choice: self._apply(choice, span))

    def _apply(self, choice: int | str | None, span: tuple[int, int]) -> None:
        if choice is None:
            return
        code = self.attempt(self.project.codes.ensure, choice) if isinstance(choice, str) \
            else choice
        if code is not None and self._counted(partial(self.project.codings.add, self.source_id, code, *span),
                                              getattr(code, "id", code), 1, 1):
            self.reload()
            self.view.action_go_to(span[0])

    def action_in_vivo(self) -> None:
        span = self.need_selection()
        if span is not None:
            name = " ".join(self.view.text[span[0]:span[1]].split())[:IN_VIVO_LENGTH]
            self._apply(name.replace("/", "-"), span)

    def _coding_here(self):
        """The innermost coding at the selection's start, or else at the cursor."""
        here = self.view.marks_at((self.view.selection or (self.view.cursor,))[0])
        if not here:
            self.notify("No coding at the cursor", severity="warning")
        return here[0] if here else None

    def action_uncode(self) -> None:
        mark = self._coding_here()
        if mark:
            self._if_mine_or_confirmed(mark, "Delete", lambda: self.project.codings.delete(mark.id),
                                       -1, -(mark.counter is None))

    def action_resize(self) -> None:
        mark, span = self._coding_here(), self.need_selection()
        if mark and span:
            self._if_mine_or_confirmed(mark, "Resize", lambda: self.project.codings.update(
                mark.id, start=span[0], end=span[1]))

    def _counted(self, write, code_id: int, codings: int = 0, supporting: int = 0):
        """Run `write` to one coding of `code_id` here (adding `codings` codings, `supporting` of
        them supporting); on success the counts the app holds follow it."""
        before = self.project.overview.changes()
        result = self.attempt(write)
        if result:
            self.app.counts.changed(self.project, before, self.source_id, code_id, codings, supporting)
        return result

    def _if_mine_or_confirmed(self, mark, verb: str, write, codings: int = 0,
                              supporting: int = 0) -> None:
        """Make `write` to a coding, after asking when another coder made it."""
        def done(yes: bool | None = True) -> None:
            if yes and self._counted(write, mark.code_id, codings, supporting):
                self.reload()

        who = self.app.coder_names().get(mark.coder_id)
        if who is None or who == self.project.coder_name:
            done()
            return
        code = self.app.code_paths().get(mark.code_id, "?")
        self.app.push_screen(Confirm(f"{verb} {who}'s coding of {code}? You code as "
                                     f"{self.project.coder_name}."), done)

    def action_counter(self) -> None:
        mark = self._coding_here()
        if mark:
            self.app.push_screen(CounterPicker(mark.counter),
                                 lambda kind: self._mark_counter(mark, kind))

    def _mark_counter(self, mark, kind: str | None) -> None:
        if kind is not None and self._counted(partial(self.project.codings.mark, mark.id, kind or None),
                                              mark.code_id, 0, (not kind) - (mark.counter is None)):
            self.reload()
            self.on_transcript_view_cursor_moved()

    def action_memo(self) -> None:
        here = self.view.marks_at(self.view.cursor)
        if here:
            self.app.edit_memo("coding", here[0].id)
        else:
            self.app.edit_memo("source", self.source_id)

    def action_copy(self) -> None:
        span = self.view.selection
        if span is None:
            mark = self._coding_here()
            span = (mark.start, mark.end) if mark else None
        if span is not None:
            self.app.copy_to_clipboard(self.view.text[span[0]:span[1]])
            self.notify(f"Copied {span[1] - span[0]} characters")
