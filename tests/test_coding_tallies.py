"""The coding counts home and the codebook read (``source_tallies``, ``code_tallies``, kept by
triggers) equal a fresh count over the codings after every kind of write, its undo and its redo."""

from __future__ import annotations

import shutil
import sqlite3

import pytest

from qodex.errors import QodexError
from qodex.project import Project, codings, tallies
from qodex.project.check import check
from qodex.project.edit import Edit, edit_source
from qodex.project.history import redo, undo
from qodex.project.schema import migrations

TEXTS = {"P01": "Anne: I trust Dr Krogh. He knows me and my family, and I trust that.\n",
         "P02": "Poul: A new doctor every time. I do not like that, I want trust.\n",
         "P03": "Mette: We talk about the garden and the grandchildren, never the illness.\n"}


def fresh(conn: sqlite3.Connection) -> tuple[dict, dict, dict]:
    """Per source its codings, per code its supporting codings and sources, per code its
    counter-instances: each a GROUP BY over every coding."""
    return (dict(conn.execute("SELECT source_id, count(*) FROM codings GROUP BY source_id")),
            {code: (n, s) for code, n, s in conn.execute(
                "SELECT code_id, count(*), count(DISTINCT source_id) FROM codings"
                " WHERE counter IS NULL GROUP BY code_id")},
            dict(conn.execute("SELECT code_id, count(*) FROM codings WHERE counter IS NOT NULL"
                              " GROUP BY code_id")))


def assert_exact(project) -> None:
    overview = project.overview
    assert (overview.source_counts(), overview.code_counts(), overview.counter_counts()) \
        == fresh(project.conn)
    listed = {row["id"]: row["codings"] for row in overview.sources()}
    assert {k: v for k, v in listed.items() if v} == overview.source_counts()
    assert check(project) == []


def words(project, source: str, quote: str, occurrence: int = 0) -> tuple[int, int]:
    text = project.sources.get(source).text
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(quote, start + 1)
    return start, start + len(quote)


@pytest.fixture
def study(project):
    for name, text in TEXTS.items():
        project.sources.add(name, text)
    trust = project.codes.add("Trust")
    project.codes.add("Distrust")
    project.codes.add("Care", parent=trust)
    project.codings.add("P01", "Trust", *words(project, "P01", "trust"))
    project.codings.add("P02", "Trust", *words(project, "P02", "trust"), counter="hypothetical")
    project.codings.add("P02", "Distrust", *words(project, "P02", "new doctor"))
    return project


def code_id(project, path: str) -> int:
    return project.codes.resolve(path).id


WRITES = {
    "add": lambda p: p.codings.add("P03", code_id(p, "Trust/Care"), *words(p, "P03", "garden")),
    "add a counter-instance": lambda p: p.codings.add("P01", "Trust", *words(p, "P01", "trust", 1),
                                                      counter="denial"),
    "add_many": lambda p: p.codings.add_many([
        (p.sources.get("P01").id, code_id(p, "Distrust"), *words(p, "P01", "Dr Krogh")),
        (p.sources.get("P01").id, code_id(p, "Distrust"), *words(p, "P01", "knows")),
        (p.sources.get("P03").id, code_id(p, "Trust"), *words(p, "P03", "talk"), None, None, None,
         None, "third-party"),
        (p.sources.get("P02").id, code_id(p, "Trust"), *words(p, "P02", "like"))]),
    "delete the last supporting coding of a code in a source":
        lambda p: p.codings.delete(p.codings.list(source="P01", code="Trust")[0]),
    "delete a counter-instance": lambda p: p.codings.delete(p.codings.list(counter=True)[0]),
    "resize": lambda p: p.codings.update(p.codings.list(source="P01")[0], end=words(p, "P01", "Krogh")[1]),
    "mark as a counter-instance": lambda p: p.codings.mark(p.codings.list(source="P01")[0], "denial"),
    "mark as supporting": lambda p: p.codings.mark(p.codings.list(counter=True)[0], None),
    "edit the text under codings": lambda p: edit_source(
        p, "P02", [Edit(*words(p, "P02", "A new doctor every time."), "")], force=True),
    "merge codes": lambda p: p.codes.merge("Distrust", "Trust"),
    "move a code": lambda p: p.codes.move(p.codes.resolve("Trust/Care"), None),
    "delete a code and its children": lambda p: p.codes.delete("Trust"),
    "delete a source": lambda p: p.sources.delete("P02"),
}


@pytest.mark.parametrize("write", WRITES)
def test_counts_stay_exact_through_each_write_its_undo_and_its_redo(study, write):
    assert_exact(study)
    WRITES[write](study)
    assert_exact(study)
    undo(study)
    assert_exact(study)
    redo(study)
    assert_exact(study)


def test_a_bulk_insert_counts_each_batch_at_once_as_the_trigger_would(study, monkeypatch):
    monkeypatch.setattr(tallies, "BULK", 2)  # the add_many above, in batches of two
    monkeypatch.setattr(codings, "BATCH", 2)
    triggers = "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name"
    schema = study.conn.execute(triggers).fetchall()
    WRITES["add_many"](study)
    assert_exact(study)
    assert study.conn.execute(triggers).fetchall() == schema
    WRITES["add"](study)  # the trigger counts again
    assert_exact(study)


def test_a_refused_bulk_insert_leaves_the_counts_and_the_trigger_as_they_were(study, monkeypatch):
    monkeypatch.setattr(tallies, "BULK", 2)
    monkeypatch.setattr(codings, "BATCH", 2)
    before = fresh(study.conn)
    p01, trust = study.sources.get("P01").id, code_id(study, "Trust")
    with pytest.raises(QodexError, match="not inside"):  # the second batch is refused
        study.codings.add_many([(p01, trust, 0, 4), (p01, trust, 5, 9), (p01, trust, 0, 999)])
    assert fresh(study.conn) == before
    assert_exact(study)
    WRITES["add"](study)
    assert_exact(study)


def test_counts_stay_exact_through_a_qdpx_round_trip_and_a_merge(run, study, tmp_path):
    study.close()
    path = tmp_path / "study.qodex"
    shutil.copyfile(path, tmp_path / "copy.qodex")
    with Project.open(tmp_path / "copy.qodex") as copy:  # a second coder's work in their copy
        copy.use_coder("ben")
        copy.codings.add("P03", copy.codes.resolve("Trust/Care"), *words(copy, "P03", "grandchildren"))
        copy.codings.add("P01", "Distrust", *words(copy, "P01", "family"), counter="denial")
    assert run("export", "copy.qodex", "copy.qdpx").exit_code == 0
    assert run("import", "fresh.qodex", "copy.qdpx").exit_code == 0
    assert run("merge", path, "copy.qodex").exit_code == 0
    for name in ("fresh.qodex", "study.qodex"):
        with Project.open(tmp_path / name) as merged:
            assert len(merged.codings.list()) == 5
            assert_exact(merged)


def test_a_project_from_before_the_counts_gets_them_counted_when_opened(tmp_path, study):
    study.close()
    path = tmp_path / "study.qodex"
    raw = sqlite3.connect(path)  # the file as step 0009 left it
    raw.executescript("DROP TRIGGER codings_tally_insert; DROP TRIGGER codings_tally_delete;"
                      " DROP TRIGGER codings_tally_update;"
                      " DROP TABLE source_tallies; DROP TABLE code_tallies;"
                      " DELETE FROM _migrations WHERE name = '0010_coding_tallies';"
                      " PRAGMA user_version = 9;")
    raw.close()
    with Project.open(path) as project:
        assert "0010_coding_tallies" in migrations.applied(project.conn)
        assert project.overview.code_counts()  # counted from the codings there
        assert_exact(project)


def test_check_finds_counts_out_of_step_with_the_codings(study):
    raw = sqlite3.connect(study.path)  # behind the API and the triggers' back
    raw.execute("UPDATE code_tallies SET sources = sources + 1 WHERE code_id ="
                " (SELECT id FROM codes WHERE name = 'Trust')")
    raw.execute("DELETE FROM source_tallies WHERE source_id = (SELECT id FROM sources WHERE name = 'P02')")
    raw.commit()
    assert sorted(str(p) for p in check(study)) == [
        "counts: code 'Trust' is kept as 1 supporting coding(s) in 2 source(s) and 1"
        " counter-instance(s); its codings make 1 in 1 and 1",
        "counts: source 'P02' is kept as 0 coding(s); it has 2"]


def test_only_write_transactions_keep_statement_journals_in_memory(project):
    memory, default = 2, 0  # PRAGMA temp_store
    with project.transaction():
        assert project.conn.execute("PRAGMA temp_store").fetchone()[0] == memory
    assert project.conn.execute("PRAGMA temp_store").fetchone()[0] == default
    with pytest.raises(ValueError), project.transaction():
        raise ValueError("refused")
    assert project.conn.execute("PRAGMA temp_store").fetchone()[0] == default
