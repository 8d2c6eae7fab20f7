"""Where qodex keeps the user's own settings (one folder in their config home) and what it may
forget (one folder in their cache home)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any


def config_dir() -> Path:
    """``$XDG_CONFIG_HOME/qodex``, or ``~/.config/qodex`` when it is unset or not absolute."""
    return _home("XDG_CONFIG_HOME", ".config")


def cache_dir() -> Path:
    """``$XDG_CACHE_HOME/qodex``, or ``~/.cache/qodex`` when it is unset or not absolute."""
    return _home("XDG_CACHE_HOME", ".cache")


def _home(variable: str, default: str) -> Path:
    base = os.environ.get(variable, "")
    return (Path(base) if os.path.isabs(base) else Path.home() / default) / "qodex"


def read_json(path: Path) -> Any:
    """The JSON value in `path`; None when the file is missing or unreadable."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write_json(path: Path, value: Any) -> None:
    """Write `value` to `path` as JSON through a temporary file beside it, so a reader never sees
    half of it; a folder that cannot be written is not an error (what it holds is a convenience)."""
    import tempfile  # only when something is written: not on a command's start-up

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", dir=path.parent, delete=False, encoding="utf-8",
                                         suffix=".part") as part:
            json.dump(value, part)
        os.replace(part.name, path)
    except OSError:
        return
