"""The worksheet drawn in the terminal: its rows laid out once per width as lines of styled text,
then only the lines on screen drawn as it scrolls (a long transcript scrolls as fast as a short one).

From 80 columns, three columns beside the line numbers (transcript | notes | statements); narrower,
a stack: each transcript line, then its notes and its statements, indented.
"""

from __future__ import annotations

import textwrap
from itertools import zip_longest

from rich.cells import set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from qodex.escape import glyphs
from qodex.plugins.ipa.reading import FOLD

DIM, NOTE, STATEMENT, HEAD = Style(dim=True), Style(italic=True), Style(bold=True), Style(bold=True)
RULE = Segment(" │ ", DIM)
Line = list[Segment]


def _wrap(text, width: int) -> list[str]:
    """`text` (each of its lines) wrapped to `width`; at least one, maybe empty, line."""
    return [part for line in glyphs(str(text)).split("\n")
            for part in textwrap.wrap(line, max(4, width)) or [""]]


def side_by_side(rows: list[dict], width: int) -> list[Line]:
    """The rows as four columns: line number, transcript (the widest), notes, statements."""
    if not rows:
        return []
    rest = max(12, width - 4 - 3 * len(RULE.text))
    widths = (4, rest // 2, rest // 4, rest - rest // 2 - rest // 4)
    lines = _beside([_wrap(name, w) for name, w in zip(rows[0], widths, strict=True)], widths,
                    (HEAD,) * 4)
    lines.append([Segment("─" * (sum(widths) + 3 * len(RULE.text)), DIM)])
    for row in rows:
        heading = row[next(iter(row))] == ""
        lines += _beside([_wrap(value, w) for value, w in zip(row.values(), widths, strict=True)],
                         widths, (HEAD,) * 4 if heading else (DIM, Style(), NOTE, STATEMENT))
    return lines


def _beside(columns: list[list[str]], widths, styles) -> list[Line]:
    """Lines of the columns' wrapped text side by side, each cell padded to its width."""
    return [[segment for n, (part, width, style) in enumerate(zip(parts, widths, styles, strict=True))
             for segment in ([RULE] if n else []) + [Segment(
                 set_cell_size(part.rjust(width) if n == 0 else part, width), style)]]
            for parts in zip_longest(*columns, fillvalue="")]


def stacked(rows: list[dict], width: int) -> list[Line]:
    """The rows one below the other: the numbered line, then its notes, then its statements."""
    lines: list[Line] = []
    for row in rows:
        number, words, noted, stated = row.values()
        if number == "":
            lines += [[Segment(part, HEAD)] for part in _wrap(words, width)]
            continue
        lines += [[Segment(f"{number:>4} " if n == 0 else " " * 5, DIM), Segment(part)]
                  for n, part in enumerate(_wrap(words, width - 5))]
        lines += _entries(noted, width, " " * 7, NOTE) + _entries(stated, width, "     • ", STATEMENT)
    return lines


def _entries(text: str, width: int, mark: str, style: Style) -> list[Line]:
    """Each line of `text` (a note, a statement) wrapped after `mark`, its continuation under it."""
    return [[Segment((mark if n == 0 else " " * len(mark)) + part, style)]
            for entry in filter(None, text.split("\n"))
            for n, part in enumerate(_wrap(entry, width - len(mark)))]


class Page(ScrollView, can_focus=True):
    """The worksheet's rows, laid out again only when they or the width change."""

    DEFAULT_CSS = "Page { height: 1fr; }"

    def __init__(self, *, id: str | None = None):
        super().__init__(id=id)
        self.rows: list[dict] = []
        self.lines: list[Line] = []
        self._for: tuple = ()

    def show(self, rows: list[dict]) -> None:
        """Show these rows (from `qodex.plugins.ipa.worksheet.rows`)."""
        self.rows = rows
        self._layout()
        self.refresh()

    def _layout(self) -> None:
        width = self.scrollable_content_region.width
        folded = self.screen.size.width < FOLD
        if (id(self.rows), width, folded) != self._for and width:
            self._for = (id(self.rows), width, folded)
            self.lines = (stacked if folded else side_by_side)(self.rows, width)
            self.virtual_size = Size(width, len(self.lines))

    def on_resize(self) -> None:
        self._layout()

    def render_line(self, y: int) -> Strip:
        self._layout()
        index = y + self.scroll_offset.y
        line = self.lines[index] if index < len(self.lines) else []
        return Strip(line).adjust_cell_length(self.scrollable_content_region.width, self.rich_style)
