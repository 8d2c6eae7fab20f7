"""The history screen (a plugin screen): who changed what, live, and undo/redo by key."""

from __future__ import annotations

import pytest

from qodex.plugins.history.screen import HistoryScreen
from qodex.project import Project

pytest_plugins = ["fixtures.tui_support"]
pytestmark = pytest.mark.asyncio
SIZE = (100, 30)


async def test_history_shows_others_live_and_undoes_my_own(study, host):
    from qodex.tui import QodexApp

    app = QodexApp(study, coder="astrid", host=host)
    async with app.run_test(size=SIZE) as pilot:
        app.project.codes.add("Mine")
        await pilot.press("H")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        assert "Coding as astrid: 1 step(s) to undo" in str(screen.query_one("#coder").render())
        with Project.open(study, coder="bjorn") as other:
            other.codes.add("Theirs")
        app.check_for_changes()  # what the app's timer does
        await pilot.pause()
        table = screen.query_one("DataTable")
        assert [str(table.get_row_at(i)[2]) for i in (0, 1)] == ["bjorn", "astrid"]
        await pilot.press("u")
        await pilot.pause()
        assert app.project.codes.find("Mine") is None
        assert app.project.codes.find("Theirs") is not None
        await pilot.press("r")
        await pilot.pause()
        assert app.project.codes.find("Mine") is not None
