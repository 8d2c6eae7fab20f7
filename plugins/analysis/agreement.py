"""Inter-coder agreement on the sources every compared coder coded.

Per code and source, as NVivo's coding comparison computes it: over the source's characters,
percentage agreement = (coded by both + coded by neither) / length, and Cohen's kappa with chance
agreement (A x B + not-A x not-B) / length; kappa is 1 when the coders agree completely. Also
Krippendorff's alpha_U over the sources laid end to end, alpha over coded segments (speaker turns:
did each coder code the turn with the code?) and the list of disagreements.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from itertools import combinations

from qodex.errors import QodexError
from qodex.plugins.analysis import scope
from qodex.plugins.analysis.alpha import nominal_alpha, unitized_alpha
from qodex.text import merge_spans

Spans = list[tuple[int, int]]


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


class Coding:
    """The coders' codings on the sources they all coded: spans per (coder, code, source)."""

    def __init__(self, project, coders=(), codes=()):
        self.project = project
        names = list(coders) or [r["name"] for r in project.rows(
            "SELECT DISTINCT k.name FROM codings c JOIN coders k ON k.id = c.coder_id ORDER BY k.name")]
        if len(names) < 2:
            raise QodexError(f"{project.path.name}: agreement needs codings by at least two coders")
        self.coders = names
        ids = {project.coders.get(n).id: n for n in names}
        paths = project.codes.paths()
        wanted = set(scope.code_ids(project, codes, below=False)) if codes else None
        coded: dict[str, set[int]] = {n: set() for n in names}
        self.spans: dict[tuple[str, str, int], Spans] = {}
        for source_id, code_id, coder_id, start, end in project.conn.execute(
                'SELECT source_id, code_id, coder_id, start, "end" FROM codings ORDER BY start'):
            if coder_id in ids:
                coded[ids[coder_id]].add(source_id)
                if wanted is None or code_id in wanted:
                    self.spans.setdefault((ids[coder_id], paths[code_id], source_id), []).append(
                        (start, end))
        self.source_ids = sorted(set.intersection(*coded.values()))
        self.spans = {k: merge_spans(v) for k, v in self.spans.items() if k[2] in self.source_ids}
        self.codes = sorted({code for _, code, _ in self.spans})
        rows = project.rows("SELECT id, name, length(text) AS length FROM sources")
        self.names = {r["id"]: r["name"] for r in rows}
        self.lengths = {r["id"]: r["length"] for r in rows}

    def of(self, coder: str, code: str, source_id: int) -> Spans:
        return self.spans.get((coder, code, source_id), [])


def compare(data: Coding) -> list[Comparison]:
    """Each code in each source either of a pair of coders used it in."""
    found = []
    for a, b in combinations(data.coders, 2):
        for code in data.codes:
            for source_id in data.source_ids:
                x, y = data.of(a, code, source_id), data.of(b, code, source_id)
                if x or y:
                    found.append(Comparison(code, data.names[source_id], a, b,
                                            data.lengths[source_id], _size(x), _size(y),
                                            _size(_intersect(x, y))))
    return found


def summary(data: Coding, segment_kind: str = "turn") -> list[dict]:
    """Per code, then over all codes: pooled percentage agreement and kappa of each coder pair
    (characters of all compared sources together), alpha_U and alpha over coded segments."""
    comparisons = compare(data)
    _, alpha_u = _unitized(data)
    segments = _segments(data, segment_kind)
    rows = []
    for code in [*data.codes, None]:
        chosen = [c for c in comparisons if code is None or c.code == code]
        total = sum(data.lengths[s] for s in data.source_ids) * (len(data.codes) if code is None else 1)
        a, b, both = (sum(getattr(c, f) for c in chosen) for f in ("a", "b", "both"))
        pairs = len(list(combinations(data.coders, 2)))
        rows.append({
            "code": code or "(all codes)", "sources": len({c.source for c in chosen}),
            "agreement": round(100 * (total * pairs - a - b + 2 * both) / (total * pairs), 2)
            if total else None,
            "kappa": round(kappa(total * pairs, a, b, both), 4) if total else None,
            "alpha_u": _round(alpha_u[code][2] if code else _overall(alpha_u)),
            "alpha_segments": _round(nominal_alpha(
                [r for c in ([code] if code else data.codes) for r in _segment_units(data, c, segments)])),
        })
    return rows


def disagreements(data: Coding) -> list[dict]:
    """Each stretch coded with a code by some of the coders and not by the others."""
    found = []
    for code in data.codes:
        for source_id in data.source_ids:
            by = {c: data.of(c, code, source_id) for c in data.coders}
            cuts = sorted({p for spans in by.values() for s in spans for p in s})
            for start, end in zip(cuts, cuts[1:], strict=False):
                who = [c for c, spans in by.items() if any(s <= start and end <= e for s, e in spans)]
                if who and len(who) < len(data.coders):
                    found.append({"source_id": source_id, "source": data.names[source_id],
                                  "code": code, "coded_by": ", ".join(who), "start": start,
                                  "end": end})
    found = _join(found)
    texts = dict(data.project.conn.execute(
        "SELECT id, text FROM sources WHERE id IN (SELECT value FROM json_each(?))",
        (str(sorted({d["source_id"] for d in found})),)))
    for item in found:
        item["text"] = texts[item["source_id"]][item["start"]:item["end"]]
    return sorted(found, key=lambda d: (d["source"], d["start"], d["code"]))


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


def _unitized(data: Coding):
    """Alpha_U with the compared sources laid end to end as one continuum."""
    offsets, at = {}, 0
    for source_id in data.source_ids:
        offsets[source_id] = at
        at += data.lengths[source_id]
    coders = [{code: [(offsets[s] + a, offsets[s] + b) for s in data.source_ids
                      for a, b in data.of(coder, code, s)] for code in data.codes}
              for coder in data.coders]
    return unitized_alpha(coders, at) if at else (None, {})


def _overall(per_code: dict) -> float | None:
    expected = sum(e for _, e, _ in per_code.values())
    return 1 - sum(o for o, _, _ in per_code.values()) / expected if expected else None


def _segments(data: Coding, kind: str) -> dict[int, Spans]:
    """The units for alpha over segments: each source's segments of `kind`, else the source."""
    found: dict[int, Spans] = {}
    for source_id, start, end in data.project.conn.execute(
            'SELECT source_id, start, "end" FROM segments WHERE kind = ? ORDER BY start', (kind,)):
        found.setdefault(source_id, []).append((start, end))
    return {s: found.get(s) or [(0, data.lengths[s])] for s in data.source_ids}


def _segment_units(data: Coding, code: str, segments: dict[int, Spans]) -> list[list[int]]:
    return [[int(any(a < end and start < b for a, b in data.of(coder, code, source_id)))
             for coder in data.coders]
            for source_id, spans in segments.items() for start, end in spans]


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _intersect(xs: Spans, ys: Spans) -> Spans:
    return [(max(a, c), min(b, d)) for a, b in xs for c, d in ys if max(a, c) < min(b, d)]


def _size(spans: Spans) -> int:
    return sum(b - a for a, b in spans)
