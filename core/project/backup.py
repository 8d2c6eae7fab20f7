"""Snapshots of a project file, made with the SQLite backup API (consistent while others write).

Automatic snapshots go to ``.qodex-backups/`` beside the project, named
``<stem>-<UTC time>-<reason>.qodex``, before every destructive operation (merge, deleting a source
or a coded code, a source edit, restoring, migrating an existing file, an undo that takes other
coders' work). Retention: the `KEEP_NEWEST` newest, plus the newest of each of the last `KEEP_DAYS`
days on which snapshots were made.
"""

from __future__ import annotations

import re
import sqlite3
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

from qodex.errors import QodexError

FOLDER = ".qodex-backups"
KEEP_NEWEST = 10
KEEP_DAYS = 14
STAMP = "%Y%m%dT%H%M%S"


def folder_of(path: Path) -> Path:
    """Where the automatic snapshots of the project at `path` go."""
    return Path(path).resolve().parent / FOLDER


def copy_file(source: Path, dest: Path, single: bool = True) -> None:
    """Copy the committed state of the SQLite file `source` into `dest` (created or replaced).

    With `single`, `dest` is left as one self-contained file (no write-ahead log beside it).
    """
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(dest)) as dst:
        src.execute("PRAGMA busy_timeout = 30000")
        dst.execute("PRAGMA busy_timeout = 30000")
        src.backup(dst)
        if single:
            dst.execute("PRAGMA journal_mode = DELETE")


def backup(project, dest: str | Path) -> Path:
    """Copy `project` to the new file `dest`."""
    dest = Path(dest)
    if dest.exists():
        raise QodexError(f"{dest} already exists; choose another name")
    if not dest.parent.is_dir():
        raise QodexError(f"cannot write {dest}: folder {dest.parent} does not exist")
    copy_file(project.path, dest)
    return dest


def snapshot(project, reason: str) -> Path:
    """An automatic snapshot of `project` before `reason` (e.g. "merge"), then old ones pruned."""
    folder = folder_of(project.path)
    folder.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime(STAMP)
    dest, n = folder / f"{project.path.stem}-{stamp}-{reason}.qodex", 1
    while dest.exists():
        n += 1
        dest = folder / f"{project.path.stem}-{stamp}-{n}-{reason}.qodex"
    copy_file(project.path, dest)
    prune(project.path)
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
    """Replace the project's content with a snapshot's, snapshotting the current state first.

    Returns the snapshot of the state replaced (None when the current file was unreadable).
    """
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
    except (QodexError, sqlite3.DatabaseError):
        pass  # a damaged file is what restoring is for
    copy_file(snapshot_file, project_path, single=False)
    return saved
