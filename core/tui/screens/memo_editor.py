"""Writing a memo: Markdown on the left, its rendering (markdown-it-py) on the right."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Markdown, TextArea

from qodex.tui.screens.base import QodexScreen, bind


class MemoEditor(QodexScreen):
    """Edits the memo `memo_id`, or writes a new one on `target`, or a coding's own memo (target
    "coding"); ctrl+s saves, escape too."""

    AUTO_FOCUS = "TextArea"
    BINDINGS = [
        bind("memo", "ctrl+s", "save", "Save", "Save the memo"),
        bind("memo", "escape", "close", "Save & close", "Save the memo and go back"),
    ]

    def __init__(self, target: str, target_id: int | None, memo_id: int | None, about: str):
        super().__init__()
        self.target, self.target_id, self.memo_id = target, target_id, memo_id
        self.about = about

    def body(self) -> ComposeResult:
        memo = self.project.memos.get(self.memo_id) if self.memo_id else None
        text = memo.body if memo else self._coding_memo()
        self.sub_title = f"memo on {self.about}"
        title = Input(memo.title or "" if memo else "", placeholder="title", id="memo-title")
        title.display = self.target != "coding"  # a coding's memo has no title
        yield title
        with Horizontal(id="memo-panes"):
            yield TextArea(text, id="memo-body", soft_wrap=True)
            yield Markdown(text, id="memo-preview")

    def _coding_memo(self) -> str:
        if self.target != "coding":
            return ""
        return self.project.codings.get(self.target_id).memo or ""

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self.query_one(Markdown).update(event.text_area.text)

    def on_input_submitted(self) -> None:
        self.query_one(TextArea).focus()

    def action_save(self) -> bool:
        body = self.query_one(TextArea).text
        title = self.query_one(Input).value or None
        if self.target == "coding":
            if body == self._coding_memo():
                return True
            return bool(self.attempt(self.project.codings.update, self.target_id, memo=body))
        if self.memo_id is not None:
            return bool(self.attempt(self.project.memos.update, self.memo_id, body=body,
                                     title=title))
        if not body.strip():
            return True
        memo = self.attempt(self.project.memos.add, body, title=title, target=self.target,
                            ref=self.target_id)
        if memo:
            self.memo_id = memo.id
            self.notify("Memo saved")
        return bool(memo)

    def action_close(self) -> None:
        if self.action_save():
            self.dismiss()
