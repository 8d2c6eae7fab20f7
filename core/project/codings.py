"""Codings: a code applied to a half-open span ``[start, end)`` of a source's text.

A coding supports its code, or is a counter-instance: a denial, a hypothetical, someone else's
experience (third-party) or another kind the researcher names (`counter_kind`). Counts and
presence take supporting codings only unless asked otherwise.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from itertools import islice

from qodex.errors import QodexError
from qodex.project import tallies
from qodex.project.history import delete_rows
from qodex.project.ids import new_guids, now
from qodex.project.nouns import Noun
from qodex.project.records import Coding

BATCH = 50_000
INSERT = ('INSERT INTO codings (source_id, code_id, start, "end", memo, coder_id, guid, created,'
          " counter) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")  # the order of `Codings.add_many` rows
COUNTER_KINDS = ("denial", "hypothetical", "third-party")
MAX_LABEL = 60
COUNTER_MEMO = "Counter-instance: "


def counter_kind(value: str | None) -> str | None:
    """A counter-instance's kind as stored: one of `COUNTER_KINDS` (in any case, with a space or
    "_" for "-"), else a free one-line label; None (or blank) for a supporting coding."""
    if value is None:
        return None
    label = " ".join(value.split())
    if not label:
        return None
    known = label.casefold().replace("_", "-").replace(" ", "-")
    if known in COUNTER_KINDS:
        return known
    if len(label) > MAX_LABEL or not label.isprintable():
        shown = label if len(label) <= MAX_LABEL else label[:MAX_LABEL] + "…"
        raise QodexError(f"counter-instance kind {shown!r}: a label is one line of at most"
                         f" {MAX_LABEL} characters (or one of {', '.join(COUNTER_KINDS)})")
    return label


def counter_memo(counter: str | None, memo: str | None) -> str | None:
    """A coding's memo for a format with no place for its kind (REFI-QDA): a counter-instance's
    memo starts with the line "Counter-instance: KIND" (`read_counter_memo` reads it back)."""
    if counter is None:
        return memo
    return f"{COUNTER_MEMO}{counter}" + (f"\n\n{memo}" if memo else "")


def read_counter_memo(text: str | None) -> tuple[str | None, str | None]:
    """(counter-instance kind or None, the rest of the memo) from a memo `counter_memo` wrote; a
    memo whose first line is not a kind `counter_kind` takes, alone or before an empty line, is
    all memo."""
    if not text or not text.startswith(COUNTER_MEMO):
        return None, text
    first, newline, rest = text.partition("\n")
    if newline and not rest.startswith("\n"):
        return None, text
    try:
        kind = counter_kind(first[len(COUNTER_MEMO):])
    except QodexError:
        return None, text
    return (kind, rest.strip() or None) if kind else (None, text)


class Codings(Noun):
    table, record, label = "codings", Coding, "coding"
    lookup = ("guid",)

    def add(self, source, code, start: int, end: int, memo: str | None = None,
            counter: str | None = None) -> Coding:
        """Code ``[start, end)`` of `source` with `code` (each given as record, id, GUID or name),
        as a counter-instance of kind `counter` if given."""
        with self.project.transaction():
            source = self.project.sources.get(source)
            code = self.project.codes.get(code)
            _check_span(repr(source.name), len(source.text), start, end)
            kind = counter_kind(counter)
            coding_id = self._insert([(source.id, code.id, start, end, memo, None, None, None, kind)])
            self.project.log("add_coding", "codings", coding_id,
                             after={"source_id": source.id, "code_id": code.id,
                                    "start": start, "end": end, "counter": kind})
        return self.get(coding_id)

    def add_many(self, rows: Iterable[tuple]) -> int:
        """Add codings from tuples, all or none; returns how many.

        A row is ``(source_id, code_id, start, end[, memo[, coder_id[, guid[, created[, counter]]]]])``
        (`counter` as `counter_kind` returns it); what a row leaves out defaults to no memo, the
        current coder, a new GUID, now and a supporting coding.
        The fast path for imports and strategies: rows are checked, then written in batches (from
        `tallies.BULK` rows, each batch counted at once, not row by row by the trigger).
        """
        rows = iter(rows)
        batch = list(islice(rows, BATCH))
        if not batch:
            return 0
        lengths = self.project.sources.lengths()
        code_ids = {r[0] for r in self.project.conn.execute("SELECT id FROM codes")}
        total, first = 0, None
        with self.project.transaction(), tallies.set_aside(self.project, len(batch) >= tallies.BULK) \
                as counting:
            while batch:
                last = self._insert(batch, complete=_check_rows(batch, lengths, code_ids))
                if counting:
                    tallies.count(self.project, last - len(batch) + 1, last)
                first = first if first is not None else last - len(batch) + 1
                total += len(batch)
                batch = list(islice(rows, BATCH))
            self.project.log("add_codings", "codings", None,
                             after={"first_id": first, "last_id": first + total - 1, "count": total})
        return total

    def _insert(self, rows: list[tuple], complete: bool = False) -> int:
        """Insert rows, filling in what they leave out (unless known `complete`); returns the
        last new id."""
        if not complete and any(len(row) < 9 or not all(row[5:8]) for row in rows):
            rows = self._completed(rows)
        self.project.executemany(INSERT, rows)
        return self._last_id()

    def _completed(self, rows: list[tuple]) -> list[tuple]:
        """Rows of all nine values: the current coder, a new GUID and now where left out."""
        fresh = iter(new_guids(sum(1 for row in rows if len(row) < 7 or not row[6])))
        coder, stamp = self.project.coder_id, now()
        full = ((*row, *(None,) * (9 - len(row))) for row in rows)
        return [(source_id, code_id, start, end, memo, coder_id or coder, guid or next(fresh),
                 created or stamp, counter)
                for source_id, code_id, start, end, memo, coder_id, guid, created, counter in full]

    def existing(self, guids: Iterable[str]) -> set[str]:
        """Those of `guids` that codings in the project have (one query, however many)."""
        found = self.project.conn.execute(
            "SELECT c.guid FROM json_each(?) AS j JOIN codings AS c ON c.guid = j.value",
            (json.dumps(list(guids)),))
        return {guid for (guid,) in found}

    def _last_id(self) -> int:
        """The newest coding's id (ids grow by one within a write transaction)."""
        return self.project.conn.execute("SELECT max(id) FROM codings").fetchone()[0]

    def list(self, source=None, code=None, coder: str | None = None,
             counter: bool | str | None = None) -> list[Coding]:
        """Codings, filtered by source, code, coder name and `counter` (False: supporting ones,
        True: counter-instances, a kind: those of that kind), in text order."""
        return list(self.each(source, code, coder, counter))

    def each(self, source=None, code=None, coder: str | None = None,
             counter: bool | str | None = None) -> Iterator[Coding]:
        """Like `list`, one coding at a time from the cursor (for listings of any size)."""
        where, params = self._filters(source, code, [coder] if coder is not None else (), counter)
        return self._each(where, params, order="source_id, start, id")

    def quoted(self, source=None, code=None, coders: Iterable[str] = (),
               counter: bool | str | None = None) -> Iterator[tuple]:
        """The codings `each` gives (by any of the coders named, if any), each with the text it
        covers, as tuples ``(id, source_id, code_id, start, end, coder_id, counter, memo, guid,
        quote)``: the fast path for listing every coding. Each source's text is read once, and
        only the current one is held."""
        where, params = self._filters(source, code, coders, counter)
        return self._quoted(self.project.conn.execute(
            f'SELECT id, source_id, code_id, start, "end", coder_id, counter, memo, guid FROM codings'
            f" WHERE {where} ORDER BY source_id, start, id", params))

    def _quoted(self, cursor) -> Iterator[tuple]:
        source_id, text = None, ""
        for row in cursor:
            if row[1] != source_id:
                source_id = row[1]
                text = self.project.conn.execute("SELECT text FROM sources WHERE id = ?",
                                                 (source_id,)).fetchone()[0]
            yield (*row, text[row[3]:row[4]])

    def _filters(self, source, code, coders: Iterable[str], counter) -> tuple[str, list]:
        """The WHERE clause and parameters of `each` and `quoted`."""
        where, params = ["1"], []
        if source is not None:
            where.append("source_id = ?")
            params.append(self.project.sources.get(source).id)
        if code is not None:
            where.append("code_id = ?")
            params.append(self.project.codes.resolve(code).id)
        if coders:
            where.append("coder_id IN (SELECT id FROM coders WHERE name IN (SELECT value FROM json_each(?)))")
            params.append(json.dumps(list(coders)))
        if counter is not None:
            where.append({False: "counter IS NULL", True: "counter IS NOT NULL"}.get(counter, "counter = ?"))
            params += [] if isinstance(counter, bool) else [counter_kind(counter)]
        return " AND ".join(where), params

    def quote(self, coding: Coding) -> str:
        """The text a coding covers."""
        row = self.project.conn.execute(
            "SELECT substr(text, ? + 1, ?) FROM sources WHERE id = ?",
            (coding.start, coding.end - coding.start, coding.source_id)).fetchone()
        return row[0]

    def update(self, coding, *, start: int | None = None, end: int | None = None,
               memo: str | None = None) -> Coding:
        """Resize a coding or set its memo; arguments left as None keep their value."""
        with self.project.transaction():
            old = self.get(coding)
            new = {"start": old.start if start is None else start,
                   "end": old.end if end is None else end,
                   "memo": old.memo if memo is None else memo}
            source = self.project.sources.get(old.source_id)
            _check_span(repr(source.name), len(source.text), new["start"], new["end"])
            self.project.execute('UPDATE codings SET start = ?, "end" = ?, memo = ? WHERE id = ?',
                                 (new["start"], new["end"], new["memo"], old.id))
            self.project.log("update_coding", "codings", old.id,
                             {k: getattr(old, k) for k in new}, new)
        return self.get(old.id)

    def mark(self, coding, counter: str | None) -> Coding:
        """Mark a coding as a counter-instance of kind `counter`, or (None) as supporting."""
        with self.project.transaction():
            old = self.get(coding)
            kind = counter_kind(counter)
            self.project.execute("UPDATE codings SET counter = ? WHERE id = ?", (kind, old.id))
            self.project.log("update_coding", "codings", old.id, {"counter": old.counter},
                             {"counter": kind})
        return self.get(old.id)

    def add_memo(self, coding, body: str) -> Coding:
        """Add `body` to the coding's memo, after what it holds (a blank line between)."""
        old = self.get(coding)
        return self.update(old, memo="\n\n".join(filter(None, (old.memo, body))))

    def delete(self, coding) -> None:
        """Remove one coding (and memos attached to it)."""
        with self.project.transaction():
            old = self.get(coding)
            rows, left = delete_rows(self.project, "codings", [old.id])
            self.project.log("delete_coding", "codings", old.id,
                             {k: getattr(old, k) for k in
                              ("guid", "source_id", "code_id", "start", "end", "memo")} | {"rows": rows},
                             {"rows": left})


def _check_span(name: str, length: int, start: int, end: int) -> None:
    if not 0 <= start < end <= length:
        raise QodexError(f"span {start}:{end} is not inside {name} "
                         f"({length} characters; a span needs 0 <= start < end <= length)")


def _check_rows(rows: list[tuple], lengths: dict[int, int], code_ids: set[int]) -> bool:
    """Refuse a row that does not fit the project; returns whether every row is complete (nine
    values, a coder, a GUID and a time)."""
    complete = True
    for row in rows:
        length = lengths.get(row[0])
        if length is None or row[1] not in code_ids or not 0 <= row[2] < row[3] <= length:
            _check_row(row, lengths, code_ids)
        if len(row) < 9:
            complete = False
        else:
            complete = complete and bool(row[5] and row[6] and row[7])
            if row[8] is not None and row[8] != counter_kind(row[8]):
                raise QodexError(f"counter-instance kind {row[8]!r} is not as `counter_kind` gives it")
    return complete


def _check_row(row: tuple, lengths: dict[int, int], code_ids: set[int]) -> None:
    source_id, code_id, start, end = row[:4]
    if source_id not in lengths:
        raise QodexError(f"no source with id {source_id}")
    if code_id not in code_ids:
        raise QodexError(f"no code with id {code_id}")
    _check_span(f"source {source_id}", lengths[source_id], start, end)
