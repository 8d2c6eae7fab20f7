"""The IPA screens driven by the keyboard: group statements on the board, trace a theme to its text."""

import pytest
from fixtures.ipa_support import build
from fixtures.tui_support import _config_home  # noqa: F401

from qodex.plugins.ipa import clustering, model
from qodex.plugins.ipa.board import BoardScreen
from qodex.plugins.ipa.decision_log import DecisionLogScreen
from qodex.plugins.ipa.members import MembersScreen
from qodex.plugins.ipa.overview import OverviewScreen
from qodex.plugins.ipa.reading import ReadingScreen
from qodex.plugins.ipa.trace import TraceScreen
from qodex.plugins.ipa.worksheet_screen import WorksheetScreen
from qodex.project import Project

pytestmark = pytest.mark.asyncio
SIZE = (100, 30)


@pytest.fixture
def app(tmp_path, host):
    from qodex.tui import QodexApp

    with Project.create(tmp_path / "s.qodex", host=host) as project:
        build(project)
    return QodexApp(tmp_path / "s.qodex", host=host)


def shown(widget) -> str:
    """What a widget drawn line by line shows, one line each."""
    return "\n".join(widget.render_line(y).text.rstrip() for y in range(widget.size.height))


def anne_themes(project):
    return {t["name"]: t for t in clustering.personal_themes(project, "Anne")}


async def test_board_groups_marked_statements_into_a_theme_by_keyboard(app):
    async with app.run_test(size=SIZE) as pilot:
        app.action_plugin_screen("IPA board")
        await pilot.pause()
        board = app.screen
        assert isinstance(board, BoardScreen) and board.sub_title.startswith("Anne")
        assert "I trust him completely." in str(board.query_one("#ipa-detail").render())
        await pilot.press("space", "down", "space", "g", *"Being held", "enter")
        await pilot.pause()
        assert anne_themes(app.project)["Being held"]["statement_ids"] == [1, 4]
        await pilot.press("m")
        await pilot.pause()
        assert anne_themes(app.project)["Being held"]["method"] == "abstraction"
        await pilot.press("u", "right_square_bracket")
        await pilot.pause()
        assert anne_themes(app.project)["Being held"]["statement_ids"] == [1]  # the cursor was on 4
        assert board.sub_title.startswith("Poul")


async def test_from_the_cross_case_table_down_to_the_passage(app):
    async with app.run_test(size=SIZE) as pilot:
        app.action_plugin_screen("IPA themes")
        await pilot.pause()
        overview = app.screen
        assert isinstance(overview, OverviewScreen)
        table = overview.query_one("DataTable")
        assert table.row_count == 4 and "4 (100%)" in map(str, table.get_row_at(0))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TraceScreen)
        tree = app.screen.query_one("Tree")
        leaf = next(n for n in tree._tree_nodes.values() if n.data and "Poul-interview" in str(n.label))
        tree.select_node(leaf)
        await pilot.pause()
        reading = app.screen
        assert isinstance(reading, ReadingScreen)
        source_id, start, end = leaf.data
        assert reading.source_id == source_id and reading.view.selection == (start, end)
        assert reading.view.text[start:end] == "A new face would frighten me."


async def test_reading_a_passage_to_note_it_and_make_a_statement(app):
    async with app.run_test(size=SIZE) as pilot:
        app.action_plugin_screen("IPA board")
        await pilot.pause()
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, ReadingScreen)
        await pilot.press("n", *"c trust as surrender", "enter")
        await pilot.pause()
        assert len(app.project.plugin_table("ipa_notes").rows(body="trust as surrender")) == 2
        assert "C trust as surrender" in shown(app.screen.query_one("#ipa-notes"))
        await pilot.press("S", *"Letting go of control", "enter")
        await pilot.pause()
        (made,) = app.project.plugin_table("ipa_statements").rows(text="Letting go of control")
        assert app.project.cases.get(made["case_id"]).name == "Anne"


SCREENS = {  # every IPA screen, opened on the study
    "board": lambda project: BoardScreen(),
    "themes": lambda project: OverviewScreen(),
    "reading": lambda project: ReadingScreen(project.sources.get("Anne-interview").id),
    "worksheet": lambda project: WorksheetScreen(),
    "decision log": lambda project: DecisionLogScreen(),
    "members": lambda project: MembersScreen(model.theme(project, "The need for attachment")["id"]),
}


@pytest.mark.parametrize("name", SCREENS)
async def test_help_lists_each_ipa_screens_own_keys_first(app, name):
    async with app.run_test(size=(80, 24)) as pilot:
        screen = SCREENS[name](app.project)
        app.push_screen(screen)
        await pilot.pause()
        own = list(dict.fromkeys(b.description for b in type(screen).BINDINGS if b.description))
        await pilot.press("question_mark")
        await pilot.pause()
        table = app.screen.query_one("#keys")
        assert [str(table.get_row_at(i)[1]) for i in range(len(own))] == own
