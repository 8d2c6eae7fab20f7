"""The study report and the analyses on the sample study reproduce its design."""

import json

import pytest
from conftest import SAMPLE_STUDY as STUDY
from conftest import copy_sample

TABLE_ONE = ["| female | 12 | 6 | 6 |", "| male | 10 | 4 | 6 |", "| 18-35 | 6 | 2 | 4 |",
             "| 36-54 | 8 | 4 | 4 |", "| 55-82 | 8 | 4 | 4 |", "| regular | 12 | 5 | 7 |",
             "| unfamiliar | 10 | 5 | 5 |", "| acute | 11 | 6 | 5 |", "| non-acute | 11 | 4 | 7 |"]
STUDY_FILE = f"study={STUDY / 'report.toml'}"


@pytest.fixture(scope="module")
def path(sample_study_file, tmp_path_factory):
    return copy_sample(sample_study_file, tmp_path_factory.mktemp("study"))


def test_the_report_reproduces_the_published_figures(path, run, tmp_path):
    markdown = run("report", path, "study", "--format", "md", "-O", STUDY_FILE).stdout
    assert "| Characteristic | Total (n = 22) | Practice 1 (n = 10) | Practice 2 (n = 12) |" in markdown
    assert all(row in markdown for row in TABLE_ONE)
    assert "20 of 22 (91 %)³ participants preferred a regular GP" in markdown
    assert "| regular | 12 of 12 (100 %) |" in markdown and "| unfamiliar | 8 of 10 (80 %) |" in markdown
    assert "| 4 | The importance of relational continuity |" in markdown
    assert "(Anne, 67;" in markdown and "coded by astrid" in markdown
    run("report", path, "study", "-o", tmp_path / "report.html", "-O", STUDY_FILE)
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert html.count("<svg") == 4 and "20 of 22 (91 %)" in html


def test_agreement_between_astrid_and_bjorn_on_their_six_interviews(path, run):
    rows = json.loads(run("query", "agreement", path, "--json").stdout)
    overall = rows[-1]
    assert overall["code"] == "(all codes, pooled)" and overall["sources"] == 6
    assert 90 < overall["agreement"] < 100 and 0 < overall["kappa"] < 1 and 0 < overall["alpha_u"] < 1
    assert json.loads(run("query", "disagreements", path, "--json").stdout)


def test_prefers_a_regular_gp_by_practice_in_the_matrix(path, run):
    cells = json.loads(run("query", "matrix", path, "--by", "practice", "--by-coder", "astrid",
                           "--code", "Continuity preference/Prefers a regular GP", "--json").stdout)
    assert {c["practice"]: (c["cases"], c["n"]) for c in cells} == {"1": (9, 10), "2": (11, 12)}


def test_vulnerability_codings_per_participant_rise_with_seriousness(path, run):
    cells = json.loads(run("query", "matrix", path, "--by", "seriousness", "--measure", "codings",
                           "--by-coder", "astrid", "--code", "Vulnerability", "--aggregate", "--json").stdout)
    counts = {c["seriousness"]: (c["codings"], c["n"]) for c in cells}
    assert counts == {"less serious": (25, 11), "chronic": (22, 7), "incurable": (22, 4)}
    markdown = run("report", path, "study", "--format", "md", "-O", STUDY_FILE).stdout
    assert "“Vulnerability” codings per participant rises (2.3 → 3.1 → 5.5)" in markdown
    assert "**In short, with seriousness every measure of how much is coded rises.**" in markdown
    assert "Not every participant follows the gradient" in markdown  # counter-examples remain


def test_the_theory_reading_shows_arguments_quotes_and_what_has_no_support(path, run):
    markdown = run("report", path, "study", "--format", "md", "-O", STUDY_FILE).stdout
    reading = markdown.split("## Theory reading")[1].split("## In the participants' words")[0]
    assert "### Safe haven" in reading and "Themes: *Vulnerability*." in reading
    assert "When illness or worry sets in" in reading and "\n> " in reading
    assert "**No support:** no theme of this study is read as GP perceived as." in reading
