"""The app's shell: themes and palettes remembered, the command palette, plugins, qodex open."""

from __future__ import annotations

import json

import pytest
from textual.screen import Screen
from textual.widgets import Static

from qodex import hookimpl
from qodex.extensions import Screen as PluginScreen
from qodex.tui.themes import load_all

pytest_plugins = ["fixtures.tui_support"]
SIZE = (80, 24)


class Hello(Screen):
    def compose(self):
        yield Static("hello from a plugin")


class HelloPlugin:
    def __init__(self, key: str | None = None):
        self.key = key

    @hookimpl
    def register_screens(self, register):
        register(PluginScreen("hello", lambda app: Hello(), "A plugin's screen", self.key))


def test_builtin_themes_and_palettes_load():
    catalogue = load_all()
    assert {"qodex-dark", "qodex-light", "qodex-high-contrast"} <= set(catalogue.themes)
    assert all(catalogue.palettes[n].override for n in ("okabe-ito", "tol-bright"))
    assert catalogue.problems == []


def test_a_broken_user_theme_is_reported_not_fatal(tmp_path):
    (tmp_path / "config" / "qodex" / "themes").mkdir(parents=True)
    (tmp_path / "config" / "qodex" / "themes" / "bad.yaml").write_text("name: [")
    assert [p.split(":")[0] for p in load_all().problems] == ["bad.yaml"]


@pytest.mark.asyncio
async def test_theme_and_palette_are_remembered(app, study, host, tmp_path):
    from qodex.tui import QodexApp

    async with app.run_test(size=SIZE):
        app.theme = "qodex-high-contrast"
        app.use_palette("okabe-ito")
    saved = json.loads((tmp_path / "config" / "qodex" / "tui.json").read_text())
    assert saved == {"theme": "qodex-high-contrast", "palette": "okabe-ito"}
    again = QodexApp(study, host=host)
    async with again.run_test(size=SIZE):
        assert again.theme == "qodex-high-contrast"
        assert set(again.code_colours().values()) <= set(again.palette.colours)


@pytest.mark.asyncio
async def test_every_action_and_plugin_screen_is_in_the_command_palette(study, host):
    from qodex.tui import QodexApp

    host.add(HelloPlugin(), "hello")
    app = QodexApp(study, host=host)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        titles = {c.title for c in app.get_system_commands(app.screen)}
        assert {"Code", "In vivo", "Word", "Go to Codebook", "Open hello",
                "Code palette: okabe-ito", "Theme: qodex-light", "Quit"} <= titles
        (hello,) = [c for c in app.get_system_commands(app.screen) if c.title == "Open hello"]
        hello.callback()
        await pilot.pause()
        assert isinstance(app.screen, Hello)


@pytest.mark.asyncio
async def test_a_plugin_screen_key_works_everywhere_but_stays_out_of_the_footers(study, host):
    from qodex.tui import QodexApp

    host.add(HelloPlugin(key="K"), "hello")
    app = QodexApp(study, host=host)
    async with app.run_test(size=SIZE) as pilot:
        for place in ("2", "1", "enter"):
            await pilot.press(place)
            await pilot.pause()
            assert "K" not in {a.binding.key for a in app.screen.active_bindings.values()
                               if a.binding.show}
        await pilot.press("question_mark")
        help_table = app.screen.query_one("DataTable")
        assert ["K", "Open hello"] in [help_table.get_row_at(i) for i in range(help_table.row_count)]
        await pilot.press("escape", "K")
        await pilot.pause()
        assert isinstance(app.screen, Hello)
        (command,) = [c for c in app.get_system_commands(app.screen) if c.title == "Open hello"]
        assert command.help == "A plugin's screen (key K)"


def test_qodex_open_launches_the_workbench(run, study, monkeypatch):
    from qodex.tui import QodexApp

    opened = []
    monkeypatch.setattr(QodexApp, "run", lambda self: opened.append(self.project.path))
    assert run("open", study).exit_code == 0
    assert run().exit_code == 0  # plain `qodex` in the folder of the only project
    assert opened == [study, study]


@pytest.mark.asyncio
@pytest.mark.parametrize("theme", ["qodex-light", "qodex-high-contrast"])
async def test_a_remembered_theme_draws_the_first_screen_as_choosing_it_does(study, host, tmp_path,
                                                                             theme):
    from qodex.tui import QodexApp

    switched = QodexApp(study, host=host)
    async with switched.run_test(size=SIZE) as pilot:
        await switched.workers.wait_for_complete()
        switched.theme = theme
        await pilot.pause()
        chosen = switched.export_screenshot()
    started = QodexApp(study, host=host)
    assert started.settings == {"theme": theme}  # remembered by the switch above
    async with started.run_test(size=SIZE) as pilot:
        await started.workers.wait_for_complete()
        await pilot.pause()
        assert started.export_screenshot() == chosen
        assert started.has_class(f"-theme-{theme}", "-dark-mode" if theme != "qodex-light"
                                 else "-light-mode")


@pytest.mark.asyncio
async def test_the_first_screen_parses_the_stylesheet_twice_at_most(app, monkeypatch):
    from textual.css.stylesheet import Stylesheet

    parses = []
    monkeypatch.setattr(Stylesheet, "reparse", lambda self: parses.append(self))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.screen.query_one("DataTable").row_count == 2
    assert len(parses) == 1  # Textual's, as the first mode starts; none for the remembered theme


@pytest.mark.asyncio
async def test_a_table_filled_again_is_drawn_at_its_new_widths_at_once(app):
    from textual.widgets import DataTable

    from qodex.tui import fill_table

    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        fill_table(table, ["a", "b"], [("1", ["x", "a longer cell"])])
        await pilot.pause()
        fill_table(table, ["a", "b"], [("1", ["a longer cell", "x"])])  # as wide as before
        assert table.render_line(1).text.split() == ["a", "longer", "cell", "x"]
