"""Transcript text is readable in every theme and code palette on any terminal: every cell sets its
own colours (never the terminal's defaults) with WCAG AA contrast (4.5:1), coded, selected or not."""

from __future__ import annotations

import pytest

from qodex.tui.themes import AA, contrast, load_all, readable

pytest_plugins = ["fixtures.tui_support"]
STRIPE = "▌"  # a coding's colour in the margin: a mark, not text


@pytest.mark.parametrize(("one", "other", "ratio"), [
    ("#000000", "#ffffff", 21.0), ("#ffffff", "#ffffff", 1.0), ("#777777", "#ffffff", 4.48),
    ("#1f6feb", "#fafaf7", 4.44), ("#ff0000", "#000000", 5.25)])
def test_contrast_is_the_wcag_ratio(one, other, ratio):
    assert contrast(one, other) == pytest.approx(ratio, abs=0.01)
    assert contrast(other, one) == contrast(one, other)


def test_readable_keeps_the_preferred_colour_while_it_reaches_aa():
    assert readable("#1b1e24", "#e4e6eb") == "#e4e6eb"
    assert readable("#777777", "#888888", "#999999") == "#000000"
    assert all(contrast(readable(f"#{g:02x}{g:02x}{g:02x}"), f"#{g:02x}{g:02x}{g:02x}") >= AA
               for g in range(256))


@pytest.fixture
def catalogue():
    """The built-in themes and palettes (the config folder is an empty temporary one)."""
    return load_all()


def test_every_builtin_theme_sets_text_colours(catalogue):
    assert not catalogue.problems
    assert {"qodex-dark", "qodex-light", "qodex-high-contrast"} <= set(catalogue.themes)
    for theme in catalogue.themes.values():
        assert theme.foreground and theme.background, theme.name


def test_a_theme_without_text_colours_is_refused(tmp_path):
    themes = tmp_path / "config" / "qodex" / "themes"
    themes.mkdir(parents=True)
    (themes / "mine.yaml").write_text("name: mine\nprimary: '#ff0000'\nbackground: '#000000'\n")
    found = load_all()
    assert "mine" not in found.themes
    assert found.problems == ["mine.yaml: theme 'mine' does not set foreground"]


def colour_of(color) -> str:
    return color.get_truecolor().hex


@pytest.mark.asyncio
async def test_every_theme_and_palette_draws_readable_transcript_text(tmp_path, host, catalogue):
    from qodex.project import Project
    from qodex.tui import QodexApp
    from qodex.tui.widgets.transcript import TranscriptView

    longest = max(len(p.colours) for p in catalogue.palettes.values())
    words = [f"word{n}" for n in range(longest + 4)]
    with Project.create(tmp_path / "p.qodex", host=host) as project:
        text = "Anne: " + " ".join(words)
        source = project.sources.add("P01", text)
        for n in range(longest):  # no colours of their own: each takes the next palette colour
            start = text.index(f"word{n} ")
            project.codings.add(source, project.codes.add(f"Code {n}"), start, start + len(f"word{n}"))
        project.codings.add(source, "Code 0", 6, 30)  # overlapping codings: underlined
    app = QodexApp(tmp_path / "p.qodex", host=host)
    async with app.run_test(size=(60, 12)) as pilot:
        app.open_source(source.id)
        await pilot.pause()
        view = app.screen.query_one(TranscriptView)
        view.focus()
        view.go_to(len(text) - 20, len(text) - 8)  # a selection over coded and plain text
        await pilot.pause()
        checked = set()
        for theme in catalogue.themes:
            for palette in catalogue.palettes:
                app.theme = theme
                app.use_palette(palette)
                await pilot.pause()
                view = app.screen.query_one(TranscriptView)
                for y in range(len(view.lines)):
                    for segment in view._draw(y):
                        style = segment.style
                        assert style.color and style.bgcolor, (theme, segment)
                        fore, back = colour_of(style.color), colour_of(style.bgcolor)
                        if segment.text.strip() and segment.text != STRIPE:
                            assert contrast(fore, back) >= AA, (theme, palette, segment.text, fore, back)
                            checked.add((theme, palette, back))
        drawn = {(t, p) for t, p, _ in checked}
        assert len(drawn) == len(catalogue.themes) * len(catalogue.palettes)
        assert all(len({b for t, p, b in checked if (t, p) == pair}) > longest // 2 for pair in drawn)
