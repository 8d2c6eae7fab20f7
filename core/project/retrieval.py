"""Retrieval: the quotes coded with some codes (any of them) or with all of them at once."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby

from qodex.text import merge_spans


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


def quotes(project, code_ids: list[int], match: str = "any",
           coder_ids: set[int] | None = None) -> list[Quote]:
    """Quotes coded with any of `code_ids` (`match="any"`), or the overlaps of all (`"all"`);
    with `coder_ids`, only codings those coders made count."""
    if not code_ids:
        return []
    marks = ",".join("?" * len(code_ids))
    rows = project.conn.execute(
        f'SELECT id, source_id, code_id, start, "end", coder_id FROM codings WHERE code_id IN'
        f" ({marks}) ORDER BY source_id, start, id", list(code_ids)).fetchall()
    if coder_ids is not None:
        rows = [r for r in rows if r[5] in coder_ids]
    coders = {r[0]: r[5] for r in rows}
    rows = [r[:5] for r in rows]
    if match == "all":
        spans = _overlaps(rows, list(dict.fromkeys(code_ids)))
    elif match == "any":
        spans = [(s, a, b, (c,), i) for i, s, c, a, b in rows]
    else:
        raise ValueError(f"match must be 'any' or 'all', not {match!r}")
    return _with_text(project, spans, coders)


def _overlaps(rows, code_ids: list[int]) -> list[tuple]:
    """Per source, the spans covered by a coding of every one of `code_ids`."""
    found = []
    for source_id, group in groupby(rows, key=lambda r: r[1]):
        by_code: dict[int, list[tuple[int, int]]] = {}
        for _, _, code_id, start, end in group:
            by_code.setdefault(code_id, []).append((start, end))
        if len(by_code) < len(code_ids):
            continue
        spans = by_code[code_ids[0]]
        for code_id in code_ids[1:]:
            spans = _intersect(spans, by_code[code_id])
        found += [(source_id, a, b, tuple(code_ids), None) for a, b in merge_spans(spans)]
    return found


def _intersect(left: list[tuple[int, int]], right: list[tuple[int, int]]) -> list[tuple[int, int]]:
    return sorted((max(a, c), min(b, d)) for a, b in left for c, d in right
                  if max(a, c) < min(b, d))


def _with_text(project, spans: list[tuple], coders: dict[int, int]) -> list[Quote]:
    texts: dict[int, str] = {}
    result = []
    for source_id, start, end, codes, coding_id in spans:
        if source_id not in texts:
            texts[source_id] = project.conn.execute(
                "SELECT text FROM sources WHERE id = ?", (source_id,)).fetchone()[0]
        result.append(Quote(source_id, start, end, codes, coding_id,
                            texts[source_id][start:end], coders.get(coding_id)))
    return result
