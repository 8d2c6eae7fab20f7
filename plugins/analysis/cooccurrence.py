"""Co-occurrence of codes: codings of two codes that overlap, fall in the same speaker turn, or
lie within N characters of each other, counted per pair of codes with the passages behind them:
supporting codings by default, or the counter-instances, or all."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import groupby
from operator import itemgetter

from qodex.plugins.analysis import scope

MODES = ("overlap", "turn", "near")


@dataclass
class Pair:
    """How often codes `a` and `b` co-occur, and the coding id pairs behind the count."""

    a: str
    b: str
    occurrences: list[tuple[int, int]] = field(default_factory=list)
    source_ids: set[int] = field(default_factory=set)

    @property
    def count(self) -> int:
        return len(self.occurrences)

    def row(self, owners: dict[int, list[int]]) -> dict:
        """The pair's counts; `owners` gives each source's case ids (`scope.source_cases`)."""
        cases = {c for s in self.source_ids for c in owners.get(s, [])}
        return {"code_a": self.a, "code_b": self.b, "count": self.count,
                "sources": len(self.source_ids), "cases": len(cases)}


def cooccurrence(project, mode: str = "overlap", distance: int = 0, codes=(), coders=(),
                 where=None, instances: str = "support") -> list[Pair]:
    """Pairs of different codes whose codings (by one coder) co-occur, most frequent first.

    `mode` "overlap": the codings share a character; "near": at most `distance` characters
    apart (overlapping counts too); "turn": both touch the same segment of kind "turn".
    One query reads the codings by source and start, one sweep pairs them (in turn mode, their
    spans of turn numbers). `instances`: see `scope.instances`."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}")
    paths = project.codes.paths()
    rank = {code_id: i for i, code_id in enumerate(sorted(paths, key=paths.__getitem__))}
    codings = _codings(project, codes, coders, where, instances)
    if mode == "turn":
        codings = _turn_spans(codings, _turns(project))
    occurrences: dict[tuple[int, int], list] = defaultdict(list)
    sources: dict[tuple[int, int], set] = defaultdict(set)
    for x, y in _sweep(codings, distance if mode == "near" else -1):
        if rank[x[2]] > rank[y[2]]:
            x, y = y, x
        occurrences[x[2], y[2]].append((x[0], y[0]))
        sources[x[2], y[2]].add(x[1])
    pairs = [Pair(paths[a], paths[b], occurrences[a, b], sources[a, b]) for a, b in occurrences]
    return sorted(pairs, key=lambda p: (-p.count, p.a, p.b))


def _codings(project, codes, coders, where, instances: str) -> list[tuple]:
    """(id, source, code, start, end, coder) of the codings asked for, by source and start."""
    wanted = set(scope.code_ids(project, codes, below=False)) if codes else None
    chosen = scope.sources_where(project, where or {})
    where = scope.where_in(scope.instances(instances), code_id=wanted, source_id=chosen,
                           coder_id=scope.coder_ids(project, coders))
    return project.conn.execute(
        f'SELECT id, source_id, code_id, start, "end", coder_id FROM codings{where}'
        " ORDER BY source_id, start, id").fetchall()


def _sweep(codings: list[tuple], gap: int):
    """Pairs of codings (sorted by source and start) in one source, by one coder, of different
    codes and at most `gap` characters apart; -1 means overlapping. Each coding is paired with
    those starting after it, up to the first that starts too far away."""
    for i, x in enumerate(codings):
        source, code, coder, limit = x[1], x[2], x[5], x[4] + gap
        for j in range(i + 1, len(codings)):
            y = codings[j]
            if y[3] > limit or y[1] != source:
                break
            if y[2] != code and y[5] == coder:
                yield x, y


def _turns(project) -> dict[int, tuple[list[int], list[int]]]:
    """The starts and the ends of each source's speaker turns, in order."""
    rows = project.conn.execute("SELECT source_id, start, \"end\" FROM segments WHERE kind = 'turn'"
                                " ORDER BY source_id, start")
    found = {}
    for source_id, group in groupby(rows, key=itemgetter(0)):
        turns = list(group)
        found[source_id] = ([t[1] for t in turns], [t[2] for t in turns])
    return found


def _turn_spans(codings: list[tuple], turns) -> list[tuple]:
    """The codings as spans of turn numbers, [first turn touched, last + 1), by source and first
    turn; two codings touch a common turn when these spans overlap (turns do not overlap each
    other). Codings outside every turn are left out."""
    spans = []
    for coding_id, source_id, code, start, end, coder in codings:
        starts, ends = turns.get(source_id, ((), ()))
        first, last = bisect_right(ends, start), bisect_left(starts, end)
        if first < last:
            spans.append((coding_id, source_id, code, first, last, coder))
    spans.sort(key=itemgetter(1, 3, 0))
    return spans


def pair_passages(project, pair: Pair):
    """The two passages of each co-occurrence behind a pair, as (passage of a, passage of b)."""
    from qodex.plugins.analysis.codings import passages

    found = {p.coding_id: p for p in passages(project, [i for o in pair.occurrences for i in o])}
    return [(found[x], found[y]) for x, y in pair.occurrences]
