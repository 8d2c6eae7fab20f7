"""Merging two coders' copies: nothing lost, duplicates once, conflicts reported and kept."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qodex.project import Project
from qodex.project.backup import backup
from qodex.project.check import check
from qodex.project.edit import Edit, edit_source
from qodex.project.merge import merge

TEXTS = {"P01": "Anne: I trust Dr Krogh. He knows me and my family.\n",
         "P02": "Poul: A new doctor every time. I do not like that.\n"}


def work(project) -> set[tuple]:
    """Every coding as (source GUID, code path, quoted words, coder)."""
    paths = project.codes.paths()
    rows = project.rows('SELECT s.guid, c.code_id, substr(s.text, c.start + 1, c."end" - c.start)'
                        " AS quote, d.name FROM codings c JOIN sources s ON s.id = c.source_id"
                        " JOIN coders d ON d.id = c.coder_id")
    return {(r["guid"], paths[r["code_id"]], r["quote"], r["name"]) for r in rows}


def code_words(project, source: str, code: str, words: str) -> None:
    text = project.sources.get(source).text
    start = text.index(words)
    project.codings.add(source, project.codes.ensure(code), start, start + len(words))


@pytest.fixture
def copies(tmp_path):
    base = Project.create(tmp_path / "base.qodex", coder="astrid")
    for name, text in TEXTS.items():
        base.sources.add(name, text)
    code_words(base, "P01", "Trust", "I trust Dr Krogh")
    base.cases.add("Anne")
    base.cases.link("Anne", "P01")
    base.attributes.define("age", "number")
    base.cases.set_values("Anne", {"age": 67})
    for copy in ("astrid", "bjorn"):
        backup(base, tmp_path / f"{copy}.qodex")
    base.close()
    a = Project.open(tmp_path / "astrid.qodex", coder="astrid")
    b = Project.open(tmp_path / "bjorn.qodex", coder="bjorn")
    yield a, b
    a.close()
    b.close()


def test_two_coders_work_merges_with_nothing_lost(copies):
    a, b = copies
    code_words(a, "P01", "Known", "He knows me")
    start = a.sources.get("P02").text.index("A new")
    edit_source(a, "P02", [Edit(start, start + 5, "Another")])  # a typo fixed in one copy
    a.codes.update("Trust", name="Trust in GP")
    code_words(b, "P02", "Discontinuity", "new doctor every time")
    code_words(b, "P01", "Trust", "I trust Dr Krogh")  # the same span by another coder
    b.codes.update("Trust", name="Trusting")
    b.sources.add("P03", "Inger: I always see the same one.\n")
    code_words(b, "P03", "Continuity", "always see the same one")
    b.memos.add("a good quote", target="source", ref="P01", start=0, end=4)
    b.cases.set_values("Anne", {"age": 68})
    mine, theirs = work(a), work(b)
    report = merge(a, b)
    merged = work(a)
    renamed = {(g, "Trust in GP" if p in ("Trust", "Trusting") else p, q, c) for g, p, q, c in theirs}
    assert {(g, p, q, c) for g, p, q, c in renamed if "new doctor" not in q} <= merged
    assert mine <= merged
    assert ("Another doctor every time", "bjorn") in {(q, c) for _, _, q, c in merged}
    assert len(merged) == len(mine) + 3
    assert len(a.sources) == 3 and a.memos.list("source", "P01")[0].body == "a good quote"
    assert a.cases.values("Anne")["age"] == 67
    assert {m.title for m in a.memos.list()} == {None, "merged from bjorn.qodex"}
    assert len(report.conflicts) == 3  # the code's name, the edited source, the case value
    assert check(a) == []


def test_dry_run_changes_nothing_and_merging_twice_adds_nothing(copies):
    a, b = copies
    code_words(b, "P02", "Discontinuity", "new doctor every time")
    before = work(a)
    dry = merge(a, b, dry_run=True)
    assert work(a) == before and dry.added["codings"] == 1
    merge(a, b)
    again = merge(a, b)
    assert again.added["codings"] == 0 and not again.conflicts


def test_a_source_whose_coded_words_went_comes_in_beside_it(copies):
    a, b = copies
    code_words(b, "P02", "Dislike", "I do not like that")
    text = a.sources.get("P02").text
    start = text.index(" I do not like that")
    edit_source(a, "P02", [Edit(start, start + len(" I do not like that"), "")])
    report = merge(a, b)
    assert "beside it" in report.conflicts[0]
    assert ("Dislike", "I do not like that") in {(p, q) for _, p, q, _ in work(a)}


spans = st.lists(st.tuples(st.sampled_from(sorted(TEXTS)), st.sampled_from(["A", "B", "A/C"]),
                           st.integers(0, 40), st.integers(1, 10)), max_size=6)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(mine=spans, theirs=spans)
def test_merges_lose_nothing(tmp_path, mine, theirs):
    folder = tmp_path / f"m{next(_counter)}"
    folder.mkdir()
    base = Project.create(folder / "base.qodex", coder="astrid")
    for name, text in TEXTS.items():
        base.sources.add(name, text)
    backup(base, folder / "b.qodex")
    a, b = base, Project.open(folder / "b.qodex", coder="bjorn")
    for project, codings in ((a, mine), (b, theirs)):
        for source, code, start, width in codings:
            project.codings.add(source, project.codes.ensure(code), start, start + width)
    expected = work(a) | work(b)
    merge(a, b)
    assert work(a) == expected
    assert check(a) == []
    a.close()
    b.close()


_counter = itertools.count()
