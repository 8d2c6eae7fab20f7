"""Memos: Markdown notes on the project, a source (or a span of it), a code or a case.

A coding's memo is the coding's own ``memo`` (`Codings.update`, `Codings.add_memo`), as REFI-QDA
and the codings table keep it.
"""

from __future__ import annotations

from dataclasses import asdict

from qodex.errors import QodexError
from qodex.project.ids import new_guid, now
from qodex.project.nouns import Noun
from qodex.project.records import Memo

TARGETS = ("project", "source", "code", "case")


class Memos(Noun):
    table, record, label = "memos", Memo, "memo"
    lookup = ("guid", "title")

    def _target_id(self, target: str, ref) -> int | None:
        if target == "coding":
            raise QodexError("a coding's memo is kept on the coding (Codings.add_memo), not as a memo")
        if target not in TARGETS:
            raise QodexError(f"a memo cannot be attached to {target!r} (targets: {', '.join(TARGETS)})")
        if target == "project":
            return None
        noun = {"source": "sources", "code": "codes", "case": "cases"}[target]
        return getattr(self.project, noun).get(ref).id

    def add(self, body: str, title: str | None = None, target: str = "project", ref=None,
            start: int | None = None, end: int | None = None, guid: str | None = None,
            coder: str | None = None) -> Memo:
        """Attach a memo; a memo on a source may be anchored to the span ``[start, end)``.

        `coder` names its writer when that is not the current coder (a merged memo).
        """
        with self.project.transaction():
            target_id = self._target_id(target, ref)
            if start is not None or end is not None:
                self._check_anchor(target, target_id, start, end)
            stamp = now()
            coder_id = self.project.coders.ensure(coder).id if coder else self.project.coder_id
            memo_id = self.project.execute(
                'INSERT INTO memos (guid, target, target_id, start, "end", title, body, coder_id,'
                " created, modified) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (guid or new_guid(), target, target_id, start, end, title, body,
                 coder_id, stamp, stamp)).lastrowid
            self.project.log("add_memo", "memos", memo_id,
                             after={"target": target, "target_id": target_id, "title": title})
        return self.get(memo_id)

    def _check_anchor(self, target: str, target_id: int | None, start, end) -> None:
        if target != "source":
            raise QodexError("only a memo on a source can be anchored to a span")
        length = len(self.project.sources.get(target_id).text)
        if start is None or end is None or not 0 <= start <= end <= length:
            raise QodexError(f"memo span {start}:{end} is not inside the source ({length} chars)")

    def list(self, target: str | None = None, ref=None) -> list[Memo]:
        """Memos, optionally only those on one target."""
        if target is None:
            return self._where()
        target_id = self._target_id(target, ref)
        return self._where("target = ? AND target_id IS ?", (target, target_id))

    def update(self, memo, *, body: str | None = None, title: str | None = None) -> Memo:
        """Change a memo's body or title."""
        with self.project.transaction():
            old = self.get(memo)
            new = {"body": old.body if body is None else body,
                   "title": old.title if title is None else title, "modified": now()}
            self.project.execute("UPDATE memos SET body = ?, title = ?, modified = ? WHERE id = ?",
                                 (new["body"], new["title"], new["modified"], old.id))
            self.project.log("update_memo", "memos", old.id,
                             {"body": old.body, "title": old.title, "modified": old.modified}, new)
        return self.get(old.id)

    def delete(self, memo) -> None:
        """Remove a memo."""
        with self.project.transaction():
            old = self.get(memo)
            self.project.execute("DELETE FROM memos WHERE id = ?", (old.id,))
            self.project.log("delete_memo", "memos", old.id,
                             {"title": old.title, "body": old.body, "target": old.target,
                              "rows": {"memos": [asdict(old)]}})
