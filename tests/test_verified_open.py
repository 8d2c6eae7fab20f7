"""Opening a project this user found sound, unchanged since, skips the integrity check (seconds at
millions of codings); any change to the file, a copy of it, a fresh write or `qodex check` checks."""

from __future__ import annotations

import shutil

import pytest
from fixtures.damaged import coded_study, damage

from qodex.project import Project, opening, verified


@pytest.fixture
def checks(monkeypatch):
    """The paths opening ran ``quick_check`` on, in order; settled files need no wait."""
    monkeypatch.setattr(verified, "SETTLE", 0.0)
    seen = []
    real = opening.damage

    def counting(conn, pragma="quick_check"):
        seen.append(conn.execute("PRAGMA database_list").fetchone()[2])
        return real(conn, pragma)

    monkeypatch.setattr(opening, "damage", counting)
    return seen


def open_close(path):
    Project.open(path).close()


def test_an_unchanged_sound_file_is_checked_once(tmp_path, checks):
    path = tmp_path / "study.qodex"
    coded_study(path)
    for _ in range(3):
        open_close(path)
    assert checks == [str(path)]


def test_a_file_whose_bytes_changed_is_checked_again_and_refused_when_damaged(tmp_path, checks):
    path = tmp_path / "study.qodex"
    coded_study(path)
    open_close(path)
    damage(path, seed=1)
    with pytest.raises(opening.DamagedError):
        open_close(path)
    assert len(checks) == 2


def test_a_copy_is_checked_on_its_own(tmp_path, checks):
    path = tmp_path / "study.qodex"
    coded_study(path)
    open_close(path)
    copy = tmp_path / "copy.qodex"
    shutil.copy2(path, copy)  # same times, another inode
    open_close(copy)
    assert checks == [str(path), str(copy)]


def test_a_file_written_to_is_checked_at_its_next_open(tmp_path, checks):
    path = tmp_path / "study.qodex"
    coded_study(path)
    with Project.open(path) as project, project.transaction():
        project.codes.add("Known")
    open_close(path)
    assert len(checks) == 2


def test_a_file_changed_within_the_settle_time_is_always_checked(tmp_path, checks, monkeypatch):
    monkeypatch.setattr(verified, "SETTLE", 3600.0)
    path = tmp_path / "study.qodex"
    coded_study(path)
    open_close(path)
    open_close(path)
    assert len(checks) == 2


def test_qodex_check_always_runs_the_integrity_check(tmp_path, checks, run):
    path = tmp_path / "study.qodex"
    coded_study(path)
    open_close(path)
    done = run("check", path)
    assert done.exit_code == 0, done.output
    assert checks == [str(path), str(path)]


def test_an_unreadable_cache_means_every_open_checks(tmp_path, checks):
    path = tmp_path / "study.qodex"
    coded_study(path)
    verified._store().parent.mkdir(parents=True)
    verified._store().write_text("not json", encoding="utf-8")
    open_close(path)
    open_close(path)
    assert len(checks) == 1  # the first open replaced the unreadable cache with a good one
