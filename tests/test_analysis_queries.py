"""Queries over a small two-coder study: retrieval, matrices, co-occurrence, words, Table I,
saturation and agreement, through the API and the ``qodex query`` commands."""

import csv
import io
import json

import pytest
from fixtures.analysis_study import build

from qodex.plugins.analysis import codings, cooccurrence, matrix, saturation, table_one, words
from qodex.plugins.analysis.agreement import POOLED, Coding, compare, disagreements, summary
from qodex.project import Project


@pytest.fixture
def path(tmp_path, host):
    build(tmp_path / "study.qodex", host)
    return tmp_path / "study.qodex"


@pytest.fixture
def study(path, host):
    with Project.open(path, host=host) as project:
        yield project


def texts(found):
    return [(p.source, p.text) for p in found]


def test_retrieval_by_codes_and_attributes(study):
    mine = {"coders": ["astrid"]}
    assert texts(codings.select(study, ["Personal relationship"], **mine)) == [
        ("Anne.txt", "He knows me and my family"), ("Poul.txt", "He says hello and asks about my wife"),
        ("Sofie.txt", "He knows me")]
    assert codings.select(study, ["Personal relationship"], below=False) == []
    haven = codings.select(study, ["Attachment theory/Safe haven"], ["Vulnerability/Worry"], **mine)
    assert texts(haven) == [("Anne.txt", "When I am scared I go to him and I sleep again")]
    assert codings.select(study, ["Attachment theory/Safe haven"], none_of=["Vulnerability"], **mine) == []
    known = codings.select(study, ["Personal relationship/Being known"], none_of=["Vulnerability"], **mine)
    assert texts(known) == [("Anne.txt", "He knows me and my family"), ("Sofie.txt", "He knows me")]
    found = codings.select(study, ["Continuity preference"], where={"practice": {"2"}})
    assert [(p.cases, p.code) for p in found] == [
        ("Mads", "Continuity preference/Indifferent to which GP"),
        ("Sofie", "Continuity preference/Prefers a regular GP")]


def test_matrix_counts_codings_cases_and_characters(study):
    by_practice = matrix.matrix(study, "practice", ["Continuity preference/Prefers a regular GP"])
    cell = by_practice.cell("Continuity preference/Prefers a regular GP", "1")
    assert (cell.codings, cell.cases, by_practice.n) == (4, 2, {"1": 2, "2": 2})
    astrid = matrix.matrix(study, "case", coders=["astrid"], aggregate=True)
    assert astrid.cell("Personal relationship", "Anne").chars == len("He knows me and my family")
    assert astrid.wide("cases")[-1] == {"code": "Vulnerability/Worry", "Anne": 1, "Mads": 0,
                                        "Poul": 1, "Sofie": 0}
    by_source = matrix.matrix(study, "source")
    assert by_source.cell("Vulnerability/Worry", "Poul.txt").codings == 2
    behind = matrix.cell_passages(study, "practice", "Vulnerability", "1", ["astrid"], aggregate=True)
    assert [p.text for p in behind] == ["When I am scared", "I worry about my heart"]


def test_cooccurrence_by_overlap_turn_and_distance(study):
    def counts(pairs):
        return {(p.a.split("/")[-1], p.b.split("/")[-1]): p.count for p in pairs}

    overlap = cooccurrence.cooccurrence(study, "overlap", coders=["astrid"], occurrences=True)
    assert counts(overlap) == {("Safe haven", "Worry"): 1}
    near = counts(cooccurrence.cooccurrence(study, "near", 2, coders=["astrid"]))
    assert near[("Safe haven", "Being known")] == 1 and near[("Being known", "Worry")] == 1
    turn = counts(cooccurrence.cooccurrence(study, "turn", coders=["astrid"]))
    assert turn[("Safe haven", "Being known")] == 1
    assert turn[("Prefers a regular GP", "Being known")] == 1  # Sofie's one turn
    (pair,) = overlap
    ((a, b),) = cooccurrence.pair_passages(study, pair)
    assert (a.text, b.text) == ("When I am scared I go to him and I sleep again", "When I am scared")


def test_word_frequencies_and_keyword_in_context(study):
    found = {r["word"]: r for r in words.frequencies(study, skip_speakers=["Interviewer"], limit=None)}
    assert (found["doctor"]["count"], found["doctor"]["sources"]) == (4, 3)
    assert "the" not in found
    coded = {r["word"] for r in words.frequencies(study, codes=["Vulnerability"], limit=None)}
    assert coded == {"scared", "worry", "heart"}
    lines = words.kwic(study, "heart", width=10)
    assert [(line.source, line.keyword) for line in lines] == [("Poul.txt", "heart"), ("Poul.txt", "heart")]
    assert lines[0].left.endswith("about my") and lines[0].right.startswith(".")


def test_table_one_counts_cases_per_group(study):
    rows = {(r["characteristic"], r["value"]): r for r in table_one.table_one(study, group="practice")}
    assert {k: rows[("Participants", "")][k] for k in ("Total", "1", "2")} == {"Total": 4, "1": 2, "2": 2}
    assert rows[("age", "median (range)")]["Total"] == "49 (24-74)"
    assert [rows[("seriousness", "less serious")][k] for k in ("Total", "1", "2")] == [2, 0, 2]
    assert ("interview_date", "2006-03-06") not in rows  # dates identify people


def test_saturation_in_interview_order_with_the_stopping_rule(study):
    found = saturation.steps(study, "interview_date", ["astrid"])
    assert [(s.source, s.new, s.cumulative) for s in found] == [
        ("Anne.txt", 5, 5), ("Poul.txt", 1, 6), ("Sofie.txt", 1, 7), ("Mads.txt", 1, 8)]
    assert found[-1].share == 1.0
    stop = saturation.stopping_rule(found, base=2, run=1, threshold=0.2)
    assert (stop.base_codes, stop.reached_at, stop.runs[0]["rate"]) == (6, 2, pytest.approx(1 / 6))
    assert saturation.stopping_rule(found, base=2, run=1, threshold=0.1).reached_at is None
    assert saturation.code_frequencies(study, ["astrid"])[0] == {
        "code": "Continuity preference/Prefers a regular GP", "interviews": 3}


def test_agreement_per_code_and_source_as_nvivo(study):
    data = Coding(study)
    assert (data.coders, [data.names[s] for s in data.source_ids]) == (["astrid", "bjorn"],
                                                                       ["Anne.txt", "Poul.txt"])
    rows = {(c.code.split("/")[-1], c.source): c for c in compare(data)}
    worry = rows[("Worry", "Anne.txt")]
    assert (worry.a, worry.b, worry.both, worry.kappa) == (len("When I am scared"), 0, 0, 0.0)
    assert rows[("Worry", "Poul.txt")].kappa == 1.0
    known = rows[("Being known", "Anne.txt")]
    assert known.both == len("He knows me and my family")
    assert known.agreement == pytest.approx(100 * (known.length - (known.b - known.a)) / known.length)
    total = {r["code"]: r for r in summary(data)}
    assert total["Attachment theory/Safe haven"]["alpha_u"] == 1.0
    assert 0 < total[POOLED]["kappa"] < 1 and 0 < total[POOLED]["alpha_u"] < 1


def test_disagreements_list_who_coded_what(study):
    found = [(d["source"], d["code"].split("/")[-1], d["coded_by"], d["text"])
             for d in disagreements(Coding(study))]
    assert found == [("Anne.txt", "Being known", "bjorn", ". When I am scared"),
                     ("Anne.txt", "Worry", "astrid", "When I am scared"),
                     ("Poul.txt", "Being known", "bjorn", "the one who knows my heart")]


def test_query_commands_print_json_and_csv(path, run):
    result = run("query", "matrix", path, "--by", "practice", "--json")
    cells = {(c["code"], c["practice"]): c for c in json.loads(result.stdout)}
    assert cells[("Continuity preference/Prefers a regular GP", "1")]["cases"] == 2
    result = run("query", "codings", path, "--code", "Vulnerability", "--by-coder", "astrid", "--csv")
    assert [r["text"] for r in csv.DictReader(io.StringIO(result.stdout))] == [
        "When I am scared", "I worry about my heart"]
    result = run("query", "cooccurrence", path, "--mode", "turn", "--passages", "--json")
    assert {r["source"] for r in json.loads(result.stdout)} == {"Anne.txt", "Poul.txt", "Sofie.txt"}
    assert "Poul.txt" in run("query", "kwic", path, "heart").stdout
    assert json.loads(run("query", "words", path, "--json").stdout)[0]["count"] >= 4
    assert json.loads(run("query", "table1", path, "--group", "practice", "--json").stdout)[0]["Total"] == 4
    result = run("query", "saturation", path, "--order", "interview_date", "--plot")
    assert "Saturation" in result.stderr and "Codes per interview" in result.stdout
    agreement = json.loads(run("query", "agreement", path, "--per-source", "--json").stdout)
    assert {r["source"] for r in agreement} == {"Anne.txt", "Poul.txt"}
    assert len(json.loads(run("query", "disagreements", path, "--json").stdout)) == 3


def test_query_errors_are_one_line(path, run):
    result = run("query", "codings", path, "--where", "practice")
    assert (result.exit_code, result.stderr) == (2, "Error: --where 'practice': expected ATTRIBUTE=VALUE\n")
    result = run("query", "agreement", path, "--coders", "astrid")
    assert result.exit_code == 1 and "at least two coders" in result.output
