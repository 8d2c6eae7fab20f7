"""Each source's length is kept beside it (``source_lengths``), so listing sources reads no text,
and the kept length follows every write to a text, its undo and its redo."""

from __future__ import annotations

import sqlite3

import pytest

from qodex.project import Project
from qodex.project.check import check
from qodex.project.edit import Edit, edit_source
from qodex.project.history import redo, undo
from qodex.project.schema import migrations

TEXTS = {"P01": "Anne: I trust Dr Krogh. Æblerne er røde 🍎.\n", "P02": "Poul: A new doctor every time.\n"}


def listed(project) -> dict[str, int]:
    return {row["name"]: row["chars"] for row in project.overview.sources()}


def actual(project) -> dict[str, int]:
    return {name: len(text) for name, text in project.conn.execute("SELECT name, text FROM sources")}


@pytest.fixture
def study(project):
    for name, text in TEXTS.items():
        project.sources.add(name, text)
    return project


def test_listing_sources_gives_each_length_in_characters_without_reading_a_text(study):
    read = set()

    def note_reads(action, table, column, *_):
        if action == sqlite3.SQLITE_READ:
            read.add((table, column))
        return sqlite3.SQLITE_OK

    study.conn.set_authorizer(note_reads)
    try:
        lengths = listed(study)
    finally:
        study.conn.set_authorizer(None)
    assert lengths == {name: len(text) for name, text in TEXTS.items()}
    assert ("sources", "name") in read and ("sources", "text") not in read


WRITES = {
    "add a source": lambda p: p.sources.add("P03", "Mette: the garden.\n"),
    "edit a text": lambda p: edit_source(p, "P02", [Edit(6, 11, "One more")], force=True),
    "delete a source": lambda p: p.sources.delete("P01"),
}


@pytest.mark.parametrize("write", WRITES, ids=list(WRITES))
def test_the_kept_length_follows_each_write_its_undo_and_its_redo(study, write):
    WRITES[write](study)
    assert listed(study) == actual(study) and check(study) == []
    undo(study)
    assert listed(study) == actual(study) == {n: len(t) for n, t in TEXTS.items()}
    redo(study)
    assert listed(study) == actual(study) and check(study) == []


def test_check_finds_a_kept_length_out_of_step_with_the_text(study):
    raw = sqlite3.connect(study.path)  # behind the API and the triggers' back
    raw.execute("UPDATE source_lengths SET chars = 3 WHERE source_id ="
                " (SELECT id FROM sources WHERE name = 'P02')")
    raw.commit()
    assert [str(p) for p in check(study)] == [
        f"counts: source 'P02' is kept as 3 character(s) long; its text has {len(TEXTS['P02'])}"]


def test_a_project_from_before_the_lengths_gets_them_when_opened(tmp_path, study):
    study.close()
    raw = sqlite3.connect(study.path)  # the file as step 0010 left it
    raw.executescript("DROP TRIGGER sources_length_insert; DROP TRIGGER sources_length_update;"
                      " DROP TRIGGER sources_length_delete; DROP TABLE source_lengths;"
                      " DELETE FROM _migrations WHERE name = '0011_source_lengths';"
                      " PRAGMA user_version = 10;")
    raw.close()
    with Project.open(study.path) as project:
        assert "0011_source_lengths" in migrations.applied(project.conn)
        assert listed(project) == {name: len(text) for name, text in TEXTS.items()}
        assert check(project) == []
