"""The plugin kit: docs/plugins.md matches the hookspecs and its examples run; qodex plugin new."""

from __future__ import annotations

import inspect
import json
import re
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from qodex import SegmentData, hookspecs
from qodex.extensions import parse_options
from qodex.host import PluginHost
from qodex.project import Project
from qodex.trust import trust

DOC = (Path(__file__).resolve().parent.parent / "docs" / "plugins.md").read_text(encoding="utf-8")
HOOK = re.compile(r"^### `(\w+)\((.*?)\)`\n(.*?)```python\n(.*?)```", re.M | re.S)
DOCUMENTED = {m.group(1): (m.group(2), m.group(4)) for m in HOOK.finditer(DOC)}
pytest_plugins = ["fixtures.tui_support"]  # settings go to a temporary config folder


def hookspec_signatures() -> dict[str, str]:
    return {name: ", ".join(inspect.signature(fn).parameters)
            for name, fn in inspect.getmembers(hookspecs, inspect.isfunction)
            if hasattr(fn, "qodex_spec")}


def test_every_hook_is_documented_with_its_signature():
    assert {name: args for name, (args, _) in DOCUMENTED.items()} == hookspec_signatures()


@pytest.fixture
def examples(tmp_path):
    """Each hook's example saved as a study plugin beside a project with one interview."""
    (tmp_path / "plugins").mkdir()
    for name, (_, code) in DOCUMENTED.items():
        (tmp_path / "plugins" / f"{name}.py").write_text(code, encoding="utf-8")
    trust(tmp_path)
    host = PluginHost()
    text = "Interviewer: How are you?\nAnne: Fine.\n"
    with Project.create(tmp_path / "study.qodex", host=host) as project:
        project.sources.add("P01", text, segments=[SegmentData("turn", 13, 25, "Interviewer"),
                                                   SegmentData("turn", 32, 37, "Anne")])
        project.codings.add("P01", project.codes.add("Mood"), 32, 37)
    assert host.failures == []
    return host, tmp_path


def test_the_importer_and_exporter_examples_run(examples):
    host, folder = examples
    (folder / "visit.notes").write_text("Rang the bell twice.\r\n", encoding="utf-8")
    with Project.open(folder / "study.qodex", host=host) as project:
        project.apply(host.registry.importers["notes"].read(folder / "visit.notes", {}))
        assert project.sources.get("visit").text == "Rang the bell twice.\n"
        with project.view() as view:
            assert host.registry.exporters["code-counts"].write(view, folder / "out.json", {}) == []
    assert json.loads((folder / "out.json").read_text()) == [{"code": "Mood", "codings": 1}]


def test_the_strategy_and_report_examples_run(examples):
    host, folder = examples
    with Project.open(folder / "study.qodex", host=host) as project:
        strategy = host.registry.strategies["turns-of"]
        (found,) = project.suggestions.propose(strategy, list(project.sources), parse_options(
            strategy.options, [], "turns-of"))
        assert (found.code, project.sources.get("P01").text[found.start:found.end]) == (
            "Interviewer talk", "How are you?")
        report = host.registry.reports["top-codes"]
        with project.view() as view:
            built = report.build(view, parse_options(report.options, ["top=3"], "r"))
        assert "| Mood | 1 |" in built.markdown
        assert built.tables == {"codes": [{"code": "Mood", "codings": 1}]}


def test_the_command_migration_and_open_examples_run(examples, capsys):
    host, folder = examples
    group = click.Group()
    host.call("register_commands", cli=group)
    listed = CliRunner().invoke(group, ["turns", str(folder / "study.qodex"), "--json"]).stdout
    assert json.loads(listed) == [{"source": "P01", "turns": 2}]
    table = CliRunner().invoke(group, ["turns", str(folder / "study.qodex")]).stdout
    assert table.splitlines()[1].split() == ["P01", "2"]
    with Project.open(folder / "study.qodex", host=host) as project:
        plugin = host.pm.get_plugin("register_migrations")
        plugin.note_visit(project, project.sources.get("P01"), "first reading")
        assert project.plugin_table("visits_log").rows()[0]["note"] == "first reading"
    assert "1 source(s) in study.qodex belong to no case" in capsys.readouterr().err


@pytest.mark.asyncio
async def test_the_screen_example_opens_by_its_key(examples):
    from qodex.tui import QodexApp

    host, folder = examples
    app = QodexApp(folder / "study.qodex", host=host)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("K")
        await pilot.pause()
        assert "1 sources, 1 codings" in str(app.screen.query_one("#counts").render())


def test_plugin_new_scaffolds_a_study_plugin_whose_test_passes(run, tmp_path):
    result = run("plugin", "new", "worry-words")
    assert "wrote plugins/worry_words.py" in result.output
    tests = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"],
                           cwd=tmp_path, capture_output=True, text=True)
    assert tests.returncode == 0, tests.stdout + tests.stderr
    run("init", "study.qodex")
    assert "worry_words" not in {r["name"] for r in json.loads(run("strategies", "--json").output)}
    run("trust")
    listed = {r["name"]: r for r in json.loads(run("strategies", "--json").output)}
    assert listed["worry_words"]["description"] == "Propose a code for lines that mention given words"
    again = run("plugin", "new", "worry_words")
    assert again.exit_code == 1 and "already exists" in again.stderr
    assert "lower-case letters" in run("plugin", "new", "Bad Name").stderr
