"""IPA notes and statements travel in a .qdpx as memos anchored to their passages, and come back
by themselves when the file is imported (the ipa plugin's `after_import` hook)."""

import sqlite3
from contextlib import closing

import pytest
from fixtures.ipa_support import build

from qodex import hookimpl
from qodex.errors import QodexError
from qodex.importing import import_files
from qodex.plugins.ipa import model, notes, statements
from qodex.project import Project

KAJ = "he knows about Kaj, he knows how Kaj died"
NAESTVED = "Because I know he's there, I can face going up to Næstved"


def ok(result):
    assert result.exit_code == 0, result.output
    return result


def ipa_state(project) -> dict:
    """Notes and statements as a reader sees them: kinds, words, cases and quoted passages."""
    found_notes = sorted((n["case"], n["kind"], n["body"], n["quote"]) for n in notes.listing(project))
    rows = model.table(project, "statements").rows()
    quoted = {}
    for span in model.spans(project, [s["id"] for s in rows]):
        quoted.setdefault(span["statement_id"], set()).add(span["quote"])
    return {"notes": found_notes,
            "statements": sorted((project.cases.get(s["case_id"]).name, s["text"],
                                  tuple(sorted(quoted[s["id"]]))) for s in rows)}


def ipa_memos(project) -> list:
    return [m for m in project.memos.list() if (m.title or "").startswith("IPA")]


def theme_codings(project) -> list[tuple]:
    """The IPA code tree's codings: code path, source and the words coded."""
    paths, names = project.codes.paths(), project.overview.source_names()
    return sorted((paths[c.code_id], names[c.source_id], project.codings.quote(c))
                  for c in project.codings.list() if paths[c.code_id].startswith("IPA/"))


def whole_file(path) -> list[str]:
    with closing(sqlite3.connect(path)) as conn:
        return list(conn.iterdump())


def test_importing_a_qdpx_brings_notes_statements_and_themes_back_by_itself(run, sample, tmp_path, host):
    ok(run("ipa", "note", "add", sample, "Anne", "descriptive", "Dr Krogh knows her late husband",
           "--quote", KAJ))
    ok(run("ipa", "note", "add", sample, "Poul", "linguistic", "'old Munk': a doctor's succession",
           "--quote", "Since ninety-four, when old Munk stopped."))
    ok(run("ipa", "statement", "add", sample, "Anne", "Being known spares her retelling her life",
           "--note", "Dr Krogh knows", "--quote", NAESTVED))
    ok(run("ipa", "cluster", sample, "Anne", "A doctor who carries my story", "Being known spares",
           "--method", "abstraction"))
    ok(run("ipa", "codes", sample))
    ok(run("memos", "add", sample, "Recruitment went slowly", "--title", "Field note",
           "--on", "case", "Anne"))
    with Project.open(sample, host=host) as project:
        before, themes = ipa_state(project), theme_codings(project)
    assert len(before["notes"]) == 2 and themes
    ok(run("export", sample, tmp_path / "gp.qdpx"))
    ok(run("import", tmp_path / "new.qodex", tmp_path / "gp.qdpx"))
    with Project.open(tmp_path / "new.qodex", host=host) as back:
        assert ipa_state(back) == before
        assert theme_codings(back) == themes  # the themes as codes, on the same words
        assert not ipa_memos(back)
        assert [m.body for m in back.memos.list() if m.title == "Field note"] == ["Recruitment went slowly"]
    ok(run("import", tmp_path / "new.qodex", tmp_path / "gp.qdpx"))
    adopted = ok(run("ipa", "adopt", tmp_path / "new.qodex"))
    assert "made 0 notes, 0 statements and 0 themes of 0 IPA memos" in adopted.stderr
    with Project.open(tmp_path / "new.qodex", host=host) as back:
        assert ipa_state(back) == before and not ipa_memos(back)
        assert len([m for m in back.memos.list() if m.title == "Field note"]) == 1


def test_notes_and_statements_round_trip_through_qdpx(run, tmp_path, host):
    with Project.create(tmp_path / "a.qodex", host=host) as project:
        build(project)
        notes.add(project, "Poul-interview", 0, 17, "linguistic", "'years': a shared past")
        statements.add(project, "Poul", "A long bond", notes=[2],
                       passages=[("Poul-interview", 18, 46)])
        before = ipa_state(project)
    ok(run("export", tmp_path / "a.qodex", tmp_path / "a.qdpx"))
    ok(run("init", tmp_path / "b.qodex"))
    made = ok(run("import", tmp_path / "b.qodex", tmp_path / "a.qdpx"))
    assert "imported" in made.stdout
    with Project.open(tmp_path / "b.qodex", host=host) as back:
        assert ipa_state(back) == before
        assert not ipa_memos(back)


def test_an_ipa_memo_on_a_source_of_no_case_stays_a_memo(run, tmp_path, host):
    with Project.create(tmp_path / "a.qodex", host=host) as project:
        project.sources.add("Loose", "Nobody's interview.\n")
        project.memos.add("looks like ours", title="IPA conceptual note", target="source",
                          ref="Loose", start=0, end=6)
    ok(run("export", tmp_path / "a.qodex", tmp_path / "a.qdpx"))
    ok(run("import", tmp_path / "b.qodex", tmp_path / "a.qdpx"))
    with Project.open(tmp_path / "b.qodex", host=host) as back:
        assert [m.body for m in ipa_memos(back)] == ["looks like ours"]
        assert not notes.listing(back)


class Failing:
    """A plugin whose after_import hook fails half-way, after writing."""

    @hookimpl
    def after_import(self, project, imported):
        project.memos.add("written before the failure", title="Half done")
        raise RuntimeError("disk on fire\nand a second line")


def test_a_failing_after_import_hook_refuses_the_file_and_changes_nothing(run, tmp_path, host):
    with Project.create(tmp_path / "a.qodex", host=host) as project:
        build(project)
    ok(run("export", tmp_path / "a.qodex", tmp_path / "a.qdpx"))
    (tmp_path / "other.txt").write_text("An interview already here.\n", encoding="utf-8")
    ok(run("import", tmp_path / "b.qodex", tmp_path / "other.txt"))
    before = whole_file(tmp_path / "b.qodex")
    host.add(Failing(), "failing")
    with Project.open(tmp_path / "b.qodex", host=host) as project, \
            pytest.raises(QodexError) as refused:
        import_files(project, [tmp_path / "a.qdpx"], host.registry)
    assert str(refused.value) == ("a.qdpx: plugin failing failed in after_import: RuntimeError: "
                                  "disk on fire; nothing was imported")
    assert whole_file(tmp_path / "b.qodex") == before
