"""The transcript: a Line-API view that draws only the visible lines of a source.

Coded spans are tinted in their code's colour (underlined where codings overlap) and shown as
stripes in a margin, one per coding on the line; speaker labels mark where turns begin. A cursor
and a selection move by character, line, word, sentence, paragraph or speaker turn.
"""

from __future__ import annotations

from bisect import bisect_left
from functools import partial

from rich.segment import Segment
from rich.style import Style
from textual.actions import SkipAction
from textual.binding import Binding
from textual.cache import LRUCache
from textual.color import Color
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from qodex.escape import glyphs
from qodex.project.overview import Mark
from qodex.tui import units
from qodex.tui.layout import Layout, wrap
from qodex.tui.screens.base import bind
from qodex.tui.themes import readable

SELECT = Binding.Group("Select")  # w/s/p/t show together in the key bar
STRIPES = 3  # coding stripes before the text, then a space


_bind = partial(bind, "transcript", show=False)


class TranscriptView(ScrollView, can_focus=True):
    """A source's text with its codings, a cursor and a selection."""

    BINDINGS = [
        _bind("left", "move(-1)", "Cursor left"),
        _bind("right", "move(1)", "Cursor right"),
        _bind("up", "move_line(-1)", "Cursor up"),
        _bind("down", "move_line(1)", "Cursor down"),
        _bind("pageup", "move_page(-1)", "Page up"),
        _bind("pagedown", "move_page(1)", "Page down"),
        _bind("home", "line_edge(0)", "Start of line"),
        _bind("end", "line_edge(1)", "End of line"),
        _bind("ctrl+home,g", "go_to(0)", "Top of the source"),
        _bind("ctrl+end,G", "go_end", "End of the source"),
        _bind("shift+left", "move(-1, True)", "Select left"),
        _bind("shift+right", "move(1, True)", "Select right"),
        _bind("shift+up", "move_line(-1, True)", "Select up"),
        _bind("shift+down", "move_line(1, True)", "Select down"),
        _bind("w", "select('word')", "Word",
              "Select the word at the cursor; again: extend by one", show=True, group=SELECT),
        _bind("s", "select('sentence')", "Sentence",
              "Select the sentence at the cursor; again: extend by one", show=True, group=SELECT),
        _bind("p", "select('paragraph')", "Paragraph",
              "Select the paragraph at the cursor; again: extend by one", show=True, group=SELECT),
        _bind("t", "select('turn')", "Turn",
              "Select the speaker turn at the cursor; again: extend by one", show=True, group=SELECT),
        _bind("escape", "clear_selection", "Clear the selection"),
        _bind("right_square_bracket", "next_coding(1)", "Next coding"),
        _bind("left_square_bracket", "next_coding(-1)", "Previous coding"),
    ]

    class CursorMoved(Message):
        """The cursor or the selection changed."""

    def __init__(self, text: str, turns: list[tuple[int, int, str]], *, id: str | None = None):
        super().__init__(id=id)
        self.text = text
        self.turns = turns
        self._turn_spans = [(s, e) for s, e, _ in turns]
        self._speakers = max((len(label) for _, _, label in turns), default=0)
        self._label_width = 0  # the speaker column: longest label and a space, at most a quarter of it
        self.cursor = 0
        self.anchor: int | None = None
        self._shown: tuple[int, int] | None = None  # the span `go_to` showed: Esc leaves, not clears
        self.lines = Layout([0], [0])
        self._labels: dict[int, str] = {}
        self._marks: list[Mark] = []
        self._starts: list[int] = []
        self._longest = 0
        self._colours: dict[int, str] = {}
        self._styles: dict[int, tuple[Style, Style]] = {}
        self._looks: dict[str, Style] = {}
        self._cache: LRUCache[tuple, Strip] = LRUCache(1024)
        self._version = 0
        self._width = 0

    # state ---------------------------------------------------------------------------------
    def set_marks(self, marks: list[Mark], colours: dict[int, str]) -> None:
        """Show these codings, coloured by code id (the same again redraws nothing)."""
        marks = sorted(marks, key=lambda m: (m.start, m.id))
        if marks == self._marks and colours == self._colours:
            return
        self._marks = marks
        self._starts = [m.start for m in self._marks]
        self._longest = max((m.end - m.start for m in self._marks), default=0)
        self._colours = colours
        self._styles = {}
        self._version += 1  # every line's look may change; a cursor move changes only its lines
        self._changed()

    @property
    def selection(self) -> tuple[int, int] | None:
        """The selected span ``[start, end)``, if any."""
        if self.anchor is None or self.anchor == self.cursor:
            return None
        return min(self.anchor, self.cursor), max(self.anchor, self.cursor)

    def marks_between(self, start: int, end: int) -> list[Mark]:
        """Codings overlapping ``[start, end)``."""
        low = bisect_left(self._starts, start - self._longest)
        high = bisect_left(self._starts, end)
        return [m for m in self._marks[low:high] if m.end > start]

    def marks_at(self, offset: int) -> list[Mark]:
        """Codings covering `offset`, innermost (shortest) first."""
        return sorted(self.marks_between(offset, offset + 1), key=lambda m: m.end - m.start)

    def turn_label(self, offset: int) -> str:
        """The speaker of the turn holding `offset`, or ""."""
        return next((label for s, e, label in self.turns if s <= offset < e), "")

    def go_to(self, start: int, end: int | None = None) -> None:
        """Put the cursor at `start` (selecting up to `end`) and show it mid-screen."""
        self.anchor = start if end is not None else None
        self.cursor = end if end is not None else start
        self._shown = self.selection
        self._changed()
        self.call_after_refresh(self._centre, start)

    def _centre(self, offset: int) -> None:
        line = self.lines.line_of(offset)
        self.scroll_to(y=max(0, line - self.size.height // 3), animate=False, immediate=True)

    def _changed(self) -> None:
        self.refresh()
        self.post_message(self.CursorMoved())

    def _place(self, offset: int, extend: bool) -> None:
        offset = max(0, min(len(self.text), offset))
        if extend and self.anchor is None:
            self.anchor = self.cursor
        elif not extend:
            self.anchor = None
        self.cursor = offset
        self._follow()
        self._changed()

    def _follow(self) -> None:
        line, top, height = self.lines.line_of(self.cursor), self.scroll_offset.y, self.size.height
        if line < top:
            self.scroll_to(y=line, animate=False, immediate=True)
        elif height and line >= top + height:
            self.scroll_to(y=line - height + 1, animate=False, immediate=True)

    # layout --------------------------------------------------------------------------------
    def on_resize(self) -> None:
        whole = self.scrollable_content_region.width
        self._label_width = min(self._speakers + 1, max(6, whole // 4)) if self._speakers else 0
        width = max(10, whole - self._margin())
        if width != self._width:
            self._width = width
            self.relayout()

    def _margin(self) -> int:
        return self._label_width + STRIPES + 1

    def relayout(self) -> None:
        self.lines = wrap(self.text, self._width or 60)
        self._labels = {self.lines.line_of(s): label for s, _, label in self.turns}
        self.virtual_size = Size(self._width + self._margin(), len(self.lines))
        self._version += 1
        self._changed()

    # actions -------------------------------------------------------------------------------
    def action_move(self, delta: int, extend: bool = False) -> None:
        self._place(self.cursor + delta, extend)

    def action_move_line(self, delta: int, extend: bool = False) -> None:
        starts, ends = self.lines.starts, self.lines.ends
        line = self.lines.line_of(self.cursor)
        target = max(0, min(len(starts) - 1, line + delta))
        column = self.cursor - starts[line]
        self._place(min(starts[target] + column, ends[target]), extend)

    def action_move_page(self, direction: int) -> None:
        self.action_move_line(direction * max(1, self.size.height - 1))

    def action_line_edge(self, end: int) -> None:
        line = self.lines.line_of(self.cursor)
        self._place((self.lines.ends if end else self.lines.starts)[line], False)

    def action_go_to(self, offset: int) -> None:
        self._place(offset, False)

    def action_go_end(self) -> None:
        self._place(len(self.text), False)

    def action_select(self, unit: str) -> None:
        if self.selection is None:
            start, end = units.span(self.text, self.cursor, unit, self._turn_spans)
        else:
            start, end = self.selection[0], units.extend(
                self.text, self.selection[1], unit, self._turn_spans)
        self.anchor = start
        self.cursor = end
        self._follow()
        self._changed()

    def action_clear_selection(self) -> None:
        if self.selection is None or self.selection == self._shown:
            raise SkipAction()
        self._place(self.cursor, False)

    def action_next_coding(self, direction: int) -> None:
        starts = self._starts
        i = bisect_left(starts, self.cursor + 1) if direction > 0 else \
            bisect_left(starts, self.cursor) - 1
        if 0 <= i < len(starts):
            self._place(starts[i], False)

    # drawing -------------------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        index = y + self.scroll_offset.y
        width = self.size.width
        key = (index, width, self._version, self.has_focus, self._touches(index))
        strip = self._cache.get(key)
        if strip is None:
            strip = self._draw(index).adjust_cell_length(width, self.rich_style)
            self._cache[key] = strip
        return strip

    def _touches(self, index: int) -> tuple:
        """What of the cursor and the selection falls on line `index`: a line they do not touch keeps
        its cached drawing when they move."""
        if index >= len(self.lines):
            return ()
        start, end = self.lines.starts[index], self.lines.ends[index]
        cursor = self.cursor if start <= self.cursor <= end else None
        selection = self.selection
        if selection and selection[0] <= end and selection[1] > start:
            return cursor, max(selection[0], start), min(selection[1], end)
        return cursor, None

    def _draw(self, index: int) -> Strip:
        if index >= len(self.lines):
            return Strip([])
        start, end = self.lines.starts[index], self.lines.ends[index]
        here = self.marks_between(start, max(end, start + 1))
        segments = [self._label(index), *self._stripes(here), Segment(" ", self._look("text"))]
        cuts = {start, end, self.cursor, self.cursor + 1, *self._selection_edges()}
        cuts.update(p for m in here for p in (m.start, m.end))
        points = sorted(p for p in cuts if start <= p <= end)
        for a, b in zip(points, points[1:], strict=False):
            segments.append(Segment(glyphs(self.text[a:b]), self._style_at(a, here)))
        if start <= self.cursor and self.cursor == end and self._is_line_end(index):
            segments.append(Segment(" ", self._style_at(self.cursor, here)))
        return Strip(segments)

    def _is_line_end(self, index: int) -> bool:
        starts = self.lines.starts
        return index + 1 >= len(starts) or starts[index + 1] > self.cursor

    def _selection_edges(self) -> tuple[int, ...]:
        return self.selection or ()

    def _label(self, index: int) -> Segment:
        label = self._labels.get(index, "")
        room = self._label_width
        text = (label if len(label) < room else label[:room - 1] + "…").ljust(room)
        return Segment(glyphs(text), self._look("label"))

    def _stripes(self, here: list[Mark]) -> list[Segment]:
        shown = here[:STRIPES]
        text = self._look("text")
        cells = [Segment("▌", text + Style(color=self._colours.get(m.code_id, "#888888")))
                 for m in shown]
        if len(here) > STRIPES:
            cells[-1] = Segment("+", text + Style(bold=True))
        return cells + [Segment(" ", text)] * (STRIPES - len(cells))

    def _style_at(self, offset: int, here: list[Mark]) -> Style:
        covering = [m for m in here if m.start <= offset < m.end]
        style = self._look("text")
        if covering:
            inner = min(covering, key=lambda m: m.end - m.start)
            style = self._mark_style(inner.code_id)[len(covering) > 1]
        selection = self.selection
        if selection and selection[0] <= offset < selection[1]:
            style += self._look("selection")
        if offset == self.cursor and self.has_focus:
            style += Style(reverse=True)
        return style

    def _mark_style(self, code_id: int) -> tuple[Style, Style]:
        """The tint for text coded with a code: alone, and (underlined) overlapping another."""
        if code_id not in self._styles:
            background = Color.parse(self._var("background"))
            ground = background.blend(Color.parse(self._colours.get(code_id, "#888888")), 0.45).hex
            text = readable(ground, self._var("foreground"), self._var("background"))
            tint = Style(color=text, bgcolor=ground)
            self._styles[code_id] = (tint, tint + Style(underline=True))
        return self._styles[code_id]

    def _look(self, name: str) -> Style:
        """The theme's "text", speaker "label" and "selection" styles, each with its colours set
        and readable (WCAG AA): text never takes the terminal's own colours."""
        if not self._looks:
            text, ground, primary = self._var("foreground"), self._var("surface"), self._var("primary")
            self._looks = {
                "text": Style(color=text, bgcolor=ground),
                "label": Style(bold=True, color=readable(ground, self._var("accent"), text), bgcolor=ground),
                "selection": Style(color=readable(primary, self._var("background"), text), bgcolor=primary),
            }
        return self._looks[name]

    def _var(self, name: str) -> str:
        return self.app.theme_variables.get(name, "#808080")

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles, self._looks = {}, {}
        self._version += 1
