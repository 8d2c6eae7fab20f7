"""Slow reads run in workers on connections of their own, a failure is shown rather than lost, and
moving the cursor or filtering redraws and rereads only what changed."""

from __future__ import annotations

import sqlite3

import pytest
from textual.widgets import DataTable, Input
from textual.worker import WorkerFailed

from qodex.project import Project
from qodex.tui.widgets.transcript import TranscriptView

pytest_plugins = ["fixtures.tui_support"]
SIZE = (80, 24)


def test_a_reader_sees_the_file_but_cannot_write(study):
    with Project.open(study) as project, project.reader() as reader:
        assert len(reader.sources) == 2
        with pytest.raises(sqlite3.OperationalError, match="readonly|read-only"):
            reader.codes.add("Written by a worker")
        assert project.codes.find("Written by a worker") is None


@pytest.mark.asyncio
async def test_a_failing_load_is_shown_not_lost(app):
    async with app.run_test(size=SIZE) as pilot:
        def broken(reader):
            raise ValueError("the disk went away")

        worker = app.screen.load("counting", broken, lambda result: None)
        with pytest.raises(WorkerFailed):
            await worker.wait()
        await pilot.pause()
        shown = [str(n.message) for n in app._notifications]
        assert any("counting failed: the disk went away" in m for m in shown), shown


@pytest.mark.asyncio
async def test_workers_read_on_their_own_connection(app):
    seen = []
    async with app.run_test(size=SIZE) as pilot:
        app.screen.load("peek", lambda reader: reader.conn, seen.append)
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert seen and seen[0] is not app.project.conn


@pytest.mark.asyncio
async def test_typing_a_filter_rereads_nothing(app, monkeypatch):
    async with app.run_test(size=SIZE) as pilot:
        reads = []
        original = app.project.overview.sources
        monkeypatch.setattr(app.project.overview, "sources", lambda: reads.append(1) or original())
        app.screen.query_one(Input).focus()
        await pilot.press(*"anne")
        await pilot.pause()
        assert app.screen.query_one(DataTable).row_count == 1
        assert reads == []


@pytest.mark.asyncio
async def test_a_cursor_move_redraws_only_its_lines(app, monkeypatch):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        view = app.screen.query_one(TranscriptView)
        drawn = []
        draw = view._draw
        monkeypatch.setattr(view, "_draw", lambda index: drawn.append(index) or draw(index))
        await pilot.press("right")
        await pilot.pause()
        assert drawn and set(drawn) <= {view.lines.line_of(view.cursor)}
