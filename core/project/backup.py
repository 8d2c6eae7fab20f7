"""Snapshots of a project file, made with the SQLite backup API (consistent while others write).

Automatic snapshots go to ``.qodex-backups/`` beside the project, named
``<stem>-<UTC time>-<reason>.qodex``, before every destructive operation (merge, deleting a source
or a coded code, a source edit, restoring, migrating an existing file, an undo that takes other
coders' work). Retention: the `KEEP_NEWEST` newest, plus the newest of each of the last `KEEP_DAYS`
days on which snapshots were made.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

from qodex import destination
from qodex.errors import QodexError
from qodex.project.project import settle

FOLDER = destination.BACKUPS
KEEP_NEWEST = 10
KEEP_DAYS = 14
STAMP = "%Y%m%dT%H%M%S"


def folder_of(path: Path) -> Path:
    """Where the automatic snapshots of the project at `path` go."""
    return Path(path).resolve().parent / FOLDER


def copy_file(source: Path, dest: Path) -> None:
    """Copy the committed state of the SQLite file `source` into `dest` (created or replaced).

    A new `dest` is left as one self-contained file (no write-ahead log beside it).
    """
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(dest)) as dst:
        src.execute("PRAGMA busy_timeout = 30000")
        dst.execute("PRAGMA busy_timeout = 30000")
        src.backup(dst)
        settle(dst)
        settle(src)


def copied_while_open(path: Path) -> bool:
    """Whether the file at `path` is in WAL mode with no -wal beside it: a plain copy of a project
    that was open elsewhere (its latest work, still in the original's -wal, is missing).

    Call it before opening the file (opening makes a new -wal). It cannot tell a copy whose -wal was
    copied too, nor a file last closed by another SQLite program or an older qodex, which leave WAL mode on.
    """
    path = Path(path)
    try:
        with open(path, "rb") as file:
            header = file.read(20)
    except OSError:
        return False  # unreadable: opening it says why
    wal_mode = header.startswith(b"SQLite format 3\0") and header[18:20] == b"\2\2"
    return wal_mode and not path.with_name(path.name + "-wal").exists()


def backup(project, dest: str | Path) -> Path:
    """Copy `project` to the new file `dest` (never over an existing file; see `qodex.destination`)."""
    dest = Path(dest)
    destination.check(dest, force=True, protect=[project.path])
    if dest.exists():
        raise QodexError(f"{dest} already exists; choose another name")
    _copy_to(project.path, dest)
    return dest


def _copy_to(source: Path, dest: Path) -> None:
    """`copy_file` into a temporary file beside `dest`, which becomes `dest` once complete."""
    with destination.staged(dest) as written:
        try:
            copy_file(source, written)
        except sqlite3.OperationalError as exc:
            raise QodexError(f"cannot write to {dest}: {exc}") from exc


def snapshot(project, reason: str) -> Path:
    """An automatic snapshot of `project` before `reason` (e.g. "merge"), then old ones pruned."""
    dest = _snapshot_name(project.path, reason)
    copy_file(project.path, dest)
    prune(project.path)
    return dest


def _snapshot_name(path: Path, reason: str) -> Path:
    """A new file name in the snapshot folder of the project at `path` (the folder made if needed)."""
    folder = folder_of(path)
    try:
        folder.mkdir(exist_ok=True)
    except OSError as exc:
        raise destination.unwritable(folder, exc) from exc
    stamp = datetime.now(UTC).strftime(STAMP)
    dest, n = folder / f"{path.stem}-{stamp}-{reason}.qodex", 1
    while dest.exists():
        n += 1
        dest = folder / f"{path.stem}-{stamp}-{n}-{reason}.qodex"
    return dest


def snapshots(path: Path) -> list[tuple[datetime, Path]]:
    """The automatic snapshots of the project at `path`, newest first."""
    pattern = re.compile(re.escape(Path(path).stem) + r"-(\d{8}T\d{6})-.*\.qodex")
    found = []
    for file in folder_of(path).glob("*.qodex"):
        match = pattern.fullmatch(file.name)
        if match:
            found.append((datetime.strptime(match[1], STAMP).replace(tzinfo=UTC), file))
    return sorted(found, key=lambda item: (item[0], item[1].stat().st_mtime_ns), reverse=True)


def latest_sound(path: Path) -> Path | None:
    """The newest automatic snapshot of the project at `path` in which SQLite finds no damage."""
    from qodex.project.opening import damage, reading_uri

    for _, file in snapshots(path):
        try:
            with closing(sqlite3.connect(reading_uri(file), uri=True)) as conn:
                if damage(conn) is None:
                    return file
        except sqlite3.DatabaseError:  # unreadable: not one to restore from
            continue
    return None


def prune(path: Path) -> list[Path]:
    """Apply the retention rule to the snapshots of the project at `path`; returns those removed."""
    found = snapshots(path)
    keep = {file for _, file in found[:KEEP_NEWEST]}
    days: set = set()
    for when, file in found:
        if when.date() not in days and len(days) < KEEP_DAYS:
            days.add(when.date())
            keep.add(file)
    removed = [file for _, file in found if file not in keep]
    for file in removed:
        file.unlink(missing_ok=True)
    return removed


def restore(project_path: Path, snapshot_file: Path) -> Path | None:
    """Replace the project's content with a snapshot's, snapshotting the current state first
    (a damaged file is kept as it is, byte for byte, for whatever can be salvaged from it).

    Returns the snapshot of the state replaced (None when the current file was unreadable).
    """
    from qodex.project.opening import DamagedError
    from qodex.project.project import Project
    from qodex.project.schema import APPLICATION_ID

    snapshot_file = Path(snapshot_file)
    if not snapshot_file.is_file():
        raise QodexError(f"no snapshot at {snapshot_file}")
    with closing(sqlite3.connect(snapshot_file)) as conn:
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        except sqlite3.DatabaseError:
            app_id = None
    if app_id != APPLICATION_ID:
        raise QodexError(f"{snapshot_file} is not a qodex project file")
    saved = None
    try:
        with Project.open(project_path) as current:
            saved = snapshot(current, "before-restore")
    except DamagedError:
        saved = _snapshot_name(project_path, "damaged-before-restore")
        shutil.copyfile(project_path, saved)
    except (QodexError, sqlite3.DatabaseError):
        pass  # not a qodex project this qodex can open: nothing to snapshot
    copy_file(snapshot_file, project_path)
    return saved
