"""Suggestions: codings a strategy proposed, kept with their provenance until a coder decides.

Only `accept` turns a suggestion into a coding, attributed to the coder who accepts it. Every
decision is remembered: a span once suggested for a code (or already coded with it) is not
suggested again, whichever strategy proposes it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from qodex.errors import QodexError
from qodex.project.codings import _check_span
from qodex.project.history import rows_by_id
from qodex.project.ids import now
from qodex.project.nouns import Noun
from qodex.project.records import Record

STATUSES = ("open", "accepted", "rejected")
INSERT = ('INSERT OR IGNORE INTO suggestions (source_id, code_id, start, "end", strategy, params,'
          " score, explanation, coder_id, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")


@dataclass(frozen=True)
class StoredSuggestion(Record):
    """A suggestion as the project keeps it (`qodex.Suggestion` is what a strategy yields)."""

    id: int
    source_id: int
    code_id: int
    start: int
    end: int
    strategy: str
    params: str
    score: float | None
    explanation: str | None
    status: str
    coder_id: int | None
    created: str
    decided_by: int | None
    decided: str | None
    coding_id: int | None


class Suggestions(Noun):
    table, record, label = "suggestions", StoredSuggestion, "suggestion"
    lookup = ()

    def propose(self, strategy, sources, options: dict[str, Any]) -> list:
        """Run a `Strategy` over `sources`: its `prepare` with write access, then its `propose` on
        a read-only view; returns what it yields, storing nothing (see `add`)."""
        if strategy.prepare:
            strategy.prepare(self.project, options)
        with self.project.view() as view:
            return list(strategy.propose(view, sources, options))

    def add(self, strategy: str, items: Iterable, params: dict[str, Any] | None = None) -> int:
        """Store what `strategy` proposed (`qodex.Suggestion`s); returns how many are new.

        Missing codes are created from their paths. A span already coded with its code, or
        already suggested for it (open, accepted or rejected), is passed over.
        """
        items = list(items)
        with self.project.transaction():
            code_ids = {path: self.project.codes.ensure(path).id for path in {s.code for s in items}}
            coded = set(self.project.conn.execute(
                'SELECT source_id, code_id, start, "end" FROM codings'))
            lengths = self.project.sources.lengths()
            run = (strategy, json.dumps(params or {}, default=str))
            made = (self.project.coder_id, now())
            rows = []
            for s in items:
                if s.source_id not in lengths:
                    raise QodexError(f"{strategy} suggested a span of a missing source {s.source_id}")
                _check_span(f"source {s.source_id}", lengths[s.source_id], s.start, s.end)
                key = (s.source_id, code_ids[s.code], s.start, s.end)
                if key not in coded:
                    rows.append((*key, *run, s.score, s.explanation, *made))
            before = self.project.conn.total_changes
            self.project.executemany(INSERT, rows)
            added = self.project.conn.total_changes - before
            last = self.project.conn.execute("SELECT coalesce(max(id), 0) FROM suggestions").fetchone()[0]
            self.project.log("add_suggestions", "suggestions", None,  # new ids are the last `added`
                             after={"strategy": strategy, "params": params, "count": added,
                                    "first_id": last - added + 1, "last_id": last})
        return added

    def list(self, status: str | None = "open", code=None, strategy: str | None = None,
             source=None, limit: int | None = None) -> list[StoredSuggestion]:
        """Suggestions (open ones by default), best score first, then in text order (the first
        `limit` of them, if given)."""
        where, params = ["1"], []
        if status is not None:
            where.append("status = ?")
            params.append(status)
        if code is not None:
            where.append("code_id = ?")
            params.append(self.project.codes.get(code).id)
        if strategy is not None:
            where.append("strategy = ?")
            params.append(strategy)
        if source is not None:
            where.append("source_id = ?")
            params.append(self.project.sources.get(source).id)
        return self._where(" AND ".join(where), params, order="score DESC, source_id, start, id"
                           + ("" if limit is None else f" LIMIT {int(limit)}"))

    def quote(self, suggestion: StoredSuggestion) -> str:
        """The text a suggestion covers."""
        row = self.project.conn.execute(
            "SELECT substr(text, ? + 1, ?) FROM sources WHERE id = ?",
            (suggestion.start, suggestion.end - suggestion.start, suggestion.source_id)).fetchone()
        return row[0]

    def accept(self, refs: Iterable) -> int:
        """Turn open suggestions into codings by the current coder; returns how many."""
        with self.project.transaction():
            chosen = self._open(refs)
            if not chosen:
                return 0
            self.project.codings.add_many((s.source_id, s.code_id, s.start, s.end) for s in chosen)
            last = self.project.codings._last_id()
            coding_ids = range(last - len(chosen) + 1, last + 1)
            self._decide(chosen, "accepted", coding_ids)
        return len(chosen)

    def reject(self, refs: Iterable) -> int:
        """Mark open suggestions rejected, so no rerun proposes them again; returns how many."""
        with self.project.transaction():
            chosen = self._open(refs)
            self._decide(chosen, "rejected", [None] * len(chosen))
        return len(chosen)

    def accept_all(self, code=None, strategy: str | None = None) -> int:
        """Accept every open suggestion (for one code, from one strategy, if given)."""
        return self.accept(self.list(code=code, strategy=strategy))

    def _open(self, refs: Iterable) -> list[StoredSuggestion]:
        chosen = [self.get(ref) for ref in refs]
        for s in chosen:
            if s.status != "open":
                raise QodexError(f"suggestion {s.id} is already {s.status}")
        return chosen

    def _decide(self, chosen: list[StoredSuggestion], status: str, coding_ids) -> None:
        ids = {"suggestions": [s.id for s in chosen]}
        before = rows_by_id(self.project, ids)
        self.project.executemany(
            "UPDATE suggestions SET status = ?, decided_by = ?, decided = ?, coding_id = ?"
            " WHERE id = ?",
            [(status, self.project.coder_id, now(), coding_id, s.id)
             for s, coding_id in zip(chosen, coding_ids, strict=True)])
        if chosen:
            operation = "accept_suggestions" if status == "accepted" else "reject_suggestions"
            self.project.log(operation, "suggestions", None, {"rows": before},
                             {"ids": ids["suggestions"], "rows": rows_by_id(self.project, ids)})

    def open_count(self) -> tuple[int, int]:
        """How many suggestions are open, and for how many codes."""
        return self.project.conn.execute("SELECT count(*), count(DISTINCT code_id) FROM suggestions"
                                         " WHERE status = 'open'").fetchone()

    def tally(self) -> list[dict[str, Any]]:
        """Per strategy and code: how many suggestions are open, accepted and rejected."""
        paths = self.project.codes.paths()
        rows = self.project.rows(
            "SELECT strategy, code_id, sum(status = 'open') AS open,"
            " sum(status = 'accepted') AS accepted, sum(status = 'rejected') AS rejected"
            " FROM suggestions GROUP BY strategy, code_id ORDER BY strategy, code_id")
        return [{"strategy": r.pop("strategy"), "code": paths[r.pop("code_id")], **r} for r in rows]
