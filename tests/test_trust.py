"""A received study folder's plugins run only after `qodex trust`, and again only as trusted."""

from __future__ import annotations

import csv
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from qodex import trust
from qodex.errors import QodexError
from qodex.host import PluginHost
from qodex.project import Project

REPO = Path(__file__).resolve().parent.parent
QODEX = Path(sys.executable).parent / "qodex"  # the console script, as a user runs it
EVIL = '''from pathlib import Path

from qodex import hookimpl

Path({marker!r}).write_text("ran")


@hookimpl
def register_commands(cli):
    @cli.command("evil")
    def evil():
        """A study command."""
'''


@pytest.fixture
def received(tmp_path):
    """A colleague's study folder: a project, a transcript and plugins/evil.py, which leaves
    `marker` behind if anything imports it."""
    folder = tmp_path / "received"
    (folder / "plugins").mkdir(parents=True)
    (folder / "plugins" / "evil.py").write_text(EVIL.format(marker=str(tmp_path / "marker")))
    with Project.create(folder / "study.qodex") as project:
        project.sources.add("P01", "Anne: I was worried.\n")
    (folder / "note.txt").write_text("Anne: I was worried.\n")
    mine = tmp_path / "mine"
    mine.mkdir()
    Project.create(mine / "mine.qodex").close()
    return folder


def qodex(cwd: Path, *args, **env) -> subprocess.CompletedProcess:
    """Run the installed ``qodex`` in `cwd`, with the test's config folder."""
    full = {k: v for k, v in os.environ.items() if k != "QODEX_PLUGINS"} | env
    return subprocess.run([str(QODEX), *map(str, args)], cwd=cwd, env=full, capture_output=True,
                          text=True, timeout=120)


def ran(folder: Path) -> bool:
    marker = folder.parent / "marker"
    found = marker.exists()
    marker.unlink(missing_ok=True)
    return found


COMMANDS = [
    ["--version"], ["--help"], ["-h"], ["plugins"], ["plugins", "--json"], ["sources", "study.qodex"],
    ["check", "study.qodex"], ["codes", "study.qodex"], ["history", "study.qodex"],
    ["export", "study.qodex", "out.qdpx"], ["backup", "--list", "study.qodex"],
    ["open", "--summary", "study.qodex"], ["convert", "note.txt", "out.qdpx"],
    ["merge", "../mine/mine.qodex", "study.qodex", "--dry-run"],
    ["import", "../mine/mine.qodex", "study.qodex"], ["evil"], ["evil", "--help"],
    ["trust", "--list"],
]


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_an_untrusted_study_folder_runs_nothing(received, args):
    qodex(received, *args)
    assert not ran(received)


@pytest.mark.parametrize("entry", ["file", "folder"])
@pytest.mark.parametrize("args", [["--version"], ["--help"], ["plugins"], ["evil"]], ids=" ".join)
def test_an_untrusted_folder_with_an_empty_or_odd_qodex_entry_runs_nothing(tmp_path, entry, args):
    (tmp_path / "plugins").mkdir()
    (tmp_path / "plugins" / "evil.py").write_text(EVIL.format(marker=str(tmp_path / "marker")))
    (tmp_path / "x.qodex").touch() if entry == "file" else (tmp_path / "x.qodex").mkdir()
    qodex(tmp_path, *args)
    assert not (tmp_path / "marker").exists()


@pytest.mark.asyncio
async def test_the_tui_loads_no_untrusted_plugin_and_says_how_to_trust(received):
    from qodex.tui import QodexApp

    host = PluginHost()
    host.load_builtins()
    app = QodexApp(received / "study.qodex", host=host)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        said = [n.message for n in app._notifications]
    assert not ran(received)
    assert len(said) == 1 and f"qodex trust {received}" in said[0] and "never trusted" in said[0]


def test_after_trust_the_plugin_loads_and_after_an_edit_it_runs_nothing(received):
    assert "trusted" in qodex(received, "trust").stdout
    assert qodex(received, "sources", "study.qodex").returncode == 0 and ran(received)
    assert qodex(received, "evil").returncode == 0 and ran(received)
    assert qodex(received, "--version").returncode == 0 and not ran(received)
    assert qodex(received, "plugins").returncode == 0 and not ran(received)
    with (received / "plugins" / "evil.py").open("a") as plugin:
        plugin.write("# changed\n")
    for args in (["sources", "study.qodex"], ["evil"]):
        result = qodex(received, *args)
        assert not ran(received)
    assert "changed since it was trusted" in result.stderr and "qodex trust" in result.stderr


@pytest.mark.parametrize("change", ["added", "removed", "renamed", "helper edited"])
def test_any_change_to_the_plugin_files_makes_the_folder_untrusted(received, change):
    plugins = received / "plugins"
    (plugins / "lib").mkdir()
    (plugins / "lib" / "helper.txt").write_text("data")
    (plugins / "keep.py").write_text("")
    trust.trust(received)
    assert trust.check(received).problem is None
    if change == "added":
        (plugins / "more.py").write_text("")
    elif change == "removed":
        (plugins / "evil.py").unlink()
    elif change == "renamed":
        (plugins / "evil.py").rename(plugins / "evil2.py")
    else:
        (plugins / "lib" / "helper.txt").write_text("other")
    assert trust.check(received).problem == "its plugins changed since it was trusted"
    host = PluginHost()
    host.load_folder(plugins)
    assert host.plugins() == [] and not ran(received)
    assert host.untrusted == {received: "its plugins changed since it was trusted"}


def test_the_trust_record_is_written_whole_and_readable_by_its_owner_only(received, tmp_path):
    trust.trust(received)
    store = tmp_path / "config" / "qodex" / "trusted.json"
    assert stat.S_IMODE(store.stat().st_mode) == 0o600
    record = json.loads(store.read_text())["folders"][str(received)]
    assert list(record["files"]) == ["evil.py"] and len(record["files"]["evil.py"]) == 64
    assert [p.name for p in store.parent.iterdir()] == ["trusted.json"]  # no temporary left


def test_trust_list_and_revoke(received, run):
    assert run("trust", str(received)).exit_code == 0
    listed = json.loads(run("trust", "--list", "--json").output)
    assert listed == [{"folder": str(received), "plugins": ["evil.py"], "status": "trusted"}]
    assert "no longer trusted" in run("trust", "--revoke", str(received)).output
    assert json.loads(run("trust", "--list", "--json").output) == []
    assert trust.check(received).problem == "never trusted"


def test_another_users_folder_is_refused_unless_trusted_as_such(received, run, monkeypatch):
    """Ownership is simulated: `owned_by_another` is the one check of who owns a path."""
    monkeypatch.setattr(trust, "owned_by_another", lambda path: path == received / "plugins" / "evil.py")
    result = run("trust", str(received))
    assert result.exit_code == 1 and "belongs to another user" in result.stderr
    assert "--other-owner" in result.stderr and trust.trusted() == {}
    assert run("trust", "--other-owner", str(received)).exit_code == 0
    host = PluginHost()
    host.load_folder(received / "plugins")
    assert ran(received)


def test_a_trusted_folder_whose_file_passes_to_another_user_is_refused(received, monkeypatch):
    trust.trust(received)
    monkeypatch.setattr(trust, "owned_by_another", lambda path: path == received)
    assert trust.check(received).problem == f"{received} belongs to another user"
    PluginHost().load_folder(received / "plugins")
    assert not ran(received)


def test_qodex_plugins_cannot_load_an_untrusted_plugin(received):
    for chosen in ("evil", str(received / "plugins" / "evil.py"), str(received)):
        assert qodex(received, "sources", "study.qodex", QODEX_PLUGINS=chosen).returncode == 0
        assert not ran(received)


def test_qodex_plugins_selects_trusted_plugins_by_name_or_path(received, monkeypatch):
    (received / "plugins" / "other.py").write_text("")
    trust.trust(received)
    for chosen, loaded in [("other", {"other"}), ("evil", {"evil"}), ("", set()),
                           (str(received / "plugins" / "evil.py"), {"evil"}),
                           (str(received / "plugins"), {"evil", "other"})]:
        monkeypatch.setenv("QODEX_PLUGINS", chosen)
        host = PluginHost()
        host.load_folder(received / "plugins")
        assert {p.name for p in host.plugins()} == loaded
        assert ran(received) == ("evil" in loaded)


def test_qodex_plugins_in_an_untrusted_folder_says_how_to_trust(received):
    result = qodex(received, "plugins", "--json")
    (evil,) = [p for p in json.loads(result.stdout) if p["name"] == "evil"]
    assert evil["status"] == f"not loaded (untrusted): run `qodex trust {received}`"
    assert evil["origin"] == f"study {received / 'plugins'}"
    assert f"run `qodex trust {received}`" in result.stderr
    table = qodex(received, "plugins", COLUMNS="400").stdout  # wide enough for the whole table
    assert "not loaded (untrusted): run `qodex trust" in table
    assert not ran(received)


def test_an_unknown_command_in_an_untrusted_folder_says_to_trust_it(received):
    result = qodex(received, "evil")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines()[-1] == (
        f"Error: No such command 'evil'; the plugins of {received} are not loaded "
        f"(untrusted: never trusted): run `qodex trust {received}`")


def test_the_sample_study_plugin_command_works_once_trusted(tmp_path):
    """The sample study's plugin in a copy of its folder, over its participants' ages."""
    study = tmp_path / "study"
    (study / "plugins").mkdir(parents=True)
    (study / "plugins" / "age_band.py").write_bytes(
        (REPO / "sample_study" / "plugins" / "age_band.py").read_bytes())
    with (REPO / "sample_study" / "participants.csv").open(encoding="utf-8") as table:
        ages = [(row["pseudonym"], row["age"]) for row in csv.DictReader(table)]
    (study / "ages.csv").write_text("pseudonym,age\n" + "".join(f"{p},{a}\n" for p, a in ages))
    assert qodex(study, "import", "s.qodex", "ages.csv").returncode == 0
    assert "qodex trust" in qodex(tmp_path, "age-bands", study / "s.qodex").stderr
    assert qodex(tmp_path, "trust", study).returncode == 0
    result = qodex(tmp_path, "age-bands", study / "s.qodex")
    assert result.stdout.split() == ["18-35", "6", "36-54", "8", "55-82", "8", "total", "22"]


def test_trusting_a_missing_folder_is_one_line_error(tmp_path):
    with pytest.raises(QodexError, match="no such folder"):
        trust.trust(tmp_path / "nowhere")


def test_an_unreadable_trust_record_trusts_nothing_and_says_which_file(received, tmp_path, run):
    trust.trust(received)
    store = tmp_path / "config" / "qodex" / "trusted.json"
    store.write_text("{not json")
    assert trust.check(received).problem.startswith(f"{store}: cannot read the trusted folders")
    PluginHost().load_folder(received / "plugins")
    assert not ran(received)
    result = run("trust", str(received))
    assert result.exit_code == 1 and result.stderr.count("\n") == 1 and str(store) in result.stderr
