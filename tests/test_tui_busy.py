"""A coder whose write finds the file busy past the timeout is told so, and can simply try again."""

from __future__ import annotations

import sqlite3

import pytest

from qodex.tui.screens.document import DocumentScreen

pytest_plugins = ["fixtures.tui_support"]
pytestmark = pytest.mark.asyncio


async def test_coding_while_another_writer_holds_the_file_says_busy_and_stays_retryable(app, monkeypatch):
    monkeypatch.setattr("qodex.project.project.BUSY_TIMEOUT_MS", 200)
    app.project.conn.execute("PRAGMA busy_timeout = 200")
    holder = sqlite3.connect(app.project.path, isolation_level=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DocumentScreen)
        await pilot.press("down", "down", "s")
        selection = screen.view.selection
        holder.execute("BEGIN IMMEDIATE")  # another coder's long write
        await pilot.press("c", *"Family ties", "enter")
        await pilot.pause()
        said = str(list(app._notifications)[-1].message)
        assert said == (f"{app.project.path} is busy: another coder or program has held it"
                        " for 0.2 s; nothing was saved, try again")
        assert app.project.codes.find("Family ties") is None
        assert screen.view.selection == selection  # the same keys do it again
        holder.execute("ROLLBACK")
        await pilot.press("c", *"Family ties", "enter")
        await pilot.pause()
        (coding,) = app.project.codings.list(code="Family ties")
        assert (coding.start, coding.end) == selection
    holder.close()
