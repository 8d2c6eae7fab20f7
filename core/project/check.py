"""Checks of a project file: SQLite integrity, foreign keys, every span inside its text, the coding
counts the project keeps.

Each check reads the file a few times in order (a scan of each table and of each index) rather
than looking rows up one by one, so the whole check grows linearly with the file: SQLite's own
`quick_check` (every page, record, NOT NULL and CHECK constraint), then each table read once and
each index's entries summed up and compared with its rows. The codings' covering index is read
grouped by code and source, so that one read also gives what the span, foreign key and counts
checks need. ``full=True`` runs SQLite's `integrity_check` instead of the index sums, which also
compares each entry's bytes but looks every row up in every index (minutes for millions of
codings).
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
COVERING = "codings_code_counter"  # the codings index read grouped by (code_id, source_id)
SPANS = (  # (table, its source column, extra condition, the order its start and end keep)
    ("segments", "source_id", "", "<="),
    ("memos", "target_id", "target = 'source' AND start IS NOT NULL AND", "<="),
)
TARGETS = {"source": "sources", "code": "codes", "case": "cases", "coding": "codings"}


class CodingsRead(NamedTuple):
    """What one read of the codings' covering index, grouped by code and source, found."""

    sums: tuple | None  # the index's entries summed up as `_sums` sums them (None: no such index)
    sources: dict[int, tuple[int, int]]  # source id -> (codings, the highest end of one)
    codes: dict[int, tuple[int, int, int]]  # code id -> (supporting, counter, sources supporting)
    lost_coders: int  # codings whose coder is missing


def check(project, full: bool = False, opened_now: bool = False) -> list[Problem]:
    """Everything wrong with `project`'s file; an empty list when it is sound (`full`: SQLite's
    slower, entry by entry comparison of indices and tables; `opened_now`: the project was just
    opened, so `Project.open`'s quick_check need not run again)."""
    from qodex.project.opening import damage, is_damage

    conn = project.conn
    found = damage(conn, "integrity_check") if full else None if opened_now else damage(conn)
    codings = None
    if not found:
        try:
            codings = _read_codings(conn)
        except sqlite3.DatabaseError as exc:
            if not is_damage(exc):
                raise
            found = str(exc)
    if not found and not full:
        found = _index_disagreement(conn, {COVERING: codings.sums} if codings.sums else {})
    if found:  # a damaged file: reading further may mislead
        return [Problem("integrity", f"the file is damaged: {found}")]
    texts, sources = _texts(project)
    return (_foreign_keys(project, codings) + _spans(project, codings, sources)
            + _memo_targets(project) + texts + _counts(project, codings))


def _read_codings(conn: sqlite3.Connection) -> CodingsRead:
    """One read of the covering index of codings, one row per code and source, summed up as it
    streams (only per-source and per-pair figures are held)."""
    indexed = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?",
                           (COVERING,)).fetchone()
    sums = _sums(conn, "codings", COVERING) if indexed else []
    rows = conn.execute(
        f'SELECT code_id, source_id, count(*), count(counter), max("end"),'
        f" sum(coder_id NOT IN (SELECT id FROM coders)){''.join(', ' + s for s in sums)}"
        f" FROM codings{f' INDEXED BY {_quoted(COVERING)}' if indexed else ''}"
        " GROUP BY code_id, source_id")
    totals: list = [0 if s == "count(*)" else None for s in sums]  # as SQL sums no rows
    sources: dict[int, tuple[int, int]] = {}
    codes: dict[int, tuple[int, int, int]] = {}
    lost = 0
    for code_id, source_id, n, counter, end, missing, *summed in rows:
        had, high = sources.get(source_id, (0, end))
        sources[source_id] = (had + n, max(high, end))
        supporting, counters, supported = codes.get(code_id, (0, 0, 0))
        codes[code_id] = (supporting + n - counter, counters + counter, supported + (n > counter))
        lost += missing or 0
        totals = [t if s is None else s if t is None else t + s for t, s in zip(totals, summed, strict=True)]
    return CodingsRead(tuple(totals) if indexed else None, sources, codes, lost)


def _index_disagreement(conn: sqlite3.Connection, known: dict[str, tuple]) -> str | None:
    """The first index whose entries do not add up to its table's rows, or None.

    Each table is read once (`NOT INDEXED`, a partial index's sums `FILTER`ed by its condition),
    each index whole (`INDEXED BY`) unless its sums are `known`: how many entries, the sum of their
    rowids and of each indexed column (a text column by its length). A table these cannot be asked
    of (no rowid) gets SQLite's `integrity_check`."""
    from qodex.project.opening import damage

    tables: dict[str, list[tuple[str, str, list[str]]]] = {}
    for name, table, sql in conn.execute("SELECT name, tbl_name, sql FROM sqlite_master"
                                         " WHERE type = 'index'"):
        where = PARTIAL.split(sql or "")
        condition = where[-1].rstrip().rstrip(";") if len(where) > 1 else ""
        tables.setdefault(table, []).append((name, condition, _sums(conn, table, name)))
    for table, indices in tables.items():
        try:
            whole = iter(conn.execute(
                "SELECT " + ", ".join(f"{s} FILTER (WHERE {condition})" if condition else s
                                      for _, condition, sums in indices for s in sums)
                + f" FROM {_quoted(table)} NOT INDEXED").fetchone())
            for name, condition, sums in indices:
                expected = tuple(next(whole) for _ in sums)
                if (known[name] if name in known else conn.execute(
                        f"SELECT {', '.join(sums)} FROM {_quoted(table)} INDEXED BY {_quoted(name)}"
                        + (f" WHERE {condition}" if condition else "")).fetchone()) != expected:
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


def _foreign_keys(project, codings: CodingsRead) -> list[Problem]:
    """Rows pointing at a missing row: SQLite's `foreign_key_check` of each table but codings,
    whose keys come from their read (and are listed row by row only when one is missing)."""
    conn = project.conn
    tables = [name for (name,) in conn.execute(
        "SELECT DISTINCT m.name FROM sqlite_master m, pragma_foreign_key_list(m.name)"
        " WHERE m.type = 'table' ORDER BY m.name")]
    codes = {code_id for (code_id,) in conn.execute("SELECT id FROM codes")}
    sources = {source_id for (source_id,) in conn.execute("SELECT id FROM sources")}
    sound = not codings.lost_coders and codings.codes.keys() <= codes and codings.sources.keys() <= sources
    rows = [row for table in tables if table != "codings" or not sound
            for row in conn.execute(f"PRAGMA foreign_key_check({_quoted(table)})")]
    return [Problem("foreign key", f"{table} row {rowid} points at a missing {parent} row")
            for table, rowid, parent, _ in rows]


def _spans(project, codings: CodingsRead, sources: dict[int, tuple[str, int]]) -> list[Problem]:
    """Spans outside their text (`sources`: id -> name, length): the highest end of each source's
    codings (their start and order are CHECK constraints, which quick_check reads), and each other
    table's spans summed up per source from an index (the lowest start, the highest end, how many
    are out of order); then the rows of the sources whose summary is out of bounds listed."""
    conn = project.conn
    wrong = [("codings", "source_id", "", "<", {
        source for source, (_, end) in codings.sources.items()
        if source in sources and end > sources[source][1]})]
    for table, column, extra, order in SPANS:
        wrong.append((table, column, extra, order, {
            source for source, low, high, disorder in conn.execute(
                f'SELECT {column}, min(start), coalesce(max("end"), 0), sum(NOT (start {order} "end"))'
                f" FROM {table} WHERE {extra} 1 GROUP BY {column}")
            if source in sources and (low < 0 or high > sources[source][1] or disorder)}))
    problems = []
    for table, column, extra, order, found in wrong:
        for source in sorted(found):
            name, length = sources[source]
            for row_id, start, end in conn.execute(
                    f'SELECT id, start, "end" FROM {table} WHERE {extra} {column} = ? AND NOT'
                    f' (0 <= start AND start {order} "end" AND "end" <= ?) ORDER BY id', (source, length)):
                problems.append(Problem("span", f"{table[:-1]} {row_id} at {start}:{end} is not inside"
                                        f" {name!r} ({length} characters)"))
    return problems


def _counts(project, codings: CodingsRead) -> list[Problem]:
    """The counts kept per source and per code (``source_tallies``, ``code_tallies``) that differ
    from what the codings' read found."""
    conn = project.conn
    problems = []
    kept = dict(conn.execute("SELECT source_id, codings FROM source_tallies WHERE codings != 0"))
    names = dict(conn.execute("SELECT id, name FROM sources"))
    for source in sorted(kept.keys() | codings.sources.keys()):
        found = codings.sources.get(source, (0, 0))[0]
        if kept.get(source, 0) != found:
            problems.append(Problem("counts", f"source {names.get(source, source)!r} is kept as"
                                    f" {kept.get(source, 0)} coding(s); it has {found}"))
    kept = {r[0]: r[1:] for r in conn.execute(
        "SELECT code_id, supporting, sources, counter FROM code_tallies"
        " WHERE supporting != 0 OR sources != 0 OR counter != 0")}
    names = dict(conn.execute("SELECT id, name FROM codes"))
    for code in sorted(kept.keys() | codings.codes.keys()):
        supporting, counter, sources = codings.codes.get(code, (0, 0, 0))
        if kept.get(code, (0, 0, 0)) != (supporting, sources, counter):
            n, s, c = kept.get(code, (0, 0, 0))
            problems.append(Problem("counts", f"code {names.get(code, code)!r} is kept as {n}"
                                    f" supporting coding(s) in {s} source(s) and {c}"
                                    f" counter-instance(s); its codings make {supporting} in"
                                    f" {sources} and {counter}"))
    return problems


def _memo_targets(project) -> list[Problem]:
    problems = []
    for target, table in TARGETS.items():
        for r in project.rows(f"SELECT m.id, m.target_id FROM memos m WHERE m.target = ? AND NOT"
                              f" EXISTS (SELECT 1 FROM {table} t WHERE t.id = m.target_id)", (target,)):
            problems.append(Problem("memo", f"memo {r['id']} is on {target} {r['target_id']},"
                                    " which does not exist"))
    return problems


def _texts(project) -> tuple[list[Problem], dict[int, tuple[str, int]]]:
    """Sources not stored normalised, with a stale hash or a wrong kept length; and, from the same
    read of every text, each source's name and length by id."""
    problems, sources = [], {}
    kept = dict(project.conn.execute("SELECT source_id, chars FROM source_lengths"))
    for source_id, name, text, stored in project.conn.execute(
            "SELECT id, name, text, text_sha256 FROM sources"):
        sources[source_id] = (name, len(text))
        if kept.get(source_id) != len(text):
            problems.append(Problem("counts", f"source {name!r} is kept as {kept.get(source_id)}"
                                    f" character(s) long; its text has {len(text)}"))
        if "\r" in text or text.startswith("\ufeff") or not unicodedata.is_normalized("NFC", text):
            problems.append(Problem("text", f"source {name!r} is not stored normalised"))
        if text_hash(text) != stored:
            problems.append(Problem("text", f"source {name!r} has a stale text hash"))
    return problems, sources
