"""Reads across tables that listings and screens show: each one query, so a screen of 2,000 sources
or a codebook over a million codings costs one round trip (`project.overview`)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, NamedTuple


class Mark(NamedTuple):
    """A coding as a transcript draws it."""

    id: int
    code_id: int
    start: int
    end: int
    counter: str | None = None  # a counter-instance's kind
    coder_id: int | None = None


class Overview:
    """Counts, names and joins over the project's tables, read-only."""

    def __init__(self, project):
        self.project = project

    def sources(self, counts: bool = True) -> list[dict[str, Any]]:
        """Each source with kind, length (kept in ``source_lengths``), coding count (None unless
        `counts`; kept in ``source_tallies``), case names, origin and its cases' values."""
        codings, counted = ("coalesce(n.codings, 0)", " LEFT JOIN source_tallies n ON n.source_id = s.id") \
            if counts else ("NULL", "")
        rows = self.project.rows(
            f"SELECT s.id, s.name, s.kind, l.chars, {codings} AS codings,"
            f" k.cases, s.origin, v.attributes FROM sources s"
            f" JOIN source_lengths l ON l.source_id = s.id{counted}"
            " LEFT JOIN (SELECT cs.source_id, group_concat(k.name, ', ') AS cases FROM case_sources cs"
            "  JOIN cases k ON k.id = cs.case_id GROUP BY cs.source_id) k ON k.source_id = s.id"
            " LEFT JOIN (SELECT cs.source_id, json_group_object(a.name, v.value) AS attributes"
            "  FROM case_sources cs JOIN case_values v ON v.case_id = cs.case_id"
            "  JOIN attributes a ON a.id = v.attribute_id GROUP BY cs.source_id) v"
            "  ON v.source_id = s.id ORDER BY s.id")
        return [_with_values(r) for r in rows]

    def cases(self) -> list[dict[str, Any]]:
        """Each case with its sources' names and its attribute values."""
        return [_with_values(r) for r in self.project.rows(
            "SELECT k.id, k.name, (SELECT group_concat(s.name, ', ') FROM case_sources cs"
            "  JOIN sources s ON s.id = cs.source_id WHERE cs.case_id = k.id) AS sources,"
            " (SELECT json_group_object(a.name, v.value) FROM case_values v"
            "  JOIN attributes a ON a.id = v.attribute_id WHERE v.case_id = k.id) AS attributes"
            " FROM cases k ORDER BY k.id")]

    def labels(self, source_ids) -> dict[int, dict[str, Any]]:
        """Per source of `source_ids`: its name, its case names and its cases' values (no counts,
        so a page of quotes costs a read of its own sources only)."""
        rows = self.project.rows(
            "SELECT s.id, s.name, (SELECT group_concat(k.name, ', ') FROM case_sources cs"
            "  JOIN cases k ON k.id = cs.case_id WHERE cs.source_id = s.id) AS cases,"
            " (SELECT json_group_object(a.name, v.value) FROM case_sources cs"
            "  JOIN case_values v ON v.case_id = cs.case_id JOIN attributes a ON a.id = v.attribute_id"
            "  WHERE cs.source_id = s.id) AS attributes"
            " FROM sources s WHERE s.id IN (SELECT value FROM json_each(?))",
            (json.dumps(sorted(source_ids)),))
        return {r["id"]: _with_values(r) for r in rows}

    def source_names(self) -> dict[int, str]:
        """Per source id, its name (without reading any text)."""
        return dict(self.project.conn.execute("SELECT id, name FROM sources"))

    def coder_names(self) -> dict[int, str]:
        """Per coder id, their name, in the order they were added."""
        return dict(self.project.conn.execute("SELECT id, name FROM coders ORDER BY id"))

    def attribute_names(self, scope: str = "case") -> list[str]:
        """The names of the attributes of `scope`, in their order (as `attributes.list` has them)."""
        return [name for (name,) in self.project.conn.execute(
            "SELECT name FROM attributes WHERE scope = ? ORDER BY position, id", (scope,))]

    def passages(self, coding_ids: Iterable[int]) -> list[dict[str, Any]]:
        """The codings with these ids in source and text order, each with its source's name, its
        code id, span, text, coder's name, counter kind and the names of its source's cases."""
        return self.project.rows(
            'SELECT g.id, g.source_id, s.name AS source, g.code_id, g.start, g."end",'
            " substr(s.text, g.start + 1, g.\"end\" - g.start) AS text, k.name AS coder, g.counter,"
            " (SELECT group_concat(c.name, ', ') FROM case_sources cs JOIN cases c ON c.id = cs.case_id"
            "  WHERE cs.source_id = g.source_id) AS cases"
            " FROM codings g JOIN sources s ON s.id = g.source_id LEFT JOIN coders k ON k.id = g.coder_id"
            " WHERE g.id IN (SELECT value FROM json_each(?)) ORDER BY g.source_id, g.start, g.id",
            (json.dumps(sorted(set(coding_ids))),))

    def code_counts(self) -> dict[int, tuple[int, int]]:
        """Per code id with one: how many supporting codings (counter-instances left out), in how
        many sources (one row per code, kept in ``code_tallies``)."""
        rows = self.project.conn.execute(
            "SELECT code_id, supporting, sources FROM code_tallies WHERE supporting > 0")
        return {code_id: (n, s) for code_id, n, s in rows}

    def source_counts(self) -> dict[int, int]:
        """Per source id with codings: how many codings it has (counter-instances included; one
        row per source, kept in ``source_tallies``)."""
        return dict(self.project.conn.execute(
            "SELECT source_id, codings FROM source_tallies WHERE codings > 0"))

    def supporting_in(self, code_id: int, source_id: int) -> int:
        """How many supporting codings of one code one source has (an index lookup)."""
        return self.project.conn.execute(
            "SELECT count(*) FROM codings WHERE code_id = ? AND source_id = ? AND counter IS NULL",
            (code_id, source_id)).fetchone()[0]

    def counter_counts(self) -> dict[int, int]:
        """Per code id: how many of its codings are counter-instances."""
        return dict(self.project.conn.execute(
            "SELECT code_id, counter FROM code_tallies WHERE counter > 0"))

    def marks(self, source_id: int) -> list[Mark]:
        """A source's codings in text order."""
        rows = self.project.conn.execute(
            'SELECT id, code_id, start, "end", counter, coder_id FROM codings WHERE source_id = ?'
            " ORDER BY start, id",
            (source_id,))
        return list(map(Mark._make, rows))

    def turns(self, source_id: int) -> list[tuple[int, int, str]]:
        """A source's speaker turns as (start, end, label)."""
        return list(self.project.conn.execute(
            "SELECT start, \"end\", coalesce(label, '') FROM segments"
            " WHERE source_id = ? AND kind = 'turn' ORDER BY start", (source_id,)))

    def memos(self) -> list[dict[str, Any]]:
        """Every memo, newest first, with a readable name for what it is on; a coding's memo
        (``id`` None, ``target_id`` the coding) is named by its code, source and span."""
        return self.project.rows(
            "SELECT * FROM (SELECT m.id, m.target, m.target_id, m.title, m.modified,"
            " substr(m.body, 1, 80) AS body, m.coder_id,"
            " CASE m.target WHEN 'source' THEN (SELECT name FROM sources WHERE id = m.target_id)"
            " WHEN 'code' THEN (SELECT name FROM codes WHERE id = m.target_id)"
            " WHEN 'case' THEN (SELECT name FROM cases WHERE id = m.target_id)"
            " ELSE '' END AS about FROM memos m"
            " UNION ALL SELECT NULL, 'coding', g.id, NULL, g.created, substr(g.memo, 1, 80),"
            " g.coder_id, c.name || ' in ' || s.name || ' ' || g.start || ':' || g.\"end\""
            " FROM codings g JOIN codes c ON c.id = g.code_id JOIN sources s ON s.id = g.source_id"
            " WHERE g.memo IS NOT NULL AND g.memo != '')"
            " ORDER BY modified DESC, id DESC")

    def data_version(self) -> int:
        """Changes when another connection commits to the file (cheap to poll)."""
        return self.project.conn.execute("PRAGMA data_version").fetchone()[0]

    def changes(self) -> tuple[int, int]:
        """Changes with every write to the file: another connection's commits (`data_version`)
        and the rows this one changed (cheap: a screen shown again reloads only when it moved)."""
        return self.data_version(), self.project.conn.total_changes


def _with_values(row: dict[str, Any]) -> dict[str, Any]:
    """The row with its JSON ``attributes`` as a dict under ``values``."""
    return {**row, "values": json.loads(row.pop("attributes") or "{}")}
