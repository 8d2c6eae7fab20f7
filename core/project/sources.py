"""Sources: the documents of a project, stored as normalised plain text."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable
from typing import Any

from qodex.errors import QodexError
from qodex.project.backup import snapshot
from qodex.project.history import delete_rows
from qodex.project.ids import new_guid, now
from qodex.project.nouns import Noun
from qodex.project.records import Segment, Source
from qodex.text import text_hash


def check_normalised(text: str) -> None:
    """Refuse text that breaks the offsets contract (see `qodex.text.normalize`)."""
    if "\r" in text or text.startswith("\ufeff") or not unicodedata.is_normalized("NFC", text):
        raise ValueError("source text must be normalised with qodex.text.normalize() first")


class Sources(Noun):
    table, record, label = "sources", Source, "source"

    def add(self, name: str, text: str, kind: str = "text", origin: str | None = None,
            meta: dict[str, Any] | None = None, guid: str | None = None,
            segments: Iterable = ()) -> Source:
        """Add a document whose `text` is already normalised, with any structure found in it."""
        check_normalised(text)
        if not name.strip():
            raise QodexError("a source needs a name")
        with self.project.transaction():
            if self.find(name) is not None:
                raise QodexError(f"a source called {name!r} already exists")
            source_id = self.project.execute(
                "INSERT INTO sources (guid, name, kind, text, text_sha256, origin, meta, created,"
                " coder_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (guid or new_guid(), name, kind, text, text_hash(text), origin,
                 json.dumps(meta or {}, ensure_ascii=False), now(), self.project.coder_id),
            ).lastrowid
            self._add_segments(source_id, text, segments)
            self.project.log("add_source", "sources", source_id,
                             after={"name": name, "kind": kind, "origin": origin})
        return self.get(source_id)

    def _add_segments(self, source_id: int, text: str, segments: Iterable) -> None:
        """Store a source's segments in one statement (the time columns only when some have them)."""
        segments, length = list(segments), len(text)
        for s in (s for s in segments if not 0 <= s.start <= s.end <= length):
            raise QodexError(f"{s.kind} segment {s.start}:{s.end} lies outside the text")
        if any(s.t_start is not None or s.t_end is not None for s in segments):
            self.project.executemany(
                'INSERT INTO segments (source_id, kind, start, "end", label, t_start, t_end)'
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                [(source_id, s.kind, s.start, s.end, s.label, s.t_start, s.t_end) for s in segments])
        else:
            self.project.executemany(
                'INSERT INTO segments (source_id, kind, start, "end", label) VALUES (?, ?, ?, ?, ?)',
                [(source_id, s.kind, s.start, s.end, s.label) for s in segments])

    def with_hash(self, sha256: str) -> Source | None:
        """The source whose text has this hash, if one was imported already."""
        found = self._where("text_sha256 = ?", (sha256,))
        return found[0] if found else None

    def segments(self, source, kind: str | None = None) -> list[Segment]:
        """The structure of a source (turns, pages, cues...) in text order."""
        source_id = self.get(source).id
        where, params = "source_id = ?", [source_id]
        if kind:
            where, params = where + " AND kind = ?", params + [kind]
        rows = self.project.rows(
            f"SELECT * FROM segments WHERE {where} ORDER BY start, id", params)
        return [Segment.from_row(r) for r in rows]

    def rename(self, source, new_name: str) -> Source:
        """Give a source a new, unused name."""
        with self.project.transaction():
            old = self.get(source)
            if self.find(new_name) is not None:
                raise QodexError(f"a source called {new_name!r} already exists")
            self.project.execute("UPDATE sources SET name = ? WHERE id = ?", (new_name, old.id))
            self.project.log("rename_source", "sources", old.id, {"name": old.name},
                             {"name": new_name})
        return self.get(old.id)

    def delete(self, source) -> None:
        """Remove a source with all that depends on it (after a snapshot of the file)."""
        snapshot(self.project, "delete-source")
        with self.project.transaction():
            old = self.get(source)
            codings = self.project.conn.execute(
                "SELECT count(*) FROM codings WHERE source_id = ?", (old.id,)).fetchone()[0]
            rows, left = delete_rows(self.project, "sources", [old.id])
            self.project.log("delete_source", "sources", old.id,
                             {"name": old.name, "guid": old.guid, "codings": codings, "rows": rows},
                             {"rows": left})

    def lengths(self) -> dict[int, int]:
        """Each source's text length in characters, by id."""
        rows = self.project.conn.execute("SELECT id, length(text) FROM sources")
        return dict(rows.fetchall())
