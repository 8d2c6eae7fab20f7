"""Prevalence: per code, its supporting codings and the cases where it is present (a case is
present for a code only with a supporting coding), out of all cases, with the counter-instances
and the cases that hold counter-instances only counted apart."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from qodex.plugins.analysis.matrix import matrix


@dataclass(frozen=True)
class Prevalence:
    """One code's counts: `cases` of `of` cases hold a supporting coding; `counter_only` cases
    hold counter-instances of it and no supporting coding."""

    code: str
    codings: int
    cases: int
    of: int
    counter: int
    counter_only: int

    @property
    def share(self) -> float:
        """The share of cases where the code is present."""
        return self.cases / self.of if self.of else 0.0

    def row(self) -> dict:
        return {**asdict(self), "percent": round(100 * self.share, 1)}


def prevalence(project, codes=(), coders=(), aggregate: bool = True) -> list[Prevalence]:
    """Each code (all, or those at `codes`; with the codes below it when `aggregate`) with its
    counts over all cases, from the codings of `coders` (default: everyone's)."""
    by_case = matrix(project, "case", codes, coders, None, aggregate, chars=False)
    by_source = matrix(project, "source", codes, coders, None, aggregate, chars=False)
    cases = len(by_case.columns)
    found = []
    for code in by_case.rows:
        cells = [by_case.cell(code, c) for c in by_case.columns]
        sources = [by_source.cell(code, s) for s in by_source.columns]
        found.append(Prevalence(code, sum(c.codings for c in sources), sum(1 for c in cells if c.cases),
                                cases, sum(c.counter for c in sources),
                                sum(1 for c in cells if c.counter_only)))
    return found
