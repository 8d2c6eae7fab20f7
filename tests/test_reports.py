"""Reports on the small two-coder study: every note has its marker, rendering to each format,
agreement in the report, and a researcher's copy of the report in the study folder."""

import re
from pathlib import Path

import pytest
from fixtures.analysis_study import build

from qodex.host import PluginHost
from qodex.plugins.reports import study
from qodex.project import Project
from qodex.reporting import figure, render

GUIDE = "# Guide\n\n## 1. Your doctor\n\n- Tell me about your doctor.\n- Who do you see?\n"


@pytest.fixture
def path(tmp_path, host):
    build(tmp_path / "study.qodex", host)
    (tmp_path / "interview_guide.md").write_text(GUIDE, encoding="utf-8")
    return tmp_path / "study.qodex"


@pytest.fixture
def markdown(path, host):
    with Project.open(path, host=host) as project:
        return study.build(project, {o.name: o.default for o in study.OPTIONS})


def test_without_a_study_file_every_part_comes_from_the_project(markdown):
    assert "*study: 4 participants, 4 interviews, coded by astrid." in markdown
    assert "| Characteristic | Total (n = 4) |" in markdown and "| **practice** |" in markdown
    assert "| 1 | Your doctor | Tell me about your doctor. • Who do you see? |" in markdown
    assert "| › Prefers a regular GP | 3 | 3 of 4 (75 %) | 0 | – |" in markdown
    assert "> He knows me and my family (Anne, 67; Anne.txt " in markdown


def test_every_note_marker_has_its_note(markdown):
    body, notes = markdown.split("## How the numbers were computed")
    markers = set(re.findall(r"[¹²³⁴⁵⁶⁷⁸⁹][⁰¹²³⁴⁵⁶⁷⁸⁹]?", body))
    numbered = re.findall(r"^(\d+)\. ", notes, re.MULTILINE)
    assert {m.translate(str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")) for m in markers} == set(numbered)
    assert len(numbered) >= 8


def test_agreement_per_code_and_pooled_is_labelled_with_a_confidence_interval(markdown):
    section = markdown.split("## Agreement between coders")[1].split("## Saturation")[0]
    assert "Coders astrid, bjorn, each pair on the sources both coded" in markdown
    assert re.search(r"^\| astrid \\& bjorn \| Pooled over all codes \| \d+ \| \d+\.\d\d % \| "
                     r"-?\d\.\d\d \(-?\d\.\d\d to -?\d\.\d\d\) \|", section, re.MULTILINE)
    assert "| astrid \\& bjorn | Personal relationship/Being known |" in section


def test_with_a_third_coder_the_report_gives_every_pair_and_alpha_for_all(path, host):
    from fixtures.analysis_study import BJORN, code

    with Project.open(path, coder="carla", host=host) as project:
        code(project, BJORN)
    with Project.open(path, host=host) as project:
        text = study.build(project, {o.name: o.default for o in study.OPTIONS})
    section = text.split("## Agreement between coders")[1].split("## Saturation")[0]
    for pair in ("astrid \\& bjorn", "astrid \\& carla", "bjorn \\& carla", "(all coders)"):
        assert f"| {pair} | Pooled over all codes |" in section, pair


def test_rendered_as_html_markdown_terminal_and_docx(markdown):
    html = render(markdown, "html", "Report")
    assert html.startswith("<!doctype html>") and html.count("<svg") == 3 and "```" not in html
    assert "<table>" in html and "<title>Report</title>" in html
    md = render(markdown, "md")
    assert "<svg" not in md and "```text" in md and "Codes per interview" in md
    assert "Table I." in render(markdown, "term", width=120)
    assert render(markdown, "docx", "Report")[:2] == b"PK"
    with pytest.raises(ValueError):
        render(markdown, "pdf")


def test_figures_show_svg_in_html_and_text_elsewhere():
    block = figure("a plot", "<svg><title>x</title></svg>")
    assert "<figure><svg>" in render(block, "html") and "a plot" in render(block, "md")


def test_report_command_writes_each_format(path, run, tmp_path):
    result = run("report", path, "study", "-o", tmp_path / "out.html")
    assert result.exit_code == 0 and "<svg" in (tmp_path / "out.html").read_text(encoding="utf-8")
    result = run("report", path, "study", "--format", "md", "-O", "quotes=1")
    assert result.stdout.startswith("# study") and "(Anne, 67;" in result.stdout
    assert run("report", path, "nothing").exit_code == 1
    assert run("report", path, "study", "-O", "colour=red").exit_code == 1


def test_a_researcher_copies_the_report_into_the_study_folder(path, run, tmp_path):
    copy = Path(study.__file__).read_text(encoding="utf-8")
    copy = copy.replace('Report("study"', 'Report("my-theory"').replace(
        'f"# {markdown(setting.title or project.name)}"', '"# My theory"')
    (tmp_path / "plugins").mkdir()
    (tmp_path / "plugins" / "my_theory.py").write_text(copy, encoding="utf-8")
    run("trust")
    result = run("report", path, "my-theory", "--format", "md")
    assert result.exit_code == 0 and result.stdout.startswith("# My theory"), result.stderr


def test_the_reports_are_registered_by_the_builtin_plugins():
    host = PluginHost()
    host.load_builtins()
    assert {"study", "coreq"} <= set(host.registry.reports)
    assert host.registry.reports["attachment"].build is study.build  # the former name, an alias
