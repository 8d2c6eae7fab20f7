"""What a query looks at: codes by path (with the codes below them), sources chosen by their
cases' attribute values, and the coders whose codings count (which instances count, supporting
codings, counter-instances or all, is `project.spans.codings`'s `instances`)."""

from __future__ import annotations

from collections.abc import Iterable


def text(value) -> str:
    """An attribute value as the text a user types (0/1 stay numbers, 1.0 reads as 1)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if value is None else str(value)


def case_values(project, attribute: str) -> dict[int, str]:
    """Each case's value of `attribute`, as text, by case id (cases without one left out)."""
    return {case_id: text(value) for case_id, value in project.scopes.case_values(attribute).items()}


def source_cases(project) -> dict[int, list[int]]:
    """The case ids each source belongs to."""
    return project.scopes.cases_of_sources()


def sources_where(project, wanted: dict[str, set[str]]) -> set[int] | None:
    """Ids of sources whose case has every attribute in `wanted` at one of its values
    (None when nothing is asked, meaning every source)."""
    if not wanted:
        return None
    cases = {c.id for c in project.cases}
    for attribute, values in wanted.items():
        by_case = case_values(project, attribute)
        cases &= {case_id for case_id, value in by_case.items() if value in values}
    return {s for s, owners in source_cases(project).items() if cases.intersection(owners)}


def code_ids(project, paths: Iterable[str], below: bool = True) -> list[int]:
    """Ids of the codes at `paths`, each followed by the codes below it when `below`."""
    found: list[int] = []
    for path in paths:
        code_id = project.codes.get(path).id
        found += descendants(project, code_id) if below else [code_id]
    return list(dict.fromkeys(found))


def descendants(project, code_id: int) -> list[int]:
    """`code_id` and every code below it."""
    return project.scopes.code_and_below(code_id)


def coder_ids(project, names: Iterable[str]) -> set[int] | None:
    """Ids of the coders named (None when none are named, meaning all)."""
    names = list(names)
    if not names:
        return None
    return {project.coders.get(name).id for name in names}
