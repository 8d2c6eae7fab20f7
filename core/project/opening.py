"""Opening a file safely: known to be a qodex project before anything is written to it.

The header (``application_id``, ``user_version``) is read on a read-only connection; a file that
cannot be written (its own mode, or its folder's, since SQLite writes a log beside it) opens
read-only; a file in which ``PRAGMA quick_check`` finds damage is refused (``qodex check`` says
which snapshot to restore). A file this user found sound and that has not changed since is not
checked again (see `verified`).
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from qodex.errors import QodexError
from qodex.project import schema, verified

DAMAGE_CODES = (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)


def read_only_reason(path: Path) -> str | None:
    """Why the project at `path` cannot be written (None when it can)."""
    if not os.access(path, os.W_OK):
        return "no permission to write the file"
    folder = path.resolve().parent
    if not os.access(folder, os.W_OK):
        return f"no permission to write its folder {folder}, where SQLite keeps its log"
    return None


def reading_uri(path: Path) -> str:
    """A URI that reads `path` without creating or changing anything.

    With no write-ahead log beside it the file holds every committed change, so it is read as
    ``immutable`` (no lock or shared-memory file); otherwise read-only, through that log.
    """
    wal = path.with_name(path.name + "-wal")
    return path.resolve().as_uri() + ("?mode=ro" if wal.exists() else "?mode=ro&immutable=1")


def inspect(path: Path, read_only: str | None) -> None:
    """Refuse what is not an undamaged qodex project this qodex can open, reading the file only."""
    if path.stat().st_size == 0:
        raise QodexError(f"{path} is an empty file, not a qodex project")
    taken = verified.stamp(path)
    conn = sqlite3.connect(reading_uri(path), uri=True)
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        checked = app_id == schema.APPLICATION_ID and not verified.holds(path, taken)
        found = damage(conn) if checked else None
    except sqlite3.DatabaseError as exc:
        if exc.sqlite_errorcode & 0xFF == sqlite3.SQLITE_NOTADB:
            raise QodexError(f"{path} is not a qodex project (not an SQLite file)") from exc
        raise QodexError(f"cannot read {path}: {exc}") from exc
    finally:
        conn.close()
    if app_id != schema.APPLICATION_ID:
        raise QodexError(f"{path} is an SQLite file but not a qodex project")
    if version > schema.SCHEMA_VERSION:
        raise QodexError(f"{path} was made by a newer qodex (schema {version} >"
                         f" {schema.SCHEMA_VERSION}); upgrade qodex to open it")
    if found:
        raise DamagedError(path, found)
    if checked:
        verified.remember(path, taken)
    if read_only and version < schema.SCHEMA_VERSION:
        raise QodexError(f"{path} is read-only ({read_only}) and needs upgrading (schema {version}"
                         f" < {schema.SCHEMA_VERSION}); open it once where it can be written")


def is_damage(exc: BaseException) -> bool:
    """Whether `exc` is SQLite finding the file damaged (rather than, say, busy or a bad query)."""
    return (isinstance(exc, sqlite3.DatabaseError)
            and getattr(exc, "sqlite_errorcode", 0) & 0xFF in DAMAGE_CODES)


def damage(conn: sqlite3.Connection, pragma: str = "quick_check") -> str | None:
    """What ``PRAGMA quick_check`` (or `pragma`) finds wrong with the file, in one line; None if
    nothing."""
    try:
        rows = [row[0] for row in conn.execute(f"PRAGMA {pragma}").fetchall()]
    except sqlite3.DatabaseError as exc:
        if not is_damage(exc):
            raise
        return str(exc)
    found = [line for row in rows for line in row.splitlines()
             if line not in ("ok", "*** in database main ***")]
    if not found:
        return None
    return found[0] + (f" (and {len(found) - 1} more problems)" if len(found) > 1 else "")


class DamagedError(QodexError):
    """The file is damaged: one line with what SQLite found (`detail`) and where to look next."""

    def __init__(self, path: Path, detail: str):
        super().__init__(f"{path} is damaged: {detail}; `qodex check {path}` shows the snapshot"
                         " to restore")
        self.detail = detail
