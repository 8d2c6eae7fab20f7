"""The codebook and the home list show names at once and count codings in the background; the app
keeps the counts, follows its own coding writes without counting again, and counts again after
another process changed the file."""

from __future__ import annotations

import threading

import pytest
from textual.widgets import DataTable

from qodex.project import Project
from qodex.project.overview import Overview
from qodex.tui.screens.codebook import CodebookScreen
from qodex.tui.screens.retrieval import RetrievalScreen

pytest_plugins = ["fixtures.tui_support"]
SIZE = (100, 30)


class Counting:
    """Wraps an `Overview` count so each call is recorded and, while `gate` is shut, waits."""

    def __init__(self, monkeypatch, name: str, shut: bool = False):
        self.calls, self.gate, real = 0, threading.Event(), getattr(Overview, name)
        if not shut:
            self.gate.set()

        def counted(overview):
            self.calls += 1
            assert self.gate.wait(30), "the test never opened the gate"
            return real(overview)
        monkeypatch.setattr(Overview, name, counted)


async def settle(app, pilot) -> None:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


def label(app, name: str) -> str:
    """The codebook's label of the code called `name`."""
    code = app.project.codes.get(name)
    return str(app.screen.nodes[code.id].label)


def home_codings(app) -> dict[str, str]:
    table = app.screen.query_one(DataTable)
    rows = (table.get_row_at(i) for i in range(table.row_count))
    return {str(row[0]): str(row[-1]) for row in rows}


@pytest.mark.asyncio
async def test_codebook_shows_names_and_takes_keys_before_its_counts_arrive(app, monkeypatch):
    counting = Counting(monkeypatch, "code_counts", shut=True)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("2")
            await pilot.pause()
            assert isinstance(app.screen, CodebookScreen)
            assert label(app, "Trust").endswith("…/…") and "Continuity" in label(app, "Continuity")
            await pilot.press("down", "down")
            assert app.screen.code_id == app.project.codes.get("Continuity").id
            await pilot.press("up", "enter")
            await pilot.pause()
            assert isinstance(app.screen, RetrievalScreen)
            counting.gate.set()
            await settle(app, pilot)
            await pilot.press("2")
            await pilot.pause()
            assert label(app, "Trust").endswith("1/1") and label(app, "Continuity/Loss").endswith("0/0")
            assert counting.calls == 1
    finally:
        counting.gate.set()


@pytest.mark.asyncio
async def test_home_lists_sources_at_once_then_their_coding_counts(app, monkeypatch):
    counting = Counting(monkeypatch, "source_counts", shut=True)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert home_codings(app) == {"P01-anne": "…", "P02-bjorn": "…"}
            await pilot.press("down")
            assert app.screen.query_one(DataTable).cursor_row == 1
            counting.gate.set()
            await settle(app, pilot)
            assert home_codings(app) == {"P01-anne": "2", "P02-bjorn": "0"}
            table = app.screen.query_one(DataTable)
            assert table.cursor_row == 1
            drawn = [table.render_line(y).text.split() for y in range(3)]
            assert [line[0] for line in drawn] == ["Source", "P01-anne", "P02-bjorn"]
            assert [line[-1] for line in drawn] == ["Codings", "2", "0"]
    finally:
        counting.gate.set()


@pytest.mark.asyncio
async def test_a_count_wider_than_its_column_widens_it(app, monkeypatch):
    monkeypatch.setattr(Overview, "source_counts", lambda overview: {1: 123_456_789, 2: 5})
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one(DataTable)
        assert [table.render_line(y).text.split()[-1] for y in range(3)] == [
            "Codings", "123456789", "5"]


@pytest.mark.asyncio
async def test_coding_here_updates_the_held_counts_without_counting_again(app, monkeypatch):
    codes, sources = (Counting(monkeypatch, "code_counts"), Counting(monkeypatch, "source_counts"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("2")
        await settle(app, pilot)
        assert label(app, "Trust").endswith("1/1")
        await pilot.press("1", "down", "enter")  # P02-bjorn, not coded yet
        await pilot.pause()
        await pilot.press("w", "c", *"Trust", "enter")
        await pilot.pause()
        await pilot.press("escape", "2")
        await settle(app, pilot)
        assert label(app, "Trust").endswith("2/2")
        await pilot.press("1")
        await settle(app, pilot)
        assert home_codings(app) == {"P01-anne": "2", "P02-bjorn": "1"}
        await pilot.press("up", "enter", "down", "down", "s", "c", *"Trust", "enter")  # in P01
        await pilot.press("escape", "2")
        await settle(app, pilot)
        assert label(app, "Trust").endswith("3/2")  # one more coding, no new source
        await pilot.press("1", "up", "enter", "down", "down", "s", "x")  # remove it again
        await pilot.press("escape", "1", "down", "enter", "x")  # and P02's only Trust coding
        await pilot.press("escape", "2")
        await settle(app, pilot)
        assert label(app, "Trust").endswith("1/1")
        await pilot.press("1")
        await settle(app, pilot)
        assert home_codings(app) == {"P01-anne": "2", "P02-bjorn": "0"}
        assert (codes.calls, sources.calls) == (1, 1)
        trust = app.project.codes.get("Trust").id
        with Project.open(app.project.path) as fresh:
            assert fresh.overview.code_counts()[trust] == (1, 1)

@pytest.mark.asyncio
async def test_a_coding_by_another_process_leads_to_a_recount(app, study, host, monkeypatch):
    counting = Counting(monkeypatch, "code_counts")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await settle(app, pilot)
        assert label(app, "Trust").endswith("1/1") and counting.calls == 1
        with Project.open(study, host=host, coder="other") as other:
            other.codings.add("P02-bjorn", "Trust", 0, 5)
        app.check_for_changes()
        await settle(app, pilot)
        assert label(app, "Trust").endswith("2/2") and counting.calls == 2


@pytest.mark.asyncio
async def test_a_counter_instance_leaves_the_supporting_count_without_counting_again(app, monkeypatch):
    codes, sources = (Counting(monkeypatch, "code_counts"), Counting(monkeypatch, "source_counts"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await settle(app, pilot)
        assert label(app, "Continuity").endswith("1/1")
        await pilot.press("1")
        await settle(app, pilot)
        await pilot.press("enter")  # P01-anne
        await pilot.pause()
        (coding,) = app.project.codings.list(code="Continuity")
        app.screen.view.go_to(coding.start)
        await pilot.press("n", "down", "enter")  # a counter-instance (denial)
        await pilot.press("escape", "2")
        await settle(app, pilot)
        assert label(app, "Continuity").endswith("0/0") and label(app, "Trust").endswith("1/1")
        await pilot.press("1")
        await settle(app, pilot)
        assert home_codings(app)["P01-anne"] == "2"  # counter-instances are codings too
        await pilot.press("enter")
        await pilot.pause()
        app.screen.view.go_to(coding.start)
        await pilot.press("x", "escape")  # remove the counter-instance
        await settle(app, pilot)
        assert home_codings(app)["P01-anne"] == "1"
        await pilot.press("2")
        await settle(app, pilot)
        assert label(app, "Continuity").endswith("0/0")
        assert (codes.calls, sources.calls) == (1, 1)
