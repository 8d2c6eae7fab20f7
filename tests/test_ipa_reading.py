"""The IPA reading screen at 80x24: a case from notes in the margin to statements, by keyboard."""

import pytest
from fixtures.ipa_support import build
from fixtures.tui_support import _config_home  # noqa: F401
from test_ipa_tui import shown

from qodex.plugins.ipa import model
from qodex.plugins.ipa.reading import ReadingScreen
from qodex.project import Project

pytestmark = pytest.mark.asyncio


@pytest.fixture
def app(tmp_path, host):
    from qodex.tui import QodexApp

    with Project.create(tmp_path / "s.qodex", host=host) as project:
        build(project)
    return QodexApp(tmp_path / "s.qodex", host=host)


async def open_anne(app, pilot):
    app.push_screen(ReadingScreen(app.project.sources.get("Anne-interview").id))
    await pilot.pause()
    return app.screen


async def test_a_case_from_notes_beside_the_lines_to_statements(app):
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_anne(app, pilot)
        notes, column = screen.query_one("#ipa-notes"), screen.query_one("#ipa-statements")
        await pilot.press("s", "n", *"d says he knows her", "enter")
        await pilot.press("down", "s", "n", *"l 'completely': no reservation", "enter")
        await pilot.pause()
        lines = shown(notes).splitlines()
        assert lines[0].startswith("│ D says he knows")  # beside "He knows me."
        assert lines[2].startswith("│ C trust as")  # beside line 2 (the first note wraps), then
        assert any(line.startswith("│ L 'completely'") for line in lines[3:6])  # the next below

        await pilot.press("g", "j", "space", "j", "j", "space", "S", *"Being known, trusting wholly",
                          "enter")
        await pilot.pause()
        (made,) = model.table(app.project, "statements").rows(text="Being known, trusting wholly")
        grounds = {n["body"] for n in model.notes_of(app.project, made["id"])}
        assert grounds == {"says he knows her", "'completely': no reservation"}
        assert shown(column).splitlines()[0].startswith("│ • Being known,")
        assert not any(ch.isdigit() for ch in shown(column))  # no ids on the worksheet

        await pilot.press("g", "k")  # nothing before the first note: said, not an error
        await pilot.press("G", "up", "s", "S", *"Dreading the loss", "enter")
        await pilot.pause()
        (dread,) = model.table(app.project, "statements").rows(text="Dreading the loss")
        assert [s["quote"] for s in model.spans(app.project, [dread["id"]])] == [
            "He retires soon, I dread it."]


async def test_a_narrow_terminal_folds_the_columns_into_a_stack(app):
    async with app.run_test(size=(60, 24)) as pilot:
        screen = await open_anne(app, pilot)
        assert screen.query_one("#ipa-columns").has_class("folded")
        notes = shown(screen.query_one("#ipa-notes")).splitlines()
        assert notes[0].strip("│ ") == "Notes" and notes[1].startswith("│ l.2 C trust as surrender")
        assert screen.query_one("#ipa-notes").region.y > screen.view.region.y  # below the text
        assert screen.query_one("#ipa-notes").region.width == screen.view.region.width
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert not screen.query_one("#ipa-columns").has_class("folded")
        assert screen.query_one("#ipa-notes").region.x > screen.view.region.x  # beside it


async def test_a_transcript_without_notes_says_how_to_start(app):
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(ReadingScreen(app.project.sources.get("Mads-interview").id))
        await pilot.pause()
        notes = " ".join(shown(app.screen.query_one("#ipa-notes")).replace("│", "").split())
        assert notes.startswith("No notes yet: select words (w, s, p, t or shift+arrows), press n")
        column = " ".join(shown(app.screen.query_one("#ipa-statements")).replace("│", "").split())
        assert column.startswith("• Change of doctor for Mads")  # from a passage, no note


async def test_help_lists_the_ipa_keys_first(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await open_anne(app, pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        table = app.screen.query_one("#keys")
        first = [str(table.get_row_at(i)[1]) for i in range(5)]
        assert first == ["Note", "Statement", "Next note", "Prev note", "Mark note"]


async def test_far_down_a_long_transcript_each_note_stays_beside_its_line(tmp_path, host):
    from qodex.plugins.ipa import notes
    from qodex.tui import QodexApp

    text = "\n".join(f"Line {i} of a long interview." for i in range(600)) + "\n"
    with Project.create(tmp_path / "long.qodex", host=host) as project:
        source = project.sources.add("Long-interview", text)
        project.cases.add("Long")
        project.cases.link("Long", source)
        for i in range(0, 600, 10):
            start = text.index(f"Line {i} of")
            notes.add(project, source, start, start + 4, "descriptive", f"note on line {i}")
    app = QodexApp(tmp_path / "long.qodex", host=host)
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(ReadingScreen(app.project.sources.get("Long-interview").id))
        await pilot.pause()
        await pilot.press("G", "k", "k")  # the end, then back two notes
        await pilot.pause()
        screen = app.screen
        margin, top = shown(screen.query_one("#ipa-notes")).splitlines(), screen.view.scroll_offset.y
        assert screen.view.selection == (text.index("Line 580 of"), text.index("Line 580 of") + 4)
        for i in (580, 590):
            line = screen.view.lines.line_of(text.index(f"Line {i} of"))
            assert margin[line - top].startswith(f"│ D note on line {i}")


async def test_a_note_written_elsewhere_shows_beside_its_line(app, tmp_path, host):
    from qodex.plugins.ipa import notes

    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_anne(app, pilot)
        with Project.open(tmp_path / "s.qodex", host=host) as other:  # another coder, the CLI
            notes.add(other, "Anne-interview", 0, 8, "linguistic", "opens with him")
        app.check_for_changes()
        await pilot.pause()
        assert shown(screen.query_one("#ipa-notes")).splitlines()[0].startswith("│ L opens with him")


async def test_a_note_is_asked_for_at_the_foot_of_the_reading_screen_and_escape_writes_nothing(app):
    from textual.widgets import Input

    from qodex.plugins.ipa.asking import Ask

    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_anne(app, pilot)
        transcript = screen.query_one("#transcript")
        before = len(model.table(app.project, "notes").rows())
        await pilot.press("s", "n")
        ask = screen.query_one(Ask)
        assert app.screen is screen and ask.display and ask.region.bottom == 24  # no modal: at the foot
        assert "Note (d, l or c" in str(ask.query_one("Label").render())
        await pilot.press(*"c never written", "escape")
        assert not ask.display and screen.focused is transcript and app.screen is screen
        assert len(model.table(app.project, "notes").rows()) == before
        await pilot.press("n")
        assert ask.query_one(Input).value == ""  # a question asked again starts empty
        await pilot.press(*"d written", "enter")
        await pilot.pause()
        assert not ask.display and screen.focused is transcript
        assert [n["body"] for n in model.table(app.project, "notes").rows()][before:] == ["written"]
