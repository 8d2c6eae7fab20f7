"""The TUI's remembered settings: one small JSON file in the user's config folder."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from qodex.userconfig import config_dir


def config_path() -> Path:
    return config_dir() / "tui.json"


def load() -> dict[str, Any]:
    """The saved settings (theme, palette, keymap); empty when missing or unreadable."""
    try:
        data = json.loads(config_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def remember(**settings: Any) -> None:
    """Merge `settings` into the saved file; a read-only home is not an error."""
    data = load() | settings
    try:
        config_dir().mkdir(parents=True, exist_ok=True)
        config_path().write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    except OSError:
        pass
