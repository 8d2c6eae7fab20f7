"""The project file API: create, open, write in transactions, read back."""

import sqlite3

import pytest

from qodex.errors import QodexError
from qodex.project import Project
from qodex.project.schema import APPLICATION_ID, SCHEMA_VERSION

TEXT = "Interviewer: Do you see the same doctor?\nAnne: Always him. He knows me, you know."


@pytest.fixture
def coded(project):
    source = project.sources.add("P01", TEXT)
    code = project.codes.add("Being known", colour="#0072B2")
    return project, source, code


def test_create_makes_a_plain_sqlite_file_marked_as_qodex(tmp_path):
    path = tmp_path / "s.qodex"
    Project.create(path, name="GP study").close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # at rest: one file, no -wal
    assert not (tmp_path / "s.qodex-wal").exists()
    assert conn.execute("SELECT value FROM meta WHERE key = 'name'").fetchone()[0] == "GP study"


def test_reading_a_project_leaves_its_file_untouched_and_writing_puts_it_in_wal_mode(tmp_path, host):
    path = tmp_path / "s.qodex"
    with Project.create(path, host=host) as project:
        project.sources.add("P01", TEXT)
    before = path.stat().st_mtime_ns, path.read_bytes()
    with Project.open(path, host=host) as project:
        assert [s.name for s in project.sources] == ["P01"]
        assert not (tmp_path / "s.qodex-wal").exists()
    assert (path.stat().st_mtime_ns, path.read_bytes()) == before
    with Project.open(path, host=host) as project:
        project.codes.add("Being known")
        assert project.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert (tmp_path / "s.qodex-wal").exists()  # readers elsewhere never wait for this writer


def test_create_refuses_to_overwrite(tmp_path):
    path = tmp_path / "s.qodex"
    path.write_text("precious")
    with pytest.raises(QodexError, match="already exists"):
        Project.create(path)
    assert path.read_text() == "precious"


@pytest.mark.parametrize("content", [b"", b"not a database at all" * 100])
def test_open_refuses_what_is_not_a_project(tmp_path, content):
    path = tmp_path / "x.qodex"
    path.write_bytes(content or b"\0" * 10)
    with pytest.raises(QodexError, match="not a qodex project"):
        Project.open(path)


def test_open_refuses_a_foreign_sqlite_file(tmp_path):
    path = tmp_path / "other.db"
    sqlite3.connect(path).execute("CREATE TABLE t (x)")
    with pytest.raises(QodexError, match="not a qodex project"):
        Project.open(path)


def test_open_refuses_a_newer_schema(tmp_path):
    path = tmp_path / "s.qodex"
    Project.create(path).close()
    sqlite3.connect(path).execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(QodexError, match="made by a newer qodex"):
        Project.open(path)


def test_foreign_keys_are_enforced(project):
    with pytest.raises(sqlite3.IntegrityError), project.transaction():
        project.execute('INSERT INTO codings (guid, source_id, code_id, start, "end", created)'
                        " VALUES ('g', 99, 99, 0, 1, 'now')")


def test_coding_crud_round_trip(coded):
    project, source, code = coded
    coding = project.codings.add("P01", "Being known", 59, 70, memo="key line")
    assert project.codings.quote(coding) == "He knows me"
    assert coding.coder_id == project.coders.get("tester").id
    resized = project.codings.update(coding, end=80)
    assert project.codings.quote(resized) == "He knows me, you know"
    assert [c.id for c in project.codings.list(code="Being known")] == [coding.id]
    project.codings.delete(coding)
    assert project.codings.list() == []
    operations = [r["operation"] for r in project.rows("SELECT operation FROM changes")]
    assert operations[-3:] == ["add_coding", "update_coding", "delete_coding"]


@pytest.mark.parametrize("start,end", [(-1, 5), (5, 5), (10, 3), (0, len(TEXT) + 1)])
def test_a_span_outside_the_text_is_refused_and_nothing_written(coded, start, end):
    project, _, _ = coded
    before = project.rows("SELECT count(*) AS n FROM changes")
    with pytest.raises(QodexError, match="not inside"):
        project.codings.add("P01", "Being known", start, end)
    assert project.codings.count() == 0
    assert project.rows("SELECT count(*) AS n FROM changes") == before


def test_add_many_is_all_or_nothing(coded):
    project, source, code = coded
    rows = [(source.id, code.id, 0, 10), (source.id, code.id, 5, 9999)]
    with pytest.raises(QodexError, match="not inside"):
        project.codings.add_many(rows)
    assert project.codings.count() == 0
    assert project.codings.add_many(iter([(source.id, code.id, 0, 10)] * 3)) == 3
    change = project.rows("SELECT after FROM changes WHERE operation = 'add_codings'")
    assert '"count": 3' in change[0]["after"]


def test_a_failed_block_rolls_back_everything_inside(project):
    with pytest.raises(QodexError), project.transaction():
        project.codes.add("Kept only if all succeed")
        project.codes.add("Kept only if all succeed")
    assert project.codes.count() == 0
    assert project.rows("SELECT * FROM changes") == []


def test_nested_blocks_are_savepoints(project):
    with project.transaction():
        project.codes.add("Outer")
        with pytest.raises(QodexError), project.transaction():
            project.codes.add("Inner")
            project.codes.add("Inner")
    assert [c.name for c in project.codes] == ["Outer"]


def test_writes_outside_a_transaction_are_refused(project):
    with pytest.raises(RuntimeError, match="inside project.transaction"):
        project.execute("DELETE FROM codes")


def test_code_tree_paths_moves_and_cycles(project):
    parent = project.codes.add("Vulnerability")
    child = project.codes.add("Worry", parent=parent)
    assert project.codes.get("Vulnerability/Worry") == child
    assert project.codes.ensure("Attachment theory/Safe haven").parent_id is not None
    with pytest.raises(QodexError, match="own descendant"):
        project.codes.move(parent, child)
    moved = project.codes.move(child, None)
    assert project.codes.path(moved) == "Worry"
    with pytest.raises(QodexError, match="already exists"):
        project.codes.add("Worry")


def test_names_with_a_slash_are_allowed_at_the_top_level(project):
    code = project.codes.add("Yes/No")
    assert project.codes.get("Yes/No") == code


def test_deleting_a_code_removes_its_codings_and_children(coded):
    project, source, code = coded
    child = project.codes.add("Sub", parent=code)
    project.codings.add(source, child, 0, 5)
    project.codes.delete(code)
    assert project.codes.count() == 0
    assert project.codings.count() == 0


def test_cases_attributes_and_links(coded):
    project, source, _ = coded
    project.attributes.define("age", "number")
    project.attributes.define("consulted_gp", "category", ["regular", "unfamiliar"])
    project.attributes.define("interviewed", "date")
    project.attributes.define("incurable", "boolean")
    case = project.cases.add("Anne")
    project.cases.set_values(case, {"age": "67", "consulted_gp": "regular",
                                    "interviewed": "2006-03-14", "incurable": "yes"})
    assert project.cases.link(case, source)
    assert not project.cases.link(case, source)
    assert project.cases.values(case) == {"age": 67, "consulted_gp": "regular",
                                          "interviewed": "2006-03-14", "incurable": 1}
    assert project.cases.overview() == [{"case": "Anne", "sources": "P01", "age": 67,
                                         "consulted_gp": "regular", "interviewed": "2006-03-14",
                                         "incurable": 1}]


@pytest.mark.parametrize("name,value,message", [
    ("age", "sixty", "number"),
    ("consulted_gp", "sometimes", "not one of"),
    ("interviewed", "14/03/2006", "date"),
])
def test_bad_attribute_values_are_refused_with_the_attribute_named(project, name, value, message):
    project.attributes.define("age", "number")
    project.attributes.define("consulted_gp", "category", ["regular", "unfamiliar"])
    project.attributes.define("interviewed", "date")
    case = project.cases.add("Anne")
    with pytest.raises(QodexError, match=message):
        project.cases.set_values(case, {name: value})
    assert project.cases.values(case) == {}


def test_memos_on_targets_and_spans(coded):
    project, source, code = coded
    project.memos.add("# Project memo")
    on_code = project.memos.add("When the patient says the GP *knows* them.", target="code",
                                ref="Being known")
    anchored = project.memos.add("Note", target="source", ref="P01", start=0, end=11)
    assert project.memos.list("code", code) == [on_code]
    assert project.memos.list("source", "P01")[0].start == 0
    with pytest.raises(QodexError, match="not inside"):
        project.memos.add("x", target="source", ref="P01", start=0, end=10_000)
    updated = project.memos.update(anchored, body="Changed")
    assert updated.body == "Changed"


def test_source_text_must_be_normalised(project):
    with pytest.raises(ValueError, match="normalised"):
        project.sources.add("bad", "line one\r\nline two")


def test_every_write_names_its_coder(tmp_path):
    path = tmp_path / "s.qodex"
    with Project.create(path, coder="astrid") as first:
        first.codes.add("A")
    with Project.open(path, coder="bjorn") as second:
        second.codes.add("B")
        rows = second.rows("SELECT c.name, k.name AS coder FROM codes c JOIN coders k"
                           " ON k.id = c.coder_id ORDER BY c.id")
        coders = second.overview.coder_names()
        assert coders == {c.id: c.name for c in second.coders}
    assert rows == [{"name": "A", "coder": "astrid"}, {"name": "B", "coder": "bjorn"}]
    assert list(coders.values()) == ["astrid", "bjorn"]


def test_attribute_names_are_those_listed_in_their_order(project):
    for name, scope in (("age", "case"), ("recorded", "source"), ("gp", "case"), ("site", "source")):
        project.attributes.define(name, scope=scope)
    for scope, names in (("case", ["age", "gp"]), ("source", ["recorded", "site"])):
        assert project.overview.attribute_names(scope) == names
        assert [a.name for a in project.attributes.list(scope)] == names


def test_cases_coded_with_a_code_or_below_it(coded):
    project, source, code = coded
    other = project.sources.add("P02", "Bo: I don't mind which doctor.")
    for name, src in (("Anne", source), ("Bo", other)):
        project.cases.link(project.cases.add(name), src)
    child = project.codes.add("Known by name", parent=code)
    project.codings.add(source, child, 0, 5)
    assert [c.name for c in project.cases.coded_with("Being known")] == ["Anne"]
    assert project.cases.coded_with("Being known", coder="someone else") == []
