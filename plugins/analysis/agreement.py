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
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from itertools import chain, combinations
from typing import NamedTuple

from qodex.errors import QodexError
from qodex.plugins.analysis import scope
from qodex.plugins.analysis.alpha import counted_alpha, pooled_alpha, unitized_alpha
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
    """The coders' supporting codings, read one code at a time (`each_code`), and the sources each
    coder coded. `coders` names at least two (default: everyone who coded)."""

    def __init__(self, project, coders=(), codes=()):
        self.project = project
        self.coders = _coder_names(project, coders)
        self.ids = {project.coders.get(n).id: n for n in self.coders}
        self.coded = {self.ids[k]: v for k, v in project.measures.sources_by_coder(self.ids).items()}
        self.source_ids = sorted(s for s in set().union(*self.coded.values())
                                 if sum(s in c for c in self.coded.values()) > 1)
        self.wanted = scope.code_ids(project, codes, below=False) if codes else None
        self.names = project.overview.source_names()
        self.lengths = project.spans.lengths(self.source_ids)

    def each_code(self) -> Iterator[tuple[str, dict[tuple[str, int], Spans]]]:
        """Each code (of those asked for) any of the coders used in the sources more than one of
        them coded, in no set order: its path and its merged spans per coder and source. Only one
        code's codings are held at a time."""
        paths = self.project.codes.paths()
        for code_id, spans in self.project.spans.by_code(self.wanted, self.source_ids, self.ids,
                                                         instances="support"):
            yield paths[code_id], {(self.ids[coder_id], source_id): merge_spans(found)
                                   for (coder_id, source_id), found in spans.items()}

    def pairs(self) -> list[tuple[str, str]]:
        return list(combinations(self.coders, 2))

    def shared(self, coders) -> list[int]:
        """The sources every one of `coders` coded."""
        return sorted(set.intersection(*(self.coded[c] for c in coders)))

    def coders_of(self, source_id: int) -> list[str]:
        return [c for c in self.coders if source_id in self.coded[c]]

    def sources_coded(self) -> dict[int, int]:
        """Per source more than one coder coded: who coded it, a bit per coder (in `coders`' order)."""
        return {s: sum(1 << bit for bit, c in enumerate(self.coders) if s in self.coded[c])
                for s in self.source_ids}


def _coder_names(project, coders) -> list[str]:
    """`coders` without repeats, else everyone with a supporting coding; at least two."""
    names = list(dict.fromkeys(coders)) or project.measures.supporting_coders()
    if len(names) < 2:
        raise QodexError(f"{project.path.name}: agreement needs codings by at least two coders")
    return names


def compare(data: Coding) -> list[Comparison]:
    """Each code in each source either of a pair of coders used it in, for every pair, on the
    sources both coded: by pair, code, source."""
    pairs = [(pair, data.shared(pair)) for pair in data.pairs()]
    found = []
    for code, spans in data.each_code():
        for at, ((a, b), shared) in enumerate(pairs):
            for source_id in shared:
                x, y = spans.get((a, source_id), []), spans.get((b, source_id), [])
                if x or y:
                    found.append((at, code, source_id, Comparison(
                        code, data.names[source_id], a, b, data.lengths[source_id], _size(x),
                        _size(y), _size(_intersect(x, y)))))
    return [comparison for *_, comparison in sorted(found, key=lambda f: f[:3])]


def summary(data: Coding, segment_kind: str = "turn", alpha_u: bool = True) -> list[dict]:
    """Per pair of coders, per code then pooled over all codes, on the segments of the sources
    both coded: percentage agreement, kappa with its 95 % CI, prevalence, a note, alpha over the
    segments and alpha_U over the characters (None unless `alpha_u`); then, with more than two
    coders, alpha for all. One pass over the codings, a code at a time."""
    groups = [*data.pairs(), *([tuple(data.coders)] if len(data.coders) > 2 else [])]
    segments = _segments(data, segment_kind, data.source_ids)
    answers, unitized = _answers(data, segments, groups, alpha_u)
    return [row for coders in groups
            for row in _rows(data, coders, segments, answers,
                             _unitized_total(unitized[coders]) if alpha_u else (None, {}))]


class Answers(NamedTuple):
    """One code's units as the coders answered: how many units of the sources coded by each set
    of coders (a bit per coder) each set of coders coded with the code (units none coded left
    out), and which sets of coders coded with it in sources coded by which sets."""

    units: Counter
    used: set[tuple[int, int]]


def _answers(data: Coding, segments: dict[int, tuple], groups, alpha_u: bool):
    """Each code's `Answers` and, if `alpha_u`, per group of coders its per-code alpha_U (observed
    and expected disagreement, alpha), from one pass over the codings."""
    coded, bits = data.sources_coded(), {c: 1 << bit for bit, c in enumerate(data.coders)}
    answers: dict[str, Answers] = {}
    unitized: dict[tuple, dict] = {coders: {} for coders in groups}
    laid = {coders: _laid_end_to_end(data, coders) for coders in groups} if alpha_u else {}
    for code, spans in data.each_code():
        by_source: dict[int, list] = {}
        for (coder, source_id), merged in spans.items():
            by_source.setdefault(source_id, []).append((bits[coder], merged))
        found = answers[code] = Answers(Counter(), set())
        for source_id, marks in by_source.items():
            masks: dict[int, int] = {}
            for bit, merged in marks:
                for i in _hits(merged, *segments[source_id]):
                    masks[i] = masks.get(i, 0) | bit
            found.units.update((coded[source_id], mask) for mask in masks.values())
            found.used.add((coded[source_id], sum(bit for bit, _ in marks)))
        for coders, (offsets, length) in laid.items():
            if _uses(data, coders, found):
                unitized[coders][code] = _unitized(coders, code, spans, offsets, length)
    return answers, unitized


def _group(data: Coding, coders: tuple[str, ...]):
    """A group's bits, and whether the sources coded by a set of coders (bits) count for it: for
    a pair, those both coded; for all coders, each (each was coded by more than one)."""
    mask = sum(1 << data.coders.index(c) for c in coders)
    return mask, (lambda coded: coded & mask == mask) if len(coders) == 2 else (lambda coded: True)


def _uses(data: Coding, coders: tuple[str, ...], found: Answers) -> bool:
    """Whether any of `coders` coded with the code in a source that counts for them."""
    mask, counts = _group(data, coders)
    return any(counts(coded) and used & mask for coded, used in found.used)


def _rows(data: Coding, coders: tuple[str, ...], segments: dict[int, tuple],
          answers: dict[str, Answers], alpha_u) -> list[dict]:
    """The rows of one pair of coders, or of all (then without kappa)."""
    sources = data.shared(coders) if len(coders) == 2 else data.source_ids
    codes = sorted(code for code, found in answers.items() if _uses(data, coders, found))
    units = _segment_units(data, coders, {s: len(segments[s][0]) for s in sources}, answers, codes)
    pooled = sum(units.values(), Counter())
    return [*(_row(coders, code, units[code], len(sources), _code_alpha_u(alpha_u, code))
              for code in codes),
            _row(coders, None, pooled, len(sources), _code_alpha_u(alpha_u, None))]


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
    per_code = {code: _join([item for source_id in sorted({s for _, s in spans})
                             for item in _stretches(data, code, source_id, spans)])
                for code, spans in data.each_code()}
    found = [item for code in sorted(per_code) for item in per_code[code]]
    texts = data.project.spans.texts({d["source_id"] for d in found})
    for item in found:
        item["text"] = texts[item["source_id"]][item["start"]:item["end"]]
    return sorted(found, key=lambda d: (d["source"], d["start"], d["code"]))


def _stretches(data: Coding, code: str, source_id: int, marked: dict) -> list[dict]:
    """The stretches of one source that some but not all of its coders coded with `code`
    (`marked`: the code's merged spans per coder and source)."""
    coders = data.coders_of(source_id)
    by = {c: marked.get((c, source_id), []) for c in coders}
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


def _laid_end_to_end(data: Coding, coders: tuple[str, ...]) -> tuple[dict[int, int], int]:
    """Where each source `coders` all coded starts when they are laid end to end, and the length."""
    offsets, at = {}, 0
    for source_id in data.shared(coders):
        offsets[source_id] = at
        at += data.lengths[source_id]
    return offsets, at


def _unitized(coders: tuple[str, ...], code: str, spans: dict, offsets: dict[int, int],
              length: int):
    """Alpha_U of `coders` on one code (its merged `spans` per coder and source) on their shared
    sources laid end to end (`offsets`, `length`): (observed, expected, alpha); None without text."""
    if not length:
        return None
    laid = [{code: [(at + a, at + b) for s, at in offsets.items()
                    for a, b in spans.get((coder, s), [])]} for coder in coders]
    return unitized_alpha(laid, length)[1][code]


def _unitized_total(per_code: dict) -> tuple:
    """`unitized_alpha`'s result from per-code (observed, expected, alpha): (None, {}) when the
    coders share no text."""
    if not per_code or None in per_code.values():
        return None, {}
    ordered = {code: per_code[code] for code in sorted(per_code)}
    return pooled_alpha(ordered), ordered


def _segments(data: Coding, kind: str, sources: list[int]) -> dict[int, tuple]:
    """The units: each source's segments of `kind`, else the whole source; with their starts and,
    when they also end in order, their ends (None otherwise)."""
    found: dict[int, Spans] = {}
    for segment in data.project.spans.segments(kind, sources):
        found.setdefault(segment.source_id, []).append((segment.start, segment.end))
    units = {s: found.get(s) or [(0, data.lengths[s])] for s in sources}
    return {s: (u, [a for a, _ in u], [b for _, b in u] if all(
        x[1] <= y[1] for x, y in zip(u, u[1:], strict=False)) else None) for s, u in units.items()}


def _segment_units(data: Coding, coders: tuple[str, ...], units: dict[int, int],
                   answers: dict[str, Answers], codes: list[str]) -> dict[str, Counter]:
    """Per code, how many units (`units`: per source counted, how many it has) have each row of
    answers, per coder: 1 if the coder coded the unit with the code, 0 if not, None if the coder
    did not code its source. Every unit no one coded is first counted as all 0 (or None); the
    units some coder coded then move to their own rows."""
    mask, counts = _group(data, coders)
    bits = [data.coders.index(c) for c in coders]
    coded_by = data.sources_coded()

    def row(coded: int, hit: int) -> tuple:
        return tuple(hit >> bit & 1 if coded >> bit & 1 else None for bit in bits)

    none: Counter = Counter()
    for source_id, n in units.items():
        none[row(coded_by[source_id], 0)] += n
    found = {}
    for code in codes:
        rows = none.copy()
        for (coded, hit), n in answers[code].units.items():
            if counts(coded) and hit & mask:
                rows[row(coded, hit)] += n
                rows[row(coded, 0)] -= n
        found[code] = +rows
    return found


def _hits(spans: Spans, units: Spans, starts: list[int], ends: list[int] | None) -> Iterable[int]:
    """The indices of the `units` (by start) that any of the sorted disjoint `spans` overlaps, some
    perhaps more than once: by bisection when the units also end in order, else unit by unit."""
    if ends is not None:
        return chain.from_iterable(range(bisect_right(ends, a), bisect_left(starts, b))
                                   for a, b in spans)
    return (i for i, (start, end) in enumerate(units) if any(a < end and start < b for a, b in spans))


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
