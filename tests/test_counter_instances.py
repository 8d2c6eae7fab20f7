"""Counter-instances as data: a coding marked as a denial, hypothetical, third-party or a label,
set from the CLI and the codings table, listed and filtered, undone like any write."""

import json
import sqlite3
import zipfile

import pytest
from fixtures.refi_util import schema

from qodex.errors import QodexError
from qodex.exporting import export_project
from qodex.project import Project, history

INTERVIEW = ("Interviewer: Do you know your GP?\n"
             "Ben: No, I don't even know who my GP is.\n"
             "Interviewer: Would you change?\n"
             "Ben: I'd probably change if I had children. My mother's GP never listens to her.\n")


@pytest.fixture
def study(run, tmp_path):
    (tmp_path / "P09-ben.txt").write_text(INTERVIEW, encoding="utf-8")
    assert run("init", "study.qodex").exit_code == 0
    assert run("import", "study.qodex", "P09-ben.txt").exit_code == 0
    for code in ("Being known", "Changing GP", "Poor relationship"):
        assert run("codes", "add", "study.qodex", code).exit_code == 0
    return tmp_path / "study.qodex"


def listed(run, study, *options):
    result = run("codings", study, "--json", *options)
    assert result.exit_code == 0, result.output
    return [(r["code"], r["counter"], r["quote"]) for r in json.loads(result.stdout)]


def test_code_with_counter_then_filter_the_listing(run, study):
    assert run("code", study, "P09-ben", "Being known", "--match",
               "I don't even know who my GP is", "--counter", "Denial").exit_code == 0
    assert run("code", study, "P09-ben", "Changing GP", "--match", "I'd probably change",
               "--counter", "hypothetical").exit_code == 0
    assert run("code", study, "P09-ben", "Poor relationship", "--match",
               "My mother's GP never listens to her", "--counter", "third party").exit_code == 0
    assert run("code", study, "P09-ben", "Being known", "--match", "Do you know your GP").exit_code == 0

    assert listed(run, study, "--support") == [("Being known", None, "Do you know your GP")]
    assert listed(run, study, "--counter", "denial") == [
        ("Being known", "denial", "I don't even know who my GP is")]
    assert {kind for _, kind, _ in listed(run, study, "--counter", "any")} == {
        "denial", "hypothetical", "third-party"}
    assert len(listed(run, study)) == 4


def test_mark_and_unmark_an_existing_coding_and_undo_it(run, study):
    run("code", study, "P09-ben", "Being known", "--match", "I don't even know who my GP is")
    (coding,) = json.loads(run("codings", study, "--json").stdout)

    marked = run("codings", "mark", study, str(coding["id"]), "--counter", "my own label")
    assert marked.exit_code == 0 and "counter-instance (my own label)" in marked.stdout
    assert listed(run, study)[0][1] == "my own label"
    assert run("codings", "mark", study, str(coding["id"]), "--support").exit_code == 0
    assert listed(run, study)[0][1] is None
    assert run("undo", study).exit_code == 0
    assert listed(run, study)[0][1] == "my own label"


@pytest.mark.parametrize("options, message", [
    ((), "give exactly one of --counter KIND and --support"),
    (("--counter", "denial", "--support"), "give exactly one of --counter KIND and --support"),
    (("--counter", "x" * 61), "a label is one line of at most 60 characters"),
])
def test_marking_refuses_bad_input_in_one_line_and_changes_nothing(run, study, options, message):
    run("code", study, "P09-ben", "Being known", "--match", "I don't even know who my GP is")
    before = sqlite3.connect(study).execute("SELECT * FROM codings").fetchall()
    result = run("codings", "mark", study, "1", *options)
    assert result.exit_code == 1
    assert message in result.output and len(result.output.strip().splitlines()) == 1
    assert sqlite3.connect(study).execute("SELECT * FROM codings").fetchall() == before


def test_the_codings_table_reads_a_counter_column(run, study, tmp_path):
    (tmp_path / "codings.csv").write_text(
        "source,code,quote,counter\n"
        "P09-ben,Being known,I don't even know who my GP is,denial\n"
        "P09-ben,Changing GP,I'd probably change,Hypothetical\n"
        "P09-ben,Being known,Do you know your GP,\n", encoding="utf-8")
    assert run("import", study, "codings.csv").exit_code == 0
    assert sorted(listed(run, study), key=str) == sorted([
        ("Being known", "denial", "I don't even know who my GP is"),
        ("Changing GP", "hypothetical", "I'd probably change"),
        ("Being known", None, "Do you know your GP")], key=str)


def test_a_bad_counter_cell_names_the_file_and_line(run, study, tmp_path):
    (tmp_path / "codings.csv").write_text(
        "source,code,quote,counter\nP09-ben,Being known,Do you know your GP," + "x" * 61 + "\n",
        encoding="utf-8")
    result = run("import", study, "codings.csv")
    assert result.exit_code == 1 and "codings.csv, line 2:" in result.output
    assert listed(run, study) == []


def test_the_api_marks_and_undo_restores(project):
    source = project.sources.add("P01", "I never see the same doctor twice.")
    code = project.codes.add("Continuity")
    coding = project.codings.add(source, code, 0, 34, counter="denial")
    assert (coding.counter, coding.supports) == ("denial", False)
    assert project.codings.mark(coding, None).supports
    history.undo(project)
    assert project.codings.get(coding.id).counter == "denial"
    assert [c.id for c in project.codings.list(counter=True)] == [coding.id]
    assert project.codings.list(counter=False) == []
    with pytest.raises(QodexError, match="one line"):
        project.codings.mark(coding, "a\x1bb")


def test_a_qdpx_round_trip_keeps_counter_instances_in_the_coding_memo(project, corpus, tmp_path):
    source = project.sources.add("P19", "I'd probably change if I had children. She never listens.")
    change, poor = project.codes.add("Changing GP"), project.codes.add("Poor relationship")
    project.codings.add(source, change, 0, 19, counter="hypothetical")
    project.codings.add(source, poor, 39, 57, memo="Her neighbour's GP.", counter="third-party")
    project.codings.add(source, change, 20, 38, memo="Counter-instance: not a kind\nreally")
    out = tmp_path / "out.qdpx"
    export_project(project, out, project.host.registry)
    xml = zipfile.ZipFile(out).read("project.qde").decode("utf-8")
    schema(corpus).validate(xml)
    assert "<Description>Counter-instance: hypothetical</Description>" in xml
    assert "<Description>Counter-instance: third-party\n\nHer neighbour's GP.</Description>" in xml
    again = Project.create(tmp_path / "again.qodex", host=project.host)
    assert run_import(again, out)
    kept = {(c.start, c.counter, c.memo) for c in again.codings.list()}
    assert kept == {(0, "hypothetical", None), (39, "third-party", "Her neighbour's GP."),
                    (20, None, "Counter-instance: not a kind\nreally")}
    again.close()


def run_import(project, path) -> bool:
    from qodex.importing import import_files

    return all(o.status == "imported" for o in import_files(project, [path], project.host.registry))


def test_merging_a_copy_brings_its_counter_instances(run, study, tmp_path):
    assert run("backup", study, "copy.qodex").exit_code == 0
    assert run("code", "copy.qodex", "P09-ben", "Changing GP", "--match", "I'd probably change",
               "--counter", "hypothetical").exit_code == 0
    assert run("merge", study, "copy.qodex").exit_code == 0
    assert listed(run, study) == [("Changing GP", "hypothetical", "I'd probably change")]
