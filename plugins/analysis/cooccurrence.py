"""Co-occurrence of codes: codings of two codes that overlap, fall in the same speaker turn, or
lie within N characters of each other, counted per pair of codes with the passages behind them:
supporting codings by default, or the counter-instances, or all."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import groupby
from operator import itemgetter

from qodex.plugins.analysis import scope

MODES = ("overlap", "turn", "near")


@dataclass
class Pair:
    """How often codes `a` and `b` co-occur and in which sources; with the coding id pairs behind
    the count when they were asked for."""

    a: str
    b: str
    count: int = 0
    source_ids: set[int] = field(default_factory=set)
    occurrences: list[tuple[int, int]] = field(default_factory=list)

    def row(self, owners: dict[int, list[int]]) -> dict:
        """The pair's counts; `owners` gives each source's case ids (`scope.source_cases`)."""
        cases = {c for s in self.source_ids for c in owners.get(s, [])}
        return {"code_a": self.a, "code_b": self.b, "count": self.count,
                "sources": len(self.source_ids), "cases": len(cases)}


def cooccurrence(project, mode: str = "overlap", distance: int = 0, codes=(), coders=(),
                 where=None, instances: str = "support", occurrences: bool = False) -> list[Pair]:
    """Pairs of different codes whose codings (by one coder) co-occur, most frequent first.

    `mode` "overlap": the codings share a character; "near": at most `distance` characters
    apart (overlapping counts too); "turn": both touch the same segment of kind "turn".
    `instances`: supporting codings ("support"), counter-instances ("counter") or "all".
    With `occurrences`, each pair lists the (coding of a, coding of b) ids behind its count
    (what `pair_passages` shows). One query reads the codings by source and start, one sweep
    counts them (in turn mode, their spans of turn numbers)."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}")
    paths = project.codes.paths()
    ranked = sorted(paths, key=paths.__getitem__)
    codings = project.spans.codings(
        scope.code_ids(project, codes, below=False) if codes else None,
        scope.sources_where(project, where or {}), scope.coder_ids(project, coders), instances)
    if mode == "turn":
        codings = _turn_spans(codings, _turns(project))
    counts, sources, found = _sweep(codings, distance if mode == "near" else -1,
                                    {code_id: i for i, code_id in enumerate(ranked)}, occurrences)
    pairs = [Pair(paths[ranked[key // len(ranked)]], paths[ranked[key % len(ranked)]], count,
                  sources[key], found.get(key, [])) for key, count in counts.items()]
    return sorted(pairs, key=lambda p: (-p.count, p.a, p.b))


def _sweep(codings, gap: int, rank: dict[int, int], keep: bool):
    """Per pair of code ranks a < b (as the key a * len(rank) + b): how often their codings meet
    (in one source, by one coder, at most `gap` characters apart; -1: overlapping), in which
    sources, and with `keep` the (coding of a, coding of b) ids. One pass over the codings sorted
    by source and start."""
    counts: Counter = Counter()
    sources: dict[int, set[int]] = defaultdict(set)
    found: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for source_id, group in groupby(codings, key=itemgetter(1)):
        keys, ids = _meetings(group, gap, rank, keep)
        counts.update(keys)
        for key in set(keys):
            sources[key].add(source_id)
        for key, pair in zip(keys, ids, strict=False):  # no ids unless kept
            found[key].append(pair)
    return counts, sources, found


def _meetings(codings, gap: int, rank: dict[int, int], keep: bool):
    """The pair keys (see `_sweep`) of the codings of one source that meet, and with `keep` their
    ids: each coding meets the codings of its coder still in reach (ending at most `gap` before
    it starts) of other codes, then joins them."""
    n, keys, ids, reach = len(rank), [], [], {}
    for coding_id, _, code, start, end, coder in codings:
        mine = rank[code]
        alive = [y for y in reach.get(coder, ()) if y[2] + gap >= start]
        keys += [other * n + mine if other < mine else mine * n + other
                 for other, _, _ in alive if other != mine]
        if keep:
            ids += [(i, coding_id) if other < mine else (coding_id, i)
                    for other, i, _ in alive if other != mine]
        alive.append((mine, coding_id, end))
        reach[coder] = alive
    return keys, ids


def _turns(project) -> dict[int, tuple[list[int], list[int]]]:
    """The starts and the ends of each source's speaker turns, in order."""
    found = {}
    for source_id, group in groupby(project.spans.segments("turn"), key=itemgetter(0)):
        turns = list(group)
        found[source_id] = ([t.start for t in turns], [t.end for t in turns])
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
    """The two passages of each co-occurrence behind a pair (built with `occurrences`), as
    (passage of a, passage of b)."""
    from qodex.plugins.analysis.codings import passages

    found = {p.coding_id: p for p in passages(project, [i for o in pair.occurrences for i in o])}
    return [(found[x], found[y]) for x, y in pair.occurrences]
