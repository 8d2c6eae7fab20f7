"""What a query looks at: codes by path (with the codes below them), sources chosen by their
cases' attribute values, the coders whose codings count, and which instances: supporting codings
(the default), counter-instances, or all."""

from __future__ import annotations

from collections.abc import Iterable

from qodex.errors import QodexError


def parse_where(items: Iterable[str]) -> dict[str, set[str]]:
    """``["practice=1", "sex=female", "practice=2"]`` -> {"practice": {"1", "2"}, "sex": {...}}."""
    wanted: dict[str, set[str]] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise QodexError(f"--where needs ATTRIBUTE=VALUE, not {item!r}")
        wanted.setdefault(name.strip(), set()).add(value.strip())
    return wanted


def text(value) -> str:
    """An attribute value as the text a user types (0/1 stay numbers, 1.0 reads as 1)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if value is None else str(value)


def case_values(project, attribute: str) -> dict[int, str]:
    """Each case's value of `attribute`, as text, by case id."""
    project.attributes.get(attribute)
    rows = project.rows("SELECT v.case_id, v.value FROM case_values v JOIN attributes a"
                        " ON a.id = v.attribute_id WHERE a.name = ? AND a.scope = 'case'",
                        (attribute,))
    return {r["case_id"]: text(r["value"]) for r in rows}


def source_cases(project) -> dict[int, list[int]]:
    """The case ids each source belongs to."""
    found: dict[int, list[int]] = {}
    for source_id, case_id in project.conn.execute(
            "SELECT source_id, case_id FROM case_sources ORDER BY case_id"):
        found.setdefault(source_id, []).append(case_id)
    return found


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
    rows = project.conn.execute(
        "WITH RECURSIVE tree(id) AS (SELECT ? UNION SELECT codes.id FROM codes JOIN tree"
        " ON codes.parent_id = tree.id) SELECT id FROM tree", (code_id,))
    return [r[0] for r in rows]


def coder_ids(project, names: Iterable[str]) -> set[int] | None:
    """Ids of the coders named (None when none are named, meaning all)."""
    names = list(names)
    if not names:
        return None
    return {project.coders.get(name).id for name in names}


INSTANCES = ("support", "counter", "all")
_INSTANCES_SQL = {"support": "counter IS NULL", "counter": "counter IS NOT NULL", "all": ""}


def instances(which: str) -> str:
    """The SQL condition on codings keeping supporting codings ("support"), counter-instances
    ("counter") or "all" (then "")."""
    if which not in _INSTANCES_SQL:
        raise QodexError(f"instances must be one of {', '.join(INSTANCES)}, not {which!r}")
    return _INSTANCES_SQL[which]


def where_in(*conditions: str, **columns: set[int] | None) -> str:
    """A WHERE clause of `conditions` (empty ones skipped) and keeping rows whose column holds one
    of its ids (None: any), or ""."""
    tests = [c for c in conditions if c] + [f"{name} IN ({','.join(map(str, sorted(ids)))})"
                                            for name, ids in columns.items() if ids is not None]
    return f" WHERE {' AND '.join(tests)}" if tests else ""
