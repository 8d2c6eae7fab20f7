"""Every TUI action is also a command: codes, memos, search, show, cases and sources from the CLI,
on a copy of the sample study, with `--json` where a command lists."""

import json
import sqlite3


def ok(result):
    assert result.exit_code == 0, result.output
    return result.stdout


def table(path, name):
    with sqlite3.connect(path) as conn:
        return sorted(conn.execute(f"SELECT * FROM {name}").fetchall(), key=repr)


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
    rows = json.loads(ok(run("codings", sample, "--source", "P01-anne", "--code", "Being known",
                             "--json")))
    assert {r["code"] for r in rows} == {"Personal relationship/Being known"}
    assert (0, 10) in {(r["start"], r["end"]) for r in rows}
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


def codes(run, sample):
    return {r["path"]: r for r in json.loads(ok(run("codes", sample, "--json")))}


def test_codes_rename_move_describe_colour_merge_and_delete(run, sample):
    assert "renamed code Vulnerability/Worry to Vulnerability/Anxiety" in ok(
        run("codes", "rename", sample, "Vulnerability/Worry", "Anxiety"))
    worried = codes(run, sample)["Vulnerability/Anxiety"]["codings"]
    ok(run("codes", "move", sample, "Vulnerability/Anxiety", "--under", "Consultation"))
    ok(run("codes", "describe", sample, "Consultation/Anxiety", "Fear about one's health."))
    ok(run("codes", "colour", sample, "Consultation/Anxiety", "#CC79A7"))
    moved = codes(run, sample)["Consultation/Anxiety"]
    assert (moved["codings"], moved["description"], moved["colour"]) == (
        worried, "Fear about one's health.", "#CC79A7")
    ok(run("codes", "move", sample, "Consultation/Anxiety"))
    assert "Anxiety" in codes(run, sample)
    kept = codes(run, sample)["Personal relationship/Being known"]["codings"]
    said = ok(run("codes", "merge", sample, "Anxiety", "Being known"))
    assert f"merged Anxiety into Personal relationship/Being known ({worried} codings moved)" in said
    assert codes(run, sample)["Personal relationship/Being known"]["codings"] == kept + worried
    said = ok(run("codes", "delete", sample, "Personal relationship/Being known"))
    assert f"and {kept + worried} codings" in said
    assert "Personal relationship/Being known" not in codes(run, sample)
    ok(run("undo", sample))
    assert codes(run, sample)["Personal relationship/Being known"]["codings"] == kept + worried


def test_a_code_edit_that_makes_no_sense_is_one_line_and_writes_nothing(run, sample):
    before = table(sample, "codes")
    for args, message in ((("colour", sample, "Consultation", "blue"), "not a colour"),
                          (("move", sample, "Consultation", "--under", "Consultation/Satisfied "
                            "with consultation"), "under its own descendant"),
                          (("rename", sample, "Consultation", "Vulnerability"), "already exists"),
                          (("merge", sample, "Consultation", "Nowhere"), "no code 'Nowhere'")):
        result = run("codes", *args)
        assert result.exit_code == 1 and message in result.stderr, result.output
        assert len(result.stderr.strip().splitlines()) == 1
    assert table(sample, "codes") == before


def test_memos_add_list_and_show_on_the_project_a_code_and_a_coding(run, sample):
    first = json.loads(ok(run("codings", sample, "--source", "P01-anne", "--json")))[0]
    ok(run("memos", "add", sample, "Continuity matters *most* when ill.", "--title", "Hunch"))
    ok(run("memos", "add", sample, "Used for history, not names.", "--on", "code", "Being known"))
    ok(run("memos", "add", sample, "Why this passage.", "--on", "coding", str(first["id"])))
    listed = json.loads(ok(run("memos", sample, "--json")))
    mine = {m["body"]: (m["on"], m["about"], m["coder"]) for m in listed}
    assert mine["Continuity matters *most* when ill."] == ("project", "", "tester")
    assert mine["Used for history, not names."] == ("code", "Being known", "tester")
    assert mine["Why this passage."][0] == "coding"
    on_code = json.loads(ok(run("memos", "list", sample, "--on", "code", "Being known", "--json")))
    assert [m["body"] for m in on_code] == ["Used for history, not names."]
    shown = ok(run("memos", "show", sample, "Hunch")).splitlines()
    assert shown[0].endswith(": Hunch") and shown[-1] == "Continuity matters *most* when ill."
    shown = ok(run("memos", "show", sample, f"coding:{first['id']}")).splitlines()
    assert shown[1].startswith(f"on coding {first['code'].rsplit('/', 1)[-1]} in P01-anne")
    assert shown[-1] == "Why this passage."


def test_search_finds_words_and_lists_them_as_json(run, sample):
    hits = json.loads(ok(run("search", sample, "beard", "--json")))
    assert hits and all(h["match"].casefold().startswith("beard") for h in hits)
    anne = next(h for h in hits if h["source"] == "P01-anne")
    assert anne["end"] - anne["start"] == len(anne["match"])
    assert "beard" in ok(run("search", sample, "beard"))


def test_show_prints_the_transcript_with_a_stripe_per_coding_and_a_key(run, sample):
    rows = json.loads(ok(run("codings", sample, "--source", "P01-anne", "--json")))
    lines = ok(run("show", sample, "P01-anne", "--width", "80")).splitlines()
    assert all(len(line) <= 80 for line in lines)
    body = [line for line in lines if " │ " in line]
    assert "".join(line.split(" │ ", 1)[1] for line in body).startswith("Interview 1")
    key = {line[3:].rsplit(" (", 1)[0]: line[0] for line in lines[len(body) + 1:]}
    assert set(key) == {r["code"] for r in rows}
    first = rows[0]
    striped = [line for line in body if key[first["code"]] in line.split(" │ ", 1)[0]]
    assert striped and int(striped[0].split()[0]) <= first["start"]


def test_cases_set_stores_a_value_as_its_type_and_refuses_what_does_not_fit(run, sample):
    case = json.loads(ok(run("cases", sample, "--json")))[0]
    number = next(k for k, v in case.items() if isinstance(v, int | float) and k != "case")
    ok(run("cases", "set", sample, case["case"], f"{number}={case[number] + 1}"))
    assert json.loads(ok(run("cases", sample, "--json")))[0][number] == case[number] + 1
    before = table(sample, "case_values")
    for value, status, message in ((f"{number}=many", 1, f"attribute '{number}' (number)"),
                                   ("favourite colour=blue", 1, "no attribute 'favourite colour'"),
                                   ("blue", 2, "'blue': expected ATTRIBUTE=VALUE")):
        result = run("cases", "set", sample, case["case"], value)
        assert result.exit_code == status and message in result.stderr, result.output
    assert table(sample, "case_values") == before


def test_sources_rename_and_delete(run, sample):
    ok(run("sources", "rename", sample, "P01-anne", "P01-anna"))
    names = [s["name"] for s in json.loads(ok(run("sources", sample, "--json")))]
    assert "P01-anna" in names and "P01-anne" not in names
    codings = len(json.loads(ok(run("codings", sample, "--source", "P01-anna", "--json"))))
    assert f"deleted source P01-anna and {codings} codings" in ok(
        run("sources", "delete", sample, "P01-anna"))
    assert "P01-anna" not in ok(run("sources", sample))
    ok(run("undo", sample))
    assert "P01-anna" in ok(run("sources", sample))
