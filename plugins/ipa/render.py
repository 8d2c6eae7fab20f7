"""Tables as Markdown, CSV, HTML (printable on A4), JSON or Word (.docx): the one renderer every IPA
table and worksheet goes through, every cell escaped for its format by `qodex.escape`."""

from __future__ import annotations

import io
from pathlib import Path

from qodex import escape
from qodex.destination import check, staged, write_text

FORMATS = ("md", "csv", "html", "json", "docx")
BINARY = {"docx"}
PRINT_CSS = ("@page { size: A4 landscape; margin: 12mm; } body { font: 10pt/1.3 serif; }"
             " table { border-collapse: collapse; width: 100%; } caption { font-weight: bold; }"
             " th, td { border: 1px solid #999; padding: 2px 4px; vertical-align: top;"
             " white-space: pre-wrap; } thead { display: table-header-group; }"
             " tr { page-break-inside: avoid; }")


def format_of(fmt: str | None, output) -> str:
    """The format asked for, else the one the output file's suffix names, else Markdown."""
    suffix = output.suffix.lstrip(".").lower() if output else ""
    return fmt or (suffix if suffix in FORMATS else "md")


def save(content: str | bytes, output: Path, force: bool, project: Path) -> None:
    """Write `content` to `output` by the `qodex.destination` rules: an existing file only with
    `force`, never the project or its snapshots, through a temporary file beside it."""
    if isinstance(content, bytes):
        check(output, force, [project])
        with staged(output) as written:
            written.write_bytes(content)
    else:
        write_text(output, content, force, [project])


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "; ".join(map(str, value))
    return str(value)


def render(rows: list[dict], fmt: str = "md", title: str | None = None):
    """`rows` (dicts with the same keys) as a document in `fmt` (bytes for .docx, else text)."""
    columns = list(rows[0]) if rows else []
    cells = [[_cell(r.get(c)) for c in columns] for r in rows]
    return {"md": _markdown, "csv": _csv, "html": _html, "json": _json, "docx": _docx}[fmt](
        title, columns, cells, rows)


def _markdown(title, columns, cells, _) -> str:
    def line(values):
        return "| " + " | ".join(map(escape.markdown, values)) + " |"

    head = [f"## {escape.markdown(title)}", ""] if title else []
    rule = "| " + " | ".join(["---"] * len(columns)) + " |"
    return "\n".join([*head, line(columns), rule, *map(line, cells)]) + "\n"


def _csv(_, columns, cells, __) -> str:
    out = io.StringIO()
    writer = escape.csv_writer(out)
    writer.writerow(columns)
    writer.writerows(cells)
    return out.getvalue()


def _html(title, columns, cells, _) -> str:
    def row(tag, values):
        return "<tr>" + "".join(f"<{tag}>{escape.html(v)}</{tag}>" for v in values) + "</tr>"

    caption = f"<caption>{escape.html(title)}</caption>" if title else ""
    body = "\n".join(row("td", c) for c in cells)
    return (f'<!DOCTYPE html>\n<meta charset="utf-8">\n<style>{PRINT_CSS}</style>\n<table>{caption}\n'
            f"<thead>{row('th', columns)}</thead>\n<tbody>\n{body}\n</tbody>\n</table>\n")


def _docx(title, columns, cells, _) -> bytes:
    """A Word document: the title, then the table on A4 landscape, its header row repeated."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    document = Document()
    section = document.sections[0]
    section.orientation, section.page_width, section.page_height = WD_ORIENT.LANDSCAPE, Mm(297), Mm(210)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(12))
    document.styles["Normal"].font.size = Pt(9)
    if title:
        document.add_heading(escape.visible(title, keep="\n"), level=2)
    table = document.add_table(rows=1, cols=max(1, len(columns)))
    table.style = "Table Grid"
    for cell, name in zip(table.rows[0].cells, columns, strict=False):
        cell.text = escape.visible(name, keep="\n")
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    table.rows[0]._tr.get_or_add_trPr().append(repeat)
    for values in cells:
        for cell, value in zip(table.add_row().cells, values, strict=False):
            cell.text = escape.visible(value, keep="\n")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _json(_, __, ___, rows) -> str:
    return escape.json_text(rows, indent=2) + "\n"
