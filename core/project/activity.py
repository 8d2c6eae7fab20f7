"""Who did what and when, summed up in SQL (`project.activity`): each coder's codings, the change
log per coder and operation, the transcripts' formats and lengths."""

from __future__ import annotations

from collections import Counter
from pathlib import PurePath
from typing import Any


class Activity:
    """Summaries of the work a project records, read-only."""

    def __init__(self, project):
        self.project = project

    def coders(self) -> list[dict[str, Any]]:
        """Each coder who coded: ``name``, codings ``n``, ``sources`` coded and ``counter``-instances,
        most codings first."""
        return self.project.rows(
            "SELECT k.name, count(*) AS n, count(DISTINCT c.source_id) AS sources,"
            " sum(c.counter IS NOT NULL) AS counter FROM codings c JOIN coders k ON k.id = c.coder_id"
            " GROUP BY k.id ORDER BY n DESC, k.name")

    def changes(self) -> list[dict[str, Any]]:
        """The change log per coder (``?`` when unknown) and operation: how many (``n``), the
        ``first`` and ``last`` time, in order of the first."""
        return self.project.rows(
            "SELECT coalesce(k.name, '?') AS coder, c.operation, count(*) AS n, min(c.at) AS first,"
            " max(c.at) AS last FROM changes c LEFT JOIN coders k ON k.id = c.coder_id"
            " GROUP BY c.coder_id, c.operation ORDER BY min(c.at), c.operation")

    def since(self) -> str | None:
        """When the first logged change was made (ISO time), None if none was."""
        return self.project.conn.execute("SELECT min(at) FROM changes").fetchone()[0]

    def formats(self) -> Counter:
        """How many sources came from each kind of file (its extension, ``text`` without one)."""
        return Counter(PurePath(origin or name).suffix.lstrip(".").lower() or "text" for name, origin
                       in self.project.conn.execute("SELECT name, origin FROM sources"))

    def words(self) -> list[int]:
        """Each source's length in words (runs of non-space), shortest first, reading one text at a
        time."""
        return sorted(len(text.split()) for (text,) in self.project.conn.execute("SELECT text FROM sources"))
