"""Files a user names for a command to write: the rule that qodex never destroys what it did not create.

Every writer of a user-named path (exports, conversions, backups, reports, a plugin's ``-o``) calls
`check` first, then writes through `staged` (or `write_text`): into a temporary file beside the target,
which replaces it only once complete, so a failed write leaves the old file as it was.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from qodex.errors import QodexError

BACKUPS = ".qodex-backups"  # the folder of automatic snapshots beside a project
SIDE_FILES = ("-wal", "-shm", "-journal")  # what SQLite keeps beside a project file


def check(dest: Path, force: bool = False, protect: Iterable[Path] = ()) -> None:
    """Refuse `dest` unless writing it destroys nothing but a file the user asked to replace.

    Always refused: a project in `protect` or one of its -wal/-shm/-journal files, a folder that
    contains one of them, a file with such files beside it (a project open elsewhere), anything in a
    ``.qodex-backups`` folder, and an existing folder (qodex never replaces a folder's content).
    An existing file is refused without `force`.
    """
    try:
        _check(Path(dest), force, protect)
    except OSError as exc:  # e.g. a name too long for the file system
        raise unwritable(dest, exc) from exc


def _check(dest: Path, force: bool, protect: Iterable[Path]) -> None:
    target = dest.resolve()
    for project in (Path(p).resolve() for p in protect):
        _refuse_project(dest, target, project)
    for side in SIDE_FILES:
        if os.path.exists(f"{target}{side}"):
            raise QodexError(f"{dest} is open elsewhere (its {side} file is beside it); qodex never "
                             "replaces it")
    if BACKUPS in target.parts:
        raise QodexError(f"{dest} is in a {BACKUPS} folder; qodex never writes over snapshots")
    if target.is_dir():
        raise QodexError(f"{dest} is a folder; qodex replaces only files (choose a new name)")
    if not target.parent.is_dir():
        reason = "is not a folder" if target.parent.exists() else "does not exist"
        raise QodexError(f"cannot write to {dest}: {target.parent} {reason}")
    if dest.exists() and not force:
        raise QodexError(f"{dest} exists; choose another name, or replace it with --force")


def _refuse_project(dest: Path, target: Path, project: Path) -> None:
    """Refuse `dest` if it is `project`, one of its side files (by path or hard link), or holds it."""
    for file in [str(project), *(f"{project}{side}" for side in SIDE_FILES)]:
        same = os.path.exists(file) and os.path.exists(dest) and os.path.samefile(dest, file)
        if same or str(target) == file:
            raise QodexError(f"{dest} is the project {project.name} or one of its files; "
                             "qodex never writes over it")
    if project.is_relative_to(target):
        raise QodexError(f"{dest} contains the project {project.name}; qodex never replaces it")


def unwritable(path: Path, exc: OSError) -> QodexError:
    """The one-line error for a write to `path` the system refused."""
    return QodexError(f"cannot write to {path}: {(exc.strerror or str(exc)).lower()}")


@contextmanager
def staged(dest: Path) -> Iterator[Path]:
    """A temporary path beside `dest` to write (a file or a folder); it becomes `dest` when the block ends."""
    dest = Path(dest)
    try:
        folder = Path(tempfile.mkdtemp(prefix=".qodex-writing-", dir=dest.resolve().parent))
    except OSError as exc:
        raise unwritable(dest.resolve().parent, exc) from exc
    try:
        written = folder / dest.name
        yield written
        if written.is_dir() and dest.is_file():
            dest.unlink()
        written.replace(dest)
    except OSError as exc:
        raise unwritable(dest, exc) from exc
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def write_text(dest: Path, text: str, force: bool = False, protect: Iterable[Path] = ()) -> None:
    """Write `text` (UTF-8) to the user-named file `dest`, by the rule of `check`."""
    check(dest, force, protect)
    with staged(dest) as written:
        written.write_text(text, encoding="utf-8")


def write_bytes(dest: Path, data: bytes, force: bool = False, protect: Iterable[Path] = ()) -> None:
    """Write `data` to the user-named file `dest`, by the rule of `check`."""
    check(dest, force, protect)
    with staged(dest) as written:
        written.write_bytes(data)
