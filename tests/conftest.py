"""Shared fixtures: a fresh project, the CLI runner, and the paths of the shared corpus."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, settings

from qodex.host import PluginHost
from qodex.project import Project

# Property tests judge results, never speed: a busy machine makes drawing examples slow.
settings.register_profile("shared_machine", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("shared_machine")
pytest.register_assert_rewrite("fixtures")  # helpers imported by one another, asserts rewritten
REPO = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("QODEX_CORPUS") or REPO.parent / "shared" / "corpus")  # QODEX_CORPUS: elsewhere
SAMPLE_STUDY = REPO / "sample_study"
SAMPLE_FILES = [SAMPLE_STUDY / "codebook.csv", *sorted((SAMPLE_STUDY / "transcripts").iterdir()),
                SAMPLE_STUDY / "participants.csv", SAMPLE_STUDY / "codings.csv"]


@pytest.fixture(autouse=True)
def _coder(monkeypatch):
    """Every test writes as the same coder, whoever runs it."""
    monkeypatch.setenv("QODEX_CODER", "tester")
    monkeypatch.delenv("QODEX_PLUGINS", raising=False)


@pytest.fixture(autouse=True)
def _config_home(monkeypatch, tmp_path, tmp_path_factory):
    """Every test has its own empty config folder (no trusted study folders, no settings) and
    cache folder (no project known to be sound), the cache outside the test's own folder."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))


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


@pytest.fixture(scope="session")
def sample_study_file(tmp_path_factory) -> Path:
    """The sample study imported whole, once per test process, as coder astrid. Never write to it:
    take a copy (`copy_sample`). A sample study that does not import whole fails, never skips."""
    from qodex.importing import import_files

    path = tmp_path_factory.mktemp("sample") / "gp.qodex"
    host = PluginHost()
    host.load_builtins()
    with Project.create(path, coder="astrid", host=host) as project:
        outcomes = import_files(project, SAMPLE_FILES, host.registry)
    refused = [o for o in outcomes if o.status != "imported" or "(" in o.detail]  # or warned
    assert not refused, refused
    return path


def copy_sample(sample_study_file: Path, folder: Path) -> Path:
    """A copy of the built sample study in `folder`, to change as a test likes."""
    folder.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copyfile(sample_study_file, folder / "gp.qodex"))


@pytest.fixture
def sample(sample_study_file, tmp_path) -> Path:
    """A fresh copy of the sample study for one test."""
    return copy_sample(sample_study_file, tmp_path / "sample")
