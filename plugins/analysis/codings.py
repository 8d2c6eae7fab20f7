"""Coding retrieval: codings of any of some codes, overlapping codings of every AND code and of
no NOT code, in sources whose cases have the attribute values asked for; supporting codings
unless counter-instances are asked for (AND and NOT look at supporting codings)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

from qodex.plugins.analysis import scope


@dataclass(frozen=True)
class Passage:
    """One coding with where it is and the text it covers."""

    coding_id: int
    source_id: int
    source: str
    cases: str
    code: str
    coder: str
    start: int
    end: int
    text: str
    counter: str | None = None

    def row(self) -> dict:
        return asdict(self)


def select(project, any_of=(), all_of=(), none_of=(), where=None, coders=(),
           below: bool = True, instances: str = "support") -> list[Passage]:
    """Codings of any code in `any_of` (every coding when empty) that overlap a coding of each
    code in `all_of` and of none in `none_of`; codes count with the codes below them unless
    `below` is False. `where` maps attributes to allowed values; `coders` names coders;
    `instances` keeps supporting codings, counter-instances or all (`scope.instances`)."""
    sources = scope.sources_where(project, where or {})
    who = scope.coder_ids(project, coders)
    found = _codings(project, scope.code_ids(project, any_of, below) if any_of else None,
                     sources, who, scope.instances(instances))
    for path in all_of:
        spans = _spans(project, scope.code_ids(project, [path], below), sources, who)
        found = [c for c in found if _touches(c, spans)]
    if none_of:
        spans = _spans(project, scope.code_ids(project, none_of, below), sources, who)
        found = [c for c in found if not _touches(c, spans)]
    return passages(project, [c[0] for c in found])


def _codings(project, code_ids, sources, coders, which: str = "counter IS NULL") -> list[tuple]:
    where, params = [which or "1"], []
    if code_ids is not None:
        where.append(f"code_id IN ({','.join('?' * len(code_ids))})")
        params += code_ids
    rows = project.conn.execute(
        f'SELECT id, source_id, start, "end", coder_id FROM codings WHERE {" AND ".join(where)}'
        " ORDER BY source_id, start, id", params).fetchall()
    return [r for r in rows if (sources is None or r[1] in sources)
            and (coders is None or r[4] in coders)]


def _spans(project, code_ids, sources, coders) -> dict[int, list[tuple[int, int]]]:
    spans: dict[int, list[tuple[int, int]]] = {}
    for _, source_id, start, end, _ in _codings(project, code_ids, sources, coders):
        spans.setdefault(source_id, []).append((start, end))
    return spans


def _touches(coding: tuple, spans: dict[int, list[tuple[int, int]]]) -> bool:
    _, source_id, start, end, _ = coding
    return any(a < end and start < b for a, b in spans.get(source_id, ()))


def passages(project, coding_ids: list[int]) -> list[Passage]:
    """The codings with these ids, in source and text order, with their text."""
    if not coding_ids:
        return []
    paths = project.codes.paths()
    rows = project.rows(
        'SELECT g.id, g.source_id, s.name AS source, g.code_id, g.start, g."end",'
        " substr(s.text, g.start + 1, g.\"end\" - g.start) AS text, k.name AS coder, g.counter,"
        " (SELECT group_concat(c.name, ', ') FROM case_sources cs JOIN cases c ON c.id = cs.case_id"
        "  WHERE cs.source_id = g.source_id) AS cases"
        " FROM codings g JOIN sources s ON s.id = g.source_id LEFT JOIN coders k ON k.id = g.coder_id"
        " WHERE g.id IN (SELECT value FROM json_each(?)) ORDER BY g.source_id, g.start, g.id",
        (json.dumps(coding_ids),))
    return [Passage(r["id"], r["source_id"], r["source"], r["cases"] or "", paths[r["code_id"]],
                    r["coder"] or "", r["start"], r["end"], r["text"], r["counter"])
            for r in rows]
