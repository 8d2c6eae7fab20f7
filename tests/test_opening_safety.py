"""Opening a file is safe: nothing is written to a file before it is known to be a qodex project,
read-only files and folders are read with a note and refuse writes in one line, and a damaged file
gives one line, refuses writes, and `check` names the snapshot to restore."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from fixtures.damaged import coded_study, damage

from qodex.project import Project
from qodex.project.backup import snapshots
from qodex.project.schema import SCHEMA_VERSION

DATA = Path(__file__).parent / "data"
TEXT = "Anne: I trust Dr Krogh. He knows me.\n"
OVERRIDES = "-dac_override,-dac_read_search,-fowner"  # the capabilities that let root ignore modes
READS = {"sources": "P01", "codings": "He knows me", "check": "sound", "codes": "Trust"}
WRITES = (["code", "P01", "Known", "--match", "Krogh", "--create"], ["undo"], ["import", "P02.txt"])


def one_line(text: str) -> str:
    lines = text.strip().splitlines()
    assert len(lines) == 1, text
    return lines[0]


def small_project(folder: Path) -> Path:
    path = folder / "study.qodex"
    with Project.create(path) as project:
        project.sources.add("P01", TEXT)
        project.codings.add("P01", project.codes.add("Trust"), 24, 35)
    return path


def listing(folder: Path) -> dict[str, bytes]:
    return {file.name: file.read_bytes() for file in folder.iterdir() if file.is_file()}


# files that are not (this qodex's) projects --------------------------------------------------------

def test_an_empty_file_is_refused_in_one_line_and_stays_empty(run, tmp_path):
    path = tmp_path / "empty.qodex"
    path.touch()
    (tmp_path / "P02.txt").write_text(TEXT, encoding="utf-8")
    for args in (["sources", path], ["check", path], ["import", path, "P02.txt"]):
        result = run(*args)
        assert result.exit_code == 1
        assert "empty file, not a qodex project" in one_line(result.stderr)
    assert path.read_bytes() == b""
    assert sorted(f.name for f in tmp_path.iterdir()) == ["P02.txt", "empty.qodex"]


def test_another_applications_sqlite_file_is_refused_with_its_bytes_unchanged(run, tmp_path):
    path = tmp_path / "other.qodex"
    with sqlite3.connect(path) as conn:  # a rollback-journal file: switching it to WAL would show
        conn.execute("PRAGMA application_id = 1179603780")
        conn.execute("PRAGMA user_version = 3")
        conn.execute("CREATE TABLE notes (body TEXT)")
        conn.execute("INSERT INTO notes VALUES ('theirs')")
    conn.close()
    before = path.read_bytes()
    for args in (["sources", path], ["code", path, "P01", "Trust", "--match", "x"]):
        result = run(*args)
        assert result.exit_code == 1
        assert "an SQLite file but not a qodex project" in one_line(result.stderr)
    assert path.read_bytes() == before
    assert listing(tmp_path) == {"other.qodex": before}


def test_a_newer_schema_is_refused_in_one_line_with_its_bytes_unchanged(run, tmp_path):
    path = small_project(tmp_path)
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
        conn.execute("PRAGMA journal_mode = DELETE")  # as a newer qodex might leave it
    conn.close()
    before = path.read_bytes()
    result = run("sources", path)
    assert result.exit_code == 1
    assert (f"made by a newer qodex (schema {SCHEMA_VERSION + 1} > {SCHEMA_VERSION})"
            in one_line(result.stderr))
    assert path.read_bytes() == before


# read-only files and folders -------------------------------------------------------------------

def qodex_as_a_user(*args, cwd: Path) -> subprocess.CompletedProcess:
    """Run the qodex CLI in a process that file modes apply to: when the tests run as root, one
    stripped of the capabilities that let root write whatever it likes."""
    command = [sys.executable, "-c", "from qodex.cli import main; main()", *map(str, args)]
    if os.geteuid() == 0:
        if not shutil.which("setpriv"):
            pytest.skip("running as root without setpriv: cannot make a file read-only for root")
        command = ["setpriv", f"--inh-caps={OVERRIDES}", f"--bounding-set={OVERRIDES}", *command]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=120)


@pytest.fixture
def unwritable():
    """Take write permission away from files or folders, and give it back after the test."""
    changed: list[tuple[Path, int]] = []

    def take(path: Path) -> None:
        changed.append((path, path.stat().st_mode))
        path.chmod(path.stat().st_mode & ~0o222)

    yield take
    for path, mode in reversed(changed):
        path.chmod(mode)


def assert_reads_work_and_writes_refused(path: Path, cwd: Path) -> None:
    before = listing(path.parent)
    for command, shown in READS.items():
        result = qodex_as_a_user(command, path, cwd=cwd)
        assert result.returncode == 0 and shown in result.stdout, result.stderr
        assert "is read-only" in one_line(result.stderr) and "opened for reading only" in result.stderr
    exported = cwd / "out.json"
    result = qodex_as_a_user("export", path, exported, cwd=cwd)
    assert result.returncode == 0 and "Krogh" in exported.read_text(encoding="utf-8")
    for args in WRITES:
        result = qodex_as_a_user(args[0], path, *args[1:], cwd=cwd)
        assert result.returncode == 1
        assert one_line(result.stderr).startswith(f"Error: {path} is read-only (no permission to write")
        assert "nothing was written" in result.stderr
    assert listing(path.parent) == before  # no log or shared-memory file left beside it either


def test_read_only_file_reads_with_a_note_and_refuses_writes_in_one_line(tmp_path, unwritable):
    (tmp_path / "study").mkdir()
    path = small_project(tmp_path / "study")
    (tmp_path / "P02.txt").write_text(TEXT, encoding="utf-8")
    unwritable(path)
    assert_reads_work_and_writes_refused(path, cwd=tmp_path)


def test_read_only_folder_reads_with_a_note_and_refuses_writes_in_one_line(tmp_path, unwritable):
    (tmp_path / "study").mkdir()
    path = small_project(tmp_path / "study")
    (tmp_path / "P02.txt").write_text(TEXT, encoding="utf-8")
    unwritable(path.parent)
    assert_reads_work_and_writes_refused(path, cwd=tmp_path)


def test_read_only_file_open_elsewhere_is_read_with_its_latest_work(tmp_path, unwritable):
    path = small_project(tmp_path)
    with Project.open(path) as owner:  # the owner codes; the change is still in the -wal file
        owner.codings.add("P01", owner.codes.add("Known"), 6, 22)
        unwritable(path)
        result = qodex_as_a_user("codings", path, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Known" in result.stdout and "I trust Dr Krogh" in result.stdout


def test_read_only_project_of_an_older_schema_is_refused_in_one_line(tmp_path, unwritable):
    path = tmp_path / "old.qodex"
    shutil.copyfile(DATA / "schema1.qodex", path)
    unwritable(path)
    result = qodex_as_a_user("sources", path, cwd=tmp_path)
    assert result.returncode == 1
    assert f"is read-only (no permission to write the file) and needs upgrading (schema 1 <" \
           f" {SCHEMA_VERSION})" in one_line(result.stderr)
    assert path.read_bytes() == (DATA / "schema1.qodex").read_bytes()


def deny_writing(monkeypatch, path: Path) -> None:
    """Make `os.access` (which root always passes) say that `path` cannot be written."""
    allowed = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: allowed(p, mode) and (
        mode != os.W_OK or Path(p) != path))


def test_when_the_os_denies_writing_in_process_reads_work_and_writes_are_refused(run, tmp_path,
                                                                                monkeypatch):
    """The same decision, in-process: `os.access` (which root also passes) says no."""
    path = small_project(tmp_path)
    deny_writing(monkeypatch, path)
    before = path.read_bytes()
    result = run("codings", path)
    assert result.exit_code == 0 and "He knows me" in result.stdout, result.output
    assert one_line(result.stderr) == (f"note: {path} is read-only (no permission to write the"
                                       " file); opened for reading only")
    result = run("code", path, "P01", "Known", "--match", "Krogh", "--create")
    assert result.exit_code == 1
    assert one_line(result.stderr) == (f"Error: {path} is read-only (no permission to write the"
                                       " file); nothing was written")
    assert path.read_bytes() == before


@pytest.mark.asyncio
async def test_the_workbench_reads_a_read_only_project_and_says_why_it_cannot_code(tmp_path, host,
                                                                                   monkeypatch):
    from qodex.tui import QodexApp
    from qodex.tui.screens.document import DocumentScreen

    path = small_project(tmp_path)
    deny_writing(monkeypatch, path)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    before = path.read_bytes()
    app = QodexApp(path, host=host)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DocumentScreen) and "He knows me" in app.screen.view.text
        await pilot.press("s", "c", *"Known", "enter")
        await pilot.pause()
        assert "is read-only" in str(list(app._notifications)[-1].message)
    assert path.read_bytes() == before

# damaged files ---------------------------------------------------------------------------------

@pytest.mark.parametrize("seed", [1, 3])
def test_random_bytes_in_the_middle_give_one_line_refuse_writes_and_check_names_the_snapshot(
        run, tmp_path, seed):
    path = tmp_path / "study.qodex"
    coded_study(path)
    assert run("backup", path).exit_code == 0
    damage(path, seed)
    damaged = path.read_bytes()
    for args in (["sources", path], ["export", path, tmp_path / "out.qdpx"]):
        result = run(*args)
        assert result.exit_code == 1, (args, result.output)
        assert one_line(result.stderr).startswith(f"Error: {path} is damaged: ")
    (tmp_path / "P02.txt").write_text(TEXT, encoding="utf-8")
    for args in (["code", path, "P100", "Known", "--match", "doctor", "--all", "--create"],
                 ["import", path, "P02.txt"]):
        result = run(*args)
        assert result.exit_code == 1
        assert one_line(result.stderr).startswith(f"Error: {path} is damaged: ")
        assert path.read_bytes() == damaged
    result = run("check", path)
    assert result.exit_code == 1
    assert one_line(result.stdout).startswith("integrity: the file is damaged: ")
    advice, error = result.stderr.strip().splitlines()
    [(_, snapshot)] = snapshots(path)
    assert advice == (f"the latest undamaged snapshot is {snapshot}; restore it with:"
                      f" qodex restore {path} {snapshot}")
    assert error == f"Error: 1 problem(s) in {path}"
    result = run("restore", path, snapshot)
    assert result.exit_code == 0
    kept = Path(one_line(result.stderr).removeprefix("the state it replaced is in "))
    assert kept.name.endswith("-damaged-before-restore.qodex") and kept.read_bytes() == damaged
    result = run("check", path)
    assert result.exit_code == 0 and "150 sources, 750 codings" in result.stdout
    damage(path, seed)  # again: the newest snapshot is now the damaged one, which check passes over
    assert f"the latest undamaged snapshot is {snapshot};" in run("check", path).stderr



def test_check_of_a_damaged_project_without_snapshots_says_there_is_none(run, tmp_path):
    path = tmp_path / "study.qodex"
    coded_study(path)
    damage(path, 1)
    result = run("check", path)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"no undamaged snapshot of {path} in {tmp_path / '.qodex-backups'}")
