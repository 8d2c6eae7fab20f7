"""The pseudonym key: real names and their pseudonyms, in a JSON file kept outside the project.

The file holds ``{"entries": [{"name": ..., "pseudonym": ..., "role": ...}]}``; `role` "gp" marks a
doctor (for the GPs-as-men policy). It is created with mode 0600 and refused when others may read it.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import NamedTuple

from qodex.errors import QodexError


class Entry(NamedTuple):
    name: str
    pseudonym: str
    role: str = "person"


def load(path: Path) -> list[Entry]:
    """The entries of the key at `path`; refuses a key that group or others can read."""
    path = Path(path)
    if not path.is_file():
        raise QodexError(f"no key file at {path}")
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        raise QodexError(f"key file {path} can be read by others (mode {mode:o}); run chmod 600 {path}")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return [Entry(e["name"], e["pseudonym"], e.get("role", "person")) for e in data["entries"]]
    except (ValueError, KeyError, TypeError) as exc:
        raise QodexError(f"key file {path} is not a qodex pseudonym key ({exc})") from exc


def save(path: Path, entries: list[Entry]) -> None:
    """Write the key with mode 0600 (readable by its owner only)."""
    path = Path(path)
    if path.suffix == ".qodex":
        raise QodexError("keep the key in its own file, never in a project file")
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    except OSError as exc:
        raise QodexError(f"cannot write key file {path}: {exc.strerror}") from exc
    os.fchmod(fd, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        json.dump({"entries": [e._asdict() for e in entries]}, out, ensure_ascii=False, indent=2)


def add(path: Path, entry: Entry) -> list[Entry]:
    """Add (or replace, by name) one entry in the key at `path`, creating it if missing."""
    entries = load(path) if Path(path).exists() else []
    entries = [e for e in entries if e.name != entry.name] + [entry]
    save(path, entries)
    return entries
