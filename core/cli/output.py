"""How commands print: tables for people, ``--json`` and ``--csv`` for programs, on stdout."""

from __future__ import annotations

import csv
import functools
import json
import sys
from collections.abc import Sequence
from typing import Any

import click


def output_options(fn):
    """Add ``--json`` and ``--csv`` to a listing command, passed on as `fmt`."""

    @click.option("--json", "fmt", flag_value="json", help="Print JSON.")
    @click.option("--csv", "fmt", flag_value="csv", help="Print CSV.")
    @functools.wraps(fn)
    def wrapper(*args, fmt=None, **kwargs):
        return fn(*args, fmt=fmt or "table", **kwargs)

    return wrapper


def emit(rows: Sequence[dict[str, Any]], fmt: str, columns: Sequence[str] | None = None, *,
         table: Sequence[str] | None = None, clip: dict[str, int] | None = None) -> None:
    """Print rows as an aligned table, JSON (a list of objects) or CSV.

    `columns` are those printed (default: the first row's); a table shows `table` instead, when
    given, with the text of each `clip` column shortened to its width.
    """
    columns = list(columns or (rows[0].keys() if rows else []))
    if fmt == "json":
        click.echo(json.dumps([{c: r.get(c) for c in columns} for r in rows], indent=2,
                              ensure_ascii=False, default=str))
    elif fmt == "csv":
        writer = csv.DictWriter(sys.stdout, columns, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    else:
        clipped = [{**r, **{c: shorten(str(r[c] or ""), w) for c, w in (clip or {}).items()}}
                   for r in rows]
        _table(clipped, list(table or columns))


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(map(str, value))
    return str(value).replace("\n", " ")


def _table(rows: Sequence[dict[str, Any]], columns: list[str]) -> None:
    if not rows:
        click.echo("(none)", err=True)
        return
    cells = [[_cell(r.get(c)) for c in columns] for r in rows]
    widths = [max(len(c), *(len(row[i]) for row in cells)) for i, c in enumerate(columns)]
    click.echo("  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip())
    for row in cells:
        click.echo("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())


def shorten(text: str, limit: int = 60) -> str:
    """One line of at most `limit` characters, for a table cell."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
