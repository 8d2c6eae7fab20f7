"""Shared by the TUI tests: a small study built through the project API, and a quiet config."""

from __future__ import annotations

import pytest

from qodex.bundle import SegmentData
from qodex.project import Project

TURNS = [
    ("Interviewer", "How long have you been with your doctor?"),
    ("Anne", "Twenty years. He knows me, he knows my family. I trust him completely."),
    ("Interviewer", "And when you saw someone else?"),
    ("Anne", "It felt like starting again. Nobody knew my history."),
]


def transcript(turns=TURNS) -> tuple[str, list[SegmentData]]:
    """Text with one paragraph per turn ("Speaker: words"), and the turn segments."""
    text, segments = "", []
    for speaker, words in turns:
        line = f"{speaker}: {words}"
        segments.append(SegmentData("turn", len(text), len(text) + len(line), speaker))
        text += line + "\n\n"
    return text, segments


def build_study(path, host) -> Project:
    """Two interviews, two cases with attributes, three codes, a few codings."""
    project = Project.create(path, host=host)
    text, segments = transcript()
    p01 = project.sources.add("P01-anne", text, segments=segments)
    p02 = project.sources.add("P02-bjorn", "Bjorn: I see whoever is free.\n")
    project.attributes.define("age", "number")
    project.attributes.define("practice", "category", ["Søhøj", "Nordby"])
    for name, source, values in (("Anne", p01, {"age": 71, "practice": "Søhøj"}),
                                 ("Bjorn", p02, {"age": 34, "practice": "Nordby"})):
        project.cases.add(name)
        project.cases.link(name, source)
        project.cases.set_values(name, values)
    trust = project.codes.add("Trust", colour="#4477aa")
    project.codes.add("Continuity", colour="#228833")
    project.codes.add("Loss", parent="Continuity")
    start = text.index("I trust him")
    project.codings.add(p01, trust, start, start + len("I trust him completely."))
    start = text.index("Twenty years")
    project.codings.add(p01, "Continuity", start, start + len("Twenty years."))
    return project


@pytest.fixture(autouse=True)
def _config_home(tmp_path, monkeypatch):
    """Settings go to a temporary XDG_CONFIG_HOME, never the tester's own."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))


@pytest.fixture
def study(tmp_path, host):
    project = build_study(tmp_path / "study.qodex", host)
    project.close()
    return tmp_path / "study.qodex"


@pytest.fixture
def app(study, host):
    from qodex.tui import QodexApp

    return QodexApp(study, host=host)
