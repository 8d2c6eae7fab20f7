"""The per-case worksheet and the group table as Word documents and printable HTML."""

import pytest
from docx import Document
from fixtures.ipa_support import build

from qodex.project import Project


@pytest.fixture
def study(tmp_path, host):
    with Project.create(tmp_path / "s.qodex", host=host) as project:
        build(project)
        project.sources.add("Anne-followup", "<b>Later</b>: he left.\n")
        project.cases.link("Anne", "Anne-followup")
    return tmp_path / "s.qodex"


def ok(result):
    assert result.exit_code == 0, result.output
    return result.stdout


def cells(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_the_worksheet_as_docx_has_the_three_columns_beside_numbered_lines(run, study, tmp_path):
    ok(run("ipa", "worksheet", study, "--case", "Anne", "-o", tmp_path / "anne.docx"))
    document = Document(tmp_path / "anne.docx")
    assert document.paragraphs[0].text == "Worksheet: Anne"
    (table,) = document.tables
    rows = cells(table)
    assert rows[0] == ["line", "transcript", "exploratory notes", "experiential statements"]
    assert rows[1] == ["", "Anne-interview", "", ""]
    assert rows[3] == ["2", "I trust him completely.", "C: trust as surrender",
                       "Personal relationship for Anne\nVulnerability for Anne"]
    assert rows[4][:3] == ["3", "He retires soon, I dread it.", ""]
    assert ["1", "<b>Later</b>: he left.", "", ""] in rows  # the second transcript, numbered anew
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (297, 210)  # A4


def test_the_worksheet_and_the_group_table_in_html_print_on_a4(run, study, tmp_path):
    page = ok(run("ipa", "worksheet", study, "--case", "Anne", "--format", "html"))
    assert "@page { size: A4 landscape" in page
    assert "<td>2</td><td>I trust him completely.</td><td>C: trust as surrender</td>" in page
    assert "&lt;b&gt;Later&lt;/b&gt;" in page and "<b>Later" not in page
    ok(run("ipa", "table", study, "master", "-o", tmp_path / "master.docx"))
    rows = cells(Document(tmp_path / "master.docx").tables[0])
    assert rows[0] == ["theme", "case", "case theme", "quote"]
    quote = "\u201cI trust him completely.\u201d (Anne, 67)"
    assert ["", "Anne", "Anne: Personal relationship", quote] in rows
    refused = run("ipa", "table", study, "master", "--format", "docx")
    assert refused.exit_code == 1 and "a .docx needs a file to go to" in refused.stderr
    again = run("ipa", "worksheet", study, "--case", "Anne", "-o", tmp_path / "master.docx")
    assert again.exit_code == 1 and "exists" in again.stderr
