"""The reads the TUI needs, each one query (the TUI never writes SQL; writes use the API)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Mark:
    """A coding as the transcript draws it."""

    id: int
    code_id: int
    start: int
    end: int


def case_attributes(project) -> list[str]:
    """Names of the case attributes, in their order."""
    return [a.name for a in project.attributes.list()]


def sources_overview(project) -> list[dict[str, Any]]:
    """Each source with its case(s), length, coding count and its cases' attribute values."""
    rows = project.rows(
        "SELECT s.id, s.name, length(s.text) AS length,"
        " (SELECT count(*) FROM codings c WHERE c.source_id = s.id) AS codings,"
        " (SELECT group_concat(k.name, ', ') FROM case_sources cs JOIN cases k"
        "  ON k.id = cs.case_id WHERE cs.source_id = s.id) AS cases"
        " FROM sources s ORDER BY s.name")
    values: dict[int, dict[str, Any]] = {}
    for r in project.rows(
            "SELECT cs.source_id, a.name, v.value FROM case_sources cs"
            " JOIN case_values v ON v.case_id = cs.case_id"
            " JOIN attributes a ON a.id = v.attribute_id"):
        values.setdefault(r["source_id"], {})[r["name"]] = r["value"]
    return [{**r, "values": values.get(r["id"], {})} for r in rows]


def code_counts(project) -> dict[int, tuple[int, int]]:
    """Per code id: how many codings, in how many sources."""
    rows = project.conn.execute(
        "SELECT code_id, count(*), count(DISTINCT source_id) FROM codings GROUP BY code_id")
    return {code_id: (n, s) for code_id, n, s in rows}


def marks(project, source_id: int) -> list[Mark]:
    """A source's codings in text order."""
    rows = project.conn.execute(
        'SELECT id, code_id, start, "end" FROM codings WHERE source_id = ? ORDER BY start, id',
        (source_id,))
    return [Mark(*r) for r in rows]


def turns(project, source_id: int) -> list[tuple[int, int, str]]:
    """A source's speaker turns as (start, end, label)."""
    return list(project.conn.execute(
        "SELECT start, \"end\", coalesce(label, '') FROM segments"
        " WHERE source_id = ? AND kind = 'turn' ORDER BY start", (source_id,)))


def source_context(project) -> dict[int, dict[str, Any]]:
    """Per source id: its name, case names and its cases' attributes as one short line."""
    return {r["id"]: {"name": r["name"], "cases": r["cases"] or "",
                      "attributes": ", ".join(f"{k}={v}" for k, v in r["values"].items())}
            for r in sources_overview(project)}


def memo_for(project, target: str, target_id: int | None):
    """The first memo on a target, or None."""
    found = project.memos.list(target, target_id) if target != "project" else []
    return found[0] if found else None


def memos_overview(project) -> list[dict[str, Any]]:
    """Every memo with a readable name for what it is on."""
    return project.rows(
        "SELECT m.id, m.target, m.title, m.modified, substr(m.body, 1, 80) AS body,"
        " CASE m.target WHEN 'source' THEN (SELECT name FROM sources WHERE id = m.target_id)"
        " WHEN 'code' THEN (SELECT name FROM codes WHERE id = m.target_id)"
        " WHEN 'case' THEN (SELECT name FROM cases WHERE id = m.target_id)"
        " WHEN 'coding' THEN (SELECT c.name FROM codings g JOIN codes c ON c.id = g.code_id"
        "  WHERE g.id = m.target_id) ELSE '' END AS about"
        " FROM memos m ORDER BY m.modified DESC, m.id DESC")


def data_version(project) -> int:
    """Changes when another connection commits to the file (cheap to poll)."""
    return project.conn.execute("PRAGMA data_version").fetchone()[0]
