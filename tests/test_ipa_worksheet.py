"""The per-case worksheet and the group table as Word documents and printable HTML."""

import pytest
from docx import Document
from fixtures.ipa_support import build
from fixtures.tui_support import _config_home  # noqa: F401
from test_ipa_tui import shown

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


@pytest.fixture
def app(study, host):
    from qodex.tui import QodexApp

    with Project.open(study, host=host) as project:
        project.cases.add("Karen")
        project.cases.link("Karen", project.sources.add("Karen-interview", "Nothing noted here.\n"))
    return QodexApp(study, host=host)


def page(screen) -> str:
    return shown(screen.query_one("#ipa-worksheet"))


@pytest.mark.asyncio
async def test_the_worksheet_screen_switches_case_and_writes_a_docx_at_80x24(app, study):
    async with app.run_test(size=(80, 24)) as pilot:
        app.action_plugin_screen("IPA worksheet")
        await pilot.pause()
        screen = app.screen
        assert screen.sub_title == "Worksheet: Anne"
        lines = page(screen).splitlines()
        (trust,) = [line for line in lines if "I trust him completely." in line]
        assert "C: trust as" in trust and "Personal" in trust  # beside their line
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert screen.sub_title == "Worksheet: Poul"
        assert "A new face would frighten me." in page(screen)
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        written = study.parent / "poul-worksheet.docx"
        rows = cells(Document(written).tables[0])
        assert rows[0] == ["line", "transcript", "exploratory notes", "experiential statements"]
        assert rows[2] == ["2", "A new face would frighten me.", "",
                           "Personal relationship for Poul\nChange of doctor for Poul"]

        await pilot.press("f", *"ka", "enter")  # an existing file is replaced only when confirmed
        await pilot.pause()
        assert screen.sub_title == "Worksheet: Karen"
        await pilot.press("d", "ctrl+u", *"poul-worksheet.docx", "enter")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert cells(Document(written).tables[0])[2][1] == "A new face would frighten me."
        await pilot.press("d", "ctrl+u", *"poul-worksheet.docx", "enter", "y")
        await pilot.pause()
        assert cells(Document(written).tables[0])[1] == ["1", "Nothing noted here.", "", ""]
        await pilot.press("H", "enter")
        await pilot.pause()
        html = (study.parent / "karen-worksheet.html").read_text(encoding="utf-8")
        assert "@page { size: A4" in html and "<td>1</td><td>Nothing noted here.</td>" in html


@pytest.mark.asyncio
async def test_the_worksheet_screen_folds_says_what_to_do_and_lists_its_keys_first(app):
    async with app.run_test(size=(60, 24)) as pilot:
        app.action_plugin_screen("IPA board")  # the board (like the reading screen) opens it with W
        await pilot.pause()
        await pilot.press("W")
        await pilot.pause()
        assert app.screen.sub_title == "Worksheet: Anne"
        lines = page(app.screen).splitlines()
        at = next(i for i, line in enumerate(lines) if "I trust him completely." in line)
        assert lines[at].split() == ["2", "I", "trust", "him", "completely."]
        assert "C: trust as surrender" in lines[at + 1]
        assert "• Personal relationship for Anne" in lines[at + 2]
        await pilot.press("f", *"Karen", "enter")
        await pilot.pause()
        hint = " ".join(shown(app.screen.query_one("#ipa-worksheet-hint")).split())
        assert hint.startswith("No notes or experiential statements for Karen yet: press o")
        await pilot.press("question_mark")
        await pilot.pause()
        table = app.screen.query_one("#keys")
        assert [str(table.get_row_at(i)[1]) for i in range(6)] == [
            "Next case", "Prev case", "Find case", "Word", "HTML", "Read"]
        await pilot.press("escape", "o")  # to the transcript, and back to its case's worksheet
        await pilot.pause()
        assert app.screen.sub_title == "Karen-interview"
        await pilot.press("W")
        await pilot.pause()
        assert app.screen.sub_title == "Worksheet: Karen"
