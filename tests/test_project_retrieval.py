"""Retrieval of quotes by code: any of the codes, or where all of them overlap."""

import pytest

from qodex.project.retrieval import quotes


@pytest.fixture
def coded(project):
    source = project.sources.add("P01", "0123456789abcdefghij")
    a, b, c = (project.codes.add(n) for n in "ABC")
    project.codings.add(source, a, 0, 10)
    project.codings.add(source, b, 5, 15)
    project.codings.add(source, c, 16, 20)
    return project, a, b, c


def test_any_lists_each_coding(coded):
    project, a, b, _ = coded
    found = quotes(project, [a.id, b.id])
    assert [(q.start, q.end, q.text) for q in found] == [(0, 10, "0123456789"), (5, 15, "56789abcde")]
    assert all(q.coding_id for q in found)


def test_all_gives_the_overlap(coded):
    project, a, b, c = coded
    assert [(q.start, q.end, q.text) for q in quotes(project, [a.id, b.id], "all")] == [
        (5, 10, "56789")]
    assert quotes(project, [a.id, c.id], "all") == []


def test_no_codes_no_quotes(coded):
    assert quotes(coded[0], []) == []
