"""Every TUI action is also a command: codes, memos, search, show, cases and sources from the CLI,
on a copy of the sample study, with `--json` where a command lists."""

import json
import sqlite3


def ok(result):
    assert result.exit_code == 0, result.output
    return result.stdout


def table(path, name):
    with sqlite3.connect(path) as conn:
        return conn.execute(f"SELECT * FROM {name} ORDER BY id").fetchall()


def test_a_misspelt_code_is_an_error_that_lists_close_paths_and_writes_nothing(run, sample):
    before = table(sample, "codes"), table(sample, "codings")
    result = run("code", sample, "P01-anne", "Personal relationship/Being knwon", "--span", "0:10")
    assert result.exit_code == 1
    line = result.stderr.strip()
    assert len(line.splitlines()) == 1
    assert "no code 'Personal relationship/Being knwon'" in line
    assert "did you mean: Personal relationship/Being known" in line
    assert (table(sample, "codes"), table(sample, "codings")) == before


def test_a_unique_short_name_stands_for_its_path_and_a_shared_one_is_refused(run, sample):
    ok(run("code", sample, "P01-anne", "Being known", "--span", "0:10"))
    rows = json.loads(ok(run("codings", sample, "--source", "P01-anne", "--json")))
    assert {"code": "Personal relationship/Being known", "start": 0, "end": 10} in [
        {k: r[k] for k in ("code", "start", "end")} for r in rows]
    ok(run("codes", "add", sample, "Being known", "--parent", "Consultation"))
    result = run("code", sample, "P01-anne", "Being known", "--span", "0:10")
    assert result.exit_code == 1
    assert ("'Being known' names 2 codes in gp.qodex; give the path: Consultation/Being known, "
            "Personal relationship/Being known") in result.stderr


def test_create_makes_a_new_code_with_its_parents(run, sample):
    result = run("code", sample, "P01-anne", "Trust/In the practice", "--span", "0:10", "--create")
    ok(result)
    assert "created code Trust/In the practice" in result.stderr
    paths = [r["path"] for r in json.loads(ok(run("codes", sample, "--json")))]
    assert {"Trust", "Trust/In the practice"} <= set(paths)
