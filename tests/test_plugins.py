"""The plugin host: built-ins, study folders, failures kept apart, the registry and the CLI listing."""

import json

import pytest

from qodex import hookimpl
from qodex.extensions import Importer
from qodex.host import PluginHost, get_host
from qodex.project import Project
from qodex.trust import trust

STUDY_PLUGIN = '''
from qodex import hookimpl, Importer, ImportBundle, SourceData

def read(path, options):
    return ImportBundle(sources=[SourceData(name=path.stem, text=path.read_text().upper())])

@hookimpl
def register_importers(register):
    register(Importer("shout", (".shout",), read, "Upper-cases a text file"))

@hookimpl
def on_project_open(project):
    project.opened_by_study_plugin = True
'''


def test_builtins_register_the_txt_importer(host):
    assert "txt" in host.registry.importers
    assert host.registry.importers["txt"].extensions == (".txt", ".text")
    info = {p.name: p for p in host.plugins()}["importers"]
    assert info.origin == "builtin" and info.hooks == ["register_importers"]


def test_a_plugin_that_raises_is_reported_and_the_others_still_register(host):
    class Broken:
        @hookimpl
        def register_importers(self, register):
            raise RuntimeError("cannot read my config")

    host.add(Broken(), "broken")
    assert "txt" in host.registry.importers
    assert [(f.name, f.stage) for f in host.failures] == [("broken", "register_importers")]
    assert "cannot read my config" in str(host.failures[0])


def test_the_registry_calls_a_kind_s_hook_only_when_that_kind_is_first_read(host):
    calls = []

    class Counting:
        @hookimpl
        def register_importers(self, register):
            calls.append("importers")

        @hookimpl
        def register_screens(self, register):
            calls.append("screens")

    host.add(Counting(), "counting")
    assert "History" in host.registry.screens and calls == ["screens"]
    assert "txt" in host.registry.importers and "txt" in host.registry.importers
    assert calls == ["screens", "importers"]


def test_qodex_plugins_shows_a_plugin_failing_in_a_registration_hook(run, host, monkeypatch):
    class Late:
        @hookimpl
        def register_reports(self, register):
            raise RuntimeError("no template")

    host.add(Late(), "late")
    monkeypatch.setattr("qodex.host._host", host)
    rows = {p["name"]: p for p in json.loads(run("plugins", "--json").stdout)}
    assert rows["late"]["status"] == "failed"
    assert rows["late"]["error"] == "register_reports: RuntimeError: no template"


def test_a_study_folder_plugin_loads_when_its_project_opens(tmp_path, host):
    (tmp_path / "plugins").mkdir()
    (tmp_path / "plugins" / "shout.py").write_text(STUDY_PLUGIN)
    (tmp_path / "plugins" / "broken.py").write_text("import no_such_module\n")
    trust(tmp_path)
    project = Project.create(tmp_path / "study.qodex", host=host)
    assert project.opened_by_study_plugin
    assert "shout" in host.registry.importers
    failures = {f.name: f for f in host.failures}
    assert failures["broken"].stage == "load"
    assert "no_such_module" in failures["broken"].error
    assert {p.name: p.origin for p in host.plugins()}["shout"].startswith("study ")


def test_qodex_plugins_variable_restricts_study_plugins(tmp_path, monkeypatch, host):
    (tmp_path / "plugins").mkdir()
    (tmp_path / "plugins" / "shout.py").write_text(STUDY_PLUGIN)
    trust(tmp_path)
    monkeypatch.setenv("QODEX_PLUGINS", "")
    host.load_folder(tmp_path / "plugins")
    assert "shout" not in host.registry.importers
    other = PluginHost()
    monkeypatch.setenv("QODEX_PLUGINS", "shout")
    other.load_folder(tmp_path / "plugins")
    assert "shout" in other.registry.importers


def test_a_registered_test_plugin_can_be_removed(host):
    class Extra:
        @hookimpl
        def register_importers(self, register):
            register(Importer("extra", (".x",), lambda path, options: None))

    host.add(Extra(), "extra")
    assert "extra" in host.registry.importers
    host.remove("extra")
    assert "extra" not in host.registry.importers


def test_cli_lists_plugins_as_json(run):
    result = run("plugins", "--json")
    assert result.exit_code == 0
    plugins = {p["name"]: p for p in json.loads(result.stdout)}
    assert plugins["importers"]["origin"] == "builtin"
    assert plugins["importers"]["hooks"] == ["register_importers"]
    assert plugins["importers"]["error"] is None
    assert plugins["strategies"]["hooks"] == ["register_migrations", "register_strategies"]


@pytest.mark.parametrize("source", ["import no_such_module\n", "raise SystemError('x')\n"])
def test_a_broken_trusted_study_plugin_is_recorded_and_the_cli_keeps_working(run, tmp_path, source):
    (tmp_path / "plugins").mkdir()
    (tmp_path / "plugins" / "bad.py").write_text(source)
    Project.create(tmp_path / "study.qodex").close()
    assert "trusted" in run("trust").stdout
    listed = [p for p in json.loads(run("plugins", "--json").stdout) if p["name"] == "bad"]
    assert listed[0]["status"] == "not loaded (trusted): loads with a project in its folder"
    assert run("sources", "study.qodex").exit_code == 0
    failures = {f.name: f for f in get_host().failures}
    assert failures["bad"].stage == "load"
