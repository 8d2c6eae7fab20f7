"""Retrieval of quotes by code: any of the codes, or where all of them overlap."""

import pytest

from qodex.project.retrieval import count, page, quotes


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


@pytest.fixture
def spread(project):
    """Three sources, codes A and B overlapping here and there, by two coders."""
    a, b = project.codes.add("A"), project.codes.add("B")
    for n in range(3):
        source = project.sources.add(f"P{n}", "abcdefghij" * 20)
        for start in range(0, 190, 7):
            project.codings.add(source, a if start % 2 else b, start, start + 9)
    project.use_coder("second")
    project.codings.add("P1", a, 3, 30)
    project.codings.add("P2", b, 0, 200)
    return project, a, b


@pytest.mark.parametrize("match", ["any", "all"])
def test_pages_after_the_last_quote_add_up_to_every_quote(spread, match):
    project, a, b = spread
    every = quotes(project, [a.id, b.id], match)
    pages, after = [], None
    while found := page(project, [a.id, b.id], match, after=after, limit=4):
        pages += found
        after = found[-1]
    assert pages == every and len(every) > 8
    assert count(project, [a.id, b.id], match) == len(every)


def test_a_page_of_one_coders_codings(spread):
    project, a, b = spread
    second = {project.coders.ensure("second").id}
    found = page(project, [a.id, b.id], coder_ids=second)
    assert [(project.overview.source_names()[q.source_id], q.start, q.end) for q in found] == [
        ("P1", 3, 30), ("P2", 0, 200)]
    assert count(project, [a.id, b.id], coder_ids=second) == 2
