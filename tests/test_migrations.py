"""Schema migrations: an older project file opens and is brought up to date; plugins migrate too."""

import shutil
import sqlite3
from pathlib import Path

from qodex import hookimpl
from qodex.project import Project
from qodex.project.migrations import Migrations
from qodex.project.schema import SCHEMA_VERSION, migrations

SCHEMA1 = Path(__file__).parent / "data" / "schema1.qodex"


def test_a_schema_1_file_is_migrated_with_its_data_intact(tmp_path):
    path = tmp_path / "old.qodex"
    shutil.copy(SCHEMA1, path)
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == 1
    with Project.open(path) as project:
        coding = project.codings.list()[0]
        assert project.codings.quote(coding) == "knows me."
        assert project.codes.get("Being known").colour == "#0072B2"
        assert project.sources.segments("P01") == []
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    names = [r[0] for r in conn.execute("SELECT name FROM _migrations WHERE owner = 'qodex'")]
    assert names == [name for name, _ in migrations.steps]


def test_a_plugin_brings_its_own_tables_once(tmp_path, host):
    notes = Migrations("fieldnotes")

    @notes()
    def m001_notes(conn):
        conn.execute("CREATE TABLE fieldnotes_notes (id INTEGER PRIMARY KEY, body TEXT)")

    class Plugin:
        @hookimpl
        def register_migrations(self, register):
            register(notes)

    host.add(Plugin(), "fieldnotes-test")
    path = tmp_path / "s.qodex"
    Project.create(path, host=host).close()
    Project.open(path, host=host).close()  # a second open must not re-run the step
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT count(*) FROM _migrations WHERE owner = 'fieldnotes'").fetchone()[0] == 1
    assert conn.execute("SELECT count(*) FROM fieldnotes_notes").fetchone()[0] == 0


def test_a_failing_plugin_migration_is_reported_and_the_project_still_opens(tmp_path, host):
    broken = Migrations("broken")

    @broken()
    def m001(conn):
        conn.execute("CREATE TABLE broken_half (x)")
        raise RuntimeError("boom")

    class Plugin:
        @hookimpl
        def register_migrations(self, register):
            register(broken)

    path = tmp_path / "s.qodex"
    Project.create(path).close()
    host.add(Plugin(), "broken")
    Project.open(path, host=host).close()
    assert [(f.name, f.stage) for f in host.failures] == [("broken", "migration")]
    assert "boom" in host.failures[0].error
    tables = {r[0] for r in sqlite3.connect(path).execute("SELECT name FROM sqlite_master")}
    assert "broken_half" not in tables


def test_memos_on_codings_move_into_the_codings_own_memo(tmp_path, host):
    path = tmp_path / "s.qodex"
    with Project.create(path, host=host) as project:
        project.sources.add("P01", "He knows me. He knows my family.")
        code = project.codes.add("Known")
        noted = project.codings.add("P01", code, 0, 12, memo="imported memo")
        bare = project.codings.add("P01", code, 13, 32)
    conn = sqlite3.connect(path)  # as a file from before step 0008 holds them
    with conn:
        for target_id, body in ((noted.id, "written in the TUI"), (bare.id, "only one")):
            conn.execute("INSERT INTO memos (guid, target, target_id, body, created, modified)"
                         " VALUES (?, 'coding', ?, ?, 'now', 'now')", (f"g{target_id}", target_id, body))
        conn.execute("DELETE FROM _migrations WHERE name = '0008_coding_memos_in_codings'")
        conn.execute("PRAGMA user_version = 7")
    conn.close()
    with Project.open(path, host=host) as project:
        assert project.codings.get(noted.id).memo == "imported memo\n\nwritten in the TUI"
        assert project.codings.get(bare.id).memo == "only one"
        assert project.memos.list() == []
