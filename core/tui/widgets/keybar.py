"""The keys of the screen on one line: a light stand-in for Textual's Footer, which builds a
widget per key and costs more than the rest of a screen."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static


class KeyBar(Static):
    """The shown bindings of the screen as ``key Description`` pairs, then the palette's key;
    redrawn whenever the screen's bindings change (as the focus moves)."""

    DEFAULT_CSS = "KeyBar { dock: bottom; height: 1; padding: 0 1; background: $panel; }"

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.show_keys)

    def show_keys(self, _screen=None) -> None:
        shown: dict[str, Content] = {}
        palette = self.app.COMMAND_PALETTE_BINDING
        for key, active in self.screen.active_bindings.items():
            binding = active.binding
            if (binding.show and binding.description or key == palette) \
                    and binding.action not in shown:
                shown[binding.action] = Content.assemble(
                    (self.app.get_key_display(binding), "bold $accent"), " ", binding.description)
        self.update(Content("  ").join(shown.values()), layout=False)
