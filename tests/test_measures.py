"""The counts and reads analyses make through the API (`project.measures`, `project.spans`'
instances and lengths, `project.overview.passages`), on a small study built here and counted by
hand, through the project and through its read-only view alike."""

from __future__ import annotations

import pytest

from qodex import QodexError
from qodex.project import Project
from qodex.project.view import ProjectView

ANNE = "I: How are you?\nA: Tired, and worried about the doctor."
BJORN = "I: And you?\nB: Fine, never worried."


@pytest.fixture(params=["project", "view"])
def study(request, tmp_path, host):
    """Anne's interview: ana codes Worry on "Tired" and "worried" and Mood on "Tired, and"; ben
    codes Mood on "A: Tired" and Worry on "doctor" as a denial. Bjorn's: ana codes Mood on
    "Fine" and Worry on "never worried" as a hypothetical. Ana is in case Anne, Bjorn in Bjorn."""
    project = Project.create(tmp_path / "study.qodex", coder="ana", host=host)
    anne = project.sources.add("P01", ANNE)
    bjorn = project.sources.add("P02", BJORN)
    mood = project.codes.add("Mood")
    worry = project.codes.add("Worry", parent=mood)
    project.codes.add("Other")
    project.codings.add(anne, worry, 19, 24)  # Tired
    project.codings.add(anne, worry, 30, 37)  # worried
    project.codings.add(anne, mood, 19, 29)  # Tired, and
    project.codings.add(bjorn, mood, 15, 19)  # Fine
    project.codings.add(bjorn, worry, 21, 34, counter="hypothetical")  # never worried
    for name, source in (("Anne", anne), ("Bjorn", bjorn)):
        project.cases.link(project.cases.add(name), source)
    with Project.open(project.path, coder="ben", host=host) as colleague:
        colleague.codings.add("P01", "Mood", 16, 24)  # A: Tired
        colleague.codings.add("P01", "Mood/Worry", 48, 54, counter="denial")  # doctor
    if request.param == "project":
        yield project
    else:
        with ProjectView.of(project) as view:
            yield view
    project.close()


def interviews(study) -> tuple[int, int]:
    return study.sources.get("P01").id, study.sources.get("P02").id


def ben(study) -> list[int]:
    return [study.coders.get("ben").id]


def test_code_source_counts_give_supporting_codings_their_characters_and_counter_instances(study):
    mood, worry = study.codes.get("Mood").id, study.codes.get("Mood/Worry").id
    anne, bjorn = interviews(study)
    assert sorted(study.measures.code_source_counts()) == sorted([
        (mood, anne, 2, 10 + 8, 0), (worry, anne, 2, 5 + 7, 1),
        (mood, bjorn, 1, 4, 0), (worry, bjorn, 0, 0, 1)])
    assert sorted(study.measures.code_source_counts(coders=ben(study), chars=False)) == [
        (mood, anne, 1, 0, 0), (worry, anne, 0, 0, 1)]
    assert study.measures.code_source_counts(sources=[bjorn])[0].codings == 1


def test_codes_by_source_and_supporting_coders_leave_counter_instances_out(study):
    mood, worry = study.codes.get("Mood").id, study.codes.get("Mood/Worry").id
    anne, bjorn = interviews(study)
    assert study.measures.codes_by_source() == {anne: {mood, worry}, bjorn: {mood}}
    assert study.measures.codes_by_source(coders=ben(study)) == {anne: {mood}}
    assert study.measures.supporting_coders() == ["ana", "ben"]


def test_codings_are_read_by_instance_and_texts_by_length(study):
    def quotes(which):
        texts = study.spans.texts()
        return [texts[c.source_id][c.start:c.end] for c in study.spans.codings(instances=which)]

    assert quotes("support") == ["A: Tired", "Tired", "Tired, and", "worried", "Fine"]
    assert quotes("counter") == ["doctor", "never worried"]
    assert len(quotes("all")) == 7
    with pytest.raises(QodexError, match="instances must be one of support, counter, all"):
        study.spans.codings(instances="denial")
    anne, bjorn = interviews(study)
    assert study.spans.lengths() == {anne: len(ANNE), bjorn: len(BJORN)}
    assert study.spans.lengths([bjorn]) == {bjorn: len(BJORN)}


def test_codings_are_read_a_code_or_a_source_at_a_time_and_coded_sources_by_anyone(study):
    mood, worry = study.codes.get("Mood").id, study.codes.get("Mood/Worry").id
    anne, bjorn = interviews(study)
    ana, ben_id = study.coders.get("ana").id, ben(study)[0]
    assert list(study.spans.by_code(instances="support")) == [
        (mood, {(ben_id, anne): [(16, 24)], (ana, anne): [(19, 29)], (ana, bjorn): [(15, 19)]}),
        (worry, {(ana, anne): [(19, 24), (30, 37)]})]
    assert list(study.spans.by_code([worry], coders=ben(study))) == [
        (worry, {(ben_id, anne): [(48, 54)]})]
    assert [(source, [c.start for c in codings]) for source, codings
            in study.spans.by_source(instances="counter")] == [(anne, [48]), (bjorn, [21])]
    assert [source for source, _ in study.spans.by_source(sources=[bjorn])] == [bjorn]
    assert study.measures.coded_sources() == [anne, bjorn]


def test_passages_carry_text_source_coder_counter_kind_and_cases_in_text_order(study):
    counter = [c.id for c in study.spans.codings(instances="counter")]
    first = study.spans.codings(coders=ben(study))[0].id
    rows = study.overview.passages([*reversed(counter), first])
    assert [(r["source"], r["text"], r["coder"], r["counter"], r["cases"]) for r in rows] == [
        ("P01", "A: Tired", "ben", None, "Anne"), ("P01", "doctor", "ben", "denial", "Anne"),
        ("P02", "never worried", "ana", "hypothetical", "Bjorn")]
    assert study.overview.passages([]) == []
