"""Spans of text as a reader sees them: the source's name, the 1-based line the span starts on and
its words (`project.excerpts`). One query for any number of spans, without reading whole texts."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import NamedTuple


class Excerpt(NamedTuple):
    """A span ``[start, end)`` of a source with the source's name, its line and its text."""

    source_id: int
    source: str
    start: int
    end: int
    line: int
    quote: str


class Excerpts:
    """Reads of spans' words, read-only."""

    def __init__(self, project):
        self.project = project

    def of(self, spans: Iterable[tuple[int, int, int]]) -> list[Excerpt]:
        """The excerpt of each ``(source id, start, end)`` in `spans`, in the order given (spans of
        sources not in the project left out)."""
        spans = [list(span) for span in spans]
        if not spans:
            return []
        rows = self.project.conn.execute(
            "SELECT g.key, s.id, s.name, g.value ->> 1, g.value ->> 2,"
            " length(substr(s.text, 1, g.value ->> 1))"
            " - length(replace(substr(s.text, 1, g.value ->> 1), char(10), '')) + 1,"
            " substr(s.text, (g.value ->> 1) + 1, (g.value ->> 2) - (g.value ->> 1))"
            " FROM json_each(?) g JOIN sources s ON s.id = g.value ->> 0 ORDER BY g.key",
            (json.dumps(spans),))
        return [Excerpt(*row[1:]) for row in rows]

    def coded(self, codes: Iterable[int], coder_id: int, first: bool = False) -> list[tuple]:
        """The supporting codings (counter-instances left out) of the code ids given by one coder,
        as ``(source id, source name, start, end, flagged)`` by source and start, flagged when
        the coding's memo starts with "quote"; with `first`, only each source's first flagged
        coding, else its first one. The memos are looked up apart (the partial index of codings
        with one) so the codings are read from the covering index alone: half the time."""
        found = ("SELECT source_id, start, \"end\", id IN (SELECT id FROM codings WHERE memo IS NOT"
                 " NULL AND memo != '' AND memo LIKE 'quote%') AS flagged, id"
                 " FROM codings WHERE coder_id = ? AND counter IS NULL"
                 " AND code_id IN (SELECT value FROM json_each(?))")
        if first:  # SQLite takes the other columns from the row with the least (not flagged, start,
            # id), packed in one integer (offsets and ids are below 2**31)
            found = ("SELECT source_id, start, \"end\", flagged, id,"
                     f" min(((NOT flagged) << 62) | (start << 31) | id) FROM ({found}) GROUP BY source_id")
        rows = self.project.conn.execute(
            f'SELECT c.source_id, s.name, c.start, c."end", c.flagged FROM ({found}) c'
            " JOIN sources s ON s.id = c.source_id ORDER BY c.source_id, c.start, c.id",
            (coder_id, json.dumps(sorted(set(codes)))))
        return [(*row[:4], bool(row[4])) for row in rows]
