"""Which project files this user has found sound, so that opening one unchanged since then skips
``PRAGMA quick_check`` (it reads every page: seconds at millions of codings).

A file is remembered by its device, inode, size and its modification and change times in
nanoseconds, in ``$XDG_CACHE_HOME/qodex/verified.json``. Any write to the file, by SQLite or by
anything else, moves its change time, which no program can set back, so a changed, copied or
replaced file is checked again. A file with a write-ahead log beside it (changes not yet in the
file), or changed less than `SETTLE` seconds ago (a write in the same clock tick would leave the
times as they were), is always checked. The cache is a convenience: when it cannot be read or
written, every open checks.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from qodex.userconfig import cache_dir, read_json, write_json

SETTLE = 2.0
KEEP = 64  # files remembered; the oldest is forgotten first


def stamp(path: Path) -> list[int] | None:
    """What identifies the file's present bytes, or None when it must be checked anyway."""
    if path.with_name(path.name + "-wal").exists():
        return None
    try:
        st = os.stat(path)
    except OSError:
        return None
    if time.time() - st.st_ctime < SETTLE:
        return None
    return [st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns]


def holds(path: Path, taken: list[int] | None) -> bool:
    """Whether the file was found sound with the bytes `taken` (a `stamp`) identifies."""
    return taken is not None and _read().get(_key(path)) == taken


def remember(path: Path, taken: list[int] | None) -> None:
    """Record that the file was found sound when `taken`, if it has not changed since."""
    if taken is None or stamp(path) != taken:
        return
    known = _read()
    known.pop(_key(path), None)
    known[_key(path)] = taken
    _write(dict(list(known.items())[-KEEP:]))


def forget(path: Path) -> None:
    """Check the file at its next open, whatever the cache says (``qodex check`` does this)."""
    known = _read()
    if known.pop(_key(path), None) is not None:
        _write(known)


def _key(path: Path) -> str:
    return str(path.resolve())


def _store() -> Path:
    return cache_dir() / "verified.json"


def _read() -> dict[str, list[int]]:
    known = read_json(_store())
    return known if isinstance(known, dict) else {}


def _write(known: dict[str, list[int]]) -> None:
    write_json(_store(), known)
