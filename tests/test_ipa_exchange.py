"""IPA notes and statements travel in a .qdpx as memos anchored to their passages, and come back
by themselves when the file is imported (the ipa plugin's `after_import` hook)."""

import json
import sqlite3
from contextlib import closing

import pytest
from fixtures.ipa_support import build

from qodex import hookimpl
from qodex.errors import QodexError
from qodex.importing import import_files
from qodex.plugins.ipa import model, notes, statements, theory
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


ANALYSIS = [  # an IPA analysis of three cases of the sample study, by names, as a researcher types it
    ("note", "add", "Anne", "descriptive", "Dr Krogh knows her late husband", "--quote", KAJ),
    ("statement", "add", "Anne", "Being known spares her retelling her life", "--note", "Dr Krogh knows",
     "--quote", NAESTVED),
    ("statement", "add", "Anne", "The doctor is part of the family's story", "--quote",
     "like a thread running through the whole family"),
    ("cluster", "Anne", "A doctor who carries my story", "Being known spares", "--method", "abstraction",
     "--reason", "both say he holds her history"),
    ("cluster", "Anne", "Family", "The doctor is part", "--under", "A doctor who carries"),
    ("theme", "key", "Anne/A doctor who carries", "--quote", "he knows how Kaj died"),
    ("statement", "add", "Poul", "The doctor holds the whole picture", "--quote",
     "it's a comfort that somebody has the whole picture"),
    ("cluster", "Poul", "Somebody who knows the story", "The doctor holds", "--method", "subsumption"),
    ("statement", "add", "Inger", "He remembers who she was before the illness", "--quote",
     "He remembers me playing badminton."),
    ("cluster", "Inger", "Seen as more than the illness", "He remembers", "--method", "abstraction"),
    ("theme", "add", "The need for attachment", "--description", "What the patients lean on"),
    ("theme", "add", "Personal relationship", "--parent", "The need for attachment", "--method",
     "abstraction", "--from", "Anne/A doctor who carries my story", "--from", "Poul/Somebody who knows"),
    ("theme", "members", "Personal relationship", "Inger/Seen as more", "--divergent", "--reason",
     "she is known for her past, not her present"),
    ("theme", "link", "Personal relationship", "Attachment theory/Secure base"),
    ("config", "--recurrence", "0.6"),
]
LISTINGS = [  # (words before PROJECT, words after it)
    (("theme", "list"), ("--json",)), (("statement", "list"), ("--json",)), (("note", "list"), ("--json",)),
    (("decisions",), ("--json",)), (("audit",), ("--json",)),
    *((("table",), (kind, "--format", "json")) for kind in ("prevalence", "master", "theory")),
    (("table",), ("case", "--case", "Anne", "--format", "json"))]


def analysed(run, project):
    for step in ANALYSIS:
        ok(run("ipa", step[0], *step[1:2], project, *step[2:]) if step[0] in ("note", "statement", "theme")
           else run("ipa", step[0], project, *step[1:]))
    return project


def ipa_listings(run, project) -> dict:
    """What `qodex ipa` lists and tabulates as JSON, with ids (which differ between projects)
    replaced by what they stand for."""

    def listing(before, after):
        return json.loads(ok(run("ipa", *before, project, *after)).stdout)

    texts = {s["id"]: s["statement"] for s in listing(*LISTINGS[1])}

    def without_ids(value):
        if isinstance(value, dict):
            return {k: ([texts[i] for i in v] if k == "statements" and v and isinstance(v[0], int)
                        else without_ids(v)) for k, v in value.items() if k != "id" and not k.endswith("_id")}
        return [without_ids(v) for v in value] if isinstance(value, list) else value

    return {" ".join(before + after): without_ids(listing(before, after)) for before, after in LISTINGS}


def structure(project) -> list[tuple]:
    """Every IPA theme as its level, case, name, parent, method, description, key quote, statements,
    members (divergent or not) and theory links: what the listings may not all show."""
    names = {t["id"]: t["name"] for t in model.table(project, "themes").rows()}
    texts = {s["id"]: s["text"] for s in model.table(project, "statements").rows()}
    found = []
    for t in model.table(project, "themes").rows():
        key = project.excerpts.of([(t["key_source_id"], t["key_start"], t["key_end"])])[0].quote \
            if t["key_source_id"] else None
        found.append((t["level"], project.cases.get(t["case_id"]).name if t["case_id"] else None,
                      t["name"], names.get(t["parent_id"]), t["method"], t["description"], key,
                      sorted(texts[k["statement_id"]] for k in
                             model.table(project, "theme_statements").rows(theme_id=t["id"])),
                      sorted((names[m["member_id"]], m["divergent"]) for m in
                             model.table(project, "theme_members").rows(theme_id=t["id"])),
                      theory.constructs(project, t["id"])))
    return sorted(found, key=repr)


def test_a_qdpx_round_trip_gives_the_same_ipa_structure_themes_and_decisions_included(run, sample, tmp_path,
                                                                                      host):
    analysed(run, sample)
    ok(run("export", sample, tmp_path / "gp.qdpx"))
    imported = ok(run("import", tmp_path / "new.qodex", tmp_path / "gp.qdpx"))
    assert "1 IPA note, 4 IPA statements, 6 IPA themes" in imported.stdout
    assert ipa_listings(run, tmp_path / "new.qodex") == ipa_listings(run, sample)
    with Project.open(sample, host=host) as mine, Project.open(tmp_path / "new.qodex", host=host) as back:
        assert structure(back) == structure(mine)
        assert ("personal", "Anne", "Family", "A doctor who carries my story", None, None, None,
                ["The doctor is part of the family's story"], [], []) in structure(back)
        assert model.table(back, "decisions").count() == model.table(mine, "decisions").count() == 10
        assert not ipa_memos(back)


def test_importing_an_ipa_qdpx_again_says_nothing_was_added(run, sample, tmp_path):
    analysed(run, sample)
    ok(run("export", sample, tmp_path / "gp.qdpx"))
    first = ok(run("import", tmp_path / "new.qodex", tmp_path / "gp.qdpx"))
    assert "1 IPA note, 4 IPA statements, 6 IPA themes" in first.stdout and "memo" not in first.stdout
    listed = ipa_listings(run, tmp_path / "new.qodex")
    again = ok(run("import", tmp_path / "new.qodex", tmp_path / "gp.qdpx"))
    assert again.stdout.splitlines() == [f"skipped {tmp_path / 'gp.qdpx'}: already in the project: 22 sources"
                                         " (P01-anne, P02-poul, P03-inger, …), 579 codings"]
    assert ipa_listings(run, tmp_path / "new.qodex") == listed
    into_itself = ok(run("import", sample, tmp_path / "gp.qdpx"))
    assert into_itself.stdout.startswith("skipped ") and "IPA" not in into_itself.stdout


@pytest.mark.parametrize("theirs", ["gp.qodex", "gp.qdpx"])
def test_merging_a_copy_with_ipa_work_brings_the_work_as_ipa_work(run, sample, tmp_path, theirs):
    mine = tmp_path / "mine.qodex"
    mine.write_bytes(sample.read_bytes())
    analysed(run, sample)
    if theirs.endswith(".qdpx"):
        ok(run("export", sample, tmp_path / theirs))
    other = sample if theirs.endswith(".qodex") else tmp_path / theirs
    merged = ok(run("merge", mine, other))
    assert "added 1 IPA note, 4 IPA statements, 6 IPA themes; already there: 22 sources" in merged.stdout
    assert "conflict:" not in merged.stdout and merged.stdout.rstrip().endswith("; 0 conflicts")
    assert ipa_listings(run, mine) == ipa_listings(run, sample)
    again = ok(run("merge", mine, other))
    assert "merged: added nothing;" in again.stdout
    assert ipa_listings(run, mine) == ipa_listings(run, sample)
