"""Codings and segments as bare spans across the whole project, without their texts: what counts,
matrices, co-occurrence and agreement read (`project.spans`); texts and their lengths by id. Each
is one query; id filters are passed as one JSON parameter, so any number of ids fits."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from itertools import groupby
from operator import itemgetter
from typing import NamedTuple

from qodex.errors import QodexError


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


INSTANCES = {"support": "counter IS NULL", "counter": "counter IS NOT NULL", "all": ""}


def within(*conditions: str, **ids: Iterable[int] | None) -> tuple[str, list[str]]:
    """A WHERE clause of `conditions` (empty ones left out) keeping rows whose columns are among
    the ids given (None: any), and its parameters; "" when nothing is asked."""
    chosen = {column: sorted(set(values)) for column, values in ids.items() if values is not None}
    tests = [c for c in conditions if c] + [f"{column} IN (SELECT value FROM json_each(?))"
                                            for column in chosen]
    return (f" WHERE {' AND '.join(tests)}" if tests else "",
            [json.dumps(values) for values in chosen.values()])


def _chosen(codes, sources, coders, instances: str) -> tuple[str, list[str]]:
    """The WHERE clause and parameters of a read of codings (see `Spans.codings`)."""
    if instances not in INSTANCES:
        raise QodexError(f"instances must be one of {', '.join(INSTANCES)}, not {instances!r}")
    return within(INSTANCES[instances], code_id=codes, source_id=sources, coder_id=coders)


class Spans:
    """Reads of codings and segments as spans, read-only."""

    def __init__(self, project):
        self.project = project

    def codings(self, codes: Iterable[int] | None = None, sources: Iterable[int] | None = None,
                coders: Iterable[int] | None = None, instances: str = "all") -> list[CodingSpan]:
        """Codings of the code, source and coder ids given (each None: all), by source, start, id:
        supporting ones (`instances` "support"), counter-instances ("counter") or "all"."""
        return list(self._by_source_and_start(codes, sources, coders, instances))

    def by_source(self, codes: Iterable[int] | None = None, sources: Iterable[int] | None = None,
                  coders: Iterable[int] | None = None,
                  instances: str = "all") -> Iterator[tuple[int, list[CodingSpan]]]:
        """The codings `codings` reads, one source at a time: each source id with its codings by
        start, from one cursor (memory for one source's codings; SQLite's sort spills to disk)."""
        yield from ((source_id, list(group)) for source_id, group in groupby(
            self._by_source_and_start(codes, sources, coders, instances), key=itemgetter(1)))

    def _by_source_and_start(self, codes, sources, coders, instances) -> Iterator[CodingSpan]:
        """A cursor over the codings chosen, by source, start, id: sorted from the covering index
        (``+source_id`` keeps SQLite off the (source, start) index, whose order costs a table
        lookup per coding: three times slower at a million)."""
        where, params = _chosen(codes, sources, coders, instances)
        rows = self.project.conn.execute(
            f'SELECT id, source_id, code_id, start, "end", coder_id FROM codings{where}'
            " ORDER BY +source_id, start, id", params)
        return map(CodingSpan._make, rows)

    def by_code(self, codes: Iterable[int] | None = None, sources: Iterable[int] | None = None,
                coders: Iterable[int] | None = None,
                instances: str = "all") -> Iterator[tuple[int, dict[tuple[int, int], list]]]:
        """The codings `codings` reads, one code at a time: each code id (in id order) with its
        codings' (start, end) per (coder id, source id), by start. One cursor in the order of the
        covering index (code, source, start; named: SQLite would rather take the (source, start)
        index and sort), nothing sorted: memory for one code's codings, not the project's."""
        where, params = _chosen(codes, sources, coders, instances)
        rows = self.project.conn.execute(
            'SELECT code_id, coder_id, source_id, start, "end" FROM codings'
            f" INDEXED BY codings_code_counter{where} ORDER BY code_id, source_id, start", params)
        for code_id, group in groupby(rows, key=itemgetter(0)):
            spans: dict[tuple[int, int], list] = {}
            for _, coder_id, source_id, start, end in group:
                spans.setdefault((coder_id, source_id), []).append((start, end))
            yield code_id, spans

    def segments(self, kind: str, sources: Iterable[int] | None = None) -> list[SegmentSpan]:
        """Segments of `kind` (of the source ids given, else all), by source and start."""
        where, params = within("kind = ?", source_id=sources)
        rows = self.project.conn.execute(
            f'SELECT source_id, start, "end", label FROM segments{where} ORDER BY source_id, start, id',
            [kind, *params])
        return list(map(SegmentSpan._make, rows))

    def has_segments(self, kind: str) -> bool:
        """Whether any source has a segment of `kind`."""
        return self.project.conn.execute(
            "SELECT 1 FROM segments WHERE kind = ? LIMIT 1", (kind,)).fetchone() is not None

    def lengths(self, sources: Iterable[int] | None = None) -> dict[int, int]:
        """The lengths of the texts of the source ids given (else of all), by id."""
        where, params = within(id=sources)
        return dict(self.project.conn.execute(f"SELECT id, length(text) FROM sources{where}", params))

    def texts(self, sources: Iterable[int] | None = None) -> dict[int, str]:
        """The texts of the source ids given (else of all), by id."""
        where, params = within(id=sources)
        return dict(self.project.conn.execute(f"SELECT id, text FROM sources{where}", params))
