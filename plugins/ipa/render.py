"""Tables as Markdown, CSV, HTML or JSON: the one renderer every IPA table goes through, every
cell escaped for its format by `qodex.escape`."""

from __future__ import annotations

import io

from qodex import escape

FORMATS = ("md", "csv", "html", "json")


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "; ".join(map(str, value))
    return str(value)


def render(rows: list[dict], fmt: str = "md", title: str | None = None) -> str:
    """`rows` (dicts with the same keys) as a document in `fmt`."""
    columns = list(rows[0]) if rows else []
    cells = [[_cell(r.get(c)) for c in columns] for r in rows]
    return {"md": _markdown, "csv": _csv, "html": _html, "json": _json}[fmt](
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
    return (f'<!DOCTYPE html>\n<meta charset="utf-8">\n<table>{caption}\n'
            f"<thead>{row('th', columns)}</thead>\n<tbody>\n{body}\n</tbody>\n</table>\n")


def _json(_, __, ___, rows) -> str:
    return escape.json_text(rows, indent=2) + "\n"
