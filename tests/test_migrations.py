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
