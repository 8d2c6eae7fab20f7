"""Theme and palette files are read with PyYAML once, then from the user's cache folder until one
of them changes, is added or goes: the same themes, palettes and problems either way."""

from __future__ import annotations

import os

import pytest

from qodex.tui import themes
from qodex.tui.themes import load_all

THEME = "name: {}\nprimary: '#ff0000'\nforeground: '{}'\nbackground: '#000000'\n"

@pytest.fixture
def user_themes(tmp_path):
    folder = tmp_path / "config" / "qodex" / "themes"
    folder.mkdir(parents=True)
    return folder


@pytest.fixture
def reads(monkeypatch):
    """The theme files read with PyYAML, by name."""
    names, real = [], themes._read
    monkeypatch.setattr(themes, "_read", lambda path: names.append(path.name) or real(path))
    return names


def test_a_second_load_reads_no_file_and_finds_the_same(user_themes, reads):
    (user_themes / "mine.yaml").write_text(THEME.format("mine", "#ffffff"))
    (user_themes / "bad.yaml").write_text("name: [")
    first = load_all()
    assert "mine.yaml" in reads and "dark.yaml" in reads
    assert [p.split(":")[0] for p in first.problems] == ["bad.yaml"]
    reads.clear()
    assert load_all() == first
    assert reads == []


def test_a_changed_added_or_removed_file_is_read_again(user_themes, reads):
    mine = user_themes / "mine.yaml"
    mine.write_text(THEME.format("mine", "#ffffff"))
    load_all()
    mine.write_text(THEME.format("mine", "#eeeeee"))  # same size
    os.utime(mine, ns=(0, 0))
    assert load_all().themes["mine"].foreground == "#eeeeee"
    (user_themes / "yours.yaml").write_text("name: yours\nkind: palette\ncolours: ['#123456']\n")
    assert load_all().palettes["yours"].colours == ("#123456",)
    mine.unlink()
    reads.clear()
    assert "mine" not in load_all().themes
    assert "yours.yaml" in reads


def test_a_file_json_cannot_hold_exactly_is_read_each_time(user_themes, reads):
    (user_themes / "dated.yaml").write_text(THEME.format("dated", "#ffffff") + "made: 2024-05-01\n")
    assert "dated" in load_all().themes
    reads.clear()
    assert "dated" in load_all().themes
    assert "dated.yaml" in reads


def test_a_damaged_cache_is_read_past():
    first = load_all()
    (themes.cache_dir() / "themes.json").write_text('{"files": 3, "documents": [')
    assert load_all() == first
