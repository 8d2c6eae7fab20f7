"""The CLI end to end: init, import, list, code, errors as one line with the project unchanged."""

import json
import sqlite3

import pytest

INTERVIEW = ("Interviewer: How long have you been with your doctor?\n"
             "Anne: Twenty years. He knows me, he knows my family.\n"
             "Interviewer: And the consultation last week?\n"
             "Anne: Fine. He knows what I need.\n")


@pytest.fixture
def study(run, tmp_path):
    (tmp_path / "P01-anne.txt").write_text(INTERVIEW, encoding="utf-8")
    assert run("init", "study.qodex").exit_code == 0
    assert run("import", "study.qodex", "P01-anne.txt").exit_code == 0
    return tmp_path / "study.qodex"


def snapshot(path):
    conn = sqlite3.connect(path)
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    return {t: conn.execute(f"SELECT * FROM {t}").fetchall() for t in tables}


def test_version(run):
    from qodex import __version__

    assert run("--version").stdout.strip() == f"qodex, version {__version__}"


def test_import_then_list_sources_as_json(run, study):
    rows = json.loads(run("sources", study, "--json").stdout)
    assert [(r["name"], r["chars"], r["codings"]) for r in rows] == [("P01-anne", len(INTERVIEW), 0)]


def test_code_by_match_then_list_codings(run, study):
    result = run("code", study, "P01-anne", "Personal relationship/Being known",
                 "--match", "He knows me, he knows my family", "--create")
    assert result.exit_code == 0, result.output
    assert "created code Personal relationship/Being known" in result.stderr
    codings = json.loads(run("codings", study, "--json").stdout)
    assert codings[0]["quote"] == "He knows me, he knows my family"
    assert codings[0]["code"] == "Personal relationship/Being known"
    assert codings[0]["coder"] == "tester"
    codes = json.loads(run("codes", study, "--json").stdout)
    assert [(c["path"], c["codings"]) for c in codes] == [
        ("Personal relationship", 0), ("Personal relationship/Being known", 1)]


def test_code_by_span_and_csv_listing(run, study):
    assert run("codes", "add", study, "Satisfaction", "--colour", "#009E73").exit_code == 0
    assert run("code", study, "P01-anne", "Satisfaction", "--span", "158:163").exit_code == 0
    lines = run("codings", study, "--csv", "--code", "Satisfaction").stdout.splitlines()
    assert lines[0].startswith("id,source,code,start,end,coder,quote")
    assert lines[1].split(",")[6] == "Fine."


def test_an_ambiguous_match_asks_which_one(run, study):
    before = snapshot(study)
    result = run("code", study, "P01-anne", "Being known", "--match", "He knows")
    assert result.exit_code == 1
    assert "occurs 2 times" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert snapshot(study) == before
    assert run("code", study, "P01-anne", "Being known", "--match", "He knows", "--all",
               "--create").exit_code == 0
    assert len(json.loads(run("codings", study, "--json").stdout)) == 2


@pytest.mark.parametrize("args,message", [
    (("code", "study.qodex", "P01-anne", "X", "--span", "10:5000", "--create"), "not inside"),
    (("code", "study.qodex", "P99", "X", "--span", "1:5"), "no source 'P99'"),
    (("code", "study.qodex", "P01-anne", "X", "--span", "a:b", "--create"), "START:END"),
    (("code", "study.qodex", "P01-anne", "X"), "exactly one of"),
    (("sources", "missing.qodex"), "no project file"),
    (("init", "study.qodex"), "already exists"),
    (("import", "study.qodex", "nowhere.txt"), "no such file"),
])
def test_errors_are_one_line_and_leave_the_project_unchanged(run, study, args, message):
    before = snapshot(study)
    result = run(*args)
    assert result.exit_code != 0
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert snapshot(study) == before


def test_a_batch_is_all_or_nothing(run, study, tmp_path):
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "P02.txt").write_text("Interviewer: Hello?\nBo: Hi.\n")
    (folder / "P03.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    before = snapshot(study)
    result = run("import", study, folder)
    assert result.exit_code == 1
    assert "P03.txt: looks like a binary file" in result.stderr
    assert "nothing was imported" in result.stderr
    assert snapshot(study) == before
    kept = run("import", study, folder, "--keep-going")
    assert kept.exit_code == 1
    assert "imported" in kept.stdout and "P02.txt" in kept.stdout
    names = [r["name"] for r in json.loads(run("sources", study, "--json").stdout)]
    assert names == ["P01-anne", "P02"]


def test_importing_the_same_file_twice_is_detected(run, study, tmp_path):
    (tmp_path / "copy.txt").write_text(INTERVIEW, encoding="utf-8")
    result = run("import", study, "copy.txt")
    assert result.exit_code == 0
    assert "skipped" in result.stdout and "P01-anne" in result.stdout
    assert len(json.loads(run("sources", study, "--json").stdout)) == 1


def test_a_failed_first_import_leaves_no_project_behind(run, tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    result = run("import", "new.qodex", "empty.txt")
    assert result.exit_code == 1 and "empty.txt: the file is empty" in result.stderr
    assert not (tmp_path / "new.qodex").exists()


def test_open_prints_a_summary(run, study):
    result = run("open", study, "--summary")
    assert "sources  1" in result.stdout
