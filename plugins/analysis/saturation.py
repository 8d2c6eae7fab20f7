"""Saturation: new codes per interview in interview order, the cumulative share of all codes
found, the stopping rule of Guest, Namey & Chen (2020) and code frequencies across interviews
(Guest, Bunce & Johnson 2006). Supporting codings only; the order is a case attribute (by default
the interview date), source names or a listed sequence, always stated with the coders used."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from operator import itemgetter

from qodex.errors import QodexError
from qodex.plugins.analysis import scope

BASE, RUN, THRESHOLD = 4, 2, 0.05
BY_NAME, SEQUENCE = "source-name", "sequence"
IPA_NOTE = ("Saturation is shown as a description of sampling only: interpretative phenomenological"
            " analysis (IPA) does not use saturation as a criterion; it reads a small, homogeneous"
            " sample in depth.")


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


@dataclass(frozen=True)
class Saturation:
    """A saturation analysis with what it rests on: the interview `order` (an attribute,
    `BY_NAME` or `SEQUENCE`) and `why` it was taken, the `coders` whose codings count (`pooled`
    when several count together), the steps and the stopping rule."""

    order: str
    why: str
    coders: list[str]
    pooled: bool
    steps: list[Step]
    stop: Stop
    note: str = field(default=IPA_NOTE)

    def describe(self) -> list[str]:
        """The lines printed beside the table: order, coders, outcome and the note on IPA."""
        coders = ", ".join(self.coders) or "none"
        return [f"Interview order: {self.order} ({self.why}).",
                f"Coders: {coders}" + (" (pooled: a code counts in an interview when any of them"
                                        " used it)." if self.pooled else "."),
                describe_stop(self.stop), self.note]

    def as_dict(self) -> dict:
        return asdict(self)


def interview_order(project, order: str | None = None, sequence=None) -> tuple[str, str]:
    """The order interviews are taken in and why: (`SEQUENCE` and "as listed") with a `sequence`
    of source names; `order` as asked (a case attribute, or `BY_NAME`); else the cases' one date
    attribute, or of several the one named for the interview. Anything else is refused, with
    the options there are: never silently by file name."""
    attributes = project.attributes.list("case")
    if sequence:
        return SEQUENCE, "as listed"
    if order == BY_NAME or order in {a.name for a in attributes}:
        return order, "as asked"
    if order:
        raise QodexError(f"no case attribute {order!r} to order interviews by; {_options(attributes)}")
    dates = [a.name for a in attributes if a.type == "date"]
    named = [d for d in dates if "interview" in d.casefold()]
    if len(dates) == 1 or len(named) == 1:
        return (named or dates)[0], "the cases' date attribute" + (" of the interview" if named else "")
    raise QodexError(f"saturation needs an interview order and the cases have "
                     f"{'several date attributes' if dates else 'no date attribute'}; {_options(attributes)}")


def _options(attributes) -> str:
    names = ", ".join(a.name for a in attributes) or "none"
    return (f"give --order ATTRIBUTE (case attributes: {names}), --order {BY_NAME} or "
            "--sequence SOURCE,SOURCE,...")


def order_sources(project, order: str, sequence=None) -> list[tuple[int, str, str]]:
    """Coded sources as (id, name, sort key), in the order `interview_order` resolved: by a case
    attribute (sources without a value last, by name), by name, or as `sequence` lists them."""
    names = project.overview.source_names()
    sources = sorted(((s, names[s]) for s in project.measures.coded_sources()), key=itemgetter(1))
    if order == SEQUENCE:
        return _listed(project, sources, list(sequence))
    if order == BY_NAME:
        return [(s, name, name) for s, name in sources]
    values = scope.case_values(project, order)
    owners = scope.source_cases(project)
    keyed = [(s, name, min((values[c] for c in owners.get(s, []) if c in values), default=""))
             for s, name in sources]
    return sorted(keyed, key=lambda s: (s[2] == "", s[2], s[1]))


def _listed(project, sources, sequence: list[str]) -> list[tuple[int, str, str]]:
    ids = {name: project.sources.get(name).id for name in sequence}
    if missing := [name for s, name in sources if s not in ids.values()]:
        raise QodexError(f"--sequence leaves out coded source(s) {', '.join(missing)}")
    coded = {s for s, _ in sources}
    return [(ids[name], name, str(i)) for i, name in enumerate(sequence, 1) if ids[name] in coded]


def code_sets(project, coders=()) -> dict[int, set[str]]:
    """The code paths each source was coded with (supporting codings only)."""
    paths = project.codes.paths()
    return {source_id: {paths[c] for c in code_ids} for source_id, code_ids
            in project.measures.codes_by_source(scope.coder_ids(project, coders)).items()}


def steps(project, order: str | None = None, coders=(), sequence=None) -> list[Step]:
    """Interview by interview (in `interview_order`): codes used, new codes, cumulative codes and
    their share of all."""
    sets = code_sets(project, coders)
    order, _ = interview_order(project, order, sequence)
    ordered = [s for s in order_sources(project, order, sequence) if s[0] in sets]
    total = len(set().union(*sets.values())) if sets else 0
    seen: set[str] = set()
    found = []
    for position, (source_id, name, key) in enumerate(ordered, 1):
        new = sets[source_id] - seen
        seen |= new
        found.append(Step(position, name, key, len(sets[source_id]), len(new), len(seen),
                          len(seen) / total if total else 0.0))
    return found


def saturation(project, order: str | None = None, coders=(), sequence=None, base: int = BASE,
               run: int = RUN, threshold: float = THRESHOLD) -> Saturation:
    """Everything `qodex query saturation` prints, for reports too: the order and the coders used,
    the steps, the stopping rule and the note on IPA."""
    order, why = interview_order(project, order, sequence)
    found = steps(project, order, coders, sequence)
    named = list(coders) or project.measures.supporting_coders()
    return Saturation(order, why, named, not coders and len(named) > 1, found,
                      stopping_rule(found, base, run, threshold))


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


def describe_stop(stop: Stop) -> str:
    """The stopping rule's outcome in one sentence."""
    rule = (f"base {stop.base}, run {stop.run}, threshold {stop.threshold:.0%}; "
            f"{stop.base_codes} codes in the base")
    if stop.reached_at is None:
        return f"Saturation not reached ({rule})."
    return f"Saturation reached at interview {stop.reached_at} ({rule})."


def code_frequencies(project, coders=()) -> list[dict]:
    """Each code with the number of interviews using it, most used first."""
    counts: dict[str, int] = {}
    for codes in code_sets(project, coders).values():
        for code in codes:
            counts[code] = counts.get(code, 0) + 1
    return [{"code": c, "interviews": n}
            for c, n in sorted(counts.items(), key=lambda x: (-x[1], x[0]))]
