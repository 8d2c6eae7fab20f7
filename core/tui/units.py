"""Selection units in a text: word, sentence, paragraph and speaker turn around an offset."""

from __future__ import annotations

import re
from bisect import bisect_right

UNITS = ("word", "sentence", "paragraph", "turn")
_WORD = re.compile(r"\w[\w'’-]*")
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)]*(?=\s|$)")


def paragraph(text: str, offset: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    return start, len(text) if end < 0 else end


def word(text: str, offset: int) -> tuple[int, int]:
    """The word at `offset`, or the next one."""
    for found in _WORD.finditer(text, max(0, offset - 64)):
        if found.end() > offset:
            return found.span()
    return offset, min(len(text), offset + 1)


def sentence(text: str, offset: int) -> tuple[int, int]:
    """The sentence at `offset`, never crossing a paragraph break."""
    p_start, p_end = paragraph(text, offset)
    start = p_start
    for found in _SENTENCE_END.finditer(text, p_start, p_end):
        if found.end() > offset:
            return _strip(text, start, found.end())
        start = found.end()
    return _strip(text, start, p_end)


def turn(text: str, offset: int, turns: list[tuple[int, int]]) -> tuple[int, int]:
    """The speaker turn holding `offset` (`turns` sorted by start); else its paragraph."""
    i = bisect_right([s for s, _ in turns], offset) - 1
    if i >= 0 and turns[i][0] <= offset < turns[i][1]:
        return _strip(text, *turns[i])
    return paragraph(text, offset)


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def span(text: str, offset: int, unit: str, turns: list[tuple[int, int]]) -> tuple[int, int]:
    """The `unit` around `offset`; an empty unit falls back to one character."""
    offset = min(max(0, offset), max(0, len(text) - 1))
    if unit == "turn":
        start, end = turn(text, offset, turns)
    else:
        start, end = {"word": word, "sentence": sentence, "paragraph": paragraph}[unit](text, offset)
    return (start, end) if start < end else (offset, min(len(text), offset + 1))


def extend(text: str, end: int, unit: str, turns: list[tuple[int, int]]) -> int:
    """Where a selection ending at `end` ends once it takes in the next `unit`."""
    nxt = end
    while nxt < len(text) and text[nxt].isspace():
        nxt += 1
    return end if nxt >= len(text) else span(text, nxt, unit, turns)[1]
