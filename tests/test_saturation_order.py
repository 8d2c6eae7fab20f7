"""Saturation done right: interviews in the order of the interview date (or one asked for), never
silently by file name; the order and coders stated; the CLI and the function reports call agree;
IPA's stance stated; counter-instances are not new codes."""

import json

import analysis_study
import pytest

from qodex.errors import QodexError
from qodex.plugins.analysis.saturation import saturation
from qodex.project import Project


@pytest.fixture
def path(tmp_path, host):
    path = tmp_path / "study.qodex"
    analysis_study.build(path, host)
    return path


def test_the_interview_date_is_the_default_order_and_it_is_stated(path, run):
    result = run("query", "saturation", path)
    assert result.exit_code == 0, result.output
    rows = [line.split()[1] for line in result.stdout.splitlines()[1:]]
    assert rows == ["Anne.txt", "Poul.txt", "Sofie.txt", "Mads.txt"]  # not by file name
    assert "Interview order: interview_date (the cases' date attribute of the interview)." in result.stderr
    assert "Coders: astrid, bjorn (pooled" in result.stderr
    assert "(IPA) does not use saturation" in result.stderr


def test_without_a_date_attribute_it_refuses_and_names_the_options(tmp_path, run):
    (tmp_path / "P01.txt").write_text("Interviewer: Hello.\nAnne: Hello.\n", encoding="utf-8")
    run("init", "plain.qodex")
    run("import", "plain.qodex", "P01.txt")
    run("code", "plain.qodex", "P01", "Greeting", "--match", "Hello.", "--occurrence", "2")
    result = run("query", "saturation", "plain.qodex")
    assert result.exit_code == 1 and len(result.output.strip().splitlines()) == 1
    assert "no date attribute" in result.output and "--order source-name" in result.output
    assert "--sequence" in result.output
    by_name = run("query", "saturation", "plain.qodex", "--order", "source-name")
    assert by_name.exit_code == 0 and "Interview order: source-name (as asked)." in by_name.stderr


def test_an_explicit_sequence_orders_the_interviews(path, run):
    result = run("query", "saturation", path, "--sequence", "Mads.txt,Sofie.txt,Poul.txt,Anne.txt",
                 "--json")
    found = json.loads(result.stdout)
    assert [s["source"] for s in found["steps"]] == ["Mads.txt", "Sofie.txt", "Poul.txt", "Anne.txt"]
    assert (found["order"], found["why"]) == ("sequence", "as listed")
    short = run("query", "saturation", path, "--sequence", "Mads.txt,Anne.txt")
    assert short.exit_code == 1 and "leaves out coded source(s) Poul.txt, Sofie.txt" in short.output


@pytest.mark.parametrize("options, arguments", [
    ((), {}),
    (("--coder", "astrid", "--base", "2", "--run", "1", "--threshold", "20"),
     {"coders": ["astrid"], "base": 2, "run": 1, "threshold": 0.2}),
    (("--order", "source-name", "--coder", "bjorn"), {"order": "source-name", "coders": ["bjorn"]}),
])
def test_the_cli_and_the_function_agree(sample, run, options, arguments):
    printed = json.loads(run("query", "saturation", sample, "--json", *options).stdout)
    with Project.open(sample) as project:
        assert printed == saturation(project, **arguments).as_dict()
    assert printed["note"].startswith("Saturation is shown as a description of sampling only")


def test_counter_instances_bring_no_new_codes(path, host):
    with Project.open(path, host=host) as project:
        (mads,) = project.codings.list(source="Mads.txt")
        project.codings.mark(mads, "hypothetical")
        found = saturation(project, coders=["astrid"])
        with pytest.raises(QodexError, match="no case attribute 'when'.*interview_date"):
            saturation(project, order="when")
    assert [s.source for s in found.steps] == ["Anne.txt", "Poul.txt", "Sofie.txt"]
    assert (found.coders, found.pooled) == (["astrid"], False)
