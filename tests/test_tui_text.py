"""Wrapping and selection units of the transcript view (no Textual needed)."""

import pytest

from qodex.tui import units
from qodex.tui.layout import wrap

TEXT = "Anne: Twenty years. He knows me!\nSecond paragraph here."


def test_wrap_breaks_at_spaces_and_keeps_offsets():
    lines = wrap(TEXT, 12)
    shown = [TEXT[a:b] for a, b in zip(lines.starts, lines.ends, strict=True)]
    assert shown == ["Anne: Twenty", "years. He", "knows me!", "Second", "paragraph", "here."]
    assert lines.line_of(TEXT.index("knows")) == 2


def test_wrap_cuts_words_longer_than_a_line():
    lines = wrap("abcdefghij", 4)
    assert list(zip(lines.starts, lines.ends, strict=True)) == [(0, 4), (4, 8), (8, 10)]


def test_empty_paragraphs_are_lines():
    assert len(wrap("a\n\nb", 10)) == 3


@pytest.mark.parametrize(("unit", "offset", "expected"), [
    ("word", 8, "Twenty"),
    ("word", 4, "Twenty"),
    ("sentence", 8, "Anne: Twenty years."),
    ("sentence", 22, "He knows me!"),
    ("paragraph", 40, "Second paragraph here."),
])
def test_units(unit, offset, expected):
    start, end = units.span(TEXT, offset, unit, [])
    assert TEXT[start:end] == expected


def test_turns_come_from_segments():
    turns = [(0, 32), (33, len(TEXT))]
    start, end = units.span(TEXT, 10, "turn", turns)
    assert TEXT[start:end] == "Anne: Twenty years. He knows me!"


def test_extend_takes_in_the_next_unit():
    start, end = units.span(TEXT, 8, "sentence", [])
    assert TEXT[start:units.extend(TEXT, end, "sentence", [])] == "Anne: Twenty years. He knows me!"
