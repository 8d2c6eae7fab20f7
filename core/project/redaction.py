"""Rewriting every text a project holds, for a redacted copy that never touches the disk unfinished.

`text_values` reads every text value of every table, core or plugin (found from the schema, so a
plugin's tables need no list); `rewrite_text` passes them through a function in one transaction.
Source text is left to `edit.edit_sources`, so codings follow their words. `memory_copy` makes the
working copy in memory and `write_clean` writes it, without change log or free pages, to a new file.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

from qodex.errors import QodexError
from qodex.project.migrations import registered

BOOKKEEPING = ("changes", "_migrations")  # not data: the log a copy drops, the schema's record
SOURCE_TEXT = ("sources", "text")


def tables(project) -> dict[str, list[str]]:
    """Every ordinary table (not SQLite's own, not a virtual table or its shadows) -> its row key."""
    rows = project.rows("SELECT name, sql FROM sqlite_master WHERE type = 'table'"
                        " AND name NOT LIKE 'sqlite_%' ORDER BY name")
    virtual = [r["name"] for r in rows if r["sql"].upper().startswith("CREATE VIRTUAL")]
    found = {}
    for row in rows:
        if not any(row["name"] == v or row["name"].startswith(f"{v}_") for v in virtual):
            found[row["name"]] = _key(project, row["name"], "WITHOUT ROWID" in row["sql"].upper())
    return found


def _key(project, table: str, without_rowid: bool) -> list[str]:
    if not without_rowid:
        return ["rowid"]
    info = project.rows(f"PRAGMA table_info({_q(table)})")
    return [r["name"] for r in sorted(info, key=lambda r: r["pk"]) if r["pk"]]


def text_values(project, leave_out=()) -> Iterator[tuple[str, str, tuple, str]]:
    """Every text value in the file as (table, column, row key, value), but in tables `leave_out`."""
    for table, key in tables(project).items():
        if table in leave_out:
            continue
        columns = [r["name"] for r in project.rows(f"PRAGMA table_info({_q(table)})")]
        cursor = project.conn.execute(
            f"SELECT {', '.join(map(_q, key + columns))} FROM {_q(table)}")
        for row in cursor:
            for column, value in zip(columns, row[len(key):], strict=True):
                if isinstance(value, str):
                    yield table, column, tuple(row[:len(key)]), value


def rewrite_text(project, change: Callable[[str], str]) -> Counter:
    """Replace each text value by ``change(value)`` where that differs, in one transaction.

    Leaves out source text (edit it with `edit_sources`, so codings follow), the change log and the
    migration record. A JSON value is rewritten string by string, so escaped text is reached too.
    Returns how many values changed, by ``table.column``. Logged as one change, without the old
    values (it cannot be undone: it is meant for a copy).
    """
    keys = tables(project)
    done: Counter = Counter()
    with project.transaction():
        for table, column, key, value in list(text_values(project, BOOKKEEPING)):
            if (table, column) == SOURCE_TEXT:
                continue
            new = _rewritten(value, change)
            if new != value:
                where = " AND ".join(f'{_q(k)} = ?' for k in keys[table])
                try:
                    project.execute(f"UPDATE {_q(table)} SET {_q(column)} = ? WHERE {where}",
                                    (new, *key))
                except sqlite3.IntegrityError as exc:
                    raise QodexError(f"{project.path.name}: rewriting {table}.{column} gives a value"
                                     f" another row already has ({exc}); nothing was changed") from exc
                done[f"{table}.{column}"] += 1
        project.log("rewrite_text", after=dict(done))
    return done


def _rewritten(value: str, change: Callable[[str], str]) -> str:
    if value[:1] in "[{":
        try:
            data = json.loads(value)
        except ValueError:
            return change(value)
        new = _each_string(data, change)
        return value if new == data else json.dumps(new, ensure_ascii=False)
    return change(value)


def _each_string(data, change):
    if isinstance(data, str):
        return change(data)
    if isinstance(data, list):
        return [_each_string(item, change) for item in data]
    if isinstance(data, dict):
        return {change(k): _each_string(v, change) for k, v in data.items()}
    return data


def caches(project) -> list[str]:
    """The tables the project's plugins declare as caches (rebuilt from the rest when missing)."""
    present = set(tables(project))
    return [t for migrations in registered(project.host) for t in migrations.caches if t in present]


def clear_caches(project) -> list[str]:
    """Empty every cache table of the plugins; returns their names."""
    names = caches(project)
    with project.transaction():
        for name in names:
            project.execute(f"DELETE FROM {_q(name)}")
            project.log("clear_cache", name)
    return names


def memory_copy(project):
    """A `Project` over an in-memory copy of `project`: work on it never reaches the disk."""
    from qodex.project.project import Project

    conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    project.conn.backup(conn)
    conn.execute("PRAGMA foreign_keys = ON")
    return Project(conn, project.path, project.coder_name, project.host)


def write_clean(project, dest: Path) -> None:
    """Write `project` to the new file `dest` without its change log and free pages (VACUUM INTO)."""
    with project.transaction():
        project.execute("DELETE FROM changes")
    project.conn.execute("VACUUM INTO ?", (str(dest),))


def _q(name: str) -> str:
    """An SQL identifier, quoted (``rowid`` as is)."""
    return name if name == "rowid" else '"' + name.replace('"', '""') + '"'
