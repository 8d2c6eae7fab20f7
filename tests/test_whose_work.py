"""Whose work it is, in the TUI at 80x24 on the sample study (coded by astrid): who codes and
choosing it, each coding's coder in the coding view and retrieval, showing one coder's codings,
and a question before deleting or resizing another coder's coding."""

import pytest

from qodex.project import Project
from qodex.tui import QodexApp
from qodex.tui.screens.confirm import Confirm
from qodex.tui.screens.document import DocumentScreen
from qodex.tui.screens.prompt import Prompt

pytestmark = pytest.mark.asyncio
SIZE = (80, 24)


def header(app) -> str:
    return str(app.screen.query_one("HeaderTitle").render())


async def open_at_first_coding(app, pilot):
    """The coding view at the sample's first coding (astrid's), cursor on it."""
    coding = app.project.codings.list(coder="astrid")[0]
    app.open_source(coding.source_id)
    await pilot.pause()
    assert isinstance(app.screen, DocumentScreen)
    app.screen.view.go_to(coding.start)
    await pilot.pause()
    return coding


async def answer(pilot, text: str) -> None:
    await pilot.pause()
    assert isinstance(pilot.app.screen, Prompt)
    await pilot.press("ctrl+u", *text, "enter")
    await pilot.pause()


async def test_first_open_as_a_stranger_asks_who_codes_listing_the_coders(sample, host,
                                                                          monkeypatch):
    monkeypatch.delenv("QODEX_CODER")
    monkeypatch.setattr("getpass.getuser", lambda: "newcomer")
    app = QodexApp(sample, host=host)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, Prompt)
        assert "astrid" in str(app.screen.query_one("Label").render())
        await answer(pilot, "astrid")
        assert app.project.coder_name == "astrid" and "qodex · astrid" in header(app)


async def test_a_coder_named_on_the_command_line_is_not_asked(sample, host):
    app = QodexApp(sample, coder="tester", host=host)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert not isinstance(app.screen, Prompt) and "qodex · tester" in header(app)


async def test_change_coder_from_the_palette_then_code_as_them(sample, host):
    app = QodexApp(sample, coder="tester", host=host)
    async with app.run_test(size=SIZE) as pilot:
        (change,) = [c for c in app.get_system_commands(app.screen) if c.title == "Change coder"]
        change.callback()
        await answer(pilot, "bea")
        assert "qodex · bea" in header(app)
        await open_at_first_coding(app, pilot)
        await pilot.press("w", "c", *"Being known", "enter")
        await pilot.pause()
        (coding,) = app.project.codings.list(coder="bea")
        assert app.project.codes.path(coding.code_id) == "Personal relationship/Being known"


async def test_the_status_line_and_retrieval_rows_name_each_codings_coder(sample, host):
    app = QodexApp(sample, coder="tester", host=host)
    async with app.run_test(size=SIZE) as pilot:
        coding = await open_at_first_coding(app, pilot)
        assert "(astrid)" in str(app.screen.query_one("#here").render())
        app.retrieve([coding.code_id])
        await app.workers.wait_for_complete()
        await pilot.pause()
        first = app.screen.query_one("OptionList").get_option_at_index(0).prompt
        assert "astrid" in str(first.renderables[0])


async def test_showing_one_coders_codings_in_the_coding_view_and_retrieval(sample, host):
    with Project.open(sample, coder="tester", host=host) as project:
        project.codings.add("P01-anne", "Consultation", 0, 5)
    app = QodexApp(sample, coder="tester", host=host)
    async with app.run_test(size=SIZE) as pilot:
        coding = await open_at_first_coding(app, pilot)
        everyone = len(app.screen.view.marks_at(coding.start))
        await pilot.press("k")
        await answer(pilot, "nobody")
        assert "showing" not in header(app)  # not a coder here: nothing filtered
        await pilot.press("k")
        await answer(pilot, "tester")
        assert app.screen.view.marks_at(coding.start) == [] and "showing tester's" in header(app)
        assert len(app.screen.view.marks_at(0)) == 1
        app.retrieve([coding.code_id])
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen.found == []
        await pilot.press("k")
        await answer(pilot, "")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen.found and "showing" not in header(app)
        app.open_source(coding.source_id)
        await pilot.pause()
        assert len(app.screen.view.marks_at(coding.start)) == everyone


async def test_deleting_or_resizing_another_coders_coding_asks_first(sample, host):
    app = QodexApp(sample, coder="tester", host=host)
    async with app.run_test(size=SIZE) as pilot:
        coding = await open_at_first_coding(app, pilot)
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, Confirm) and "astrid's coding" in str(
            app.screen.query_one("Label").render())
        await pilot.press("n")
        await pilot.pause()
        assert app.project.codings.find(coding.id) is not None
        await pilot.press("w", "e")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        await pilot.press("n")
        await pilot.pause()
        assert app.project.codings.get(coding.id) == coding
        app.screen.view.go_to(coding.start)
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert app.project.codings.find(coding.id) is None
