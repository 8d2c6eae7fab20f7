"""Where qodex keeps the user's own settings (one folder in their config home) and what it may
forget (one folder in their cache home)."""

from __future__ import annotations

import os
from pathlib import Path


def config_dir() -> Path:
    """``$XDG_CONFIG_HOME/qodex``, or ``~/.config/qodex`` when it is unset or not absolute."""
    return _home("XDG_CONFIG_HOME", ".config")


def cache_dir() -> Path:
    """``$XDG_CACHE_HOME/qodex``, or ``~/.cache/qodex`` when it is unset or not absolute."""
    return _home("XDG_CACHE_HOME", ".cache")


def _home(variable: str, default: str) -> Path:
    base = os.environ.get(variable, "")
    return (Path(base) if os.path.isabs(base) else Path.home() / default) / "qodex"
