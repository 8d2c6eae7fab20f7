"""Undo and redo from the change log: every write of the API comes back exactly."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from qodex import Suggestion
from qodex.errors import QodexError
from qodex.project import Project, history
from qodex.project.edit import Edit, edit_source
from qodex.project.merge import merge

ROOT = Path(__file__).resolve().parent.parent


def state(project) -> dict:
    """Every row of every table but the change log (plugin tables too)."""
    tables = [r["name"] for r in project.rows(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'"
        " AND name NOT LIKE 'sources_fts%' AND name NOT IN ('changes', '_migrations', 'coders')")]
    return {t: project.rows(f"SELECT * FROM {t} ORDER BY rowid") for t in tables}


def build(project):
    """Two codes in a tree, codings, a memo, a case with a value, suggestions (one accepted, one
    rejected, one open) and IPA rows (a note, a statement grounded in it and in a passage)."""
    from qodex.plugins.ipa import notes, statements

    source = project.sources.add("P01", "I trust my own doctor. He knows me.")
    parent = project.codes.add("Trust")
    code = project.codes.add("Known", parent=parent)
    project.codings.add(source, code, 2, 7)
    project.codings.add(source, parent, 23, 34)
    project.memos.add("why", target="code", ref=code)
    case = project.cases.add("Anne")
    project.cases.link(case, source)
    project.attributes.define("age", "number")
    project.cases.set_values(case, {"age": 67})
    project.suggestions.add("test", [Suggestion(source.id, "Trust/Known", s, e) for s, e in
                                     ((0, 1), (2, 21), (26, 34))])
    first, second, _ = project.suggestions.list()
    project.suggestions.accept([first])
    project.suggestions.reject([second])
    note = notes.add(project, source, 2, 21, "descriptive", "trust in a person")
    statements.add(project, case, "Trust is personal", notes=[note], passages=[(source, 23, 34)])
    return project


@pytest.fixture
def coded(project):
    return build(project)


def _in_one(project, write):
    """`write` as one transaction, so one undo step."""
    with project.transaction():
        write()


def _merge_copy(project):
    """Merge in a copy of the project holding one more code."""
    copy = project.path.with_name("copy.qodex")
    from qodex.project.backup import backup

    backup(project, copy)
    with Project.open(copy) as other:
        other.codes.add("From the copy")
        merge(project, other)


IPA_NOTES = "ipa_notes"
WRITES = {
    "add source": lambda p: p.sources.add("P02", "Another text."),
    "rename source": lambda p: p.sources.rename("P01", "P01-anne"),
    "delete source": lambda p: p.sources.delete("P01"),
    "edit source": lambda p: edit_source(p, "P01", [Edit(0, 1, "We")]),
    "edit source losing codings": lambda p: edit_source(p, "P01", [Edit(0, 23, "")], force=True),
    "add code": lambda p: p.codes.add("New"),
    "update code": lambda p: p.codes.update("Trust", name="Trusting", colour="#ff0000"),
    "move code": lambda p: p.codes.move("Trust/Known", None),
    "merge code": lambda p: p.codes.merge("Trust/Known", "Trust"),
    "delete code": lambda p: p.codes.delete("Trust"),
    "delete child code": lambda p: p.codes.delete("Trust/Known"),
    "add coding": lambda p: p.codings.add("P01", "Trust", 0, 1),
    "add codings": lambda p: p.codings.add_many([(1, 1, 0, 3), (1, 2, 4, 9)]),
    "update coding": lambda p: p.codings.update(p.codings.list()[0], start=0, memo="m"),
    "delete coding": lambda p: p.codings.delete(p.codings.list()[0]),
    "delete accepted coding": lambda p: p.codings.delete(p.suggestions.list("accepted")[0].coding_id),
    "add memo": lambda p: p.memos.add("a note", target="source", ref="P01", start=0, end=4),
    "update memo": lambda p: p.memos.update(p.memos.list()[0], body="changed"),
    "delete memo": lambda p: p.memos.delete(p.memos.list()[0]),
    "add case": lambda p: p.cases.add("Poul"),
    "add cases": lambda p: p.cases.add_many([("Poul", None, None), ("Inger", "g-1", "a GP")]),
    "set values": lambda p: p.cases.set_values("Anne", {"age": 68}),
    "set many values": lambda p: _in_one(p, lambda: p.cases.set_many_values(
        {1: {"age": None}, p.cases.add("Poul").id: {"age": "61,5"}})),
    "link cases": lambda p: _in_one(p, lambda: p.cases.link_many(
        [(1, 1), (1, p.sources.add("P02", "Another text.").id)])),
    "delete case": lambda p: p.cases.delete("Anne"),
    "define attribute": lambda p: p.attributes.define("sex", "category", ["f", "m"]),
    "widen attribute": lambda p: _in_one(p, lambda: (p.attributes.define("sex", "category", ["f"]),
                                                     p.attributes.define("sex", "category", ["m"]))),
    "set meta": lambda p: p.set_meta("name", "renamed"),
    "add suggestions": lambda p: p.suggestions.add("test", [Suggestion(1, "Trust", 0, 7)]),
    "accept suggestions": lambda p: p.suggestions.accept(p.suggestions.list()),
    "reject suggestions": lambda p: p.suggestions.reject(p.suggestions.list()),
    "insert row": lambda p: p.plugin_table(IPA_NOTES).insert(source_id=1, start=0, end=1,
                                                             kind="linguistic", body="I"),
    "update row": lambda p: p.plugin_table(IPA_NOTES).update(1, body="changed"),
    "delete row": lambda p: p.plugin_table(IPA_NOTES).delete(id=1),
    "merge": _merge_copy,
}


# written only to the in-memory copy `qodex deid export` redacts, whose change log is then emptied;
# undo refuses them (see test_a_redaction_step_is_refused_by_undo)
COPY_ONLY = {"rewrite_text", "clear_cache"}


def test_a_redaction_step_is_refused_by_undo(project):
    from qodex.project.redaction import rewrite_text

    project.sources.add("P01", "Anne said so.")
    rewrite_text(project, lambda text: text.replace("Anne", "P1"))
    with pytest.raises(QodexError, match="rewrite_text.*does not record enough to reverse"):
        history.undo(project)


def test_every_operation_the_code_logs_is_walked(tmp_path, host):
    logged = set()
    for n, write in enumerate(WRITES.values()):
        with build(Project.create(tmp_path / f"p{n}.qodex", host=host)) as project:
            last = project.rows("SELECT max(id) AS id FROM changes")[0]["id"]
            write(project)
            logged |= {r["operation"] for r in project.rows(
                "SELECT operation FROM changes WHERE id > ?", (last,))}
    code = "\n".join(path.read_text() for folder in ("core", "plugins")
                     for path in (ROOT / folder).rglob("*.py"))
    operations = set(re.findall(r'\.log\(\s*"(\w+)"', code) + re.findall(r'"([a-z]+_suggestions)"', code))
    assert len(operations) > 20 and operations - COPY_ONLY <= logged


@pytest.mark.parametrize("write", WRITES)
def test_undo_then_redo_restores_each_write(coded, write):
    before = state(coded)
    WRITES[write](coded)
    after = state(coded)
    assert after != before
    history.undo(coded)
    assert state(coded) == before
    history.redo(coded)
    assert state(coded) == after
    history.undo(coded)
    assert state(coded) == before


def test_an_import_is_one_step(project, tmp_path, host):
    from qodex.importing import import_files

    for n in range(3):
        (tmp_path / f"t{n}.txt").write_text(f"text number {n}\n")
    before = state(project)
    import_files(project, sorted(tmp_path.glob("*.txt")), host.registry)
    assert len(project.sources) == 3
    history.undo(project)
    assert state(project) == before


def test_a_participants_import_is_one_bulk_step_undone_and_redone(project, tmp_path, host):
    from qodex.importing import import_files

    (tmp_path / "P1.txt").write_text("Interviewer: Hello.\n")
    import_files(project, [tmp_path / "P1.txt"], host.registry)
    table = tmp_path / "people.csv"
    table.write_text("participant,age,band,file\nP1,67,55-82,P1.txt\nP2,24,18-35,\nP3,,55-82,\n")
    before = state(project)
    import_files(project, [table], host.registry, fmt="participants")
    imported = state(project)
    assert len(project.cases) == 3 and project.cases.values("P1") == {"age": 67, "band": "55-82"}
    operations = [r["operation"] for r in project.rows(
        "SELECT operation FROM changes WHERE batch = (SELECT max(batch) FROM changes)")]
    assert [op for op in operations if op != "define_attribute"] == ["add_cases", "set_case_values",
                                                                      "link_cases"]
    history.undo(project)
    assert state(project) == before
    history.redo(project)
    assert state(project) == imported
    table.write_text("participant,age,band,file\nP1,68,55-82,P1.txt\nP2,24,18-35,\nP3,70,55-82,\n")
    import_files(project, [table], host.registry, fmt="participants")
    assert len(project.cases) == 3 and project.cases.values("P3") == {"age": 70, "band": "55-82"}
    history.undo(project)
    assert state(project) == imported


def test_undo_walks_back_and_a_new_change_clears_redo(coded):
    first = state(coded)
    coded.codes.add("A")
    second = state(coded)
    coded.codes.add("B")
    history.undo(coded)
    assert state(coded) == second
    history.undo(coded)
    assert state(coded) == first
    history.redo(coded)
    assert state(coded) == second
    coded.codes.add("C")
    with pytest.raises(QodexError, match="nothing to redo"):
        history.redo(coded)


def test_each_coder_undoes_their_own_work(coded):
    other = Project.open(coded.path, coder="bjorn")
    coded.codes.add("Mine")
    other.codes.add("Theirs")
    history.undo(coded)
    assert coded.codes.find("Mine") is None and coded.codes.find("Theirs") is not None
    with pytest.raises(QodexError, match="nothing to undo"):
        history.undo(Project.open(coded.path, coder="nobody"))
    other.close()


def test_undo_keeps_others_later_changes_or_refuses(coded):
    other = Project.open(coded.path, coder="bjorn")
    coded.codes.update("Trust", name="Trusting")
    other.codes.update("Trusting", colour="#00ff00")
    history.undo(coded)
    assert coded.codes.get("Trust").colour == "#00ff00"
    coded.codes.update("Trust", name="Trusting")
    other.codes.update("Trusting", name="Trusted")
    before = state(coded)
    with pytest.raises(QodexError, match="changed since"):
        history.undo(coded)
    assert state(coded) == before
    other.close()


def test_history_lists_batches_newest_first(coded):
    coded.codes.add("X")
    history.undo(coded)
    rows = history.recent(coded, limit=3)
    assert rows[0]["what"] == "undo of add code"
    assert rows[1]["what"] == "add code"
    assert rows[0]["coder"] == "tester"


def test_a_memo_edit_is_undone_and_redone_with_its_text_title_and_time(project, run, monkeypatch):
    memo = project.memos.add("first thoughts", title="Trust")
    written = (memo.body, memo.title, memo.modified)
    monkeypatch.setattr("qodex.project.memos.now", lambda: "2031-05-06T07:08:09+00:00")
    project.memos.update(memo, body="second thoughts", title="Trust, again")
    edited = ("second thoughts", "Trust, again", "2031-05-06T07:08:09+00:00")

    def stored():
        found = project.memos.get(memo.id)
        return found.body, found.title, found.modified

    assert stored() == edited
    history.undo(project)
    assert stored() == written
    history.redo(project)
    assert stored() == edited
    assert run("undo", project.path).stdout == "undone: update memo\n"
    assert stored() == written
    shown = run("memos", "show", project.path, str(memo.id)).stdout
    assert shown.startswith("memo 1: Trust\n") and f", {written[2]}\n" in shown
    assert shown.endswith("\nfirst thoughts\n")
    assert run("redo", project.path).stdout == "redone: update memo\n"
    assert stored() == edited
