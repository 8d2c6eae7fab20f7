"""Reports: the attachment report from a small study, rendering, and a researcher's copied report."""

import re
from pathlib import Path

import pytest
from fixtures.analysis_study import build

from qodex.host import PluginHost
from qodex.plugins.reports import attachment
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
        return attachment.build(project, {o.name: o.default for o in attachment.OPTIONS})


def test_every_section_is_computed_from_the_project(markdown):
    assert "*study: 4 participants, 4 interviews, coded by astrid.*" in markdown
    assert "| Characteristic | Total (n = 4) | Practice 1 (n = 2) | Practice 2 (n = 2) |" in markdown
    assert "| 1 | Your doctor | Tell me about your doctor. • Who do you see? |" in markdown
    assert "3 of 4 (75 %)³ participants preferred a regular GP" in markdown
    assert "| regular | 2 of 2 (100 %) |" in markdown and "| unfamiliar | 1 of 2 (50 %) |" in markdown
    assert "| **Vulnerability** | 2 of 4 (50 %) | 2 |" in markdown
    assert "is the same at every level" not in markdown  # 0 %, 100 %, 100 % rises
    assert "The share of participants coded “Vulnerability” rises (0 % → 100 % → 100 %)" in markdown
    # Anne (incurable) and Poul (chronic) each have one Worry coding; the study has no Activation code
    assert "the number of “Vulnerability” codings per participant rises (0.0 → 1.0 → 1.0)" in markdown
    assert "| incurable | 1 | 1 of 1 (100 %) | 1.0 | 11 % |" in markdown
    assert "| less serious | 2 | 0 of 2 (0 %) | 0.0 | 0 % (0–0 %) |" in markdown
    assert "does not rise steadily (0 % → 18 % → 11 %)" in markdown and "the measures disagree" in markdown
    assert "> He knows me and my family (Anne, 67)" in markdown
    assert "Saturation reached" in markdown or "Saturation not reached" in markdown


def test_every_note_marker_has_its_note(markdown):
    body, notes = markdown.split("## How the numbers were computed")
    markers = set(re.findall(r"[¹²³⁴⁵⁶⁷⁸⁹][⁰¹²³⁴⁵⁶⁷⁸⁹]?", body))
    numbered = re.findall(r"^(\d+)\. ", notes, re.MULTILINE)
    assert {m.translate(str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")) for m in markers} == set(numbered)
    assert len(numbered) >= 8


def test_rendered_as_html_markdown_and_terminal(markdown):
    html = render(markdown, "html", "Attachment")
    assert html.startswith("<!doctype html>") and html.count("<svg") == 2 and "```" not in html
    assert "<table>" in html and "<title>Attachment</title>" in html
    md = render(markdown, "md")
    assert "<svg" not in md and "```text" in md and "Codes per interview" in md
    assert "Table I." in render(markdown, "term", width=120)
    with pytest.raises(ValueError):
        render(markdown, "pdf")


def test_figures_show_svg_in_html_and_text_elsewhere():
    block = figure("a plot", "<svg><title>x</title></svg>")
    assert "<figure><svg>" in render(block, "html") and "a plot" in render(block, "md")


def test_report_command_writes_each_format(path, run, tmp_path):
    result = run("report", path, "attachment", "-o", tmp_path / "out.html")
    assert result.exit_code == 0 and "<svg" in (tmp_path / "out.html").read_text(encoding="utf-8")
    result = run("report", path, "attachment", "--format", "md", "-O", "quotes=1")
    assert result.stdout.startswith("# Why a regular GP matters") and "(Anne, 67)" in result.stdout
    assert run("report", path, "nothing").exit_code == 1
    assert run("report", path, "attachment", "-O", "colour=red").exit_code == 1


def test_a_researcher_copies_the_report_into_the_study_folder(path, run, tmp_path):
    copy = Path(attachment.__file__).read_text(encoding="utf-8")
    copy = copy.replace('Report("attachment"', 'Report("my-theory"').replace(
        "# Why a regular GP matters: an attachment-theory reading", "# My theory")
    (tmp_path / "plugins").mkdir()
    (tmp_path / "plugins" / "my_theory.py").write_text(copy, encoding="utf-8")
    run("trust")
    result = run("report", path, "my-theory", "--format", "md")
    assert result.exit_code == 0 and result.stdout.startswith("# My theory"), result.stderr


def test_the_report_is_registered_by_the_builtin_plugin():
    host = PluginHost()
    host.load_builtins()
    assert "attachment" in host.registry.reports
