"""qodex strategies, suggest (with --preview) and review, interactive and by flags."""

from __future__ import annotations

import json

import pytest
from fixtures.strategy_support import build

from qodex.host import get_host
from qodex.project import Project


@pytest.fixture
def study(tmp_path):
    build(tmp_path / "study.qodex", get_host()).close()
    return tmp_path / "study.qodex"


WORDS = ("-O", "code=Trust", "-O", "words=trust him;lost")


def test_strategies_lists_each_with_its_options(run):
    rows = {r["name"]: r for r in json.loads(run("strategies", "--json").output)}
    assert {"guide", "keywords", "speaker", "theory", "similar"} <= set(rows)
    assert any(o.startswith("context=sentence: ") for o in rows["keywords"]["options"])


def test_preview_counts_per_code_and_stores_nothing(run, study):
    result = run("suggest", study, "keywords", *WORDS, "--preview", "--json")
    assert json.loads(result.output) == [{"code": "Trust", "proposed": 3, "sources": 1}]
    with Project.open(study) as project:
        assert project.suggestions.count() == 0


def test_suggest_stores_and_a_rerun_adds_nothing_new(run, study):
    first = run("suggest", study, "keywords", *WORDS, "--source", "P01-anne")
    assert "3 new suggestion(s) from 3 proposed" in first.stderr
    assert "Trust" in first.stdout
    again = run("suggest", study, "keywords", *WORDS)
    assert "0 new suggestion(s) from 3 proposed" in again.stderr
    with Project.open(study) as project:
        (one, *_) = project.suggestions.list()
        assert json.loads(one.params) == {"code": "Trust", "words": "trust him;lost"}


def test_unknown_strategy_or_option_is_one_line_error(run, study):
    result = run("suggest", study, "nope")
    assert result.exit_code == 1 and "no strategy 'nope' (strategies: guide" in result.stderr
    result = run("suggest", study, "keywords", "-O", "colour=red")
    assert "keywords has no option 'colour=red'" in result.stderr


def test_review_by_flags_for_scripts(run, study):
    run("suggest", study, "keywords", *WORDS)
    run("suggest", study, "speaker", "-O", "by=role", "--source", "P02-bjorn")
    listed = json.loads(run("review", study, "--list", "--code", "Trust", "--json").output)
    assert [r["quote"] for r in listed] == ["I trust him completely.", "If he retired I would be lost.",
                                            "I trust him."]
    result = run("--coder", "astrid", "review", study, "--accept", listed[0]["id"],
                 "--reject", listed[1]["id"])
    assert "accepted 1, rejected 1" in result.stderr
    run("--coder", "bjorn", "review", study, "--accept-all", "--strategy", "speaker")
    with Project.open(study) as project:
        codings = {(project.codes.path(c.code_id), project.coders.get(c.coder_id).name)
                   for c in project.codings.list()}
        assert ("Trust", "astrid") in codings and ("Roles/Participant", "bjorn") in codings
        assert len(project.suggestions.list()) == 1
    assert "0 new" in run("suggest", study, "keywords", *WORDS).stderr


def test_review_one_by_one_with_accept_all_for_a_code(run, study):
    run("suggest", study, "keywords", *WORDS, "-O", "words=trust*;lost")
    run("suggest", study, "speaker")
    result = run("--coder", "astrid", "review", study, "--code", "Trust", input="r\ns\nA\n")
    assert "[1/4] P01-anne · Trust" in result.output and "> I trust him completely." in result.output
    assert "accepted 2, rejected 1" in result.stderr
    with Project.open(study) as project:
        accepted = [project.codings.quote(c) for c in project.codings.list(code="Trust")]
        assert accepted == ["I trust him.", "I trust the nurse more, to be honest."]
        assert len(project.suggestions.list(code="Trust")) == 1  # the skipped one waits
        assert len(project.suggestions.list(strategy="speaker")) == 13  # another code: untouched
