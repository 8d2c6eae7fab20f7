"""The keys of the screen on one line: a light stand-in for Textual's Footer, which builds a
widget per key and costs more than the rest of a screen."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

GAP = "  "
ALWAYS = ("help",)  # shown last, whatever the width


class KeyBar(Static):
    """The shown bindings of the screen as ``key Description`` pairs (keys of one binding group as
    ``w/s/t Select``), redrawn whenever the screen's bindings change (as the focus moves). What does
    not fit the width is left out, but the help and palette keys always show."""

    DEFAULT_CSS = "KeyBar { dock: bottom; height: 1; padding: 0 1; background: $panel; }"

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.show_keys)

    def on_resize(self) -> None:
        self.show_keys()

    def entries(self) -> list[tuple[str, str, str]]:
        """(keys, description, action) of each shown binding or binding group: the focused widget's
        first, then the screen's, then the app's."""
        found: dict[str, tuple[list[str], str, str]] = {}
        palette = self.app.COMMAND_PALETTE_BINDING
        ordered = sorted(self.screen.active_bindings.items(), key=lambda item: _place(item[1]))
        for key, active in ordered:
            binding = active.binding
            if not (binding.show and binding.description or key == palette):
                continue
            group = binding.group.description if binding.group else None
            keys, _, _ = found.setdefault(group or binding.action,
                                          ([], group or binding.description, binding.action))
            shown = self.app.get_key_display(binding)
            if shown not in keys:
                keys.append(shown)
        return [("/".join(keys), description, action) for keys, description, action in found.values()]

    def show_keys(self, _screen=None) -> None:
        entries = self.entries()
        last = [e for e in entries if e[2] in ALWAYS]
        room = self.size.width + len(GAP) - sum(_width(e) for e in last)
        chosen = []
        for entry in entries:
            if entry[2] not in ALWAYS:
                room -= _width(entry)
                if room < 0:
                    break
                chosen.append(entry)
        self.update(Content(GAP).join(Content.assemble((keys, "bold $accent"), " ", description)
                                      for keys, description, _ in [*chosen, *last]), layout=False)


def _place(active) -> tuple[int, int]:
    """Where a binding goes: the focused widget's first, then the screen's, then the app's, each in
    the order its class declares them (a key rebound by the keymap keeps its place)."""
    node, action = active.node, active.binding.action
    nearness = 0 if node is node.screen.focused else 2 if node is node.app else 1
    declared = [getattr(b, "action", None) for b in getattr(node, "BINDINGS", [])]
    return nearness, declared.index(action) if action in declared else len(declared)


def _width(entry: tuple[str, str, str]) -> int:
    return len(entry[0]) + 1 + len(entry[1]) + len(GAP)
