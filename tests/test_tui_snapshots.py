"""Snapshots of the main screens at 80x24 (update with --snapshot-update after a wanted change)."""

from __future__ import annotations

pytest_plugins = ["tui_support"]
SIZE = (80, 24)


async def _settle(pilot):
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def test_sources(snap_compare, app):
    """Two sources with case, age, practice, length and codings; the filter on top."""
    assert snap_compare(app, terminal_size=SIZE)


def test_transcript_with_a_selection(snap_compare, app):
    """P01: speaker labels, tinted codings with stripes, the sentence "Anne: Twenty years."
    selected, and the bar under the text naming the speaker and codes at the cursor."""
    assert snap_compare(app, terminal_size=SIZE, press=["enter", "down", "down", "s"])


def test_codebook(snap_compare, app):
    """The code tree: Trust, Continuity with Loss beneath, each with codings/sources."""
    assert snap_compare(app, terminal_size=SIZE, press=["2"])


def test_retrieval(snap_compare, app):
    """The one quote of Trust with its source, case and attributes."""
    assert snap_compare(app, terminal_size=SIZE, press=["2", "down", "enter"],
                        run_before=_settle)


def test_help(snap_compare, app):
    """The keys of the coding view in a modal."""
    assert snap_compare(app, terminal_size=SIZE, press=["enter", "question_mark"])
