"""The coding view at 80x24: n on the coding at the cursor picks a counter-instance kind (or a
label typed in, or supporting again); the line under the transcript shows the kind; undo restores."""

from __future__ import annotations

import pytest

from qodex.tui.screens.document import DocumentScreen
from qodex.tui.widgets.counter_picker import CounterPicker

pytest_plugins = ["fixtures.tui_support"]
pytestmark = pytest.mark.asyncio
SIZE = (80, 24)


async def continuity_coding(pilot):
    """Open P01 and put the cursor on "Twenty years.", coded Continuity."""
    await pilot.press("enter")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, DocumentScreen)
    (coding,) = pilot.app.project.codings.list(code="Continuity")
    screen.view.go_to(coding.start)
    await pilot.pause()
    return screen, coding


async def test_n_marks_the_coding_at_the_cursor_from_the_picker(app):
    async with app.run_test(size=SIZE) as pilot:
        screen, coding = await continuity_coding(pilot)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, CounterPicker)
        await pilot.press("down", "down", "enter")  # supporting, denial, hypothetical
        await pilot.pause()
        assert app.screen is screen
        assert app.project.codings.get(coding.id).counter == "hypothetical"
        assert "Continuity (hypothetical, tester)" in str(screen.query_one("#here").render())
        await pilot.press("n", "tab", *"my aunt's view", "enter")
        await pilot.pause()
        assert app.project.codings.get(coding.id).counter == "my aunt's view"
        await pilot.press("n", "enter")
        await pilot.pause()
        assert app.project.codings.get(coding.id).counter is None
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert app.project.codings.get(coding.id).counter == "my aunt's view"


async def test_escape_leaves_the_coding_as_it_was(app):
    async with app.run_test(size=SIZE) as pilot:
        screen, coding = await continuity_coding(pilot)
        await pilot.press("n", "escape")
        await pilot.pause()
        assert app.screen is screen and app.project.codings.get(coding.id).counter is None


async def test_the_matrix_shows_counter_instances_and_opens_them(app):
    from qodex.plugins.analysis.screens.passages import PassagesScreen

    (coding,) = app.project.codings.list(code="Continuity")
    app.project.codings.mark(coding, "denial")
    async with app.run_test(size=SIZE) as pilot:
        app.action_plugin_screen("Matrix")
        await pilot.pause()
        screen = app.screen
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.found.cell("Continuity", "Anne")[:2] == (0, 0)
        await pilot.press("m", "m", "m")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.measure == "counter" and screen.found.cell("Continuity", "Anne").counter == 1
        row = screen.found.rows.index("Continuity")
        screen.query_one("DataTable").move_cursor(row=row, column=1)  # Anne
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PassagesScreen)
        assert [p.text for p in app.screen.passages] == ["Twenty years."]
