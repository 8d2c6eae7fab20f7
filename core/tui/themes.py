"""Themes and code palettes from YAML files: the built-in ``themes/`` and the user's own."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual.theme import Theme

import qodex.themes
from qodex.tui.config import config_dir

BUILTIN = Path(qodex.themes.__file__).parent
THEME_FIELDS = ("primary", "secondary", "accent", "warning", "error", "success", "foreground",
                "background", "surface", "panel", "boost")


@dataclass(frozen=True)
class Palette:
    """Colours for codes. With `override`, codes' own colours are ignored (colour-blind safety)."""

    name: str
    colours: tuple[str, ...]
    override: bool = False

    def colour(self, code_id: int, own: str | None) -> str:
        if own and not self.override:
            return own
        return self.colours[code_id % len(self.colours)]


@dataclass
class Catalogue:
    themes: dict[str, Theme]
    palettes: dict[str, Palette]
    problems: list[str]


def folders() -> list[Path]:
    return [BUILTIN, config_dir() / "themes"]


def load_all() -> Catalogue:
    """Every theme and palette; a bad file is named in `problems` and skipped."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    found = Catalogue({}, {}, [])
    for folder in folders():
        for path in sorted(folder.glob("*.yaml")):
            try:
                _add(found, yaml.load(path.read_text(encoding="utf-8"), Loader=loader))
            except Exception as exc:  # a broken theme file must not stop the TUI
                found.problems.append(f"{path.name}: {exc}")
    return found


def _add(found: Catalogue, data: dict) -> None:
    name = str(data["name"])
    if data.get("kind") == "palette":
        found.palettes[name] = Palette(name, tuple(data["colours"]), bool(data.get("override")))
        return
    colours = {k: data[k] for k in THEME_FIELDS if k in data}
    found.themes[name] = Theme(name=name, dark=bool(data.get("dark", True)),
                               variables=data.get("variables", {}), **colours)
