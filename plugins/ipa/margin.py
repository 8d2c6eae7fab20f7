"""A column beside the transcript, as on the paper worksheet: each entry (a note, a statement)
starts at the screen line of the passage it is on and wraps below it, pushed down when the lines
are taken; it scrolls with the transcript. Folded (a narrow terminal), it lists the entries of the
lines on screen instead, each after its line number."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from textual.cache import LRUCache
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget

from qodex.escape import glyphs


@dataclass(frozen=True)
class Entry:
    """One thing in the margin: at `start` of the text, `label` (e.g. "C") then its `words`."""

    key: int
    start: int
    label: str
    words: str
    style: str = ""


class Placement:
    """Screen line -> (text, entry) in `rows`: each entry wrapped to `width` from its line, or from
    the first free line after the entry above it. Entries are placed only as far down as asked (a
    later entry lands below both its own line and the last one placed), so a screenful costs the
    entries on it, each wrapped once."""

    def __init__(self, lines: list[tuple[int, Entry]], width: int):
        self.waiting = sorted(lines, key=lambda pair: (pair[0], pair[1].start, pair[1].key), reverse=True)
        self.width = max(4, width)
        self.rows: dict[int, tuple[str, Entry | None]] = {}
        self.lines_of: dict[int, list[int]] = {}  # an entry's key -> the lines it is on
        self.free = 0

    def upto(self, bottom: int) -> dict[int, tuple[str, Entry | None]]:
        """The rows, final on every line above `bottom`."""
        while self.waiting and self.waiting[-1][0] < bottom and self.free < bottom:
            line, entry = self.waiting.pop()
            self.free = max(self.free, line)
            for text in textwrap.wrap(f"{entry.label} {entry.words}", self.width,
                                      subsequent_indent="  ") or [entry.label]:
                self.rows[self.free] = (text, entry)
                self.lines_of.setdefault(entry.key, []).append(self.free)
                self.free += 1
        return self.rows

    def all(self) -> dict[int, tuple[str, Entry | None]]:
        while self.waiting:
            self.upto(max(self.free, self.waiting[-1][0]) + 1)
        return self.rows


class Margin(Widget):
    """Entries beside `view` (a TranscriptView); `marked` and `current` keys are highlighted."""

    DEFAULT_CSS = "Margin { width: 1fr; height: 1fr; }"

    def __init__(self, view, title: str, hint: str, *, id: str | None = None):
        super().__init__(id=id)
        self.view, self.title, self.hint = view, title, hint
        self.entries: list[Entry] = []
        self.marked: set[int] = set()
        self.current: set[int] = set()
        self.folded = False
        self._placement = Placement([], 0)
        self._for: tuple = ()
        self._basis: tuple = (None, None)
        self._first = 0  # the placed line drawn at the top
        self._strips: LRUCache[tuple, Strip] = LRUCache(256)  # drawn lines, while placed the same

    def show(self, entries: list[Entry]) -> None:
        """Show these entries (the same again redraws nothing)."""
        if entries != self.entries:
            self.entries, self._for = entries, ()
            self.refresh()

    def highlight(self, marked: set[int], current: set[int]) -> None:
        """Highlight the `marked` and `current` entries, redrawing only the lines of those whose
        highlight changed."""
        changed = (marked ^ self.marked) | (current ^ self.current)
        if not changed:
            return
        self.marked, self.current = set(marked), set(current)
        if self._placed():
            self.refresh()
            return
        top = self._top()
        for row in {row for key in changed for row in self._placement.lines_of.get(key, ())}:
            if 0 <= row - top < self.size.height:
                self.refresh(Region(0, row - top, self.size.width, 1))

    def _placed(self) -> bool:
        """Place the entries again if they, the width, the transcript's wrapping or (folded) the
        lines on screen changed since they were placed (the same objects, not equal ones: cheap to
        check); whether it did."""
        basis = (self.entries, self.view.lines)
        key = (self.size.width, self.folded, self.view.scroll_offset.y if self.folded else 0)
        if key == self._for and all(a is b for a, b in zip(basis, self._basis, strict=True)):
            return False
        self._for, self._basis, self._placement = key, basis, self._place()
        self._strips.clear()
        return True

    def _top(self) -> int:
        """The placed line shown first."""
        return 0 if self.folded or not self.entries else self.view.scroll_offset.y

    def render_lines(self, crop: Region) -> list[Strip]:
        self._placed()  # once a frame, not once a line
        self._first = self._top()
        return super().render_lines(crop)

    def _place(self) -> Placement:
        layout, width = self.view.lines, self.size.width - 2
        if not self.entries:
            placement = Placement([], width)
            placement.rows = dict(enumerate((text, None) for text in textwrap.wrap(self.hint, max(4, width))))
            return placement
        if not self.folded:
            return Placement([(layout.line_of(e.start), e) for e in self.entries], width)
        top = self.view.scroll_offset.y
        bottom = top + self.view.size.height
        shown = [e for e in self.entries if top <= layout.line_of(e.start) < bottom]
        rows = Placement([(0, Entry(e.key, e.start, f"{self._line(e)} {e.label}", e.words, e.style))
                          for e in shown], width)
        placement = Placement([], width)
        placement.rows = {i + 1: row for i, row in rows.all().items()} | {0: (self.title, None)}
        placement.lines_of = {key: [i + 1 for i in lines] for key, lines in rows.lines_of.items()}
        return placement

    def _line(self, entry: Entry) -> str:
        return f"l.{self.view.lines.line_of(entry.start) + 1}"

    def render_line(self, y: int) -> Strip:
        index = y + self._first
        text, entry = self._placement.upto(index + 1).get(index, ("", None))
        key = (index, entry and (entry.key in self.marked, entry.key in self.current))
        strip = self._strips.get(key)
        if strip is None:
            segments = [Segment("│ ", Style(dim=True)), Segment(glyphs(text), self._style(entry))]
            strip = Strip(segments).adjust_cell_length(self.size.width)
            self._strips[key] = strip
        return strip
    def _style(self, entry: Entry | None) -> Style:
        if entry is None:
            return Style(bold=True) if self.folded and self.entries else Style(dim=True, italic=True)
        style = Style(bold=entry.style == "bold", italic=entry.style == "italic",
                      underline=entry.style == "underline")
        if entry.key in self.marked:
            style += Style(reverse=True)
        elif entry.key in self.current:
            style += Style(bold=True, underline=True)
        return style
