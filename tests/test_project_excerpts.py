"""`project.excerpts`: spans read as a reader sees them (source, line, words), and the codings a
report may quote, chosen in SQL."""

from __future__ import annotations

import pytest

TEXT = "I: How are you?\nP: Tired. Very tired.\nI: Why?\nP: The nights.\n"


@pytest.fixture
def study(project):
    source = project.sources.add("P01", TEXT)
    other = project.sources.add("P02", "P: Fine.\nP: Quite fine.\n")
    tired, fine = project.codes.add("Tired"), project.codes.add("Fine")
    nights = project.codes.add("Nights", parent=tired)
    add = project.codings.add
    add(source, tired, TEXT.index("Very"), TEXT.index("Very") + 11)       # 2nd line, later
    add(source, tired, TEXT.index("Tired"), TEXT.index("Tired") + 6)      # 2nd line, first
    add(source, nights, TEXT.index("The nights"), TEXT.index("The nights") + 10,
        memo="Quote this one")                                              # 4th line, flagged
    project.codings.mark(add(source, tired, 0, 2), "denial")               # a counter-instance
    add(other, fine, 12, 22)
    add(other, nights, 12, 22)
    add(other, tired, 3, 8)
    return project


def test_excerpts_give_source_line_and_words_in_the_order_asked(study):
    start = TEXT.index("The nights")
    found = study.excerpts.of([(1, start, start + 10), (2, 12, 22), (1, 0, 1), (99, 0, 1)])
    assert [(x.source, x.line, x.quote) for x in found] == [
        ("P01", 4, "The nights"), ("P02", 2, "Quite fine"), ("P01", 1, "I")]
    assert study.excerpts.of([]) == []


def test_coded_gives_supporting_codings_flagged_by_memo_and_each_sources_first(study):
    tired = study.scopes.code_and_below("Tired")
    coder = study.coders.get(study.coder_name).id
    found = study.excerpts.coded(tired, coder)
    assert [(s, start, flagged) for _, s, start, _, flagged in found] == [
        ("P01", TEXT.index("Tired"), False), ("P01", TEXT.index("Very"), False),
        ("P01", TEXT.index("The nights"), True), ("P02", 3, False), ("P02", 12, False)]
    assert [(s, start) for _, s, start, _, _ in study.excerpts.coded(tired, coder, first=True)] == [
        ("P01", TEXT.index("The nights")), ("P02", 3)]
    assert study.excerpts.coded(tired, coder + 1) == []


def test_a_read_only_view_reads_excerpts(study):
    with study.view() as view:
        assert [x.quote for x in view.excerpts.of([(2, 3, 8)])] == ["Fine."]
