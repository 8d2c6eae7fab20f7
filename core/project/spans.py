"""Codings and segments as bare spans across the whole project, without their texts: what counts,
matrices, co-occurrence and agreement read (`project.spans`). Each is one query; id filters are
passed as one JSON parameter, so any number of ids fits."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import NamedTuple


class CodingSpan(NamedTuple):
    """A coding without its text."""

    id: int
    source_id: int
    code_id: int
    start: int
    end: int
    coder_id: int


class SegmentSpan(NamedTuple):
    """A segment (turn, page, cue...) without its text."""

    source_id: int
    start: int
    end: int
    label: str | None


def _within(**ids: Iterable[int] | None) -> tuple[str, list[str]]:
    """A WHERE clause keeping rows whose columns are among the ids given (None: any)."""
    chosen = {column: sorted(set(values)) for column, values in ids.items() if values is not None}
    clause = " AND ".join(f"{column} IN (SELECT value FROM json_each(?))" for column in chosen)
    return f" WHERE {clause}" if clause else "", [json.dumps(values) for values in chosen.values()]


class Spans:
    """Reads of codings and segments as spans, read-only."""

    def __init__(self, project):
        self.project = project

    def codings(self, codes: Iterable[int] | None = None, sources: Iterable[int] | None = None,
                coders: Iterable[int] | None = None) -> list[CodingSpan]:
        """Codings of the code, source and coder ids given (each None: all), by source, start, id."""
        where, params = _within(code_id=codes, source_id=sources, coder_id=coders)
        rows = self.project.conn.execute(
            f'SELECT id, source_id, code_id, start, "end", coder_id FROM codings{where}'
            " ORDER BY source_id, start, id", params)
        return list(map(CodingSpan._make, rows))

    def segments(self, kind: str, sources: Iterable[int] | None = None) -> list[SegmentSpan]:
        """Segments of `kind` (of the source ids given, else all), by source and start."""
        where, params = _within(source_id=sources)
        where = f"{where} AND kind = ?" if where else " WHERE kind = ?"
        rows = self.project.conn.execute(
            f'SELECT source_id, start, "end", label FROM segments{where} ORDER BY source_id, start, id',
            [*params, kind])
        return list(map(SegmentSpan._make, rows))

    def has_segments(self, kind: str) -> bool:
        """Whether any source has a segment of `kind`."""
        return self.project.conn.execute(
            "SELECT 1 FROM segments WHERE kind = ? LIMIT 1", (kind,)).fetchone() is not None

    def texts(self, sources: Iterable[int] | None = None) -> dict[int, str]:
        """The texts of the source ids given (else of all), by id."""
        where, params = _within(id=sources)
        return dict(self.project.conn.execute(f"SELECT id, text FROM sources{where}", params))
