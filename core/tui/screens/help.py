"""The keys of the screen beneath, with what they do."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Label


def key_rows(screen: Screen) -> list[tuple[str, str]]:
    """(keys, description) for each binding active on `screen`, one row per action: the screen's
    own keys first (its class's before those it inherits), then the focused widget's, the app's."""
    rows: dict[tuple[str, str], list[str]] = {}
    for key, active in sorted(screen.active_bindings.items(), key=lambda item: _rank(screen, item[1])):
        binding = active.binding
        if binding.description:
            shown = screen.app.get_key_display(binding) or key
            rows.setdefault((binding.description, binding.action), []).append(shown)
    return [(" ".join(keys), description) for (description, _), keys in rows.items()]


def _rank(screen: Screen, active) -> tuple[int, int]:
    """Where a binding is listed: by the node holding it, then by the class that declares it."""
    if active.node is not screen:
        return (2 if active.node is screen.app else 1, 0)
    declared = [i for i, cls in enumerate(type(screen).__mro__)
                if any(getattr(b, "action", None) == active.binding.action
                       for b in vars(cls).get("BINDINGS", ()))]
    return 0, min(declared, default=len(type(screen).__mro__))


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close", id="help.close")]

    def __init__(self, beneath: Screen):
        super().__init__()
        self.rows = key_rows(beneath)

    def compose(self) -> ComposeResult:
        with Vertical(id="help"):
            yield Label("Keys (ctrl+p: every action by name)", id="help-title")
            yield DataTable(id="keys", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Key", "Action")
        table.add_rows(self.rows)
        table.focus()
