"""Co-occurrence of codes: codings of two codes that overlap, fall in the same speaker turn, or
lie within N characters of each other, counted per pair of codes with the passages behind them."""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations, groupby
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
                 where=None) -> list[Pair]:
    """Pairs of different codes whose codings (by one coder) co-occur, most frequent first.

    `mode` "overlap": the codings share a character; "near": at most `distance` characters
    apart (overlapping counts too); "turn": both touch the same segment of kind "turn"."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}")
    paths = project.codes.paths()
    rank = {code_id: i for i, code_id in enumerate(sorted(paths, key=paths.__getitem__))}
    turns = _turns(project) if mode == "turn" else {}
    occurrences: dict[tuple[int, int], list] = defaultdict(list)
    sources: dict[tuple[int, int], set] = defaultdict(set)
    for source_id, group in groupby(_codings(project, codes, coders, where), key=itemgetter(1)):
        codings = list(group)
        found = (_in_turns(codings, turns.get(source_id, [])) if mode == "turn"
                 else _sweep(codings, distance if mode == "near" else -1))
        for x, y in found:
            if x[2] == y[2] or x[5] != y[5]:  # the same code, or two coders' codings
                continue
            if rank[x[2]] > rank[y[2]]:
                x, y = y, x
            occurrences[x[2], y[2]].append((x[0], y[0]))
            sources[x[2], y[2]].add(source_id)
    pairs = [Pair(paths[a], paths[b], occurrences[a, b], sources[a, b]) for a, b in occurrences]
    return sorted(pairs, key=lambda p: (-p.count, p.a, p.b))


def _codings(project, codes, coders, where) -> list[tuple]:
    """(id, source, code, start, end, coder) of the codings asked for, by source and start;
    read in table order and sorted here, which is faster than SQLite's index order."""
    wanted = set(scope.code_ids(project, codes, below=False)) if codes else None
    chosen = scope.sources_where(project, where or {})
    who = scope.coder_ids(project, coders)
    rows = project.conn.execute(
        'SELECT id, source_id, code_id, start, "end", coder_id FROM codings').fetchall()
    if wanted is not None or chosen is not None or who is not None:
        rows = [r for r in rows if (wanted is None or r[2] in wanted)
                and (chosen is None or r[1] in chosen) and (who is None or r[5] in who)]
    rows.sort(key=itemgetter(1, 3, 0))
    return rows


def _sweep(codings: list[tuple], gap: int):
    """Pairs of codings (sorted by start) at most `gap` characters apart; -1 means overlapping."""
    for i, x in enumerate(codings):
        for y in codings[i + 1:]:
            if y[3] - x[4] > gap:
                break
            yield x, y


def _turns(project) -> dict[int, list[tuple[int, int]]]:
    found: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for source_id, start, end in project.conn.execute(
            "SELECT source_id, start, \"end\" FROM segments WHERE kind = 'turn'"
            " ORDER BY source_id, start"):
        found[source_id].append((start, end))
    return found


def _in_turns(codings: list[tuple], turns: list[tuple[int, int]]):
    """Pairs of codings touching the same turn (each pair once, even across several turns)."""
    starts = [t[0] for t in turns]
    members: dict[int, list[tuple]] = defaultdict(list)
    for coding in codings:
        index = max(bisect_right(starts, coding[3]) - 1, 0)
        while index < len(turns) and turns[index][0] < coding[4]:
            if turns[index][1] > coding[3]:
                members[index].append(coding)
            index += 1
    seen = set()
    for group in members.values():
        for x, y in combinations(group, 2):
            if (x[0], y[0]) not in seen:
                seen.add((x[0], y[0]))
                yield x, y


def pair_passages(project, pair: Pair):
    """The two passages of each co-occurrence behind a pair, as (passage of a, passage of b)."""
    from qodex.plugins.analysis.codings import passages

    found = {p.coding_id: p for p in passages(project, [i for o in pair.occurrences for i in o])}
    return [(found[x], found[y]) for x, y in pair.occurrences]
