"""Full-text search over source text: FTS5 finds the sources, a regex finds the places in them."""

from __future__ import annotations

import re
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
    """Add sources not yet in the full-text index (new, or changed since they were indexed)."""
    unindexed = "FROM sources WHERE id NOT IN (SELECT id FROM sources_fts_docsize)"
    if project.conn.execute(f"SELECT 1 {unindexed} LIMIT 1").fetchone():
        with project.transaction():
            project.execute(f"INSERT INTO sources_fts (rowid, text) SELECT id, text {unindexed}")


def rebuild_index(project) -> None:
    """Build the full-text index afresh from the sources' current text, keeping nothing older."""
    with project.transaction():
        project.execute("INSERT INTO sources_fts (sources_fts) VALUES ('rebuild')")


def search(project, query: str, limit: int = 500) -> list[Hit]:
    """Places where any word of `query` (as a word prefix) occurs in sources holding all of them."""
    words = terms(query)
    if not words:
        return []
    index_text(project)
    match = " ".join(f'"{w}"*' for w in words)
    pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, words)) + r")\w*", re.IGNORECASE)
    rows = project.rows(
        "SELECT s.id, s.name, s.text FROM sources_fts f JOIN sources s ON s.id = f.rowid"
        " WHERE sources_fts MATCH ? ORDER BY f.rank", (match,))
    hits: list[Hit] = []
    for row in rows:
        for found in pattern.finditer(row["text"]):
            hits.append(_hit(row, found.start(), found.end()))
            if len(hits) >= limit:
                return hits
    return hits


def _hit(row: dict, start: int, end: int) -> Hit:
    text = row["text"]
    flat = lambda s: s.replace("\n", " ")  # noqa: E731
    return Hit(row["id"], row["name"], start, end, flat(text[max(0, start - CONTEXT):start]),
               text[start:end], flat(text[end:end + CONTEXT]))
