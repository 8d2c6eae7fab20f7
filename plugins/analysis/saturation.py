"""Saturation: new codes per interview in interview order, the cumulative share of all codes
found, the stopping rule of Guest, Namey & Chen (2020) and code frequencies across interviews
(Guest, Bunce & Johnson 2006)."""

from __future__ import annotations

from dataclasses import dataclass

from qodex.plugins.analysis import scope

BASE, RUN, THRESHOLD = 4, 2, 0.05


@dataclass(frozen=True)
class Step:
    """One interview in order: the codes it used and those it used first."""

    position: int
    source: str
    key: str
    codes: int
    new: int
    cumulative: int
    share: float


@dataclass(frozen=True)
class Stop:
    """The Guest-Namey-Chen rule's result: the first run of `run` interviews after the base whose
    new codes, as a share of the codes in the base, are at most `threshold`."""

    base: int
    run: int
    threshold: float
    base_codes: int
    reached_at: int | None
    runs: list[dict]


def order_sources(project, order: str | None = None) -> list[tuple[int, str, str]]:
    """Coded sources as (id, name, sort key): by a case attribute (e.g. interview_date) when
    `order` names one, else by name."""
    sources = project.rows("SELECT id, name FROM sources WHERE id IN (SELECT source_id FROM codings)"
                           " ORDER BY name")
    if not order:
        return [(s["id"], s["name"], s["name"]) for s in sources]
    values = scope.case_values(project, order)
    owners = scope.source_cases(project)
    keyed = [(s["id"], s["name"], min((values[c] for c in owners.get(s["id"], []) if c in values),
                                      default="")) for s in sources]
    return sorted(keyed, key=lambda s: (s[2] == "", s[2], s[1]))


def code_sets(project, coders=()) -> dict[int, set[str]]:
    """The code paths each source was coded with."""
    paths = project.codes.paths()
    who = scope.coder_ids(project, coders)
    found: dict[int, set[str]] = {}
    for source_id, code_id, coder_id in project.conn.execute(
            "SELECT DISTINCT source_id, code_id, coder_id FROM codings"):
        if who is None or coder_id in who:
            found.setdefault(source_id, set()).add(paths[code_id])
    return found


def steps(project, order: str | None = None, coders=()) -> list[Step]:
    """Interview by interview: codes used, new codes, cumulative codes and their share of all."""
    sets = code_sets(project, coders)
    ordered = [s for s in order_sources(project, order) if s[0] in sets]
    total = len(set().union(*sets.values())) if sets else 0
    seen: set[str] = set()
    found = []
    for position, (source_id, name, key) in enumerate(ordered, 1):
        new = sets[source_id] - seen
        seen |= new
        found.append(Step(position, name, key, len(sets[source_id]), len(new), len(seen),
                          len(seen) / total if total else 0.0))
    return found


def stopping_rule(found: list[Step], base: int = BASE, run: int = RUN,
                  threshold: float = THRESHOLD) -> Stop:
    """Guest, Namey & Chen (2020): runs of `run` interviews, moved one interview at a time after
    the first `base`; saturation is reached at the last interview before the first run adding
    new codes of at most `threshold` of the codes found in the base."""
    if base < 1 or run < 1:
        raise ValueError("base size and run length must be at least 1")
    base_codes = found[base - 1].cumulative if len(found) >= base else 0
    runs, reached = [], None
    for first in range(base, len(found) - run + 1):
        window = found[first:first + run]
        new = sum(s.new for s in window)
        rate = new / base_codes if base_codes else 0.0
        runs.append({"run": f"{window[0].position}-{window[-1].position}", "new": new,
                     "rate": rate, "within": rate <= threshold})
        if reached is None and rate <= threshold:
            reached = first
    return Stop(base, run, threshold, base_codes, reached, runs)


def code_frequencies(project, coders=()) -> list[dict]:
    """Each code with the number of interviews using it, most used first."""
    counts: dict[str, int] = {}
    for codes in code_sets(project, coders).values():
        for code in codes:
            counts[code] = counts.get(code, 0) + 1
    return [{"code": c, "interviews": n}
            for c, n in sorted(counts.items(), key=lambda x: (-x[1], x[0]))]
