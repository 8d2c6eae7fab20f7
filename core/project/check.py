"""Checks of a project file: SQLite integrity, foreign keys, and every span inside its text."""

from __future__ import annotations

import unicodedata
from typing import NamedTuple

from qodex.text import text_hash


class Problem(NamedTuple):
    """One thing wrong with the file: which check found it, and what it is."""

    check: str
    detail: str

    def __str__(self) -> str:
        return f"{self.check}: {self.detail}"


SPANS = (  # (table, its source column, extra condition, the order its start and end keep)
    ("codings", "source_id", "", "<"),
    ("segments", "source_id", "", "<="),
    ("memos", "target_id", "x.target = 'source' AND x.start IS NOT NULL AND", "<="),
)
TARGETS = {"source": "sources", "code": "codes", "case": "cases", "coding": "codings"}


def check(project) -> list[Problem]:
    """Everything wrong with `project`'s file; an empty list when it is sound."""
    problems = _integrity(project)
    if problems:  # a damaged file: reading further may mislead
        return problems
    return (_foreign_keys(project) + _spans(project) + _memo_targets(project)
            + _texts(project))


def _integrity(project) -> list[Problem]:
    """SQLite's own check of the file, summarised in one problem."""
    from qodex.project.opening import damage

    found = damage(project.conn, "integrity_check")
    return [Problem("integrity", f"the file is damaged: {found}")] if found else []


def _foreign_keys(project) -> list[Problem]:
    rows = project.conn.execute("PRAGMA foreign_key_check").fetchall()
    return [Problem("foreign key", f"{table} row {rowid} points at a missing {parent} row")
            for table, rowid, parent, _ in rows]


def _spans(project) -> list[Problem]:
    """Spans outside their text; each text's length is counted once (linear in the project's size)."""
    problems = []
    for table, column, extra, order in SPANS:
        for r in project.rows(
                "WITH s AS MATERIALIZED (SELECT id, name, length(text) AS length FROM sources)"
                f' SELECT x.id, x.start, x."end", s.length, s.name FROM {table} x'
                f" JOIN s ON s.id = x.{column} WHERE {extra}"
                f' NOT (0 <= x.start AND x.start {order} x."end" AND x."end" <= s.length)'):
            problems.append(Problem("span", f"{table[:-1]} {r['id']} at {r['start']}:{r['end']}"
                                    f" is not inside {r['name']!r} ({r['length']} characters)"))
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
