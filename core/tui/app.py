"""`QodexApp`: the coding workbench over one project file."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import Any

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.color import Color, ColorParseError
from textual.screen import Screen

from qodex.errors import QodexError
from qodex.tui import config, terminal
from qodex.tui.counts import Counts
from qodex.tui.screens.base import QodexScreen
from qodex.tui.screens.prompt import Prompt
from qodex.tui.themes import Palette, load_all

DEFAULT_THEME, DEFAULT_PALETTE = "qodex-dark", "default"
HOME = "sources"  # the first place shown
POLL_SECONDS = 1.0
PLACES = {"sources": ("1", "Sources", "home:SourcesScreen"),
          "codebook": ("2", "Codebook", "codebook:CodebookScreen"),
          "retrieval": ("3", "Retrieval", "retrieval:RetrievalScreen"),
          "search": ("4", "Search", "search:SearchScreen"),
          "memos": ("5", "Memos", "memos:MemosScreen"), "cases": ("6", "Cases", "cases:CasesScreen")}


def screen_class(spec: str) -> type[Screen]:
    """A screen class named "module:Class" under qodex.tui.screens, imported when first used."""
    from importlib import import_module

    module, name = spec.split(":")
    return getattr(import_module(f"qodex.tui.screens.{module}"), name)


def place_screen(name: str) -> Screen:
    """A new screen of the place called `name`."""
    return screen_class(PLACES[name][2])()


class QodexApp(App):
    """Sources, coding view, codebook, retrieval, search, memos and cases over `project_path`."""

    CSS_PATH = "app.tcss"
    TITLE = "qodex"
    DEFAULT_MODE = HOME
    MODES = {name: partial(place_screen, name) for name in PLACES}
    BINDINGS = [
        Binding("question_mark", "help", "Keys", id="app.help", tooltip="Show the keys"),
        Binding("ctrl+z", "undo", "Undo", show=False, id="app.undo",
                tooltip="Take back your latest change"),
        Binding("ctrl+y", "redo", "Redo", show=False, id="app.redo",
                tooltip="Put back the change you last undid"),
        Binding("slash", "place('search')", "Search", show=False, id="app.search",
                tooltip="Full-text search"),
        Binding("k", "filter_coder", "Coder", show=False, id="app.filter_coder",
                tooltip="Show only one coder's codings (or everyone's)"),
        *(Binding(key, f"place('{name}')", title, show=False, id=f"app.{name}",
                  tooltip=f"Go to {title}") for name, (key, title, _) in PLACES.items()),
    ]

    def __init__(self, project_path: str | Path, coder: str | None = None, host=None):
        from qodex.host import get_host
        from qodex.project import Project

        super().__init__()
        self.host = host or get_host()
        self.project = Project.open(project_path, coder=coder, host=self.host)
        self.coder_by_login = coder is None and not os.environ.get("QODEX_CODER")
        self.by_coder: str | None = None  # show only this coder's codings
        self.sub_title = self.project.name
        self._show_coder()
        self.settings = config.load()
        self.catalogue = load_all()
        self.palette = self.catalogue.palettes.get(
            self.settings.get("palette", DEFAULT_PALETTE), Palette("plain", ("#5fa8d3",)))
        self._use_theme(self.settings.get("theme", DEFAULT_THEME))
        self._colours: dict[int, str] | None = None
        self._paths: dict[int, str] | None = None
        self._coders: dict[int, str] | None = None
        self._data_version = self.project.overview.data_version()
        self.counts = Counts()  # coding counts per code and per source, kept across screens

    def _use_theme(self, chosen: str) -> None:
        """Register the themes and start in the chosen one. Nothing is styled yet, so this does
        what setting `theme` does, less its restyling (which would parse the whole stylesheet
        once more before the first paint)."""
        for theme in self.catalogue.themes.values():
            self.register_theme(theme)
        self.set_reactive(App.theme, chosen if chosen in self.available_themes else DEFAULT_THEME)
        dark = self.current_theme.dark
        self.set_class(dark, "-dark-mode", update=False)
        self.set_class(not dark, "-light-mode", update=False)
        self.add_class(f"-theme-{self.theme}", update=False)
        self.stylesheet.set_variables(self.get_css_variables())
        self._refresh_truecolor_filter(self.ansi_theme)

    def on_mount(self) -> None:
        if self.catalogue.problems:
            self.notify("\n".join(self.catalogue.problems), title="Themes skipped",
                        severity="warning")
        self.set_keymap(self.settings.get("keymap", {}))
        for screen in self.host.registry.screens.values():
            if screen.key:  # in help and the palette; never in a screen's footer
                self.bind(screen.key, f"plugin_screen({screen.name!r})",
                          description=f"Open {screen.name}", show=False)
        self.set_interval(POLL_SECONDS, self.check_for_changes)
        self._unwatch = None if self.is_headless else terminal.watch(self.exit)
        self._say_plugins_untrusted()
        others = sorted(self.coder_names().values())
        if self.coder_by_login and others and self.project.coder_name not in others:
            self.action_change_coder()

    def _say_plugins_untrusted(self) -> None:
        """Say once that the study folder's plugins were not loaded, and how to trust them."""
        folder = self.project.path.resolve().parent
        if folder in self.host.untrusted:
            from qodex.trust import command  # hashes and config: only when there is something to say

            self.notify(f"The plugins of {folder} were not loaded ({self.host.untrusted[folder]}). "
                        f"After reading them: {command(folder)}", title="Study plugins untrusted",
                        severity="warning", timeout=30, markup=False)

    def on_unmount(self) -> None:
        if self._unwatch:
            self._unwatch()
        self.project.close()

    # shared reads, cached until the project changes -----------------------------------------
    def code_paths(self) -> dict[int, str]:
        if self._paths is None:
            self._paths = self.project.codes.paths()
        return self._paths

    def code_colours(self) -> dict[int, str]:
        """Each code's colour under the chosen palette."""
        if self._colours is None:
            self._colours = {c.id: self.palette.colour(c.id, _valid(c.colour))
                             for c in self.project.codes}
        return self._colours

    def coder_names(self) -> dict[int, str]:
        """Each coder's name by id."""
        if self._coders is None:
            self._coders = self.project.overview.coder_names()
        return self._coders

    def shown_coders(self) -> set[int] | None:
        """The ids of the coders whose codings are shown (None: everyone's)."""
        if self.by_coder is None:
            return None
        return {i for i, name in self.coder_names().items() if name == self.by_coder}

    def wrote(self) -> None:
        """After a write here: forget cached reads."""
        self._colours = self._paths = self._coders = None

    # whose work: who codes, whose codings are shown -------------------------------------------
    def _show_coder(self) -> None:
        shown = f" · showing {self.by_coder}'s codings" if self.by_coder else ""
        self.title = f"qodex · {self.project.coder_name}{shown}"

    def action_change_coder(self) -> None:
        names = ", ".join(sorted(self.coder_names().values())) or "none yet"
        self.push_screen(Prompt(f"Code as (this project's coders: {names})",
                                self.project.coder_name), self._use_coder)

    def _use_coder(self, name: str | None) -> None:
        if name and self.attempt(self.project.use_coder, name):
            self._show_coder()
            self.notify(f"Coding as {self.project.coder_name}", markup=False)

    def action_filter_coder(self) -> None:
        names = ", ".join(sorted(self.coder_names().values())) or "none yet"
        self.push_screen(Prompt(f"Show only the codings of (empty: everyone's; coders: {names})",
                                self.by_coder or ""), self._filter_coder)

    def _filter_coder(self, name: str | None) -> None:
        if name is None:
            return
        if name.strip() and name.strip() not in self.coder_names().values():
            self.notify(f"No coder called {name.strip()!r} here", severity="warning", markup=False)
            return
        self.by_coder = name.strip() or None
        self._show_coder()
        self.reload_screen()

    def attempt(self, write: Callable[..., Any], *args, **kwargs) -> Any:
        """Run one API write: its result (True for None), or None after an error toast."""
        try:
            result = write(*args, **kwargs)
        except QodexError as exc:
            self.notify(str(exc), title="Not done", severity="error", markup=False)
            return None
        self.wrote()
        return True if result is None else result

    def reload_screen(self) -> None:
        """Forget cached reads and redraw the screen from the file (a screen still being
        mounted reads the file when it is shown; none is redrawn while the app shuts down)."""
        self.wrote()
        screen = self.screen
        if self.is_running and isinstance(screen, QodexScreen) and screen.is_mounted \
                and screen.is_running:
            screen.reload()

    def check_for_changes(self) -> None:
        """Reload the screen when another process (a coder, the CLI) changed the file."""
        version = self.project.overview.data_version()
        if version != self._data_version:
            self._data_version = version
            self.reload_screen()

    # undo and redo, from any screen ------------------------------------------------------------
    def action_undo(self) -> None:
        from qodex.project import history

        self._reverse(history.undo)

    def action_redo(self) -> None:
        from qodex.project import history

        self._reverse(history.redo)

    def _reverse(self, step: Callable[[Any], str]) -> None:
        done = self.attempt(step, self.project)
        if done:
            self.notify(f"{ {'undo': 'undone', 'redo': 'redone'}[step.__name__]}: {done}",
                        markup=False)
            self.reload_screen()

    # navigation ---------------------------------------------------------------------------
    def action_place(self, name: str) -> None:
        """Show a place's own screen (the list, not a transcript opened from it earlier)."""
        self.switch_mode(name)
        while len(self.screen_stack) > 1:
            self.pop_screen()

    def action_help(self) -> None:
        help_screen = screen_class("help:HelpScreen")
        if not isinstance(self.screen, help_screen):
            self.push_screen(help_screen(self.screen))

    def open_source(self, source_id: int, start: int | None = None, end: int | None = None):
        self.push_screen(screen_class("document:DocumentScreen")(source_id, start, end))

    def retrieve(self, code_ids: list[int]) -> None:
        self.action_place("retrieval")
        self.call_after_refresh(lambda: self.screen.show(code_ids))

    def edit_memo(self, target: str, target_id: int | None, memo_id: int | None = None,
                  new: bool = False) -> None:
        """Open the memo on a target (the first one there, unless `new`) in the editor."""
        if memo_id is None and not new and target != "coding":
            found = self.project.memos.list(target, target_id)
            memo_id = found[0].id if found else None
        about = target if target_id is None else f"{target} {target_id}"
        self.push_screen(screen_class("memo_editor:MemoEditor")(target, target_id, memo_id, about))

    def action_plugin_screen(self, name: str) -> None:
        self.push_screen(self.host.registry.screens[name].factory(self))

    # looks ----------------------------------------------------------------------------------
    def watch_theme(self, theme: str) -> None:
        if theme != self.settings.get("theme"):
            self.settings["theme"] = theme
            config.remember(theme=theme)

    def use_palette(self, name: str) -> None:
        self.palette = self.catalogue.palettes[name]
        config.remember(palette=name)
        self.reload_screen()

    # command palette: every action by name ---------------------------------------------------
    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        for name, (key, title, _) in PLACES.items():
            yield SystemCommand(f"Go to {title}", f"key {key}", partial(self.action_place, name))
        yield SystemCommand("Project memo", "Write a memo on the whole project",
                            partial(self.edit_memo, "project", None, new=True))
        yield SystemCommand("Change coder", f"Code as someone else (now {self.project.coder_name})",
                            self.action_change_coder)
        yield SystemCommand("Show one coder's codings", "In the coding view and retrieval (key k)",
                            self.action_filter_coder)
        for name in self.catalogue.themes:
            yield SystemCommand(f"Theme: {name}", "Use this theme (remembered)",
                                partial(setattr, self, "theme", name))
        for palette in self.catalogue.palettes.values():
            safe = "colour-blind safe; " if palette.override else ""
            yield SystemCommand(f"Code palette: {palette.name}", f"{safe}remembered",
                                partial(self.use_palette, palette.name))
        plugins = self.host.registry.screens.values()
        for plugin in plugins:
            key = f" (key {plugin.key})" if plugin.key else ""
            yield SystemCommand(f"Open {plugin.name}", (plugin.description or "A screen") + key,
                                partial(self.action_plugin_screen, plugin.name))
        yield from _binding_commands(screen, {f"Open {plugin.name}" for plugin in plugins})


def _binding_commands(screen: Screen, seen: set[str]) -> Iterable[SystemCommand]:
    """A command for each key binding active on `screen` (its own and its focused widget's),
    once per title, leaving out the titles `seen` already."""
    for active in screen.active_bindings.values():
        binding, node = active.binding, active.node
        if binding.description and active.enabled and binding.description not in seen:
            seen.add(binding.description)
            yield SystemCommand(binding.description, binding.tooltip or f"key {binding.key}",
                                partial(node.run_action, binding.action))


def _valid(colour: str | None) -> str | None:
    try:
        return Color.parse(colour).hex if colour else None
    except ColorParseError:
        return None
