"""Ordered, named schema migrations, recorded in the file, one transaction each.

The host has one set (its count is the file's ``PRAGMA user_version``); each plugin may bring its own,
named after the plugin, for its own tables (prefix them with the plugin's name).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from typing import NamedTuple

RECORD_TABLE = "_migrations"


class Spans(NamedTuple):
    """Columns of a plugin table that point at a span of a source's text: the span follows edits
    of that text as codings do (`qodex.project.edit`). When all its words go, the row goes (with
    what depends on it), or, if `optional` (a span a row may lack), only its span is cleared.
    `label` names such a row in messages ("IPA note")."""

    table: str
    label: str
    source: str = "source_id"
    start: str = "start"
    end: str = "end"
    optional: bool = False


class Migrations:
    """A named, ordered list of migration functions, each taking a `sqlite3.Connection`.

    `caches` names the tables that only hold what can be computed again from the rest of the
    project (emptied when a redacted copy is made; the plugin refills them when they are missing);
    `spans` the columns holding spans of sources' text, which follow edits of it (`Spans`).

    >>> ipa = Migrations("ipa")
    >>> @ipa()
    ... def m001_notes(conn):
    ...     conn.execute("CREATE TABLE ipa_notes (id INTEGER PRIMARY KEY, body TEXT)")
    """

    def __init__(self, name: str, caches: tuple[str, ...] = (), spans: tuple[Spans, ...] = ()):
        self.name = name
        self.caches = tuple(caches)
        self.spans = tuple(spans)
        self.steps: list[tuple[str, Callable[[sqlite3.Connection], None]]] = []

    def __call__(self, name: str | None = None):
        """Decorator adding the function as the next step (named by `name` or the function)."""

        def decorate(fn):
            self.steps.append((name or fn.__name__, fn))
            return fn

        return decorate

    def applied(self, conn: sqlite3.Connection) -> set[str]:
        """The names of this set's steps already recorded in the file."""
        rows = conn.execute(
            f"SELECT name FROM {RECORD_TABLE} WHERE owner = ?", (self.name,)
        ).fetchall()
        return {name for (name,) in rows}

    def pending(self, conn: sqlite3.Connection) -> list[str]:
        """Names of the steps not yet applied, in order."""
        done = self.applied(conn)
        return [name for name, _ in self.steps if name not in done]

    def apply(self, conn: sqlite3.Connection, upto: int | None = None) -> list[str]:
        """Apply pending steps (the first `upto` steps at most), each in its own transaction."""
        done = self.applied(conn)
        ran = []
        for name, fn in self.steps[:upto]:
            if name in done:
                continue
            conn.execute("BEGIN IMMEDIATE")
            try:
                fn(conn)
                conn.execute(
                    f"INSERT INTO {RECORD_TABLE} (owner, name, applied_at) VALUES (?, ?, ?)",
                    (self.name, name, datetime.now(UTC).isoformat(timespec="seconds")),
                )
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
            ran.append(name)
        return ran


def registered(host) -> list[Migrations]:
    """The `Migrations` the plugins of `host` register (none without a host)."""
    found: list[Migrations] = []
    if host is not None:
        host.call("register_migrations", register=found.append)
    return found


def ensure_record_table(conn: sqlite3.Connection) -> None:
    """Create the table that records applied migrations, if the file has none."""
    conn.execute(
        f"CREATE TABLE IF NOT EXISTS {RECORD_TABLE} (owner TEXT NOT NULL, name TEXT NOT NULL,"
        " applied_at TEXT NOT NULL, PRIMARY KEY (owner, name))"
    )
