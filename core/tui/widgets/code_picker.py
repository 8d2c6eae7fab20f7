"""The fuzzy code picker: type a few letters, Enter; or name a new code and create it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.fuzzy import Matcher
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from qodex.escape import visible
from qodex.tui.screens.base import plain

NEW = "new:"


class CodePicker(ModalScreen[int | str | None]):
    """Returns the chosen code's id, a path (str) for a new code, or None when cancelled."""

    BINDINGS = [
        Binding("escape", "dismiss_none", "Cancel", id="picker.cancel"),
        Binding("down", "move(1)", "Next match", show=False, id="picker.next"),
        Binding("up", "move(-1)", "Previous match", show=False, id="picker.previous"),
    ]

    def __init__(self, paths: dict[int, str], title: str = "Code", allow_new: bool = True):
        super().__init__()
        self.paths = paths
        self.title_text = title
        self.allow_new = allow_new

    def compose(self) -> ComposeResult:
        with Vertical(id="picker"):
            yield Label(plain(self.title_text), id="picker-title")
            yield Input(placeholder="type to find a code, or a new Parent/Name", id="picker-query")
            yield OptionList(id="picker-options")

    def on_mount(self) -> None:
        self._fill("")

    def on_input_changed(self, event: Input.Changed) -> None:
        self._fill(event.value.strip())

    def _fill(self, query: str) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        matcher = Matcher(query) if query else None
        shown = {i: visible(p) for i, p in self.paths.items()}
        scored = sorted(((matcher.match(p) if matcher else 1.0, p, i)
                         for i, p in shown.items()), key=lambda t: (-t[0], t[1]))
        found = [Option(_highlight(matcher, p) if matcher else plain(p), id=str(i))
                 for score, p, i in scored if score > 0]
        if self.allow_new and query and query not in self.paths.values():
            found.append(Option(plain(f"+ new code “{query}”"), id=NEW + query))
        options.add_options(found)
        options.highlighted = 0 if found else None

    def action_move(self, step: int) -> None:
        options = self.query_one(OptionList)
        if options.option_count:
            options.highlighted = ((options.highlighted or 0) + step) % options.option_count

    def on_input_submitted(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is not None:
            self._choose(options.get_option_at_index(options.highlighted).id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self._choose(event.option.id)

    def _choose(self, option_id: str) -> None:
        self.dismiss(option_id[len(NEW):] if option_id.startswith(NEW) else int(option_id))

    def action_dismiss_none(self) -> None:
        self.dismiss(None)


def _highlight(matcher: Matcher, path: str):
    """`path` as plain text with the letters `matcher` matched marked (Textual's own highlight
    would read the path as markup)."""
    content = plain(path)
    for offset in matcher.fuzzy_search.match(matcher.query, path)[1]:
        content = content.stylize(matcher.match_style, offset, offset + 1)
    return content
