"""qodex check: integrity, foreign keys, spans inside their text, memo targets, stored text, and a
warning for a plain copy of a project open elsewhere."""

from __future__ import annotations

import json
import shutil
import sqlite3

import pytest

from qodex.project import Project
from qodex.project.check import check

COPY_WARNING = "warning: copy.qodex is in WAL mode with no copy.qodex-wal beside it"


def test_a_sound_project_passes(project):
    source = project.sources.add("P01", "some words here")
    project.codings.add(source, project.codes.add("C"), 0, 4)
    assert check(project) == []


def test_damage_is_reported(project):
    source = project.sources.add("P01", "some words here")
    code = project.codes.add("C")
    project.codings.add(source, code, 0, 4)
    project.memos.add("note", target="code", ref=code)
    raw = sqlite3.connect(project.path)  # damage the file behind the API's back
    raw.execute('UPDATE codings SET "end" = 99')
    raw.execute("UPDATE memos SET target_id = 42")
    raw.execute("UPDATE sources SET text = 'other'")
    raw.execute("INSERT INTO codings (guid, source_id, code_id, start, \"end\", created)"
                " VALUES ('g', 7, 1, 0, 1, 'now')")
    raw.commit()
    found = {p.check for p in check(project)}
    assert found == {"span", "memo", "text", "foreign key"}


def test_a_20_mib_transcript_with_ten_thousand_spans_checks_each_one(project):
    # Each text's length is counted once: before, check took length(text) per span (minutes here).
    text = "Anne: I trust Dr Krogh. He knows me, and I was frightened.\n" * 360_000
    assert len(text) > 20 * 2**20
    source = project.sources.add("P01", text)
    code = project.codes.add("Trust")
    project.codings.add_many((source.id, code.id, i * 2_000, i * 2_000 + 20) for i in range(10_000))
    assert check(project) == []
    raw = sqlite3.connect(project.path)  # one span past the end, behind the API's back
    raw.execute(f'UPDATE codings SET "end" = {len(text) + 1} WHERE id = 5000')
    raw.commit()
    assert [str(p) for p in check(project)] == [
        f"span: coding 5000 at {4999 * 2_000}:{len(text) + 1} is not inside 'P01' ({len(text)} characters)"]


def test_check_warns_of_a_plain_copy_of_a_project_open_elsewhere(run, tmp_path):
    path = tmp_path / "study.qodex"
    Project.create(path).close()
    with Project.open(path) as project:
        project.codes.add("Worry")  # still in study.qodex-wal
        shutil.copyfile(path, tmp_path / "copy.qodex")
        result = run("check", "copy.qodex")
        assert result.exit_code == 0 and COPY_WARNING in result.stderr and "qodex backup" in result.stderr
        assert run("check", path).stderr == ""  # the original, open: its -wal is beside it
    assert "Worry" not in run("codes", "copy.qodex").stdout  # the work the warning is about


def test_check_is_quiet_on_a_closed_project_and_a_backup_made_while_open(run, tmp_path):
    path = tmp_path / "study.qodex"
    with Project.create(path) as project:
        project.codes.add("Worry")
        assert run("backup", path, "copy.qodex").exit_code == 0
    for checked in (path, "copy.qodex"):
        result = run("check", checked)
        assert result.exit_code == 0 and result.stderr == ""
    assert "Worry" in run("codes", "copy.qodex").stdout


def _index_on_end_not_start(path) -> None:
    """Make the codings_source index claim to hold "end" while its entries hold start (damage
    SQLite's page and record checks cannot see)."""
    raw = sqlite3.connect(path)
    raw.execute("PRAGMA writable_schema = ON")
    raw.execute("UPDATE sqlite_master SET sql = replace(sql, 'start', '\"end\"')"
                " WHERE name = 'codings_source'")
    raw.commit()
    raw.close()


def test_an_index_that_disagrees_with_its_table_is_damage(run, tmp_path):
    path = tmp_path / "study.qodex"
    with Project.create(path) as project:
        source = project.sources.add("P01", "some words here and more words")
        project.codings.add(source, project.codes.add("C"), 0, 4)
        project.codings.add(source, "C", 5, 10)
    assert run("check", path).exit_code == 0
    _index_on_end_not_start(path)
    for options in ((), ("--full",)):
        result = run("check", path, *options, "--json")
        assert result.exit_code == 1
        assert json.loads(result.stdout)[0]["check"] == "integrity"
    assert "codings_source does not match table codings" in run("check", path).stdout


def _rewrite_index(path, name: str, old: str, new: str) -> None:
    """Make index `name` claim another definition than the one its entries were built by."""
    raw = sqlite3.connect(path)
    raw.execute("PRAGMA writable_schema = ON")
    raw.execute("UPDATE sqlite_master SET sql = replace(sql, ?, ?) WHERE name = ?", (old, new, name))
    raw.commit()
    raw.close()


@pytest.mark.parametrize("index, old, new", [
    ("codings_code_counter", 'start, "end"', '"end", start'),  # read once, grouped by code and source
    ("codings_memo", "memo IS NOT NULL", "memo IS NULL"),  # partial: summed in the table's one read
])
def test_each_codings_index_is_compared_with_the_table(tmp_path, index, old, new):
    path = tmp_path / "study.qodex"
    with Project.create(path) as project:
        source = project.sources.add("P01", "some words here and more words")
        project.codings.add(source, project.codes.add("C"), 0, 4, memo="why")
        project.codings.add(source, "C", 5, 10)
    _rewrite_index(path, index, old, new)
    with Project.open(path) as project:
        assert [str(p) for p in check(project)] == [
            f"integrity: the file is damaged: index {index} does not match table codings"]


def test_codings_pointing_at_a_missing_code_source_or_coder_are_listed(project):
    source = project.sources.add("P01", "some words here")
    code = project.codes.add("C")
    kept = project.codings.add(source, code, 0, 4)
    raw = sqlite3.connect(project.path)  # behind the API's back, keys not enforced
    for column, missing in (("code_id", 41), ("source_id", 42), ("coder_id", 43)):
        raw.execute("INSERT INTO codings (guid, source_id, code_id, start, \"end\", coder_id, created)"
                    " SELECT ?, source_id, code_id, 0, 1, coder_id, 'now' FROM codings WHERE id = ?",
                    (column, kept.id))
        raw.execute(f"UPDATE codings SET {column} = {missing} WHERE guid = '{column}'")
    raw.commit()
    rows = dict(raw.execute("SELECT guid, id FROM codings WHERE id != ?", (kept.id,)))
    assert sorted(str(p) for p in check(project) if p.check == "foreign key") == sorted(
        f"foreign key: codings row {rows[column]} points at a missing {parent} row"
        for column, parent in (("code_id", "codes"), ("source_id", "sources"), ("coder_id", "coders")))
