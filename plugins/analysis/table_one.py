"""Table I: participant characteristics, counted per value of each attribute, in total and per
group (e.g. practice), laid out as a published table: a heading per attribute, a row per value."""

from __future__ import annotations

from statistics import median

from qodex.plugins.analysis import scope
from qodex.plugins.analysis.matrix import value_order

TOTAL = "Total"
SKIPPED = ("date", "text")  # left out unless asked for: dates and free text identify people


def table_one(project, attributes: list[str] | None = None, group: str | None = None) -> list[dict]:
    """Rows {"characteristic", "value", "Total", <group value>...}: first the number of cases,
    then per attribute its values with n (numbers as median and range). By default every case
    attribute but dates and free text."""
    members = _members(project, group)
    rows = [{"characteristic": "Participants", "value": "", **{k: len(v) for k, v in members.items()}}]
    names = attributes or [a.name for a in project.attributes.list()
                           if a.name != group and a.type not in SKIPPED]
    for name in names:
        rows += _attribute_rows(project, name, members)
    return rows


def _members(project, group: str | None) -> dict[str, list]:
    """The cases of each column: Total, then each value of `group`."""
    cases = [c.id for c in project.cases]
    groups = scope.case_values(project, group) if group else {}
    columns = value_order(groups.values()) if group else []
    return {TOTAL: cases, **{g: [c for c in cases if groups.get(c) == g] for g in columns}}


def _attribute_rows(project, name: str, members: dict[str, list]) -> list[dict]:
    """The rows of one attribute: median (range) for a number, else n per value."""
    values = scope.case_values(project, name)
    if project.attributes.get(name).type == "number":
        return [{"characteristic": name, "value": "median (range)",
                 **{k: _spread([values[c] for c in v if c in values]) for k, v in members.items()}}]
    return [{"characteristic": name, "value": value,
             **{k: sum(1 for c in v if values.get(c) == value) for k, v in members.items()}}
            for value in value_order(values.values())]


def _spread(values: list[str]) -> str:
    numbers = sorted(float(v) for v in values)
    if not numbers:
        return ""
    show = lambda x: f"{x:g}"  # noqa: E731
    return f"{show(median(numbers))} ({show(numbers[0])}-{show(numbers[-1])})"


def columns(rows: list[dict]) -> list[str]:
    """The count columns of a Table I, in order: Total, then the groups."""
    return [k for k in rows[0] if k not in ("characteristic", "value")] if rows else [TOTAL]
