"""The whole project in a handful of reads, for exporters: every table they write, ids resolved
(`project.contents`)."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

CODINGS = 'SELECT guid, source_id, code_id, start, "end", coder_id, created, memo, id FROM codings'


@dataclass
class Everything:
    """The project as plain rows; codings are tuples (the one table that can be huge)."""

    name: str
    created: str | None
    coders: dict[int, str]
    sources: list[dict[str, Any]]
    codes: list[dict[str, Any]]
    paths: dict[int, str]
    codings: list[tuple]  # (guid, source_id, code_id, start, end, coder_id, created, memo, id)
    cases: list[dict[str, Any]]
    case_sources: dict[int, list[int]]
    attributes: list[dict[str, Any]]
    values: dict[tuple[str, int], dict[int, Any]]  # (scope, owner id) -> {attribute id: value}
    memos: list[dict[str, Any]]

    @property
    def code_guids(self) -> dict[int, str]:
        return {c["id"]: c["guid"] for c in self.codes}

    def children(self, parent_id: int | None) -> list[dict[str, Any]]:
        if not hasattr(self, "_children"):
            self._children = defaultdict(list)
            for code in self.codes:
                self._children[code["parent_id"]].append(code)
        return self._children.get(parent_id, [])

    def counts(self) -> dict[str, int]:
        return {"sources": len(self.sources), "codes": len(self.codes), "codings": len(self.codings),
                "cases": len(self.cases), "memos": len(self.memos), "coders": len(self.coders)}


class Contents:
    """Reads of everything an export writes (`project.contents`)."""

    def __init__(self, project):
        self.project = project

    def everything(self, whole: bool = True) -> Everything:
        """Read everything an export needs, in a handful of queries; without source texts and
        codings unless `whole` (for exporters that stream them, see `text` and `codings`)."""
        project = self.project
        conn = project.conn
        sources = project.rows(f"SELECT id, guid, name, kind, {'text' if whole else 'NULL AS text'}, origin,"
                               " meta, created, coder_id FROM sources ORDER BY id")
        for source in sources:
            source["meta"] = json.loads(source["meta"] or "{}")
        codings = conn.execute(f"{CODINGS} ORDER BY source_id, start, id").fetchall() if whole else []
        case_sources = defaultdict(list)
        for case_id, source_id in conn.execute("SELECT case_id, source_id FROM case_sources"
                                               " ORDER BY source_id"):
            case_sources[case_id].append(source_id)
        values: dict[tuple[str, int], dict[int, Any]] = defaultdict(dict)
        for scope, table, owner in (("case", "case_values", "case_id"),
                                    ("source", "source_values", "source_id")):
            for attribute_id, owner_id, value in conn.execute(
                    f"SELECT attribute_id, {owner}, value FROM {table} WHERE value IS NOT NULL"):
                values[(scope, owner_id)][attribute_id] = value
        return Everything(
            name=project.name, created=project.meta("created"),
            coders=dict(conn.execute("SELECT id, name FROM coders ORDER BY id").fetchall()),
            sources=sources,
            codes=project.rows("SELECT id, guid, parent_id, name, colour, description FROM codes"
                               " ORDER BY position, name, id"),
            paths=project.codes.paths(), codings=codings,
            cases=project.rows("SELECT id, guid, name, description FROM cases ORDER BY id"),
            case_sources=case_sources,
            attributes=project.rows("SELECT id, name, scope, type, allowed FROM attributes"
                                    " ORDER BY scope, position, id"),
            values=values,
            memos=project.rows('SELECT id, guid, target, target_id, start, "end", title, body, coder_id,'
                               " created FROM memos ORDER BY id") + self._plugin_memos())

    def _plugin_memos(self) -> list[dict]:
        """Memos plugins add to an export (the `export_memos` hook: IPA notes and statements)."""
        host = self.project.host
        found = host.call("export_memos", project=self.project) if host else []
        return [memo for memos in found for memo in memos]

    def text(self, source_id: int) -> str:
        """One source's text."""
        return self.project.conn.execute("SELECT text FROM sources WHERE id = ?", (source_id,)).fetchone()[0]

    def codings(self, source_id: int):
        """One source's codings in text order, as `Everything.codings` rows, read as they are used."""
        return self.project.conn.execute(f"{CODINGS} WHERE source_id = ? ORDER BY start, id", (source_id,))

    def counters(self) -> dict[int, str]:
        """Per coding id, the kind of each counter-instance (supporting codings are left out)."""
        return dict(self.project.conn.execute("SELECT id, counter FROM codings WHERE counter IS NOT NULL"))

    def segment_count(self) -> int:
        """How many segments (speaker turns, pages, cues) the sources hold."""
        return self.project.conn.execute("SELECT count(*) FROM segments").fetchone()[0]
