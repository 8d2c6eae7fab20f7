"""Where qodex keeps the user's own settings: one folder in their config home."""

from __future__ import annotations

import os
from pathlib import Path


def config_dir() -> Path:
    """``$XDG_CONFIG_HOME/qodex``, or ``~/.config/qodex`` when it is unset or not absolute."""
    base = os.environ.get("XDG_CONFIG_HOME", "")
    return (Path(base) if os.path.isabs(base) else Path.home() / ".config") / "qodex"
