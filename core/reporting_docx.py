"""A report's Markdown as a Word document (python-docx): headings, paragraphs, lists, block quotes
and the same tables; figures as their text drawing in a fixed-width font.

The Markdown is parsed by markdown-it with raw HTML off, so text from a study stays text.
"""

from __future__ import annotations

import io
import json

from qodex.reporting import FIGURE_INFO


def docx(markdown: str, title: str) -> bytes:
    """The report as the bytes of a .docx file."""
    from docx import Document
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark", {"html": False}).enable("table").parse(markdown)
    document = Document()
    document.core_properties.title = title
    _Writer(document).blocks(tokens)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


class _Writer:
    """Walks markdown-it's block tokens and adds the matching Word elements."""

    def __init__(self, document):
        self.document = document
        self.lists: list[str] = []  # "List Bullet" / "List Number" per open list
        self.quote = 0

    def blocks(self, tokens) -> None:
        i = 0
        while i < len(tokens):
            i = self.block(tokens, i)

    def block(self, tokens, i: int) -> int:
        token = tokens[i]
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            self.lists.append("List Bullet" if kind.startswith("bullet") else "List Number")
        elif kind in ("bullet_list_close", "ordered_list_close"):
            self.lists.pop()
        elif kind == "blockquote_open":
            self.quote += 1
        elif kind == "blockquote_close":
            self.quote -= 1
        elif kind == "heading_open":
            self.heading(int(token.tag[1]), tokens[i + 1])
            return i + 3
        elif kind == "inline":
            self.paragraph(token)
        elif kind == "fence":
            self.fence(token)
        elif kind == "table_open":
            return self.table(tokens, i)
        return i + 1

    def heading(self, level: int, inline) -> None:
        self.document.add_heading(inline.content, level=min(level - 1, 9))

    def paragraph(self, inline) -> None:
        style = None
        if self.lists:
            depth = len(self.lists)
            style = self.lists[-1] + (f" {depth}" if depth > 1 else "")
        elif self.quote:
            style = "Quote"
        _runs(self.document.add_paragraph(style=style), inline.children or [])

    def fence(self, token) -> None:
        text = token.content
        if token.info.strip() == FIGURE_INFO:
            text = json.loads(text)["text"]
        paragraph = self.document.add_paragraph()
        run = paragraph.add_run(text.rstrip("\n"))
        run.font.name = "Courier New"

    def table(self, tokens, i: int) -> int:
        rows: list[list] = []
        while tokens[i].type != "table_close":
            if tokens[i].type == "tr_open":
                rows.append([])
            elif tokens[i].type == "inline":
                rows[-1].append(tokens[i])
            i += 1
        width = max(len(r) for r in rows)
        grid = self.document.add_table(rows=0, cols=width)
        grid.style = "Table Grid"
        for r, row in enumerate(rows):
            cells = grid.add_row().cells  # row by row: python-docx's cell(r, c) is slow on big tables
            for cell, inline in zip(cells, row, strict=False):
                _runs(cell.paragraphs[0], inline.children or [], bold=r == 0)
        return i + 1


def _runs(paragraph, children, bold: bool = False) -> None:
    """Inline tokens as runs: text, bold, italic, code and line breaks."""
    strong = emphasis = 0
    for child in children:
        kind = child.type
        if kind in ("strong_open", "strong_close"):
            strong += 1 if kind.endswith("open") else -1
        elif kind in ("em_open", "em_close"):
            emphasis += 1 if kind.endswith("open") else -1
        elif kind in ("softbreak", "hardbreak"):
            paragraph.add_run("\n" if kind == "hardbreak" else " ")
        elif kind in ("text", "code_inline"):
            run = paragraph.add_run(child.content)
            run.bold = bold or strong > 0 or None
            run.italic = emphasis > 0 or None
            if kind == "code_inline":
                run.font.name = "Courier New"
