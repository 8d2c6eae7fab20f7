"""A column beside the transcript, as on the paper worksheet: each entry (a note, a statement)
starts at the screen line of the passage it is on and wraps below it, pushed down when the lines
are taken; it scrolls with the transcript. Folded (a narrow terminal), it lists the entries of the
lines on screen instead, each after its line number."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
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


def place(lines: list[tuple[int, Entry]], width: int) -> dict[int, tuple[str, Entry]]:
    """Screen line -> (text, entry): each entry wrapped to `width` from its line, or from the
    first free line after the entry above it."""
    placed: dict[int, tuple[str, Entry]] = {}
    free = 0
    for line, entry in sorted(lines, key=lambda pair: (pair[0], pair[1].start, pair[1].key)):
        free = max(free, line)
        for text in textwrap.wrap(f"{entry.label} {entry.words}", max(4, width),
                                  subsequent_indent="  ") or [entry.label]:
            placed[free] = (text, entry)
            free += 1
    return placed


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
        self._placed: dict[int, tuple[str, Entry]] = {}
        self._for: tuple = ()

    def show(self, entries: list[Entry]) -> None:
        """Show these entries."""
        self.entries, self._for = entries, ()
        self.refresh()

    def highlight(self, marked: set[int], current: set[int]) -> None:
        """Highlight the `marked` and `current` entries (redrawn only when they change)."""
        if (marked, current) != (self.marked, self.current):
            self.marked, self.current = set(marked), set(current)
            self.refresh()

    def lines(self) -> dict[int, tuple[str, Entry]]:
        """The placed entries, recomputed when the entries, the width or the wrapping change."""
        key = (id(self.entries), self.size.width, self.view.lines, self.folded,
               self.view.scroll_offset.y if self.folded else 0)
        if key != self._for:
            self._for, self._placed = key, self._place()
        return self._placed

    def _place(self) -> dict[int, tuple[str, Entry]]:
        layout, width = self.view.lines, self.size.width - 2
        if not self.entries:
            return dict(enumerate((text, None) for text in textwrap.wrap(self.hint, max(4, width))))
        if not self.folded:
            return place([(layout.line_of(e.start), e) for e in self.entries], width)
        top = self.view.scroll_offset.y
        bottom = top + self.view.size.height
        shown = [e for e in self.entries if top <= layout.line_of(e.start) < bottom]
        rows = place([(0, Entry(e.key, e.start, f"{self._line(e)} {e.label}", e.words, e.style))
                      for e in shown], width)
        return {i + 1: row for i, row in rows.items()} | {0: (self.title, None)}

    def _line(self, entry: Entry) -> str:
        return f"l.{self.view.lines.line_of(entry.start) + 1}"

    def render_line(self, y: int) -> Strip:
        index = y if self.folded or not self.entries else y + self.view.scroll_offset.y
        text, entry = self.lines().get(index, ("", None))
        style = self._style(entry)
        rule = Segment("│ ", Style(dim=True))
        return Strip([rule, Segment(glyphs(text), style)]).adjust_cell_length(self.size.width)

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
