"""Themes and code palettes from YAML files: the built-in ``themes/`` and the user's own. A theme must
set `foreground` and `background`; `contrast` and `readable` keep text at WCAG AA on any colour.

The files as read are kept in the user's cache folder (``themes.json``), each with its size and
times, so a start with no theme file changed since reads them without PyYAML."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from textual.color import Color
from textual.theme import Theme

import qodex.themes
from qodex.tui.config import config_dir
from qodex.userconfig import cache_dir, read_json, write_json

BUILTIN = Path(qodex.themes.__file__).parent
THEME_FIELDS = ("primary", "secondary", "accent", "warning", "error", "success", "foreground",
                "background", "surface", "panel", "boost")
REQUIRED = ("foreground", "background")  # text never falls back to the terminal's own colours
AA = 4.5  # WCAG 2 level AA contrast for body text


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
    found = Catalogue({}, {}, [])
    paths = [path for folder in folders() for path in sorted(folder.glob("*.yaml"))]
    for path, read in zip(paths, _documents(paths), strict=True):
        try:
            if "error" in read:
                raise ValueError(read["error"])
            _add(found, read["document"])
        except Exception as exc:  # a broken theme file must not stop the TUI
            found.problems.append(f"{path.name}: {exc}")
    return found


def _documents(paths: list[Path]) -> list[dict[str, Any]]:
    """Each file's YAML document (``{"document": ...}``) or why it could not be read
    (``{"error": ...}``): as cached while the files are those cached, with the same size and
    times, else read with PyYAML and cached when JSON holds them exactly."""
    files = [[str(path), _stamp(path)] for path in paths]
    cached = read_json(_cache())
    if isinstance(cached, dict) and cached.get("files") == files \
            and isinstance(cached.get("documents"), list) and len(cached["documents"]) == len(files):
        return cached["documents"]
    documents = [_read(path) for path in paths]
    try:
        exact = json.loads(json.dumps(documents)) == documents
    except (TypeError, ValueError):
        exact = False
    if exact:
        write_json(_cache(), {"files": files, "documents": documents})
    return documents


def _read(path: Path) -> dict[str, Any]:
    import yaml

    try:
        text = path.read_text(encoding="utf-8")
        return {"document": yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))}
    except Exception as exc:
        return {"error": str(exc)}


def _stamp(path: Path) -> list[int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return [st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns]


def _cache() -> Path:
    return cache_dir() / "themes.json"


def _add(found: Catalogue, data: dict) -> None:
    name = str(data["name"])
    if data.get("kind") == "palette":
        found.palettes[name] = Palette(name, tuple(data["colours"]), bool(data.get("override")))
        return
    missing = [k for k in REQUIRED if k not in data]
    if missing:
        raise ValueError(f"theme {name!r} does not set {' or '.join(missing)}")
    colours = {k: data[k] for k in THEME_FIELDS if k in data}
    found.themes[name] = Theme(name=name, dark=bool(data.get("dark", True)),
                               variables=data.get("variables", {}), **colours)


def luminance(colour: str) -> float:
    """WCAG 2 relative luminance of `colour` (0 for black, 1 for white)."""
    parsed = Color.parse(colour)

    def linear(value: int) -> float:
        value /= 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(parsed.r) + 0.7152 * linear(parsed.g) + 0.0722 * linear(parsed.b)


def contrast(one: str, other: str) -> float:
    """WCAG 2 contrast ratio of two colours, from 1 (the same) to 21 (black and white)."""
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def readable(background: str, *preferred: str) -> str:
    """The first of `preferred` with AA contrast on `background`, else black or white, whichever
    contrasts more (one of them always reaches 4.5:1)."""
    for colour in preferred:
        if contrast(colour, background) >= AA:
            return colour
    return max(("#000000", "#ffffff"), key=lambda colour: contrast(colour, background))
