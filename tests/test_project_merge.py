"""Merging codes keeps every coding, child and memo."""

import pytest

from qodex.errors import QodexError


@pytest.fixture
def coded(project):
    source = project.sources.add("P01", "We trust our doctor. Continuity matters to us.")
    trust, care = project.codes.add("Trust"), project.codes.add("Care")
    project.codings.add(source, trust, 3, 8)
    project.codings.add(source, care, 3, 8)
    project.codings.add(source, care, 21, 31)
    project.codes.add("Warmth", parent=care)
    project.memos.add("on care", target="code", ref=care)
    return project, trust, care


def test_merge_moves_every_coding_even_duplicates(coded):
    project, trust, care = coded
    project.codes.merge(care, trust)
    assert project.codes.find("Care") is None
    assert [(c.code_id, c.start) for c in project.codings.list()] == [
        (trust.id, 3), (trust.id, 3), (trust.id, 21)]


def test_merge_moves_children_and_memos(coded):
    project, trust, care = coded
    project.codes.merge(care, trust)
    assert project.codes.find("Trust/Warmth") is not None
    assert [m.body for m in project.memos.list("code", trust)] == ["on care"]


def test_merge_into_a_descendant_is_refused(coded):
    project, _, care = coded
    with pytest.raises(QodexError, match="descendant"):
        project.codes.merge(care, project.codes.get("Care/Warmth"))


def test_merge_is_logged(coded):
    project, trust, care = coded
    project.codes.merge(care, trust)
    (operation,) = [r["operation"] for r in project.rows(
        "SELECT operation FROM changes ORDER BY id DESC LIMIT 1")]
    assert operation == "merge_code"
