"""The analysis screens: a matrix whose numbers open their passages, and the disagreement list
opening each disagreement in its transcript."""

import pytest
from fixtures.analysis_study import build

from qodex.plugins.analysis.screens.disagreements import DisagreementsScreen
from qodex.plugins.analysis.screens.matrix import MatrixScreen
from qodex.plugins.analysis.screens.passages import PassagesScreen
from qodex.tui.screens.document import DocumentScreen

pytest_plugins = ["fixtures.tui_support"]
pytestmark = pytest.mark.asyncio
SIZE = (120, 30)


@pytest.fixture
def app(tmp_path, host):
    from qodex.tui import QodexApp

    build(tmp_path / "study.qodex", host)
    return QodexApp(tmp_path / "study.qodex", host=host)


async def settled(pilot) -> None:
    """Wait for the screen's loads (the matrix is computed in a worker), then for its redraw."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_matrix_cell_opens_its_passages_and_a_passage_its_transcript(app):
    async with app.run_test(size=SIZE) as pilot:
        app.action_plugin_screen("Matrix")
        await settled(pilot)
        screen = app.screen
        assert isinstance(screen, MatrixScreen) and screen.found.columns == ["Anne", "Mads", "Poul", "Sofie"]
        row = screen.found.rows.index("Vulnerability/Worry")
        screen.query_one("DataTable").move_cursor(row=row, column=3)  # Poul
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PassagesScreen)
        assert [p.text for p in app.screen.passages] == ["I worry about my heart"] * 2
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DocumentScreen)


async def test_matrix_changes_columns_and_measure(app):
    async with app.run_test(size=SIZE) as pilot:
        app.action_plugin_screen("Matrix")
        await settled(pilot)
        await pilot.press("b", "m")
        await settled(pilot)
        assert (app.screen.by, app.screen.measure) == ("source", "cases")


async def test_each_disagreement_opens_in_its_transcript(app):
    async with app.run_test(size=SIZE) as pilot:
        app.action_plugin_screen("Disagreements")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DisagreementsScreen) and len(screen.found) == 3
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, DocumentScreen)
