"""The keys of the screen beneath, with what they do."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Label


def key_rows(screen: Screen) -> list[tuple[str, str]]:
    """(keys, description) for each binding active on `screen`, one row per action."""
    rows: dict[tuple[str, str], list[str]] = {}
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if binding.description:
            shown = screen.app.get_key_display(binding) or key
            rows.setdefault((binding.description, binding.action), []).append(shown)
    return [(" ".join(keys), description) for (description, _), keys in rows.items()]


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
