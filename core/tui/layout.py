"""Soft-wrapping a source's text into screen lines, remembered as offsets (never as copies)."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass


@dataclass(frozen=True)
class Layout:
    """Screen line ``i`` shows ``text[starts[i]:ends[i]]``; the next line starts after a break."""

    starts: list[int]
    ends: list[int]

    def __len__(self) -> int:
        return len(self.starts)

    def line_of(self, offset: int) -> int:
        """The screen line that shows `offset` (a break belongs to the line before it)."""
        return max(0, bisect_right(self.starts, offset) - 1)


def wrap(text: str, width: int) -> Layout:
    """Break each paragraph at spaces so no line is longer than `width` (long words are cut)."""
    width = max(1, width)
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    for paragraph in text.split("\n"):
        n, s = len(paragraph), 0
        while True:
            if n - s <= width:
                starts.append(pos + s)
                ends.append(pos + n)
                break
            cut = paragraph.rfind(" ", s, s + width + 1)
            stop, s_next = (cut, cut + 1) if cut > s else (s + width, s + width)
            starts.append(pos + s)
            ends.append(pos + stop)
            s = s_next
        pos += n + 1
    return Layout(starts, ends)
