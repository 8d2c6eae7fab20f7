"""Full-text search: FTS5 kept in step with sources, hits with offsets and context."""

from qodex.project.search import search


def test_search_finds_word_prefixes_with_offsets(project):
    text = "I felt attached to him.\nAttachment is everything."
    project.sources.add("P01", text)
    hits = search(project, "attach")
    assert [(h.start, h.end, h.match) for h in hits] == [(7, 15, "attached"), (24, 34, "Attachment")]
    assert hits[0].after == " to him. Attachment is everything."


def test_search_needs_every_word_in_the_source(project):
    project.sources.add("P01", "trust and care")
    project.sources.add("P02", "trust alone")
    assert {h.source for h in search(project, "trust care")} == {"P01"}


def test_deleted_sources_leave_the_index(project):
    project.sources.add("P01", "continuity")
    project.sources.delete("P01")
    assert search(project, "continuity") == []


def test_operators_in_the_query_are_just_words(project):
    project.sources.add("P01", "NEAR the doctor")
    assert len(search(project, 'near" (doctor*')) == 2
    assert search(project, "  ") == []


def test_hits_come_in_source_then_text_order_and_stop_at_the_limit(project):
    for name in ("P01", "P02", "P03"):
        project.sources.add(name, f"{name}: trust first. Then trust again, and trust.")
    hits = search(project, "trust", limit=4)
    assert [(h.source, h.start) for h in hits] == [("P01", 5), ("P01", 23), ("P01", 40), ("P02", 5)]


def _steps(project, query: str, limit: int) -> int:
    """SQLite VM steps one search takes."""
    steps = [0]

    def tick():
        steps[0] += 1
        return 0

    project.conn.set_progress_handler(tick, 1)
    try:
        search(project, query, limit)
    finally:
        project.conn.set_progress_handler(None, 1)
    return steps[0]


def test_the_first_page_reads_no_source_past_the_one_that_fills_it(project):
    text = "We talked about trust at work, and then about trust at home. " * 200
    project.sources.add("T000", text)
    search(project, "trust")  # indexes the text: the searches below only read
    alone = _steps(project, "trust", limit=50)
    with project.transaction():
        for i in range(1, 401):
            project.sources.add(f"T{i:03d}", text)
    search(project, "trust")
    # under one VM step per source added: none of their rows is read (FTS5 only walks its index)
    assert _steps(project, "trust", limit=50) - alone < 400
