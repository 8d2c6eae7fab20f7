"""Retrieval: the quotes coded with some codes (any of them) or with all of them at once.

Quotes come in text order (source, start, coding) a page at a time: `page` reads one cursor per
code from the index, merged, from just after the previous page's last quote, and holds one
source's text at a time; `count` is a separate aggregate.
"""

from __future__ import annotations

import heapq
import json
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import groupby, islice

from qodex.text import merge_spans

PAGE = 100  # quotes a screen reads at a time


@dataclass(frozen=True)
class Quote:
    """A coded span ``[start, end)`` of a source; `coding_id` and `coder_id` (who coded it) are
    None for an intersection."""

    source_id: int
    start: int
    end: int
    code_ids: tuple[int, ...]
    coding_id: int | None
    text: str
    coder_id: int | None = None

    @property
    def key(self) -> tuple:
        """Where it is in text order: a page `after` it starts just past it."""
        return (self.source_id, self.start, self.coding_id or 0)


def quotes(project, code_ids: list[int], match: str = "any",
           coder_ids: set[int] | None = None) -> list[Quote]:
    """Quotes coded with any of `code_ids` (`match="any"`), or the overlaps of all (`"all"`);
    with `coder_ids`, only codings those coders made count."""
    return list(each(project, code_ids, match, coder_ids))


def page(project, code_ids: list[int], match: str = "any", coder_ids: set[int] | None = None,
         after: Quote | None = None, limit: int = PAGE) -> list[Quote]:
    """The first `limit` quotes (as `quotes` gives them) after the quote `after`."""
    return list(islice(each(project, code_ids, match, coder_ids, after), limit))


def count(project, code_ids: list[int], match: str = "any", coder_ids: set[int] | None = None) -> int:
    """How many quotes `quotes` gives, without reading any text."""
    if match == "any":
        where, params = _where(list(dict.fromkeys(code_ids)), coder_ids)
        return project.conn.execute(f"SELECT count(*) FROM codings WHERE {where}", params).fetchone()[0]
    return sum(1 for _ in _spans(project, code_ids, match, coder_ids, None))


def each(project, code_ids: list[int], match: str = "any", coder_ids: set[int] | None = None,
         after: Quote | None = None) -> Iterator[Quote]:
    """The quotes `quotes` lists, read as they are asked for (from just after `after`)."""
    source_id, text = None, ""
    for source, start, end, codes, coding_id, coder_id in _spans(project, code_ids, match,
                                                                 coder_ids, after):
        if source != source_id:
            source_id = source
            text = project.conn.execute("SELECT text FROM sources WHERE id = ?",
                                        (source,)).fetchone()[0]
        yield Quote(source, start, end, codes, coding_id, text[start:end], coder_id)


def _spans(project, code_ids, match, coder_ids, after: Quote | None) -> Iterator[tuple]:
    """(source, start, end, code ids, coding id, coder id) in text order, past `after`."""
    if match not in ("any", "all"):
        raise ValueError(f"match must be 'any' or 'all', not {match!r}")
    code_ids = list(dict.fromkeys(code_ids))
    if not code_ids:
        return iter(())
    key = after.key if after else None
    if match == "any":
        return ((s, a, b, (c,), i, who) for s, a, i, c, b, who in
                _codings(project, code_ids, coder_ids, key))
    since = (key[0], -1, 0) if key else None
    spans = _overlaps(_codings(project, code_ids, coder_ids, since), code_ids)
    return (span for span in spans if key is None or span[:2] > key[:2])


def _codings(project, code_ids: list[int], coder_ids, after: tuple | None) -> Iterator[tuple]:
    """(source, start, coding id, code, end, coder) of the codes' codings past `after`, in text
    order: one index-ordered cursor per code, merged."""
    return heapq.merge(*(_of_code(project, code_id, coder_ids, after) for code_id in code_ids))


def _of_code(project, code_id: int, coder_ids, after: tuple | None) -> Iterator[tuple]:
    where, params = _where([code_id], coder_ids)  # one code: the index gives the order
    if after is not None:
        where += " AND (source_id, start, id) > (?, ?, ?)"
        params.extend(after)
    yield from project.conn.execute(
        f'SELECT source_id, start, id, code_id, "end", coder_id FROM codings WHERE {where}'
        " ORDER BY source_id, start, id", params)


def _where(code_ids: list[int], coder_ids) -> tuple[str, list]:
    if len(code_ids) == 1:
        where, params = "code_id = ?", list(code_ids)
    else:
        where, params = "code_id IN (SELECT value FROM json_each(?))", [json.dumps(code_ids)]
    if coder_ids is not None:
        where += " AND coder_id IN (SELECT value FROM json_each(?))"
        params.append(json.dumps(sorted(coder_ids)))
    return where, params


def _overlaps(rows: Iterator[tuple], code_ids: list[int]) -> Iterator[tuple]:
    """Per source, the spans covered by a coding of every one of `code_ids`."""
    for source_id, group in groupby(rows, key=lambda r: r[0]):
        by_code: dict[int, list[tuple[int, int]]] = {}
        for _, start, _, code_id, end, _ in group:
            by_code.setdefault(code_id, []).append((start, end))
        if len(by_code) < len(code_ids):
            continue
        spans = by_code[code_ids[0]]
        for code_id in code_ids[1:]:
            spans = _intersect(spans, by_code[code_id])
        yield from ((source_id, a, b, tuple(code_ids), None, None) for a, b in merge_spans(spans))


def _intersect(left: list[tuple[int, int]], right: list[tuple[int, int]]) -> list[tuple[int, int]]:
    return sorted((max(a, c), min(b, d)) for a, b in left for c, d in right
                  if max(a, c) < min(b, d))
