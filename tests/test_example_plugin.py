"""A third-party plugin package, installed with pip, found through the `qodex` entry point and
used from the CLI and the TUI. Installed into a folder of its own (not the shared venv), so no
other test sees it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from qodex.host import PluginHost
from qodex.project import Project

EXAMPLE = Path(__file__).resolve().parent / "data" / "example_plugin"
pytest_plugins = ["fixtures.tui_support"]


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """The example package pip-installed into its own folder (put on the path by each test)."""
    work = tmp_path_factory.mktemp("example")
    shutil.copytree(EXAMPLE, work / "src")  # pip may leave build files beside the source
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index",
                    "--no-build-isolation", "--target", str(work / "site"), str(work / "src")],
                   check=True, capture_output=True)
    return work / "site"


@pytest.fixture
def study(tmp_path):
    with Project.create(tmp_path / "study.qodex") as project:
        project.sources.add("P01", "How are you?\nFine, and you?\nGood.\n")
    return tmp_path / "study.qodex"


def qodex(site: Path, *args) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(site), "QODEX_CODER": "tester"}
    env.pop("QODEX_PLUGINS", None)
    script = Path(sys.executable).parent / "qodex"  # the console script, as a user runs it
    return subprocess.run([str(script), *map(str, args)], env=env,
                          capture_output=True, text=True, check=True)


def test_the_cli_lists_and_uses_the_installed_plugin(installed, study):
    plugins = {p["name"]: p for p in json.loads(qodex(installed, "plugins", "--json").stdout)}
    assert (plugins["example"]["origin"], plugins["example"]["version"]) == ("entry point", "1.0.0")
    assert qodex(installed, "words", study).stdout == "7 words\n"
    qodex(installed, "suggest", study, "questions")
    qodex(installed, "review", study, "--accept-all")
    with Project.open(study) as project:
        assert [project.codings.quote(c) for c in project.codings.list(code="Questions")] == [
            "How are you?", "Fine, and you?"]


@pytest.mark.asyncio
async def test_the_tui_opens_the_installed_plugins_screen(installed, study, monkeypatch):
    from qodex.tui import QodexApp

    monkeypatch.syspath_prepend(str(installed))
    host = PluginHost()
    host.load_builtins()
    host.load_entry_points()
    assert host.origins["example"] == ("entry point", "1.0.0")
    app = QodexApp(study, host=host)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("W")
        await pilot.pause()
        assert str(app.screen.query_one("#count").render()) == "1 sources"
