"""What report templates are filled with: Markdown tables, numbered notes on how each number was
computed, figures and quotes."""

from __future__ import annotations

import re
from collections.abc import Sequence

from qodex.escape import Markup, markdown

NUMBER = re.compile(r"^[-+]?\d[\d.,]*( ?%| of \d+( \(\d+ %\))?|/\d+)?$")
SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def table(rows: Sequence[dict], columns: Sequence[str], headers: Sequence[str] | None = None) -> str:
    """Rows as a Markdown table, every header and cell escaped (`Markup` ones left as they are);
    columns of numbers are right-aligned, text columns left."""
    lines = ["| " + " | ".join(map(markdown, headers or columns)) + " |",
             "|" + "|".join("--:" if _numeric(rows, c) else "---" for c in columns) + "|"]
    lines += ["| " + " | ".join(markdown(r.get(c)) for c in columns) + " |" for r in rows]
    return "\n".join(lines)


def _numeric(rows: Sequence[dict], column: str) -> bool:
    """Whether every filled cell of the column is a number or a count ("3 of 4 (75 %)")."""
    cells = [str(r[column]) for r in rows if r.get(column) not in (None, "", "–")]
    return bool(cells) and all(NUMBER.match(c) for c in cells)


class Notes:
    """Numbered notes: `add` returns the superscript marker to put after a number."""

    def __init__(self):
        self.items: list[str] = []

    def add(self, text: str) -> Markup:
        """Add a note (Markdown: escape the values from the project in it)."""
        self.items.append(text)
        return Markup(str(len(self.items)).translate(SUPERSCRIPTS))

    def render(self) -> str:
        return "\n".join(f"{i}. {text}" for i, text in enumerate(self.items, 1))


def quote(text: str, citation: str) -> str:
    """A block quote followed by its citation, both shown as text."""
    return f"> {markdown(text)} ({markdown(citation)})"


def share(part: int, whole: int) -> str:
    """"k of n (p %)"."""
    return f"{part} of {whole} ({100 * part / whole:.0f} %)" if whole else f"{part} of 0"
