"""Full-text search over source text: FTS5 finds the sources, a regex finds the places in them."""

from __future__ import annotations

import re
from contextlib import closing
from dataclasses import dataclass

CONTEXT = 40


@dataclass(frozen=True)
class Hit:
    """One place a search matched: ``text[start:end]`` of a source, with context either side."""

    source_id: int
    source: str
    start: int
    end: int
    before: str
    match: str
    after: str


def terms(query: str) -> list[str]:
    """The words of a query; FTS5 operators and punctuation are ignored."""
    return re.findall(r"\w+", query)


def index_text(project) -> None:
    """Add sources not yet in the full-text index (new, or changed since they were indexed).

    The triggers take deleted and changed sources out of the index, so it lacks one exactly when
    it holds fewer rows than there are sources (two counts, not a lookup per source)."""
    unindexed = "FROM sources WHERE id NOT IN (SELECT id FROM sources_fts_docsize)"
    if project.conn.execute("SELECT (SELECT count(*) FROM sources)"
                            " > (SELECT count(*) FROM sources_fts_docsize)").fetchone()[0]:
        with project.transaction():
            project.execute(f"INSERT INTO sources_fts (rowid, text) SELECT id, text {unindexed}")


def rebuild_index(project) -> None:
    """Build the full-text index afresh from the sources' current text, keeping nothing older."""
    with project.transaction():
        project.execute("INSERT INTO sources_fts (sources_fts) VALUES ('rebuild')")


def search(project, query: str, limit: int = 500) -> list[Hit]:
    """The first `limit` places where any word of `query` (as a word prefix) occurs in sources
    holding all of them, in source and text order.

    Sources are read one at a time in rowid order, which FTS5 gives as it walks its index, so the
    search stops at the source that fills the page: its cost does not grow with the study."""
    words = terms(query)
    if not words or limit <= 0:
        return []
    index_text(project)
    match = " ".join(f'"{w}"*' for w in words)
    pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, words)) + r")\w*", re.IGNORECASE)
    hits: list[Hit] = []
    with closing(project.conn.execute(
            "SELECT s.id, s.name, s.text FROM sources_fts f JOIN sources s ON s.id = f.rowid"
            " WHERE sources_fts MATCH ? ORDER BY f.rowid", (match,))) as rows:
        for source_id, name, text in rows:
            for found in pattern.finditer(text):
                hits.append(_hit(source_id, name, text, found.start(), found.end()))
                if len(hits) >= limit:
                    return hits
    return hits


def _hit(source_id: int, name: str, text: str, start: int, end: int) -> Hit:
    flat = lambda s: s.replace("\n", " ")  # noqa: E731
    return Hit(source_id, name, start, end, flat(text[max(0, start - CONTEXT):start]),
               text[start:end], flat(text[end:end + CONTEXT]))
