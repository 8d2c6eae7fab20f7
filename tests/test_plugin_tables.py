"""A plugin writes its own tables only through project.plugin_table: in a transaction, logged."""

import json

import pytest

from qodex import hookimpl
from qodex.errors import QodexError
from qodex.project import Project
from qodex.project.migrations import Migrations

tally = Migrations("tally")


@tally()
def m001_marks(conn):
    conn.execute("CREATE TABLE tally_marks (id INTEGER PRIMARY KEY, label TEXT NOT NULL, n INTEGER)")
    conn.execute("CREATE TABLE untracked (id INTEGER PRIMARY KEY)")


class TallyPlugin:
    @hookimpl
    def register_migrations(self, register):
        register(tally)


@pytest.fixture
def opened(tmp_path, host):
    host.add(TallyPlugin(), "tally")
    with Project.create(tmp_path / "t.qodex", host=host) as project:
        yield project


def changes(project):
    return project.rows("SELECT operation, table_name, row_id, before, after FROM changes"
                        " WHERE table_name = 'tally_marks' ORDER BY id")


def test_insert_update_delete_are_logged_with_the_rows(opened):
    marks = opened.plugin_table("tally_marks")
    first = marks.insert(label="a", n=1)
    marks.insert(label="b", n=1)
    assert marks.update(first, n=2) == {"id": first, "label": "a", "n": 2}
    assert marks.delete(n=1) == 1
    assert marks.rows() == [{"id": first, "label": "a", "n": 2}]
    log = changes(opened)
    assert [c["operation"] for c in log] == ["insert_row", "insert_row", "update_row", "delete_row"]
    assert json.loads(log[2]["before"]) == {"n": 1} and json.loads(log[2]["after"]) == {"n": 2}
    assert json.loads(log[3]["before"])["rows"]["tally_marks"][0]["label"] == "b"


def test_writes_join_an_open_transaction_and_roll_back_with_it(opened):
    marks = opened.plugin_table("tally_marks")
    with pytest.raises(QodexError), opened.transaction():
        marks.insert(label="gone")
        marks.insert(label="x", colour="red")  # no such column
    assert marks.rows() == [] and changes(opened) == []


def test_refuses_core_tables_unowned_tables_and_unknown_rows(opened):
    for name in ("codes", "untracked", "tally_nothing", "tally_marks; DROP TABLE codes"):
        with pytest.raises(QodexError, match="not a table of a plugin"):
            opened.plugin_table(name)
    marks = opened.plugin_table("tally_marks")
    with pytest.raises(QodexError, match="no row 9"):
        marks.update(9, n=1)
    with pytest.raises(QodexError, match="which rows"):
        marks.delete()
