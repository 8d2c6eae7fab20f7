"""Snapshots of the main screens at 60x20, 80x24 and 120x40 and in each theme (update with
--snapshot-update after a wanted change)."""

from __future__ import annotations

import pytest

pytest_plugins = ["fixtures.tui_support"]
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


# every main screen at a small, the usual and a large size; the coding view in every theme -----------
PLACES = {"document": ["enter", "down", "down", "s"], "retrieval": ["2", "down", "enter"],
          "codebook": ["2"], "cases": ["6"]}
SIZES = {"60x20": (60, 20), "80x24": (80, 24), "120x40": (120, 40)}


THEMES = ["qodex-dark", "qodex-light", "qodex-high-contrast"]


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("place", PLACES)
def test_screen_at_size(snap_compare, app, place, size, theme):
    """Nothing clipped that matters (whole quotes, the keys' last hints, codes and speakers), and
    text, tints, stripes and the selection in the theme's own colours."""
    async def use_theme(pilot):
        pilot.app.theme = theme
        await _settle(pilot)

    assert snap_compare(app, terminal_size=SIZES[size], press=PLACES[place], run_before=use_theme)
