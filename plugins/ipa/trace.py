"""From a theme down: its subthemes, the case themes it is built from, their statements, and each
statement's notes and passages; enter on a note or passage opens it in the transcript."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Tree

from qodex.plugins.ipa import crosscase, model
from qodex.plugins.ipa.terms import term
from qodex.tui import QodexScreen, bind, one_line


class TraceScreen(QodexScreen):
    BINDINGS = [bind("ipa.trace", "escape", "back", "Back")]

    def __init__(self, theme_id: int | None = None, statement_id: int | None = None):
        super().__init__()
        self.theme_id, self.statement_id = theme_id, statement_id

    def body(self) -> ComposeResult:
        yield Tree("", id="ipa-trace")

    def reload(self) -> None:
        tree = self.query_one(Tree)
        tree.clear()
        if self.theme_id is not None:
            self._theme(tree.root, model.theme(self.project, self.theme_id))
        else:
            self._statement(tree.root, model.statement(self.project, self.statement_id))
        tree.root.expand_all()

    def _theme(self, node, row: dict) -> None:
        kind = "personal" if row["level"] == "personal" else "subtheme" if row["parent_id"] else "group"
        method = f" [{row['method']}]" if row["method"] else ""
        node.set_label(label(f"{term(self.project, kind)}: {row['name']}{method}"))
        if row["level"] == "personal":
            for link in model.table(self.project, "theme_statements").rows(theme_id=row["id"]):
                self._statement(node.add(""), model.statement(self.project, link["statement_id"]))
            return
        for child in model.table(self.project, "themes").rows(parent_id=row["id"]):
            self._theme(node.add(""), child)
        for member in crosscase.members(self.project, row["id"], below=False):
            self._theme(node.add(""), member)

    def _statement(self, node, row: dict) -> None:
        node.set_label(label(f"{term(self.project, 'statement')}: {row['text']}"))
        for note in model.notes_of(self.project, row["id"]):
            node.add_leaf(label(f"{note['kind']} note: {note['body']}"),
                          (note["source_id"], note["start"], note["end"]))
        for span in model.spans(self.project, [row["id"]]):
            node.add_leaf(label(f"{span['source']}, line {span['line']}: \u201c{span['quote']}\u201d"),
                          (span["source_id"], span["start"], span["end"]))

    def on_tree_node_selected(self, event: Tree.NodeSelected) -> None:
        from qodex.plugins.ipa.reading import ReadingScreen

        if event.node.data:
            self.app.push_screen(ReadingScreen(*event.node.data))


def label(text: str):
    """A tree label showing `text` as it is (a str label would be read as markup)."""
    return Text(one_line(text))
