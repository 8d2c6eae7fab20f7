"""The reads the TUI needs, each one query (the TUI never writes SQL; writes use the API)."""

from __future__ import annotations

import json
from typing import Any, NamedTuple


class Mark(NamedTuple):
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
        "SELECT s.id, s.name, length(s.text) AS length, coalesce(n.codings, 0) AS codings,"
        " k.cases, v.attributes FROM sources s"
        " LEFT JOIN (SELECT source_id, count(*) AS codings FROM codings GROUP BY source_id) n"
        "  ON n.source_id = s.id"
        " LEFT JOIN (SELECT cs.source_id, group_concat(k.name, ', ') AS cases FROM case_sources cs"
        "  JOIN cases k ON k.id = cs.case_id GROUP BY cs.source_id) k ON k.source_id = s.id"
        " LEFT JOIN (SELECT cs.source_id, json_group_object(a.name, v.value) AS attributes"
        "  FROM case_sources cs JOIN case_values v ON v.case_id = cs.case_id"
        "  JOIN attributes a ON a.id = v.attribute_id GROUP BY cs.source_id) v"
        "  ON v.source_id = s.id ORDER BY s.name")
    return [_with_values(r) for r in rows]


def cases_overview(project) -> list[dict[str, Any]]:
    """Each case with its sources' names and its attribute values."""
    return [_with_values(r) for r in project.rows(
        "SELECT k.id, k.name, (SELECT group_concat(s.name, ', ') FROM case_sources cs"
        "  JOIN sources s ON s.id = cs.source_id WHERE cs.case_id = k.id) AS sources,"
        " (SELECT json_group_object(a.name, v.value) FROM case_values v"
        "  JOIN attributes a ON a.id = v.attribute_id WHERE v.case_id = k.id) AS attributes"
        " FROM cases k ORDER BY k.id")]


def _with_values(row: dict[str, Any]) -> dict[str, Any]:
    """The row with its JSON ``attributes`` as a dict under ``values``."""
    return {**row, "values": json.loads(row.pop("attributes") or "{}")}


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
    return list(map(Mark._make, rows))


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
