"""Small terminals (60x20, 80x24) lose nothing: whole quotes, the keys, the codes at the cursor, the
speaker's name; and the number keys always lead to a place's own screen."""

from __future__ import annotations

import pytest

from qodex.project import Project
from qodex.tui.screens.document import DocumentScreen
from qodex.tui.screens.home import SourcesScreen
from qodex.tui.screens.retrieval import RetrievalScreen

pytest_plugins = ["fixtures.tui_support"]
BARS = str.maketrans("", "", "▁▂▃▄▅▆▇█▔▊▎")  # borders and scrollbars, not text
LONG = ("It means I don't have to start from the beginning every time. He knows about Kaj, he knows "
        "how Kaj died, he was there for that, he came to the house at the end.")


@pytest.fixture
def long_study(tmp_path, host):
    """One interview whose second turn is coded with two long code paths."""
    with Project.create(tmp_path / "long.qodex", host=host) as project:
        from fixtures.tui_support import transcript

        text, segments = transcript([("Interviewer", "What does it mean that he knows you?"), ("Anne", LONG)])
        source = project.sources.add("P01-anne", text, segments=segments)
        start = text.index(LONG)
        for path in ("Personal relationship/Being known", "Attachment theory/GP perceived as/Trusted"):
            project.codings.add(source, project.codes.ensure(path), start, start + len(LONG))
    return tmp_path / "long.qodex"


def screen_text(app) -> list[str]:
    """The terminal's lines as drawn."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


async def settle(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@pytest.mark.asyncio
async def test_retrieval_at_60x20_shows_each_quote_whole(long_study, host):
    from qodex.tui import QodexApp

    with Project.open(long_study, host=host) as project:  # more quotes than fit: a scrollbar
        start = project.sources.get(1).text.index(LONG)
        for n in range(4):
            project.codings.add(1, project.codes.ensure(f"More/Code {n}"), start, start + len(LONG))
    app = QodexApp(long_study, host=host)
    async with app.run_test(size=(60, 20)) as pilot:
        app.retrieve([c.id for c in app.project.codes if c.parent_id is not None])
        await settle(pilot)
        assert isinstance(app.screen, RetrievalScreen) and len(app.screen.found) == 6
        shown = " ".join(" ".join(line.translate(BARS).split()) for line in screen_text(app))
        assert shown.count(LONG) == 3, shown  # the three quotes in view, each to its last word


@pytest.mark.asyncio
@pytest.mark.parametrize("width", [60, 80, 120])
async def test_the_coding_view_fits_its_keys_codes_and_speaker_to_the_width(long_study, host, width):
    from qodex.tui import QodexApp

    app = QodexApp(long_study, host=host)
    async with app.run_test(size=(width, 20)) as pilot:
        await pilot.press("enter")
        await settle(pilot)
        app.screen.view.go_to(app.screen.view.text.index(LONG))
        await settle(pilot)
        lines = screen_text(app)
        keys, here = lines[-1], lines[-2]
        assert keys.rstrip().endswith("? Keys") and "c Code" in keys
        assert (width >= 80) == ("m Memo" in keys)
        assert "Being known" in here and "Trusted" in here, here
        assert (width >= 120) == ("Personal relationship/Being known" in here)
        assert any(line.startswith("Interviewer ") for line in lines), lines


@pytest.mark.asyncio
async def test_number_keys_show_the_list_and_one_escape_goes_back(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DocumentScreen)
        await pilot.press("3", "1")
        await settle(pilot)
        assert isinstance(app.screen, SourcesScreen)
        await pilot.press("2", "down", "enter")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DocumentScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, RetrievalScreen)
        await pilot.press("enter", "3")
        await settle(pilot)
        assert isinstance(app.screen, RetrievalScreen)
