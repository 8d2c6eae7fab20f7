"""The review screen, a plugin screen: accept, reject, skip and accept-all-for-code by keyboard."""

from __future__ import annotations

import pytest
from fixtures.strategy_support import build

from qodex.extensions import parse_options
from qodex.plugins.review.screen import ReviewScreen
from qodex.project import Project
from qodex.tui.screens.document import DocumentScreen

pytest_plugins = ["fixtures.tui_support"]
pytestmark = pytest.mark.asyncio
SIZE = (100, 30)


@pytest.fixture
def suggested(tmp_path, host):
    """The small study with the attachment frame's proposals stored, as tester ran them."""
    with build(tmp_path / "study.qodex", host) as project:
        theory = host.registry.strategies["theory"]
        options = parse_options(theory.options, ["frame=sample_study/attachment_frame.toml"], "theory")
        project.suggestions.add("theory", theory.propose(project, list(project.sources), options))
    return tmp_path / "study.qodex"


async def test_review_decides_by_key_and_codes_as_the_reviewer(suggested, host):
    from qodex.tui import QodexApp

    app = QodexApp(suggested, coder="astrid", host=host)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p", *"review", "enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        total = len(screen.found)
        first, second = screen.found[:2]
        await pilot.press("a")
        await pilot.pause()
        coding = app.project.codings.get(app.project.suggestions.get(first.id).coding_id)
        assert app.project.coders.get(coding.coder_id).name == "astrid"
        assert (coding.start, coding.end) == (first.start, first.end)
        await pilot.press("r")
        await pilot.pause()
        assert app.project.suggestions.get(second.id).status == "rejected"
        assert len(screen.found) == total - 2
        skipped = screen.current
        await pilot.press("s")
        assert screen.current != skipped
        code_id = screen.current.code_id
        await pilot.press("A")
        await pilot.pause()
        assert not [s for s in screen.found if s.code_id == code_id]
        assert "open suggestion(s)" in str(screen.query_one("#summary").render())
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DocumentScreen)
    with Project.open(suggested) as project:
        expected = "accepted" if skipped.code_id == code_id else "open"  # skip leaves it undecided
        assert project.suggestions.get(skipped.id).status == expected


async def test_review_is_in_the_command_palette_and_says_when_nothing_is_open(tmp_path, host):
    from qodex.tui import QodexApp

    build(tmp_path / "study.qodex", host).close()
    app = QodexApp(tmp_path / "study.qodex", host=host)
    async with app.run_test(size=SIZE) as pilot:
        (command,) = [c for c in app.get_system_commands(app.screen)
                      if c.title == "Open Review suggestions"]
        command.callback()
        await pilot.pause()
        assert "No open suggestions" in str(app.screen.query_one("#summary").render())
        await pilot.press("a", "escape")
        assert not isinstance(app.screen, ReviewScreen)
