"""The key bar is built from the live bindings: grouped keys together, the focused widget's first,
and what does not fit left out, never the help key."""

from __future__ import annotations

import pytest

from qodex.tui.widgets.keybar import KeyBar

pytest_plugins = ["fixtures.tui_support"]


@pytest.mark.asyncio
@pytest.mark.parametrize("width", [60, 80, 120])
async def test_the_document_key_bar_fits_and_keeps_help(app, width):
    async with app.run_test(size=(width, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        line = str(app.screen.query_one(KeyBar).render())
        assert line.startswith("w/s/p/t Select  c Code")
        assert line.endswith("? Keys") and len(line) <= width - 2
        if width >= 80:
            assert "y Copy" in line


@pytest.mark.asyncio
async def test_a_rebound_key_shows_in_the_bar(app):
    app.settings["keymap"] = {"document.code": "f4"}
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert "f4 Code" in str(app.screen.query_one(KeyBar).render())
