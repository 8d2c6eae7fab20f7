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


def test_rows_are_read_in_the_order_asked_and_counted_and_a_view_reads_but_never_writes(opened):
    marks = opened.plugin_table("tally_marks")
    for label, n in (("b", 2), ("a", 2), ("c", 1)):
        marks.insert(label=label, n=n)
    assert [r["label"] for r in marks.rows(order_by="n DESC, label")] == ["a", "b", "c"]
    assert [r["label"] for r in marks.rows(n=2, order_by="label")] == ["a", "b"]
    assert (marks.count(), marks.count(n=2), marks.count(label="z")) == (3, 2, 0)
    assert [r["label"] for r in marks.rows(label=["c", "a", "z"], order_by="label")] == ["a", "c"]
    assert marks.count(label=set()) == 0 and marks.count(n=(1, 2), label={"b"}) == 1
    for wrong in ("colour", "n; DROP TABLE tally_marks", "n SIDEWAYS"):
        with pytest.raises(QodexError, match="tally_marks"):
            marks.rows(order_by=wrong)
    with opened.view() as view:
        seen = view.plugin_table("tally_marks")
        assert seen.count() == 3
        with pytest.raises(QodexError, match="read-only"):
            seen.insert(label="d")
    assert marks.count() == 3
