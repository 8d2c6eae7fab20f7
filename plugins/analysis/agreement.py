"""Inter-coder agreement, for each pair of coders on the sources both coded, and for all coders.

Per code and source, as NVivo's coding comparison computes it (`compare`): over the source's
characters, percentage agreement = (coded by both + coded by neither) / length, and Cohen's kappa
with chance agreement (A x B + not-A x not-B) / length; kappa is 1 when the coders agree completely.

The summary (`summary`) takes segments (speaker turns; a source without them is one unit) as its
units: did each coder code the unit with the code? Per pair and code: percentage agreement, Cohen's
kappa with an analytic 95 % confidence interval (the large-sample standard error of Cohen 1960,
sqrt(p_o (1 - p_o) / (n (1 - p_e)^2))), the code's prevalence (the share of units the two coders
coded, averaged) and a note: kappa is unstable when prevalence is under 5 % or over 95 %, and when
percentage agreement exceeds kappa by more than 0.3 the note says why. The last row of a pair pools
every code's units (named "pooled"). Krippendorff's alpha over the segments and alpha_U over the
characters (the sources laid end to end) are given per pair and, with more than two coders, for
all coders together (alpha takes any number of coders and missing values).

Only supporting codings count: a counter-instance is not evidence for its code.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import asdict, dataclass
from itertools import combinations

from qodex.errors import QodexError
from qodex.plugins.analysis import scope
from qodex.plugins.analysis.alpha import counted_alpha, unitized_alpha
from qodex.text import merge_spans

Spans = list[tuple[int, int]]
POOLED, ALL_CODERS = "(all codes, pooled)", "(all coders)"
UNSTABLE, DIVERGENCE, Z95 = 0.05, 0.3, 1.959964


@dataclass(frozen=True)
class Comparison:
    """Characters of one source coded with one code by coder a, b, both and neither."""

    code: str
    source: str
    coder_a: str
    coder_b: str
    length: int
    a: int
    b: int
    both: int

    @property
    def neither(self) -> int:
        return self.length - self.a - self.b + self.both

    @property
    def agreement(self) -> float:
        return 100 * (self.both + self.neither) / self.length if self.length else 100.0

    @property
    def kappa(self) -> float:
        return kappa(self.length, self.a, self.b, self.both)

    def row(self) -> dict:
        return {**asdict(self), "neither": self.neither, "agreement": round(self.agreement, 2),
                "kappa": round(self.kappa, 4)}


def kappa(length: int, a: int, b: int, both: int) -> float:
    """Cohen's kappa over `length` units of which coder A coded `a`, B `b`, and both `both`."""
    agree = both + length - a - b + both
    chance = (a * b + (length - a) * (length - b)) / length
    return 1.0 if chance == length else (agree - chance) / (length - chance)


def kappa_interval(n: int, a: int, b: int, both: int) -> tuple[float, float] | None:
    """The analytic 95 % confidence interval of `kappa` (Cohen 1960's large-sample standard
    error), clipped to [-1, 1]; None when chance agreement is complete."""
    observed = (n - a - b + 2 * both) / n
    chance = (a * b + (n - a) * (n - b)) / n ** 2
    if chance == 1:
        return None
    value = kappa(n, a, b, both)
    error = math.sqrt(observed * (1 - observed) / n) / (1 - chance)
    return max(-1.0, value - Z95 * error), min(1.0, value + Z95 * error)


def note(agreement: float, value: float | None, prevalence: float) -> str:
    """Why a kappa may mislead: a prevalence under 5 % or over 95 %, and percentage agreement
    more than 0.3 above kappa."""
    notes = []
    if not UNSTABLE <= prevalence <= 1 - UNSTABLE:
        notes.append(f"kappa unstable: the code is on {prevalence:.0%} of units")
    if value is not None and agreement / 100 - value > DIVERGENCE:
        on = "coded by neither" if prevalence < 0.5 else "coded by both"
        notes.append(f"agreement is high but kappa low: most agreement is on units {on},"
                     " which kappa counts as expected by chance")
    return "; ".join(notes)


class Coding:
    """The coders' supporting codings: spans per (coder, code, source), and the sources each
    coder coded. `coders` names at least two (default: everyone who coded)."""

    def __init__(self, project, coders=(), codes=()):
        self.project = project
        self.coders = _coder_names(project, coders)
        ids = {project.coders.get(n).id: n for n in self.coders}
        self.coded = {ids[k]: v for k, v in project.measures.sources_by_coder(ids).items()}
        self.source_ids = sorted(s for s in set().union(*self.coded.values())
                                 if sum(s in c for c in self.coded.values()) > 1)
        self.spans = {k: merge_spans(v) for k, v in self._read(ids, codes).items()}
        self.codes = sorted({code for _, code, _ in self.spans})
        self.names = project.overview.source_names()
        self.lengths = project.spans.lengths(self.source_ids)

    def _read(self, ids: dict[int, str], codes) -> dict[tuple[str, str, int], Spans]:
        """The unmerged spans of `codes` (default: all) per coder, code and source, in the
        sources more than one coder coded."""
        project = self.project
        paths = project.codes.paths()
        wanted = scope.code_ids(project, codes, below=False) if codes else None
        spans: dict[tuple[str, str, int], Spans] = {}
        for coding in project.spans.codings(wanted, self.source_ids, ids, instances="support"):
            spans.setdefault((ids[coding.coder_id], paths[coding.code_id], coding.source_id),
                             []).append((coding.start, coding.end))
        return spans

    def of(self, coder: str, code: str, source_id: int) -> Spans:
        return self.spans.get((coder, code, source_id), [])

    def pairs(self) -> list[tuple[str, str]]:
        return list(combinations(self.coders, 2))

    def shared(self, coders) -> list[int]:
        """The sources every one of `coders` coded."""
        return sorted(set.intersection(*(self.coded[c] for c in coders)))

    def coders_of(self, source_id: int) -> list[str]:
        return [c for c in self.coders if source_id in self.coded[c]]


def _coder_names(project, coders) -> list[str]:
    """`coders` without repeats, else everyone with a supporting coding; at least two."""
    names = list(dict.fromkeys(coders)) or project.measures.supporting_coders()
    if len(names) < 2:
        raise QodexError(f"{project.path.name}: agreement needs codings by at least two coders")
    return names


def compare(data: Coding) -> list[Comparison]:
    """Each code in each source either of a pair of coders used it in, for every pair, on the
    sources both coded."""
    found = []
    for a, b in data.pairs():
        for code in data.codes:
            for source_id in data.shared((a, b)):
                x, y = data.of(a, code, source_id), data.of(b, code, source_id)
                if x or y:
                    found.append(Comparison(code, data.names[source_id], a, b,
                                            data.lengths[source_id], _size(x), _size(y),
                                            _size(_intersect(x, y))))
    return found


def summary(data: Coding, segment_kind: str = "turn", alpha_u: bool = True) -> list[dict]:
    """Per pair of coders, per code then pooled over all codes, on the segments of the sources
    both coded: percentage agreement, kappa with its 95 % CI, prevalence, a note, alpha over the
    segments and alpha_U over the characters (None unless `alpha_u`); then, with more than two
    coders, alpha for all."""
    groups = [*data.pairs(), *([tuple(data.coders)] if len(data.coders) > 2 else [])]
    hits: dict = {}
    return [row for coders in groups for row in _rows(data, coders, segment_kind, alpha_u, hits)]


def _rows(data: Coding, coders: tuple[str, ...], kind: str, alpha_u: bool, hits: dict) -> list[dict]:
    """The rows of one pair of coders, or of all (then without kappa); `hits` caches the units
    each coder coded with each code, across groups of coders."""
    sources = data.shared(coders) if len(coders) == 2 else data.source_ids
    codes = [c for c in data.codes if any(data.of(k, c, s) for k in coders for s in sources)]
    segments = _segments(data, kind, sources)
    alpha_u = _unitized(data, coders, codes, data.shared(coders)) if alpha_u else (None, {})
    units = {code: _segment_units(data, code, coders, segments, hits) for code in codes}
    pooled = sum(units.values(), Counter())
    return [*(_row(coders, code, units[code], len(segments), _code_alpha_u(alpha_u, code))
              for code in codes),
            _row(coders, None, pooled, len(segments), _code_alpha_u(alpha_u, None))]


def _row(coders: tuple[str, ...], code: str | None, units: Counter, sources: int,
         alpha_u: float | None) -> dict:
    """One row: `code` (None: all codes pooled) of a pair of coders, or of all (without kappa)."""
    pair = len(coders) == 2
    row = {"coders": " & ".join(coders) if pair else ALL_CODERS,
           "code": code or POOLED, "sources": sources, "units": units.total(),
           **(_pair(units) if pair else dict.fromkeys(_PAIR_COLUMNS)),
           "alpha_segments": _round(counted_alpha(units)), "alpha_u": _round(alpha_u)}
    row["note"] = note(row["agreement"], row["kappa"], row["prevalence"] / 100) \
        if pair and units else ""
    return row


def _code_alpha_u(alpha_u, code: str | None) -> float | None:
    """From `_unitized`'s result: alpha_U of `code`, or over all codes when `code` is None."""
    overall, per_code = alpha_u
    if not code:
        return overall
    return per_code[code][2] if code in per_code else None


_PAIR_COLUMNS = ("agreement", "kappa", "ci_low", "ci_high", "prevalence")


def _pair(units: Counter) -> dict:
    """Percentage agreement, kappa, its 95 % CI and prevalence of two coders' yes/no per unit
    (`units`: how many units have each pair of answers)."""
    n = units.total()
    if not n:
        return dict.fromkeys(_PAIR_COLUMNS)
    a = sum(count for (x, _), count in units.items() if x)
    b = sum(count for (_, y), count in units.items() if y)
    both = units[1, 1]
    interval = kappa_interval(n, a, b, both) or (None, None)
    return {"agreement": round(100 * (n - a - b + 2 * both) / n, 2),
            "kappa": _round(kappa(n, a, b, both)), "ci_low": _round(interval[0]),
            "ci_high": _round(interval[1]), "prevalence": round(100 * (a + b) / (2 * n), 2)}


def disagreements(data: Coding) -> list[dict]:
    """Each stretch coded with a code by some of the coders of its source and not by the others."""
    found = _join([item for code in data.codes for source_id in data.source_ids
                   for item in _stretches(data, code, source_id)])
    texts = data.project.spans.texts({d["source_id"] for d in found})
    for item in found:
        item["text"] = texts[item["source_id"]][item["start"]:item["end"]]
    return sorted(found, key=lambda d: (d["source"], d["start"], d["code"]))


def _stretches(data: Coding, code: str, source_id: int) -> list[dict]:
    """The stretches of one source that some but not all of its coders coded with `code`."""
    coders = data.coders_of(source_id)
    by = {c: data.of(c, code, source_id) for c in coders}
    cuts = sorted({p for spans in by.values() for s in spans for p in s})
    at = dict.fromkeys(by, 0)
    found = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        who = []
        for coder, spans in by.items():
            while at[coder] < len(spans) and spans[at[coder]][1] <= start:
                at[coder] += 1
            if at[coder] < len(spans) and spans[at[coder]][0] <= start:
                who.append(coder)
        if who and len(who) < len(coders):
            found.append({"source_id": source_id, "source": data.names[source_id], "code": code,
                          "coded_by": ", ".join(who), "start": start, "end": end})
    return found


def _join(found: list[dict]) -> list[dict]:
    """Neighbouring stretches of one code coded by the same coders, as one."""
    joined: list[dict] = []
    for item in found:
        last = joined[-1] if joined else None
        if last and (last["source_id"], last["code"], last["coded_by"], last["end"]) == (
                item["source_id"], item["code"], item["coded_by"], item["start"]):
            last["end"] = item["end"]
        else:
            joined.append(dict(item))
    return joined


def _unitized(data: Coding, coders: tuple[str, ...], codes: list[str], sources: list[int]):
    """Alpha_U of `coders` on `codes` with `sources` (which they all coded) laid end to end."""
    offsets, at = {}, 0
    for source_id in sources:
        offsets[source_id] = at
        at += data.lengths[source_id]
    spans = [{code: [(offsets[s] + a, offsets[s] + b) for s in sources
                     for a, b in data.of(coder, code, s)] for code in codes}
             for coder in coders]
    return unitized_alpha(spans, at) if at else (None, {})


def _segments(data: Coding, kind: str, sources: list[int]) -> dict[int, tuple]:
    """The units: each source's segments of `kind`, else the whole source; with their starts and,
    when they also end in order, their ends (None otherwise)."""
    found: dict[int, Spans] = {}
    for segment in data.project.spans.segments(kind, sources):
        found.setdefault(segment.source_id, []).append((segment.start, segment.end))
    units = {s: found.get(s) or [(0, data.lengths[s])] for s in sources}
    return {s: (u, [a for a, _ in u], [b for _, b in u] if all(
        x[1] <= y[1] for x, y in zip(u, u[1:], strict=False)) else None) for s, u in units.items()}


def _segment_units(data: Coding, code: str, coders, segments: dict[int, tuple],
                   hits: dict) -> Counter:
    """How many units have each row of answers, per coder: 1 if the coder coded the unit with
    `code`, 0 if not, None if the coder did not code its source. Only the units some coder coded
    are visited (a bit per coder), the others are counted together."""
    found: Counter = Counter()
    for source_id, units in segments.items():
        coded = [_cached(hits, (coder, code, source_id), data.of(coder, code, source_id), units)
                 if source_id in data.coded[coder] else None for coder in coders]
        masks: dict[int, int] = {}
        for bit, hit in enumerate(coded):
            for i in hit or ():
                masks[i] = masks.get(i, 0) | 1 << bit
        rows = Counter(masks.values())
        rows[0] += len(units[0]) - len(masks)
        for mask, count in rows.items():
            if count:
                found[tuple(None if hit is None else mask >> bit & 1
                            for bit, hit in enumerate(coded))] += count
    return found


def _cached(hits: dict, key: tuple, spans: Spans, units: tuple) -> set[int]:
    if key not in hits:
        hits[key] = _hits(spans, *units)
    return hits[key]


def _hits(spans: Spans, units: Spans, starts: list[int], ends: list[int] | None) -> set[int]:
    """The indices of the `units` (by start) that any of the sorted disjoint `spans` overlaps: by
    bisection when the units also end in order, else unit by unit."""
    if ends is not None:
        return {i for a, b in spans for i in range(bisect_right(ends, a), bisect_left(starts, b))}
    return {i for i, (start, end) in enumerate(units) if any(a < end and start < b for a, b in spans)}


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _intersect(xs: Spans, ys: Spans) -> Spans:
    """Where two sorted lists of disjoint spans overlap, in one pass over both."""
    found, i, j = [], 0, 0
    while i < len(xs) and j < len(ys):
        (a, b), (c, d) = xs[i], ys[j]
        if max(a, c) < min(b, d):
            found.append((max(a, c), min(b, d)))
        if b < d:
            i += 1
        else:
            j += 1
    return found


def _size(spans: Spans) -> int:
    return sum(b - a for a, b in spans)
