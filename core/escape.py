"""Data is data wherever it is rendered: the one place text from a project is made safe for
HTML, Markdown, CSV, the terminal and the TUI.

Every renderer escapes values from the project (names, quotes, cells) through these functions,
never by hand: `html` for HTML and SVG, `markdown` for Markdown, `csv_writer` for CSV files,
`visible` for the terminal (`glyphs` where offsets must hold). Rich and Textual get text as
`Text` or `Content` objects, never as markup strings. CSV importers read cells through
`csv_text`, so what qodex exported imports unchanged.
"""

from __future__ import annotations

import csv
import json
import re
from typing import Any

# What Markdown could read as markup in running text: emphasis, code, links and images, raw HTML
# and autolinks, tables, strike-through, entities and the escape character itself.
_MARKDOWN_INLINE = re.compile(r"([\\`*_\[\]<>|!~&#])")
# What makes a list or a break of a line's start ("- ", "+ ", "---", "1. ", "1) "), not a number.
_LIST_START = re.compile(r"^(?:([-+])(?!\d)|(\d+)([.)])(?!\S))")
# Control characters a terminal acts on: C0, DEL and C1.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_JSON_CONTROL = re.compile(r"[\x7f-\x9f]")  # JSON itself escapes C0
_GLYPHS = {**{c: 0x2400 + c for c in range(0x20) if chr(c) not in "\n\t"}, 0x7F: 0x2421,
           **{c: 0xFFFD for c in range(0x80, 0xA0)}}
# Cells a spreadsheet would read as a formula (OWASP "CSV injection"), after any quotes already
# put before them (so that taking one quote off on reading gives back what was written).
_FORMULA = re.compile(r"'*[=+\-@\t\r]")
_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$")


class Markup(str):
    """Markdown written by the program, not data: `markdown` (and so a report's `table`) leaves it
    as it is."""


def html(value: Any) -> str:
    """`value` as HTML or SVG text (``& < > " '`` escaped), for element content and attributes."""
    from html import escape  # it loads html.entities, large: imported where HTML is written

    return escape("" if value is None else str(value), quote=True)


def markdown(value: Any) -> str:
    """`value` as Markdown that shows it literally, on one line: every character Markdown could
    read as markup (``* _ ` [ ] < > | ! ~ & # \\``, and a list marker at the start) is
    backslash-escaped. A `Markup` value or a number is returned as it is."""
    if isinstance(value, Markup | int | float):
        return str(value)
    text = _MARKDOWN_INLINE.sub(r"\\\1", " ".join(("" if value is None else str(value)).split()))
    return _LIST_START.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\{m[3]}", text)


def bold(value: Any) -> Markup:
    """`value` in bold, escaped."""
    return Markup(f"**{markdown(value)}**")


def fence(text: str, info: str = "") -> str:
    """`text` as a fenced code block whose fence no line of `text` can close."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    marks = "`" * max(3, longest + 1)
    return f"{marks}{info}\n{text}\n{marks}"


def visible(value: Any, keep: str = "\n\t") -> str:
    """`value` safe to print on a terminal: control characters (ESC, BEL, C1, DEL …) shown as
    ``\\x1b`` and the like, so a name cannot move the cursor, retitle the window or clear the
    screen. Newline and tab are kept unless `keep` says otherwise."""
    text = "" if value is None else str(value)
    return _CONTROL.sub(lambda m: m[0] if m[0] in keep else f"\\x{ord(m[0]):02x}", text)


def json_text(value: Any, **options) -> str:
    """`value` as JSON (UTF-8 text, not ASCII) whose strings hold no raw control character: DEL
    and C1, which JSON leaves as they are, are written ``\\u007f`` and the like."""
    return json_safe(json.dumps(value, ensure_ascii=False, default=str, **options))


def json_safe(text: str) -> str:
    """JSON `text` (as `json.dumps` writes it, not ASCII) with DEL and C1 written ``\\u007f`` and
    the like, as `json_text` gives them."""
    if text.isascii() and "\x7f" not in text:  # the common case, without the regular expression
        return text
    return _JSON_CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def glyphs(text: str) -> str:
    """`text` with each control character but newline and tab replaced by one visible symbol
    (``␛`` for ESC, ``␇`` for BEL, ``�`` for C1), so offsets still match: for views that map
    screen cells to characters, such as the transcript."""
    return text.translate(_GLYPHS)


def _formula(text: str) -> bool:
    return bool(_FORMULA.match(text)) and not _NUMBER.match(text)


def csv_cell(value: Any) -> Any:
    """`value` safe for a spreadsheet: text starting with ``= + - @``, tab or carriage return (or
    with quotes before one) is prefixed with a single quote, so Excel or LibreOffice shows it
    rather than running it as a formula; numbers (``-3``, ``+1.5``) are left as they are."""
    return "'" + value if isinstance(value, str) and _formula(value) else value


def csv_text(cell: str) -> str:
    """A cell `csv_cell` wrote, as it was: the quote it put before a formula character taken off."""
    return cell[1:] if cell.startswith("'") and _formula(cell[1:]) else cell


class _SafeWriter:
    def __init__(self, writer):
        self._writer = writer

    def writerow(self, row):
        return self._writer.writerow([csv_cell(v) for v in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


class _SafeDictWriter(csv.DictWriter):
    def writerow(self, rowdict):
        return super().writerow({k: csv_cell(v) for k, v in rowdict.items()})

    def writerows(self, rowdicts):
        for row in rowdicts:
            self.writerow(row)


def csv_writer(handle, columns=None, **options):
    """A CSV writer on `handle` whose cells pass through `csv_cell`: a ``csv.DictWriter`` over
    `columns` (extra keys ignored) when they are given, else a ``csv.writer``. Lines end in
    ``\\n``."""
    options.setdefault("lineterminator", "\n")
    if columns is None:
        return _SafeWriter(csv.writer(handle, **options))
    return _SafeDictWriter(handle, columns, extrasaction="ignore", **options)
