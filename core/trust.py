"""Which study folders may run their own plugins: the user's explicit trust, kept in their config.

A study folder's ``plugins/`` is code, and researchers receive each other's study folders. Like
direnv's ``allow``, git's ``safe.directory`` and VS Code's Restricted Mode, qodex runs that code
only once the user has said so with ``qodex trust FOLDER``, which records the folder and a SHA-256
of each file under its ``plugins/`` in ``$XDG_CONFIG_HOME/qodex/trusted.json``. Any change to those
files (edited, added, removed, renamed) makes the folder untrusted until it is trusted again. A
folder or plugin file that belongs to another user, who could change it later, is refused unless
trusted with ``--other-owner``.
"""

from __future__ import annotations

import hashlib
import json
import os
import shlex
from dataclasses import dataclass
from pathlib import Path

from qodex.errors import QodexError
from qodex.userconfig import config_dir


@dataclass(frozen=True)
class Verdict:
    """A study folder's plugin files as read now, and why they may not run (None: they may)."""

    folder: Path
    files: dict[str, bytes]
    problem: str | None


def store_path() -> Path:
    """``$XDG_CONFIG_HOME/qodex/trusted.json`` (``~/.config/qodex/`` by default)."""
    return config_dir() / "trusted.json"


def command(folder: Path) -> str:
    """The command that trusts `folder`, to show the user."""
    return f"qodex trust {shlex.quote(str(folder))}"


def owned_by_another(path: Path) -> bool:
    """Whether `path` belongs to a user other than the one running qodex (tests replace this)."""
    return hasattr(os, "getuid") and path.stat().st_uid != os.getuid()


def read_plugins(folder: Path) -> dict[str, bytes]:
    """Every file under ``FOLDER/plugins`` (``__pycache__`` aside), by its path inside plugins/."""
    plugins = folder / "plugins"
    if not plugins.is_dir():
        return {}
    files = {}
    for path in sorted(plugins.rglob("*")):
        name = path.relative_to(plugins)
        if "__pycache__" not in name.parts and path.is_file():
            files[name.as_posix()] = path.read_bytes()
    return files


def digests(files: dict[str, bytes]) -> dict[str, str]:
    """Each file's SHA-256, by name: what a trust record holds."""
    return {name: hashlib.sha256(data).hexdigest() for name, data in files.items()}


def _foreign(folder: Path, files: dict[str, bytes]) -> Path | None:
    """The first of the folder, its plugins/ and its plugin files that belongs to another user."""
    plugins = folder / "plugins"
    for path in (folder, plugins, *(plugins / name for name in files)):
        if path.exists() and owned_by_another(path):
            return path
    return None


def trusted() -> dict[str, dict]:
    """The trust records, by resolved folder path."""
    path = store_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise QodexError(f"{path}: cannot read the trusted folders ({exc})") from exc
    folders = data.get("folders") if isinstance(data, dict) else None
    return {k: v for k, v in folders.items() if isinstance(v, dict)} if isinstance(folders, dict) else {}


def _save(folders: dict[str, dict]) -> None:
    """Write the records atomically (a temporary file renamed into place), readable by you only."""
    import tempfile  # only `qodex trust` writes; checking a folder (at every open) does not

    path = store_path()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".trusted-", suffix=".json")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump({"version": 1, "folders": folders}, out, indent=2, sort_keys=True)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def check(folder: Path) -> Verdict:
    """Read `folder`'s plugin files once and judge them against its trust record."""
    folder = Path(folder).resolve()
    try:
        files = read_plugins(folder)
    except OSError as exc:
        return Verdict(folder, {}, f"cannot read its plugins: {exc}")
    try:
        record = trusted().get(str(folder))
    except QodexError as exc:
        return Verdict(folder, files, str(exc))
    if record is None:
        problem = "never trusted"
    elif record.get("files") != digests(files):
        problem = "its plugins changed since it was trusted"
    elif (other := _foreign(folder, files)) and not record.get("other_owner"):
        problem = f"{other} belongs to another user"
    else:
        problem = None
    return Verdict(folder, files, problem)


def trust(folder: Path, other_owner: bool = False) -> list[str]:
    """Record `folder` and its plugin files as trusted; the names of those files."""
    folder = Path(folder).resolve()
    if not folder.is_dir():
        raise QodexError(f"{folder}: no such folder")
    try:
        files = read_plugins(folder)
    except OSError as exc:
        raise QodexError(f"{folder}: cannot read its plugins ({exc})") from exc
    other = _foreign(folder, files)
    if other and not other_owner:
        raise QodexError(f"{other} belongs to another user, who could change it; read every plugin, "
                         f"then run `qodex trust --other-owner {shlex.quote(str(folder))}`")
    folders = trusted()
    folders[str(folder)] = {"files": digests(files), "other_owner": bool(other)}
    _save(folders)
    return sorted(files)


def revoke(folder: Path) -> bool:
    """Forget `folder`'s trust; whether it was trusted."""
    folders = trusted()
    found = folders.pop(str(Path(folder).resolve()), None) is not None
    if found:
        _save(folders)
    return found
