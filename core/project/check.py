"""Checks of a project file: SQLite integrity, foreign keys, and every span inside its text.

Each check reads the file a few times in order (a scan of each table and of each index) rather
than looking rows up one by one, so the whole check grows linearly with the file: SQLite's own
`quick_check` (every page, record, NOT NULL and CHECK constraint), then each index's entries
summed up and compared with its table's rows. ``full=True`` runs SQLite's `integrity_check`
instead, which also compares each entry's bytes but looks every row up in every index (minutes
for millions of codings).
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from typing import NamedTuple

from qodex.text import text_hash


class Problem(NamedTuple):
    """One thing wrong with the file: which check found it, and what it is."""

    check: str
    detail: str

    def __str__(self) -> str:
        return f"{self.check}: {self.detail}"


PARTIAL = re.compile(r"\)\s*WHERE\s+", re.IGNORECASE)  # where a partial index's condition starts
SPANS = (  # (table, its source column, extra condition, the order its start and end keep, grouping)
    ("codings", "source_id", "", "<", "code_id, source_id"),  # the covering index's order
    ("segments", "source_id", "", "<=", "source_id"),
    ("memos", "target_id", "target = 'source' AND start IS NOT NULL AND", "<=", "target_id"),
)
TARGETS = {"source": "sources", "code": "codes", "case": "cases", "coding": "codings"}


def check(project, full: bool = False, opened_now: bool = False) -> list[Problem]:
    """Everything wrong with `project`'s file; an empty list when it is sound (`full`: SQLite's
    slower, entry by entry comparison of indices and tables; `opened_now`: the project was just
    opened, so `Project.open`'s quick_check need not run again)."""
    problems = _integrity(project, full, opened_now)
    if problems:  # a damaged file: reading further may mislead
        return problems
    return (_foreign_keys(project) + _spans(project) + _memo_targets(project)
            + _texts(project))


def _integrity(project, full: bool, opened_now: bool) -> list[Problem]:
    """SQLite's own check of the file, and then (unless `full`) of its indices, in one problem."""
    from qodex.project.opening import damage

    if full:
        found = damage(project.conn, "integrity_check")
    else:
        found = (None if opened_now else damage(project.conn)) or _index_disagreement(project.conn)
    return [Problem("integrity", f"the file is damaged: {found}")] if found else []


def _index_disagreement(conn: sqlite3.Connection) -> str | None:
    """The first index whose entries do not add up to its table's rows, or None.

    Each index is read whole (`INDEXED BY`), each table once (`NOT INDEXED`), or once per partial
    index's condition: how many entries, the sum of their rowids and of each indexed column (a text
    column by its length). A table these cannot be asked of (no rowid) gets SQLite's
    `integrity_check`."""
    from qodex.project.opening import damage

    indices: dict[tuple[str, str], list[tuple[str, list[str]]]] = {}
    for name, table, sql in conn.execute("SELECT name, tbl_name, sql FROM sqlite_master"
                                         " WHERE type = 'index'"):
        where = PARTIAL.split(sql or "")
        condition = f" WHERE {where[-1].rstrip().rstrip(';')}" if len(where) > 1 else ""
        indices.setdefault((table, condition), []).append((name, _sums(conn, table, name)))
    for (table, condition), named in indices.items():
        try:
            whole = iter(conn.execute(f"SELECT {', '.join(s for _, sums in named for s in sums)}"
                                      f" FROM {_quoted(table)} NOT INDEXED{condition}").fetchone())
            for name, sums in named:
                expected = tuple(next(whole) for _ in sums)
                if conn.execute(f"SELECT {', '.join(sums)} FROM {_quoted(table)}"
                                f" INDEXED BY {_quoted(name)}{condition}").fetchone() != expected:
                    return f"index {name} does not match table {table}"
        except sqlite3.OperationalError:
            if found := damage(conn, f"integrity_check({_quoted(table)})"):
                return found
    return None


def _sums(conn: sqlite3.Connection, table: str, index: str) -> list[str]:
    """The SQL that sums up `index`'s entries: a count, rowids, each named column."""
    types = {name: kind.upper() for _, name, kind, *_ in conn.execute(f"PRAGMA table_info({_quoted(table)})")}
    columns = [row[2] for row in conn.execute(f"PRAGMA index_info({_quoted(index)})") if row[2]]
    return ["count(*)", "sum(rowid)"] + [
        f"sum({_quoted(c)})" if "INT" in types.get(c, "") else f"sum(length({_quoted(c)}))"
        for c in columns]


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _foreign_keys(project) -> list[Problem]:
    rows = project.conn.execute("PRAGMA foreign_key_check").fetchall()
    return [Problem("foreign key", f"{table} row {rowid} points at a missing {parent} row")
            for table, rowid, parent, _ in rows]


def _spans(project) -> list[Problem]:
    """Spans outside their text: each table's spans summed up per source from an index (the
    lowest start, the highest end, how many are out of order), then the rows of the sources
    whose summary is out of bounds listed."""
    sources = {r[0]: r[1:] for r in project.conn.execute("SELECT id, name, length(text) FROM sources")}
    problems = []
    for table, column, extra, order, group in SPANS:
        wrong = {source for source, low, high, disorder in project.conn.execute(
            f'SELECT {column}, min(start), coalesce(max("end"), 0), sum(NOT (start {order} "end"))'
            f" FROM {table} WHERE {extra} 1 GROUP BY {group}")
            if source in sources and (low < 0 or high > sources[source][1] or disorder)}
        for source in sorted(wrong):
            name, length = sources[source]
            for row_id, start, end in project.conn.execute(
                    f'SELECT id, start, "end" FROM {table} WHERE {extra} {column} = ? AND NOT'
                    f' (0 <= start AND start {order} "end" AND "end" <= ?) ORDER BY id', (source, length)):
                problems.append(Problem("span", f"{table[:-1]} {row_id} at {start}:{end} is not inside"
                                        f" {name!r} ({length} characters)"))
    return problems


def _memo_targets(project) -> list[Problem]:
    problems = []
    for target, table in TARGETS.items():
        for r in project.rows(f"SELECT m.id, m.target_id FROM memos m WHERE m.target = ? AND NOT"
                              f" EXISTS (SELECT 1 FROM {table} t WHERE t.id = m.target_id)", (target,)):
            problems.append(Problem("memo", f"memo {r['id']} is on {target} {r['target_id']},"
                                    " which does not exist"))
    return problems


def _texts(project) -> list[Problem]:
    problems = []
    for r in project.rows("SELECT id, name, text, text_sha256 FROM sources"):
        text = r["text"]
        if "\r" in text or text.startswith("\ufeff") or not unicodedata.is_normalized("NFC", text):
            problems.append(Problem("text", f"source {r['name']!r} is not stored normalised"))
        if text_hash(text) != r["text_sha256"]:
            problems.append(Problem("text", f"source {r['name']!r} has a stale text hash"))
    return problems
