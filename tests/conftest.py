"""Shared fixtures: a fresh project, the CLI runner, and the paths of the shared corpus."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from qodex.host import PluginHost
from qodex.project import Project

REPO = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("QODEX_CORPUS") or REPO.parent / "shared" / "corpus")  # QODEX_CORPUS: elsewhere
SAMPLE_STUDY = REPO / "sample_study"


@pytest.fixture(autouse=True)
def _coder(monkeypatch):
    """Every test writes as the same coder, whoever runs it."""
    monkeypatch.setenv("QODEX_CODER", "tester")
    monkeypatch.delenv("QODEX_PLUGINS", raising=False)


@pytest.fixture
def host() -> PluginHost:
    """A plugin host with only the built-in plugins."""
    fresh = PluginHost()
    fresh.load_builtins()
    return fresh


@pytest.fixture
def project(tmp_path, host) -> Project:
    """An empty project file in a temporary folder."""
    opened = Project.create(tmp_path / "study.qodex", host=host)
    yield opened
    opened.close()


@pytest.fixture
def run(monkeypatch, tmp_path):
    """Run the qodex CLI in-process in `tmp_path`; returns the click Result."""
    from qodex.cli import build_cli

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("qodex.host._host", None)  # each test loads plugins afresh

    def invoke(*args: str, input: str | None = None):
        argv = [str(a) for a in args]
        return CliRunner().invoke(build_cli(argv), argv, input=input, catch_exceptions=False)

    return invoke


@pytest.fixture
def corpus() -> Path:
    """The shared folder of real files from other programs (read in place, never copied)."""
    if not CORPUS.is_dir():
        pytest.skip(f"the shared corpus is not at {CORPUS}")
    return CORPUS
