"""Several processes on one file: nothing lost, no "database is locked", kill -9 leaves all or none."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO

from qodex.project import Project
from qodex.project.backup import backup
from qodex.project.check import check

QODEX = [sys.executable, "-c", "from qodex.cli import main; main()"]


def test_four_writers_lose_nothing(tmp_path):
    path, go = tmp_path / "shared.qodex", tmp_path / "go"
    text = "Anne: I trust my own doctor, he knows me and my family. " * 40
    with Project.create(path, coder="setup") as project:
        project.sources.add("P01", text)
        project.codes.add("Trust")
    procs = [subprocess.Popen([sys.executable, REPO / "bench" / "concurrency.py", "--worker", path,
                               f"coder{n}", "1000", go], stderr=subprocess.PIPE, text=True)
             for n in range(4)]
    time.sleep(0.5)
    go.touch()
    errors = [p.communicate()[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0, 0], errors
    assert not any("locked" in e for e in errors)
    with Project.open(path) as project:
        counts = project.rows("SELECT coder_id, count(*) AS n FROM codings GROUP BY coder_id")
        assert sorted(r["n"] for r in counts) == [1000] * 4
        assert check(project) == []


def kill_while_writing(command: list, project: Path, **kwargs) -> int:
    """Run `command`, kill -9 it once its write-ahead log passes 1 MB; its exit status."""
    wal = Path(f"{project}-wal")
    proc = subprocess.Popen([str(c) for c in command], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, **kwargs)
    while proc.poll() is None:
        if wal.exists() and wal.stat().st_size > 1_000_000:
            os.kill(proc.pid, signal.SIGKILL)
            break
        time.sleep(0.002)
    return proc.wait()


def test_kill_during_a_batch_import_leaves_all_or_none(tmp_path):
    from bench.common import transcript

    folder = tmp_path / "transcripts"
    folder.mkdir()
    for i in range(150):
        (folder / f"T{i:03d}.txt").write_text(transcript(i), encoding="utf-8")
    path = tmp_path / "study.qodex"
    with Project.create(path) as project:
        project.sources.add("before", "already here")
    status = kill_while_writing([*QODEX, "import", path, folder], path)
    with Project.open(path) as project:
        assert check(project) == []
        assert (status, len(project.sources)) == (-signal.SIGKILL, 1)  # killed before its commit


def test_kill_during_a_merge_leaves_all_or_none(tmp_path):
    path = tmp_path / "astrid.qodex"
    with Project.create(path, coder="astrid") as project:
        project.sources.add("P01", "I trust my doctor. " * 500)
        project.codes.add("Trust")
        backup(project, tmp_path / "bjorn.qodex")
    with Project.open(tmp_path / "bjorn.qodex", coder="bjorn") as other:
        other.codings.add_many((1, 1, i % 9000, i % 9000 + 5) for i in range(60_000))
    status = kill_while_writing([*QODEX, "merge", path, tmp_path / "bjorn.qodex"], path)
    with Project.open(path) as project:
        assert check(project) == []
        assert (status, len(project.codings)) == (-signal.SIGKILL, 0)  # killed before its commit


def test_a_writer_waits_out_a_lock_held_past_the_busy_timeout(project):
    import threading

    project.conn.execute("PRAGMA busy_timeout = 20")  # give up waiting quickly, then retry
    holder = sqlite3.connect(project.path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    threading.Timer(0.3, holder.execute, ("COMMIT",)).start()
    project.codes.add("Waited")  # would be "database is locked" without the retries
    assert project.codes.find("Waited") is not None
    holder.close()


def test_eight_coders_and_a_reader_at_once_lose_nothing_and_see_no_error(tmp_path):
    done = subprocess.run([sys.executable, REPO / "bench" / "coders.py", "--writers", "8", "--seconds",
                           "2", "--interval", "0.1", "--json"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    [row] = json.loads(done.stdout)
    assert (row["expected"], row["written"], row["stored"]) == (160, 160, 160)
    assert (row["lost"], row["errors"], row["first error"]) == (0, 0, "")
    assert row["reader max ms"] > 0  # the reader refreshed while they wrote


def dump(path: Path) -> list[str]:
    """Every row and table of the file, as SQL."""
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def test_a_write_locked_out_past_the_timeout_says_busy_in_one_line_and_saves_nothing(
        project, run, monkeypatch):
    monkeypatch.setattr("qodex.project.project.BUSY_TIMEOUT_MS", 300)
    source = project.sources.add("P01", "I trust my doctor, he knows me.")
    project.codes.add("Trust")
    before = dump(project.path)
    holder = project.writer()
    with pytest.raises(RuntimeError), holder.transaction():
        holder.codes.add("Half written")  # another coder's write, in progress the whole time
        done = run("--coder", "bjorn", "code", project.path, source.name, "Trust", "--span", "2:7")
        raise RuntimeError("the other coder's write fails too")
    holder.close()
    assert done.exit_code == 1
    assert done.output == (f"Error: {project.path} is busy: another coder or program has held it"
                           " for 0.3 s; nothing was saved, try again\n")
    assert dump(project.path) == before
    assert run("--coder", "bjorn", "code", project.path, "P01", "Trust", "--span", "2:7").exit_code == 0


def test_opening_while_another_program_reads_in_rollback_mode_says_busy_in_one_line(
        project, run, monkeypatch):
    monkeypatch.setattr("qodex.project.project.BUSY_TIMEOUT_MS", 300)
    project.sources.add("P01", "I trust my doctor, he knows me.")
    project.codes.add("Trust")
    project.close()  # at rest: rollback mode, no -wal
    before = dump(project.path)
    reader = sqlite3.connect(project.path, isolation_level=None)  # e.g. the sqlite3 shell, mid-query
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM codings").fetchone()
    done = run("code", project.path, "P01", "Trust", "--span", "2:7")
    reader.close()
    assert (done.exit_code, done.output) == (1, f"Error: {project.path} is busy: another coder or"
                                             " program has held it for 0.3 s; nothing was saved, try again\n")
    assert dump(project.path) == before
