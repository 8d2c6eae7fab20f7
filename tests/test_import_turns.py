"""Speaker turns, shared by the txt, docx, pdf and subtitle importers."""

from __future__ import annotations

import random

from qodex.plugins.importers import txt
from qodex.plugins.importers.turns import Para, find_turns, lines, speaker, text_turns


def turns(text: str) -> list[tuple[str, str]]:
    found = text_turns(text)
    assert found == find_turns(text, lines(text))
    return [(s.label, text[s.start:s.end]) for s in found]


def test_plain_text_turns_are_those_of_its_lines_as_paragraphs():
    """The plain-text reader (txt, PDF) finds what the paragraph reader finds on the same lines,
    however labels, blank lines, odd white space and one-off names are mixed."""
    pieces = ["Interviewer:", "I:", "P2:", "Anne:", "ANNE SMITH:", "Note:", "Dr. No:", "(a):", "é:",
              "2:", "x: y", ":", "words", "more.", " ", "\t", "\u00a0", "\x0b", "\n", "\n", "  \n"]
    rng = random.Random(18)
    for _ in range(3000):
        text = "".join(rng.choice(pieces) + rng.choice(("", " ")) for _ in range(rng.randint(0, 30)))
        assert text_turns(text) == find_turns(text, lines(text)), repr(text)


def test_usual_labels_and_continued_paragraphs():
    text = ("Interview 5 — Mette\n\nInterviewer: Shall we start?\n\nMette: Sure. I'm 44.\n\n"
            "And I work here.\n\nMette: Yes.\nI: Thanks.\nP: You're welcome.\n")
    assert turns(text) == [("Interviewer", "Shall we start?"),
                           ("Mette", "Sure. I'm 44.\n\nAnd I work here."), ("Mette", "Yes."),
                           ("I", "Thanks."), ("P", "You're welcome.")]


def test_capitals_and_names_count_when_they_recur():
    text = "ANNE SMITH: One.\nDR KROGH: Two.\nANNE SMITH: Three.\nDR KROGH: Four.\n"
    assert [label for label, _ in turns(text)] == ["ANNE SMITH", "DR KROGH", "ANNE SMITH", "DR KROGH"]


def test_ordinary_prose_and_one_off_labels_are_no_speakers():
    text = ("Note: recorded at home.\nThe doctor said: come back.\nAt 10:30 we met.\n"
            "however, she said: no.\n")
    assert turns(text) == []


def test_a_bold_name_is_a_speaker():
    text = "Anne Yes, of course.\nKaj No.\nAnne Well.\nKaj Right."
    paras = [Para(p.start, p.end, p.start + text[p.start:].index(" ")) for p in lines(text)]
    assert [(s.label, text[s.start:s.end]) for s in find_turns(text, paras)] == [
        ("Anne", "Yes, of course."), ("Kaj", "No."), ("Anne", "Well."), ("Kaj", "Right.")]
    bold_colon = "Dana: once only"
    assert [s.label for s in find_turns(bold_colon, [Para(0, 15, 5)])] == ["Dana"]


def test_headings_and_tables_end_a_turn():
    text = "Interviewer: Hi.\nMore.\nSection two\nInterviewer: Again."
    paras = [Para(0, 16), Para(17, 22), Para(23, 34, kind="heading"), Para(35, 54)]
    assert [(s.label, text[s.start:s.end]) for s in find_turns(text, paras)] == [
        ("Interviewer", "Hi.\nMore."), ("Interviewer", "Again.")]


def test_speaker_helper():
    assert speaker("Speaker 2: hello") == ("Speaker 2", 11)
    assert speaker("just text") is None


def test_txt_sources_carry_turns(tmp_path):
    path = tmp_path / "P05.txt"
    path.write_bytes("Interviewer: Hvordan går det?\r\n\r\nMette: Godt.\r\nMette: Bæk.\r\n".encode())
    source = txt.read(path, {}).sources[0]
    assert source.text == "Interviewer: Hvordan går det?\n\nMette: Godt.\nMette: Bæk.\n"
    assert [(s.kind, s.label, source.text[s.start:s.end]) for s in source.segments] == [
        ("turn", "Interviewer", "Hvordan går det?"), ("turn", "Mette", "Godt."), ("turn", "Mette", "Bæk.")]
