"""The workbench driven by keyboard alone at 80x24: each workflow a researcher needs."""

from __future__ import annotations

import pytest

from qodex.project import Project
from qodex.tui.screens.codebook import CodebookScreen
from qodex.tui.screens.document import DocumentScreen
from qodex.tui.screens.memo_editor import MemoEditor
from qodex.tui.screens.retrieval import RetrievalScreen

pytest_plugins = ["fixtures.tui_support"]
pytestmark = pytest.mark.asyncio
SIZE = (80, 24)


async def open_first_source(pilot):
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(pilot.app.screen, DocumentScreen)
    return pilot.app.screen


async def test_select_a_passage_and_code_it_with_a_new_code(app):
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first_source(pilot)
        await pilot.press("down", "down", "s")
        start, end = screen.view.selection
        assert screen.view.text[start:end] == "Anne: Twenty years."
        await pilot.press("c", *"Family ties", "enter")
        await pilot.pause()
        code = app.project.codes.get("Family ties")
        (coding,) = app.project.codings.list(code=code)
        assert (coding.start, coding.end) == (start, end)
        assert code.id in {m.code_id for m in screen.view.marks_at(start)}
        assert "Family ties" in str(screen.query_one("#here").render())


async def test_the_fuzzy_picker_applies_an_existing_code(app):
    async with app.run_test(size=SIZE) as pilot:
        await open_first_source(pilot)
        await pilot.press("down", "down", "t", "c", *"cont", "enter")
        await pilot.pause()
        assert len(app.project.codings.list(code="Continuity")) == 2
        assert len(app.project.codes) == 3


async def test_in_vivo_uncode_and_resize(app):
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first_source(pilot)
        await pilot.press("down", "down", "right", "right", "right", "right", "right", "right",
                          "w", "w", "v")
        await pilot.pause()
        (coding,) = app.project.codings.list(code="Twenty years")
        await pilot.press("w", "w", "w", "e")
        await pilot.pause()
        resized = app.project.codings.get(coding.id)
        assert app.project.codings.quote(resized) == "Twenty years. He"
        innermost = screen.view.marks_at(resized.start)[0]
        await pilot.press("x")
        await pilot.pause()
        assert app.project.codings.find(innermost.id) is None
        assert innermost not in screen.view.marks_at(resized.start)


async def test_selection_grows_by_word_and_clears_with_escape(app):
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first_source(pilot)
        await pilot.press("w", "w", "w")
        start, end = screen.view.selection
        assert screen.view.text[start:end] == "Interviewer: How long"
        await pilot.press("escape")
        assert screen.view.selection is None
        await pilot.press("escape")
        assert not isinstance(app.screen, DocumentScreen)


async def test_retrieve_a_code_and_jump_to_the_quote(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        assert isinstance(app.screen, CodebookScreen)
        await pilot.press("down", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, RetrievalScreen)
        assert [q.text for q in app.screen.found] == ["I trust him completely."]
        await pilot.press("enter")
        await pilot.pause()
        view = app.screen.view
        assert view.text[slice(*view.selection)] == "I trust him completely."


async def test_retrieval_with_and_and_or(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3", "a", *"Trust", "enter", "a", *"Continuity", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert len(app.screen.found) == 2
        await pilot.press("o")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen.found == []
        await pilot.press("o")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("y")
        assert app.clipboard in {q.text for q in app.screen.found}


async def test_merge_two_codes_in_the_codebook(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2", "down", "g", *"Contin", "enter")
        await pilot.pause()
        assert app.project.codes.find("Trust") is None
        assert len(app.project.codings.list(code="Continuity")) == 2


async def test_create_rename_and_describe_codes(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2", "down", "n")
        await pilot.pause()
        await pilot.press(*"Trust/Doubt", "enter")  # a full path, not nested under the selection
        await pilot.pause()
        assert app.project.codes.find("Trust/Doubt") is not None
        assert app.project.codes.find("Trust/Trust/Doubt") is None
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("ctrl+u", *"Distrust", "enter")
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        await pilot.press(*"Not trusting", "enter")
        await pilot.pause()
        code = app.project.codes.get("Trust/Distrust")
        assert code.description == "Not trusting"


async def test_write_a_memo_on_a_coding_with_a_preview(app):
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first_source(pilot)
        await pilot.press("right_square_bracket", "m")
        await pilot.pause()
        assert isinstance(app.screen, MemoEditor)
        await pilot.press(*"# Years", "enter", *"long *bond*")
        await pilot.pause()
        assert len(app.screen.query_one("#memo-preview").query("MarkdownH1")) == 1
        await pilot.press("escape")
        await pilot.pause()
        coding = app.project.codings.get(screen.view.marks_at(screen.view.cursor)[0].id)
        assert coding.memo == "# Years\nlong *bond*"  # the coding's own memo, one model
        assert app.project.memos.list() == []


async def test_search_and_jump_to_a_hit(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"histor", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert [h.match for h in app.screen.hits] == ["history"]
        await pilot.press("enter")
        await pilot.pause()
        view = app.screen.view
        assert view.text[slice(*view.selection)] == "history"


async def test_filter_sources_by_attribute(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f", *"practice=nordby", "enter")
        table = app.screen.query_one("DataTable")
        assert table.row_count == 1
        assert str(table.get_row_at(0)[0]) == "P02-bjorn"


async def test_tables_show_square_brackets_as_written(app):
    app.project.memos.add("[laughs] it was fine", title="[aside]")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("5")
        await pilot.pause()
        shown = app.screen.query_one("DataTable").render_line(1).text  # under the headings
        assert "[aside]" in shown and "[laughs] it was fine" in shown


async def test_edit_an_attribute_value_in_the_cases_table(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("6", "right", "right", "enter", "ctrl+u", *"72", "enter")
        await pilot.pause()
        assert app.project.cases.values("Anne")["age"] == 72


async def test_help_lists_the_keys_of_the_screen(app):
    async with app.run_test(size=SIZE) as pilot:
        await open_first_source(pilot)
        await pilot.press("question_mark")
        table = app.screen.query_one("DataTable")
        actions = {table.get_row_at(i)[1] for i in range(table.row_count)}
        assert {"Code", "In vivo", "Word", "Turn", "Keys"} <= actions
        await pilot.press("escape")
        assert isinstance(app.screen, DocumentScreen)


async def test_another_process_changes_show_without_restarting(app, study, host):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        with Project.open(study, host=host, coder="other") as other:
            other.codes.add("Added elsewhere")
        app.check_for_changes()
        await pilot.pause()
        labels = [str(n.label) for n in app.screen.query_one("Tree").root.children]
        assert any("Added elsewhere" in label for label in labels)


async def test_a_change_elsewhere_while_a_transcript_opens_shows_once_it_is_open(app, study, host):
    async with app.run_test(size=SIZE) as pilot:
        with Project.open(study, host=host, coder="other") as other:
            other.codes.add("Added elsewhere")
        app.open_source(next(iter(app.project.sources)).id)
        app.check_for_changes()  # the app's timer may fire before the transcript is mounted
        await pilot.pause()
        assert isinstance(app.screen, DocumentScreen)
        assert app.screen.view.text


async def test_undo_and_redo_from_any_screen_with_the_coder_in_the_header(app):
    async with app.run_test(size=SIZE) as pilot:
        assert "qodex · tester" in str(app.screen.query_one("HeaderTitle").render())
        screen = await open_first_source(pilot)
        await pilot.press("down", "down", "s")
        start = screen.view.selection[0]
        await pilot.press("c", *"Family ties", "enter")
        await pilot.pause()
        family = app.project.codes.get("Family ties").id
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert app.project.codings.list(code=family) == []
        assert family not in {m.code_id for m in screen.view.marks_at(start)}
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert family in {m.code_id for m in screen.view.marks_at(start)}
        await pilot.press("escape", "escape", "2", "ctrl+z", "ctrl+z")
        await pilot.pause()
        labels = [str(n.label) for n in app.screen.query_one("Tree").root.children]
        assert app.project.codes.find("Family ties") is None
        assert not any("Family ties" in label for label in labels)


async def test_ctrl_q_quits(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running
