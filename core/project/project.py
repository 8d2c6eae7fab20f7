"""Open, create and write a project file. Every write goes through here, in a transaction."""

from __future__ import annotations

import getpass
import importlib
import json
import os
import sqlite3
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import Any

from qodex.errors import QodexError
from qodex.project import opening, schema
from qodex.project.ids import now
from qodex.project.migrations import Migrations, ensure_record_table

BUSY_TIMEOUT_MS = 10_000  # how long a write (or a read) waits for another writer before giving up
SUFFIX = ".qodex"
MAX_VARIABLES = 999  # parameters in one statement: the lowest limit SQLite builds have


def noun(module: str, name: str) -> cached_property:
    """A part of the API (class `name` of ``qodex.project.<module>``), made on first use: a command
    imports only the modules of the parts it reads."""

    def make(project):
        return getattr(importlib.import_module(f"qodex.project.{module}"), name)(project)

    return cached_property(make)


def settle(conn: sqlite3.Connection) -> None:
    """Before closing `conn`: if no one else has the file open, leave it in rollback mode, no -wal beside.

    So a project at rest is one file, and one in WAL mode without its -wal (`backup.copied_while_open`)
    is the mark of a plain copy of a project that was open elsewhere.
    """
    try:
        conn.execute("PRAGMA busy_timeout = 0")  # another connection: it settles the file when it closes
        conn.execute("PRAGMA journal_mode = DELETE")
    except sqlite3.Error:
        pass  # still open elsewhere, read-only, or already closed: nothing to settle


def default_coder() -> str:
    """The coder named by ``QODEX_CODER``, else the login name."""
    return os.environ.get("QODEX_CODER") or getpass.getuser()


class Project:
    """One ``.qodex`` file: plain SQLite, readable with sqlite-utils, Datasette or ``sqlite3``.

    Read through the nouns (`project.sources`, `.codes`, `.codings`, `.cases`, `.attributes`,
    `.memos`) or `project.db` (a `sqlite_utils.Database`). Write only through the nouns' methods,
    `apply`, or (a plugin, its own tables) `plugin_table`: each write is one transaction and one entry
    in the change log.
    """

    coders = noun("coders", "Coders")
    sources = noun("sources", "Sources")
    codes = noun("codes", "Codes")
    codings = noun("codings", "Codings")
    cases = noun("cases", "Cases")
    attributes = noun("cases", "Attributes")
    memos = noun("memos", "Memos")
    suggestions = noun("suggestions", "Suggestions")
    overview = noun("overview", "Overview")
    contents = noun("contents", "Contents")
    spans = noun("spans", "Spans")
    scopes = noun("scopes", "Scopes")
    measures = noun("measures", "Measures")
    excerpts = noun("excerpts", "Excerpts")
    activity = noun("activity", "Activity")

    def __init__(self, conn: sqlite3.Connection, path: Path, coder: str | None, host=None):
        self.conn = conn
        self.path = path
        self.coder_name = coder or default_coder()
        self.host = host
        self._depth = 0
        self._batch: int | None = None  # the first change logged by this transaction
        self._coder_id: int | None = None
        self._wal = False  # whether this connection put the file in WAL mode (see _write_ahead)
        self.read_only: str | None = None  # why the file cannot be written, when it cannot

    # opening -------------------------------------------------------------------------------
    @classmethod
    def create(cls, path: str | Path, name: str | None = None, coder: str | None = None,
               host=None) -> Project:
        """Create a new project file at `path`; refuses to overwrite anything."""
        path = Path(path)
        if path.exists():
            raise QodexError(f"{path} already exists; open it, or choose another name")
        if not path.parent.is_dir():
            raise QodexError(f"cannot create {path}: folder {path.parent} does not exist")
        project = cls._connect(path, coder, host)
        with project.transaction():
            project._set_meta("name", name or path.stem)
            project._set_meta("created", now())
        return project

    @classmethod
    def open(cls, path: str | Path, coder: str | None = None, host=None) -> Project:
        """Open an existing project file, migrating it to the current schema.

        Nothing is written before the file is known to be an undamaged qodex project; a file that
        cannot be written opens read-only (`read_only` says why) and refuses writes.
        """
        path = Path(path)
        if not path.is_file():
            raise QodexError(f"no project file at {path} (create one with `qodex init {path}`)")
        read_only = opening.read_only_reason(path)
        opening.inspect(path, read_only)
        return cls._connect(path, coder, host, read_only)

    @classmethod
    def _connect(cls, path: Path, coder: str | None, host, read_only: str | None = None) -> Project:
        if read_only:
            conn = sqlite3.connect(opening.reading_uri(path), uri=True, isolation_level=None,
                                   check_same_thread=False)
        else:
            conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        try:
            _configure(conn)
            project = cls(conn, path, coder, host)
            project.read_only = read_only
            project._migrate()
        except BaseException as exc:
            conn.close()
            if isinstance(exc, sqlite3.OperationalError) and _busy(exc):
                raise BusyError(path) from exc  # another program holds it in rollback mode
            raise
        project._open_plugins()
        return project

    def _migrate(self) -> None:
        ensure_record_table(self.conn)
        if schema.migrations.pending(self.conn) and schema.migrations.applied(self.conn):
            from qodex.project.backup import snapshot

            snapshot(self, "migration")
        schema.migrations.apply(self.conn)
        applied = len(schema.migrations.applied(self.conn))
        if self.conn.execute("PRAGMA user_version").fetchone()[0] != applied:
            self.conn.execute(f"PRAGMA user_version = {applied}")
        for migrations in self._plugin_migrations():
            try:
                if self.read_only and migrations.pending(self.conn):
                    raise QodexError(f"{self.path} is read-only ({self.read_only}): its tables"
                                     " cannot be added")
                migrations.apply(self.conn)
            except Exception as exc:  # the plugin is broken; the project still opens
                self.host.record_failure(migrations.name, "migration", exc)

    def _plugin_migrations(self) -> list[Migrations]:
        if self.host is None:
            return []
        self.host.load_folder(self.path.resolve().parent / "plugins")
        found: list[Migrations] = []
        self.host.call("register_migrations", register=found.append)
        return found

    def _open_plugins(self) -> None:
        if self.host is not None:
            self.host.call("on_project_open", project=self)

    def reader(self) -> Project:
        """A read-only connection to the same file, for a thread of its own (a TUI worker): it sees
        what is committed and can write nothing."""
        return type(self)(self._reading_connection(), self.path, self.coder_name, self.host)

    def _reading_connection(self) -> sqlite3.Connection:
        conn = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None,
                               check_same_thread=False)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA query_only = ON")
        return conn

    def view(self):
        """A read-only `ProjectView` of the committed project, for a strategy, report or exporter."""
        from qodex.project.view import ProjectView

        return ProjectView.of(self)

    def writer(self) -> Project:
        """Another writable connection to the same file, for a thread of its own; plugins are not
        opened on it."""
        return self._connect(self.path, self.coder_name, None, self.read_only)

    def close(self) -> None:
        settle(self.conn)
        self.conn.close()

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def db(self):
        """A `sqlite_utils.Database` over the same connection, for reading."""
        import sqlite_utils

        return sqlite_utils.Database(self.conn)

    # reading -------------------------------------------------------------------------------
    def rows(self, sql: str, params: Any = ()) -> list[dict[str, Any]]:
        """Run a read query and return its rows as dicts."""
        cursor = self.conn.execute(sql, params)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    @property
    def name(self) -> str:
        return self.meta("name") or self.path.stem

    def summary(self) -> dict[str, Any]:
        """The project's name and how many of each thing it holds."""
        counts = {t: self.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                  for t in ("sources", "cases", "codes", "codings", "memos", "coders")}
        return {"name": self.name, "path": str(self.path), **counts}

    # writing -------------------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All writes inside happen together or not at all; nested blocks are savepoints."""
        depth = self._depth
        if depth == 0:
            self._refuse_if_read_only()
            self._write_ahead()
            self._begin()
        else:
            self.conn.execute(f"SAVEPOINT s{depth}")
        self._depth += 1
        try:
            yield
        except BaseException:
            self._depth = depth
            if depth == 0:
                self.conn.execute("ROLLBACK")
                self.conn.execute("PRAGMA temp_store = DEFAULT")
                self._coder_id = self._batch = None
            else:
                self.conn.execute(f"ROLLBACK TO s{depth}")
                self.conn.execute(f"RELEASE s{depth}")
            raise
        self._depth = depth
        if depth == 0:
            self._batch = None
        self.conn.execute("COMMIT" if depth == 0 else f"RELEASE s{depth}")
        if depth == 0:
            self.conn.execute("PRAGMA temp_store = DEFAULT")

    def _refuse_if_read_only(self) -> None:
        if self.read_only:
            raise QodexError(f"{self.path} is read-only ({self.read_only}); nothing was written")

    def _write_ahead(self) -> None:
        """Put the file in WAL mode before this connection's first write, so that readers never wait
        for it. A connection that only reads leaves the file's journal as it is: switching it, and
        back when closing, is two synced writes, slower than a whole listing."""
        if not self._wal:
            self._patiently("PRAGMA journal_mode = WAL")
            self._wal = True

    def _begin(self) -> None:
        """Start a write transaction (see `_patiently`) with its statement journals in memory (set
        back to SQLite's default, a file, when it ends). The tally triggers on codings make every
        insert a statement that may need undoing alone; once one such journal outgrows 64 KiB,
        SQLite keeps it in a temporary file for the rest of the transaction, a few system calls per
        row after that (most of the triggers' cost on a bulk insert)."""
        self.conn.execute("PRAGMA temp_store = MEMORY")
        try:
            self._patiently("BEGIN IMMEDIATE")
        except BaseException:
            self.conn.execute("PRAGMA temp_store = DEFAULT")
            raise

    def _patiently(self, statement: str) -> None:
        """Run `statement`, waiting up to `BUSY_TIMEOUT_MS` in all for other writers (SQLite's busy
        handler backs off between tries; a refusal it does not wait on, as when two connections
        would deadlock, is tried again after a pause), then refuse with `BusyError`, nothing
        written."""
        deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
        while True:
            try:
                self.conn.execute(statement)
                return
            except sqlite3.OperationalError as exc:
                if not _busy(exc):
                    raise
                if time.monotonic() >= deadline:
                    raise BusyError(self.path) from exc
            time.sleep(0.05)

    def execute(self, sql: str, params: Any = ()) -> sqlite3.Cursor:
        """Run one write statement; only the project API calls this, inside a transaction."""
        if self._depth == 0:
            raise RuntimeError("project writes must run inside project.transaction()")
        return self.conn.execute(sql, params)

    def executemany(self, sql: str, rows) -> sqlite3.Cursor:
        """Run one write statement for many rows, inside a transaction."""
        if self._depth == 0:
            raise RuntimeError("project writes must run inside project.transaction()")
        return self.conn.executemany(sql, rows)

    def insert_many(self, table: str, columns: Sequence[str], rows: list[tuple], tail: str = "") -> None:
        """Insert rows (tuples in `columns` order) several to a statement, faster than `executemany`.

        `tail` follows the values, e.g. an ``ON CONFLICT`` clause.
        """
        per = MAX_VARIABLES // len(columns)
        head = f"INSERT INTO {table} ({', '.join(columns)}) VALUES "
        group = f"({', '.join('?' * len(columns))})"
        for start in range(0, len(rows), per):
            chunk = rows[start:start + per]
            self.execute(f"{head}{', '.join([group] * len(chunk))}{tail}",
                         [value for row in chunk for value in row])

    def use_coder(self, name: str) -> None:
        """Write as the coder called `name` from now on (added on their first write)."""
        if not name.strip():
            raise QodexError("a coder needs a name")
        self.coder_name, self._coder_id = name.strip(), None

    @property
    def coder_id(self) -> int:
        """The current coder's id, adding the coder on their first write."""
        if self._coder_id is None:
            self._coder_id = self.coders.ensure(self.coder_name).id
        return self._coder_id

    def log(self, operation: str, table: str | None = None, row_id: int | None = None,
            before: Any = None, after: Any = None) -> None:
        """Record one change: who, when, what, with the row before and after as JSON.

        The changes of one transaction share a `batch` (the id of its first change): what
        `qodex undo` takes back together.
        """
        change_id = self.execute(
            "INSERT INTO changes (at, coder_id, operation, table_name, row_id, before, after, batch)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, coalesce(?, (SELECT coalesce(max(id), 0) + 1 FROM changes)))",
            (now(), self.coder_id, operation, table, row_id, _json(before), _json(after), self._batch),
        ).lastrowid
        if self._batch is None:
            self._batch = change_id

    def _set_meta(self, key: str, value: str) -> None:
        self.execute("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE"
                     " SET value = excluded.value", (key, value))

    def set_meta(self, key: str, value: str) -> None:
        """Set a project-level setting (name, plugin settings) and log it."""
        with self.transaction():
            before = self.meta(key)
            self._set_meta(key, value)
            self.log("set_meta", "meta", None, {key: before}, {key: value})

    def apply(self, bundle, **options):
        """Store an `ImportBundle` in one transaction; see `qodex.project.apply`."""
        from qodex.project.apply import apply_bundle

        return apply_bundle(self, bundle, **options)

    def plugin_table(self, name: str):
        """Read and write a plugin's own table, logged; see `qodex.project.plugin_tables`."""
        from qodex.project.plugin_tables import PluginTable

        return PluginTable(self, name)


class BusyError(QodexError):
    """Another writer held the file for the whole busy timeout; this write saved nothing."""

    def __init__(self, path: Path):
        super().__init__(f"{path} is busy: another coder or program has held it for"
                         f" {BUSY_TIMEOUT_MS / 1000:g} s; nothing was saved, try again")


def _json(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, default=str)


def _busy(exc: sqlite3.OperationalError) -> bool:
    """Whether SQLite refused because another connection holds the lock."""
    return getattr(exc, "sqlite_errorcode", 0) & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)


def _configure(conn: sqlite3.Connection) -> None:
    """Set the connection up (for a file already known to be a qodex project, or a new one)."""
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA cache_size = -65536")
