"""The one place a report counts codings, through the analysis plugin's case matrix: supporting
codings per case (a case is present for a code only with one), and the counter-instances
(denials, hypotheticals, other people's experiences) counted apart."""

from __future__ import annotations


def by_case(project, coder: str):
    """The coder's code × case matrix, each code counting the codes below it."""
    from qodex.plugins.analysis.matrix import matrix

    return matrix(project, "case", (), [coder], None, aggregate=True, chars=False)


def per_case(table, path: str, case_ids: dict[str, int]) -> dict:
    """For the code at `path` (with the codes below it): ``{"support": {case id: supporting
    codings}, "counter": {case id: counter-instances}}``, cases without any left out."""
    found: dict[str, dict[int, int]] = {"support": {}, "counter": {}}
    for name in table.columns:
        cell = table.cell(path, name)
        if cell.codings:
            found["support"][case_ids[name]] = cell.codings
        if cell.counter:
            found["counter"][case_ids[name]] = cell.counter
    return found


def divergent(found: dict) -> set[int]:
    """Cases with counter-instances of the code and no supporting coding."""
    return set(found["counter"]) - set(found["support"])
