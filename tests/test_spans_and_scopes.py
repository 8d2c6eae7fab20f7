"""The reads analyses and reports make through the API (`project.spans`, `project.scopes`), on a
small study: two interviews, two coders, a code tree and cases with an attribute."""

from __future__ import annotations

import pytest

from qodex import QodexError, SegmentData
from qodex.project import Project

ANNE = "I: How are you?\nA: Tired, and worried about the doctor."
BJORN = "I: And you?\nB: Fine."


@pytest.fixture
def study(tmp_path, host):
    project = Project.create(tmp_path / "study.qodex", coder="ana", host=host)
    anne = project.sources.add("P01", ANNE, segments=[SegmentData("turn", 0, 15, "I"),
                                                      SegmentData("turn", 16, len(ANNE), "A")])
    bjorn = project.sources.add("P02", BJORN)
    mood = project.codes.add("Mood")
    worry = project.codes.add("Worry", parent=mood)
    project.codes.add("Other")
    project.codings.add(anne, worry, 19, 24)
    project.codings.add(bjorn, mood, 15, 19)
    project.attributes.define("age", "number")
    for name, source, age in (("Anne", anne, 41), ("Bjorn", bjorn, None)):
        case = project.cases.add(name)
        project.cases.link(case, source)
        if age:
            project.cases.set_values(case, {"age": age})
    with Project.open(project.path, coder="ben", host=host) as colleague:
        colleague.codings.add("P01", "Mood", 16, 24)
    yield project
    project.close()


def quotes(project, spans):
    texts = project.spans.texts({s.source_id for s in spans})
    return [texts[s.source_id][s.start:s.end] for s in spans]


def test_codings_are_read_as_spans_filtered_by_code_source_and_coder(study):
    mood, worry = study.codes.get("Mood").id, study.codes.get("Mood/Worry").id
    ben = study.coders.get("ben").id
    assert quotes(study, study.spans.codings()) == ["A: Tired", "Tired", "Fine"]
    assert quotes(study, study.spans.codings(codes=[worry])) == ["Tired"]
    assert quotes(study, study.spans.codings(codes=[mood], coders=[ben])) == ["A: Tired"]
    assert study.spans.codings(sources=[study.sources.get("P02").id], coders=[ben]) == []
    assert study.spans.codings(codes=[]) == []


def test_segments_and_texts_are_read_across_sources(study):
    turns = study.spans.segments("turn")
    assert [(t.label, ANNE[t.start:t.end]) for t in turns] == [
        ("I", "I: How are you?"), ("A", "A: Tired, and worried about the doctor.")]
    assert study.spans.segments("turn", sources=[study.sources.get("P02").id]) == []
    assert study.spans.has_segments("turn") and not study.spans.has_segments("page")
    assert study.spans.texts() == {1: ANNE, 2: BJORN}


def test_scopes_give_cases_values_and_the_code_tree_below_a_code(study):
    cases = {c.name: c.id for c in study.cases}
    assert study.scopes.cases_of_sources() == {1: [cases["Anne"]], 2: [cases["Bjorn"]]}
    assert study.scopes.case_values("age") == {cases["Anne"]: 41}
    with pytest.raises(QodexError, match="no attribute 'height'"):
        study.scopes.case_values("height")
    names = {c.id: c.name for c in study.codes}
    assert sorted(names[i] for i in study.scopes.code_and_below("Mood")) == ["Mood", "Worry"]
    assert study.scopes.code_and_below("Other") == [study.codes.get("Other").id]
