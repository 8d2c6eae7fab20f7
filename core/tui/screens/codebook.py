"""The codebook: the code tree with counts; create, rename, move, merge, recolour, describe."""

from __future__ import annotations

from functools import partial

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Static, Tree

from qodex.tui.counts import CODES
from qodex.tui.screens.base import QodexScreen, bind, one_line, plain
from qodex.tui.screens.prompt import Prompt
from qodex.tui.widgets.code_picker import CodePicker

_bind = partial(bind, "codebook")

class CodebookScreen(QodexScreen):
    """Codes as a tree: codings/sources after each name; Enter retrieves a code's quotes."""

    BINDINGS = [
        _bind("n", "new", "New", "Create a code (under the selected one by default)"),
        _bind("r", "rename", "Rename", "Rename the selected code"),
        _bind("v", "move", "Move", "Move the selected code under another parent", show=False),
        _bind("g", "merge", "Merge", "Merge the selected code into another, keeping its codings"),
        _bind("k", "recolour", "Colour", "Give the selected code a colour (#rrggbb)", show=False),
        _bind("d", "describe", "Describe", "Describe the selected code", show=False),
        _bind("m", "memo", "Memo", "Write a memo on the selected code"),
    ]

    chosen: int | None = None

    def body(self) -> ComposeResult:
        yield Tree("Codes", id="codebook")
        yield Static(id="description")

    def reload(self) -> None:
        """The code names at once, with the counts the app holds; unknown counts are loaded."""
        tree: Tree[int] = self.query_one(Tree)
        chosen = self.chosen or self.code_id
        tree.clear()
        codes = sorted(self.project.codes, key=lambda c: (c.position, c.name.lower()))
        marker = self.project.overview.changes()
        counts, colours = self.app.counts.get(CODES, marker), self.app.code_colours()
        nodes, self.names = {None: tree.root}, {}
        for code in _parents_first(codes):
            name = self.names[code.id] = Text.assemble(("■ ", colours[code.id]), one_line(code.name))
            nodes[code.id] = nodes[code.parent_id].add(_counted(name, counts, code.id), data=code.id,
                                                       expand=True)
        tree.root.expand()
        self.nodes = nodes
        if chosen in nodes:
            self.call_after_refresh(self._select, nodes[chosen])
        if counts is None:
            self.load("counts", lambda reader: reader.overview.code_counts(),
                      partial(self._show_counts, marker))

    def _show_counts(self, marker, counts: dict) -> None:
        """Put the counts after the names (the tree as it is now: no read, no rebuild)."""
        self.app.counts.put(CODES, marker, counts)
        for code_id, name in self.names.items():
            self.nodes[code_id].set_label(_counted(name, counts, code_id))

    def _select(self, node) -> None:
        self.query_one(Tree).move_cursor(node)
        self.chosen = None

    @property
    def code_id(self) -> int | None:
        node = self.query_one(Tree).cursor_node
        return node.data if node is not None else None

    def on_tree_node_highlighted(self) -> None:
        code = self.project.codes.find(self.code_id) if self.code_id else None
        self.query_one("#description", Static).update(
            plain((code.description or "") if code else ""))

    def on_tree_node_selected(self, event: Tree.NodeSelected) -> None:
        if event.node.data is not None:
            self.app.retrieve([event.node.data])

    def _ask(self, question: str, value: str, then) -> None:
        self.app.push_screen(Prompt(question, value), lambda answer: answer is not None and then(answer))

    def _selected(self):
        code = self.project.codes.find(self.code_id) if self.code_id else None
        if code is None:
            self.notify("Select a code first", severity="warning")
        return code

    def _write(self, method, *args, counts_kept: bool = True, **kwargs) -> None:
        """Write, then show the tree again with the written code selected (the counts held kept,
        unless the write changes them)."""
        before = self.project.overview.changes()
        result = self.attempt(method, *args, **kwargs)
        if result:
            if counts_kept:
                self.app.counts.changed(self.project, before)
            self.chosen = getattr(result, "id", self.code_id)
            self.reload()

    def action_new(self) -> None:
        """Ask for the new code's full path (the selected code's path is a hint, not a prefix)."""
        parent = self.app.code_paths().get(self.code_id)
        example = f"{parent}/New code" if parent else "Parent/New code"
        self.app.push_screen(Prompt("New code (its full path)", placeholder=example),
                             lambda path: path and self._write(self.project.codes.ensure,
                                                               path.strip("/ ")))

    def action_rename(self) -> None:
        if code := self._selected():
            self._ask("Rename to", code.name,
                      lambda name: self._write(self.project.codes.update, code.id, name=name))

    def action_move(self) -> None:
        if code := self._selected():
            self._ask("Move under (a code path; empty for the top level)", "",
                      lambda path: self._write(self.project.codes.move, code.id,
                                               path.strip() or None))

    def action_merge(self) -> None:
        if code := self._selected():
            paths = {i: p for i, p in self.app.code_paths().items() if i != code.id}
            self.app.push_screen(
                CodePicker(paths, f"Merge “{code.name}” into…", allow_new=False),
                lambda into: into is not None and self._write(self.project.codes.merge,
                                                              code.id, into, counts_kept=False))

    def action_recolour(self) -> None:
        if code := self._selected():
            self._ask("Colour (#rrggbb)", self.app.code_colours()[code.id],
                      lambda colour: self._write(self.project.codes.update, code.id,
                                                 colour=colour.strip()))

    def action_describe(self) -> None:
        if code := self._selected():
            self._ask("Description", code.description or "",
                      lambda text: self._write(self.project.codes.update, code.id,
                                               description=text))

    def action_memo(self) -> None:
        if code := self._selected():
            self.app.edit_memo("code", code.id)


def _counted(name: Text, counts: dict | None, code_id: int) -> Text:
    """A code's label: its name, then codings/sources (a quiet "…" while they are counted)."""
    n, s = counts.get(code_id, (0, 0)) if counts is not None else ("…", "…")
    return Text.assemble(name, (f"  {n}/{s}", "dim"))


def _parents_first(codes: list) -> list:
    """Codes ordered so each comes after its parent."""
    placed: set[int | None] = {None}
    ordered, waiting = [], list(codes)
    while waiting:
        ready = [c for c in waiting if c.parent_id in placed]
        if not ready:
            break
        ordered += ready
        placed.update(c.id for c in ready)
        waiting = [c for c in waiting if c.id not in placed]
    return ordered
