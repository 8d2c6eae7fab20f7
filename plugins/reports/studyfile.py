"""The study file (``report.toml`` beside the project): what a report needs to know about a study
that the project does not hold, e.g. which attribute groups the participants, which code marks the
key finding, which theory frame the themes are read against and why.

Every key is optional; a project without a study file still gets a complete report.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qodex.errors import QodexError

NAME = "report.toml"


@dataclass
class Link:
    """A reading of themes as a construct of the theory frame: the argument and its passages."""

    construct: str
    themes: list[str]
    argument: str = ""
    quotes: list[dict] = field(default_factory=list)


@dataclass
class StudyFile:
    """The study's own settings, paths resolved against the study file's folder."""

    path: Path | None = None
    title: str = ""
    coder: str = ""
    age: str = "age"
    guide: Path | None = None
    order: str = ""
    group: str = ""
    characteristics: dict[str, str] = field(default_factory=dict)
    group_note: str = ""
    finding: dict[str, Any] = field(default_factory=dict)
    themes: list[str] = field(default_factory=list)
    gradient: dict[str, Any] = field(default_factory=dict)
    frame: Path | None = None
    links: list[Link] = field(default_factory=list)
    quotes: int = 2
    coreq: dict[str, str] = field(default_factory=dict)

    def label(self, attribute: str) -> str:
        return self.characteristics.get(attribute, attribute)


def load(project, given: str = "") -> StudyFile:
    """The study file named by `given`, else ``report.toml`` beside the project, else defaults."""
    path = Path(given) if given else project.path.resolve().parent / NAME
    if not path.is_file():
        if given:
            raise QodexError(f"{path}: no such study file")
        return StudyFile(guide=project.path.resolve().parent / "interview_guide.md")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        return _parse(path, data)
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, TypeError, KeyError, ValueError) as exc:
        raise QodexError(f"{path}: not a study file ({exc})") from None


def _parse(path: Path, data: dict) -> StudyFile:
    folder = path.parent
    people, theory = data.get("participants", {}), data.get("theory", {})
    return StudyFile(
        path=path, title=str(data.get("title", "")), coder=str(data.get("coder", "")),
        age=str(data.get("age", "age")),
        guide=folder / str(data.get("guide", "interview_guide.md")),
        order=str(data.get("saturation_order", "")), group=str(people.get("group", "")),
        characteristics={str(k): str(v) for k, v in people.get("characteristics", {}).items()},
        group_note=str(people.get("note", "")), finding=dict(data.get("finding", {})),
        themes=[str(t) for t in data.get("themes", [])], gradient=dict(data.get("gradient", {})),
        frame=folder / theory["frame"] if "frame" in theory else None,
        links=[Link(str(x["construct"]), [str(t) for t in x.get("themes", [])],
                    str(x.get("argument", "")), list(x.get("quotes", [])))
               for x in theory.get("link", [])],
        quotes=int(data.get("quotes", 2)),
        coreq={str(k): str(v) for k, v in data.get("coreq", {}).items()})


def frame(study: StudyFile) -> dict:
    """The theory frame file: its name, description and constructs (name -> description)."""
    if study.frame is None:
        return {}
    try:
        data = tomllib.loads(study.frame.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise QodexError(f"{study.frame}: cannot read the theory frame ({exc})") from None
    constructs: dict[str, str] = {}
    for entry in data.get("code", []):
        top = str(entry["path"]).split("/")[0]
        constructs.setdefault(top, "")
        if entry["path"] == top:
            constructs[top] = str(entry.get("description", ""))
    return {"name": str(data.get("name", study.frame.stem)), "root": str(data.get("root", "")),
            "description": str(data.get("description", "")), "constructs": constructs}
