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
