"""Editing text after coding: codings, memo anchors and turns keep covering their words."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qodex.bundle import SegmentData
from qodex.errors import QodexError
from qodex.project import history
from qodex.project.check import check
from qodex.project.edit import Edit, edit_source, map_span

TEXT = "Interviewer: Who is your doctor?\nAnne: Dr Krogh. I trust him, he knows me.\n"


@pytest.fixture
def coded(project):
    source = project.sources.add("P01", TEXT, segments=[SegmentData("turn", 0, 33, "Interviewer"),
                                                         SegmentData("turn", 33, len(TEXT), "Anne")])
    for words in ("Dr Krogh", "I trust him", "he knows me", "Krogh. I trust"):
        start = TEXT.index(words)
        project.codings.add(source, project.codes.ensure("Trust"), start, start + len(words))
    start = TEXT.index("Krogh")
    project.memos.add("the GP", target="source", ref=source, start=start, end=start + 5)
    return project


def quotes(project) -> list[str]:
    return [project.codings.quote(c) for c in project.codings.list()]


def test_pseudonymising_a_coded_name_keeps_the_coding_on_the_pseudonym(coded):
    start = TEXT.index("Krogh")
    report = edit_source(coded, "P01", [Edit(start, start + 5, "Hansen")])
    assert quotes(coded) == ["Dr Hansen", "Hansen. I trust", "I trust him", "he knows me"]
    memo = coded.memos.list()[0]
    assert coded.sources.get("P01").text[memo.start:memo.end] == "Hansen"
    turns = coded.sources.segments("P01")
    assert [coded.sources.get("P01").text[t.start:t.end].split(":")[0] for t in turns] == \
        ["Interviewer", "Anne"]
    assert report.codings["resized"] == 2 and report.codings["shifted"] == 2
    assert check(coded) == []


def test_deleting_all_of_a_coded_passage_is_refused_unless_forced(coded):
    start = TEXT.index(" he knows me")
    before = quotes(coded)
    with pytest.raises(QodexError, match="would lose 1 coding"):
        edit_source(coded, "P01", [Edit(start, start + len(" he knows me"), "")])
    assert quotes(coded) == before
    report = edit_source(coded, "P01", [Edit(start, start + len(" he knows me"), "")], force=True)
    assert report.codings["lost"] == 1
    assert quotes(coded) == ["Dr Krogh", "Krogh. I trust", "I trust him"]


def test_a_line_break_inserted_inside_a_coding_splits_it(coded):
    at = TEXT.index(" I trust")
    edit_source(coded, "P01", [Edit(at, at, "\n[pause]\n")])
    assert sorted(quotes(coded)) == sorted(["Dr Krogh", "Krogh.", " I trust", "I trust him",
                                            "he knows me"])


def test_an_edit_is_undone_with_its_codings(coded):
    before = [(c.start, c.end) for c in coded.codings.list()]
    edit_source(coded, "P01", [Edit(0, 11, "I")])
    history.undo(coded)
    assert coded.sources.get("P01").text == TEXT
    assert [(c.start, c.end) for c in coded.codings.list()] == before


def test_overlapping_edits_are_refused(coded):
    with pytest.raises(QodexError, match="overlap"):
        edit_source(coded, "P01", [Edit(0, 5, "a"), Edit(3, 8, "b")])


# properties -------------------------------------------------------------------------------------
def expected(text: str, start: int, end: int, edit: Edit) -> list[str]:
    """The words a span should cover after `edit`: its own, with the edited part replaced."""
    s, e, new = edit
    if e <= start or s >= end:
        return [text[start:end]]
    if s == e and "\n" in new:
        return [text[start:s], text[s:end]]
    return [text[start:max(start, s)] + new + text[min(end, e):end]]


texts = st.text(alphabet="ab \n", min_size=1, max_size=40)


@given(data=st.data(), text=texts)
def test_map_span_keeps_the_words(data, text):
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    s = data.draw(st.integers(0, len(text)))
    e = data.draw(st.integers(s, len(text)))
    edit = Edit(s, e, data.draw(st.text(alphabet="xy \n", max_size=6)))
    after = text[:s] + edit.text + text[e:]
    got = [after[a:b] for a, b in map_span(start, end, edit)]
    want = [w for w in expected(text, start, end, edit) if w]
    assert got == want


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(data=st.data())
def test_edits_through_the_api_keep_codings_on_their_words(project, data):
    text = data.draw(st.text(alphabet="abc .", min_size=5, max_size=60))
    name = f"s{len(project.sources)}"
    source = project.sources.add(name, text)
    code = project.codes.ensure("C")
    spans = data.draw(st.lists(st.tuples(st.integers(0, len(text) - 1), st.integers(1, 20)),
                               min_size=1, max_size=5))
    for start, width in spans:
        project.codings.add(source, code, start, min(len(text), start + width))
    s = data.draw(st.integers(0, len(text)))
    e = data.draw(st.integers(s, len(text)))
    edit = Edit(s, e, data.draw(st.text(alphabet="xyz", max_size=5)))
    before = {c.id: expected(text, c.start, c.end, edit) for c in project.codings.list(source)}
    edit_source(project, source, [edit], force=True)
    new = project.sources.get(source).text
    assert new == text[:s] + edit.text + text[e:]
    for coding in project.codings.list(source):
        words = before[coding.id][0]
        if words:
            assert new[coding.start:coding.end] == words
    assert check(project) == []
