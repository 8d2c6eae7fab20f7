"""Undo and redo restore every row that depends on what they restore, never take another coder's
work, and imports never place codings on text they were not made on."""

from __future__ import annotations

import sqlite3
from contextlib import closing

import pytest
from fixtures.ipa_support import build

from qodex.host import get_host
from qodex.project import Project

WORDS = ("-O", "code=Trust", "-O", "words=knows;trust him;dread;face")


def dump(path) -> dict:
    """Every row of every table but the change log, as the file holds it."""
    with closing(sqlite3.connect(path)) as conn:
        tables = [name for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'"
            " AND name NOT LIKE 'sources_fts%' AND name NOT IN ('changes', '_migrations')")]
        return {t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in tables}


def ok(result) -> str:
    assert result.exit_code == 0, result.output
    return result.output


def sound(run, study) -> None:
    assert "sound" in ok(run("check", study))


@pytest.fixture
def study(tmp_path, run):
    """The IPA study (notes, statements, passages, themes) with suggestions, one accepted and one
    rejected, by the coder "tester"."""
    path = tmp_path / "study.qodex"
    with Project.create(path, host=get_host()) as project:
        build(project)
    ok(run("suggest", path, "keywords", *WORDS))
    with Project.open(path) as project:
        first, second, *_ = project.suggestions.list()
        project.suggestions.accept([first])
        project.suggestions.reject([second])
    return path


def on_anne(path) -> dict:
    """The decisions on suggestions in Anne's interview, and how many IPA rows depend on it."""
    with Project.open(path) as project:
        anne = project.sources.get("Anne-interview").id
        found = {"suggestions": sorted(s.status for s in project.suggestions.list(None, source=anne))}
        for table, where in (("ipa_notes", "source_id = ?"), ("ipa_passages", "source_id = ?"),
                             ("ipa_statement_notes", "note_id IN (SELECT id FROM ipa_notes"
                                                     " WHERE source_id = ?)")):
            found[table] = len(project.rows(f"SELECT 1 FROM {table} WHERE {where}", (anne,)))
    return found


def counts(path, *tables) -> dict[str, int]:
    found = dump(path)
    return {t: len(found[t]) for t in tables}


def undo_then_redo_restore(run, study, write) -> dict:
    """Make `write(project)`, then check undo restores the file as it was and redo as it left it."""
    before = dump(study)
    with Project.open(study, host=get_host()) as project:
        write(project)
    after = dump(study)
    assert after != before
    ok(run("undo", study))
    assert dump(study) == before
    sound(run, study)
    ok(run("redo", study))
    assert dump(study) == after
    sound(run, study)
    ok(run("undo", study))
    assert dump(study) == before
    return before


def test_undo_of_a_source_delete_brings_back_its_suggestions_decisions_and_ipa_rows(run, study):
    assert on_anne(study) == {"suggestions": ["accepted", "open", "rejected"], "ipa_notes": 1,
                              "ipa_passages": 1, "ipa_statement_notes": 1}
    undo_then_redo_restore(run, study, lambda p: p.sources.delete("Anne-interview"))
    assert on_anne(study)["suggestions"] == ["accepted", "open", "rejected"]


def test_undo_of_a_case_delete_brings_back_its_ipa_statements_and_themes(run, study):
    assert counts(study, "ipa_statements", "ipa_themes") == {"ipa_statements": 6, "ipa_themes": 10}
    undo_then_redo_restore(run, study, lambda p: p.cases.delete("Anne"))


def test_undo_of_a_code_delete_keeps_its_decisions_so_a_rerun_proposes_nothing_again(run, study):
    undo_then_redo_restore(run, study, lambda p: p.codes.delete("Trust"))
    result = run("suggest", study, "keywords", *WORDS)
    assert "0 new suggestion(s) from 4 proposed" in result.stderr


@pytest.fixture
def imported(tmp_path, run):
    """A project into which "tester" imported one transcript."""
    (tmp_path / "P01.txt").write_text("I: How was it?\nP: I was frightened. He can see it on my face.\n")
    ok(run("import", "study.qodex", "P01.txt"))
    return tmp_path / "study.qodex"


def refused(result, *words) -> str:
    """The one-line error of a refused command (exit 1), which must name `words`."""
    assert result.exit_code == 1, result.output
    message = result.stderr.strip()
    assert "\n" not in message and all(w in message for w in words), message
    return message


def test_undo_of_my_add_code_after_a_colleague_coded_with_it_is_refused(run, imported):
    ok(run("codes", "add", imported, "Fear"))
    ok(run("--coder", "bjorn", "code", imported, "P01", "Fear", "--match", "I was frightened", "--create"))
    before = dump(imported)
    refused(run("undo", imported), "cannot undo", "1 coding by bjorn", "nothing was written")
    assert dump(imported) == before
    sound(run, imported)


def test_undo_of_my_import_after_a_colleague_worked_on_its_source_is_refused(run, imported):
    ok(run("--coder", "bjorn", "code", imported, "P01", "Fear", "--match", "I was frightened", "--create"))
    ok(run("--coder", "bjorn", "suggest", imported, "keywords", "-O", "code=Face", "-O", "words=face"))
    before = dump(imported)
    refused(run("undo", imported), "1 coding, 1 suggestion by bjorn")
    assert dump(imported) == before


def test_forced_undo_snapshots_first_and_redo_brings_the_colleagues_work_back(run, imported):
    ok(run("--coder", "bjorn", "code", imported, "P01", "Fear", "--match", "I was frightened", "--create"))
    before = dump(imported)
    ok(run("undo", imported, "--force"))
    (snapshot,) = (imported.parent / ".qodex-backups").glob("study-*-undo.qodex")
    assert dump(snapshot) == before
    assert dump(imported)["codings"] == [] and dump(imported)["sources"] == []
    sound(run, imported)
    ok(run("redo", imported))
    assert dump(imported) == before


def test_undoing_my_import_and_work_on_it_then_redoing_keeps_the_suggestions_and_decisions(
        run, imported):
    ok(run("code", imported, "P01", "Fear", "--match", "I was frightened", "--create"))
    ok(run("suggest", imported, "keywords", "-O", "code=Face", "-O", "words=face;frightened"))
    ok(run("review", imported, "--reject", "1"))
    done = dump(imported)
    for _ in range(4):  # the review, the suggest, the coding, the import
        ok(run("undo", imported))
    assert not any(dump(imported)[t] for t in ("sources", "codings", "suggestions", "segments"))
    sound(run, imported)
    for _ in range(4):
        ok(run("redo", imported))
    assert dump(imported) == done
    with Project.open(imported) as project:
        assert [s.status for s in project.suggestions.list(None)] == ["rejected", "open"]
    sound(run, imported)


def test_reimporting_a_qdpx_whose_source_text_differs_is_refused(run, imported):
    ok(run("code", imported, "P01", "Fear", "--match", "I was frightened", "--create"))
    ok(run("export", imported, "study.qdpx"))
    ok(run("import", imported, "study.qdpx"))  # the same text again: nothing new, nothing moved
    ok(run("edit", imported, "P01", "--match", "I was frightened. ", "--to", "", "--force"))
    before = dump(imported)
    message = refused(run("import", imported, "study.qdpx"), "study.qdpx", "'P01'", "qodex merge")
    assert "different text" in message
    assert dump(imported) == before
    with Project.open(imported) as project:
        assert project.codings.list() == []  # "I was frightened" did not land on "He can see it on"
    ok(run("merge", imported, "study.qdpx"))  # what the error advises
    with Project.open(imported) as project:
        assert [project.codings.quote(c) for c in project.codings.list()] == ["I was frightened"]


def test_undo_of_my_case_after_a_colleague_wrote_an_ipa_statement_on_it_is_refused(run, imported):
    with Project.open(imported, host=get_host()) as project, project.transaction():
        project.cases.add("Anne")
        project.cases.link("Anne", "P01")
    ok(run("--coder", "bjorn", "ipa", "statement", "add", imported, "Anne", "Frightened of being seen",
           "--quote", "I was frightened"))
    before = dump(imported)
    refused(run("undo", imported), "1 ipa_statement by bjorn")
    assert dump(imported) == before


def test_redo_of_my_delete_after_a_colleague_coded_the_restored_source_is_refused(run, imported):
    with Project.open(imported, host=get_host()) as project:
        project.sources.delete("P01")
    ok(run("undo", imported))
    ok(run("--coder", "bjorn", "code", imported, "P01", "Fear", "--match", "I was frightened", "--create"))
    before = dump(imported)
    refused(run("redo", imported), "cannot redo", "1 coding by bjorn", "redo --force")
    assert dump(imported) == before
