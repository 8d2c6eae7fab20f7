"""How commands print: tables for people, ``--json`` and ``--csv`` for programs, on stdout;
messages with `say`. Text from the project never reaches the terminal raw: control characters are
shown escaped (`qodex.escape.visible`) and CSV cells that a spreadsheet would run are prefixed."""

from __future__ import annotations

import functools
import sys
from collections.abc import Sequence
from typing import Any

import click

from qodex.escape import csv_writer, json_text, visible


def say(message: Any, err: bool = False, nl: bool = True) -> None:
    """Print a message (on stderr when `err`), its control characters shown escaped."""
    click.echo(visible(message), err=err, nl=nl)


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
        click.echo(json_text([{c: r.get(c) for c in columns} for r in rows], indent=2))
    elif fmt == "csv":
        writer = csv_writer(sys.stdout, columns)
        writer.writeheader()
        writer.writerows({c: visible(v) if isinstance(v, str) else v for c, v in r.items()}
                         for r in rows)
    else:
        clipped = [{**r, **{c: shorten(str(r[c] or ""), w) for c, w in (clip or {}).items()}}
                   for r in rows]
        _table(clipped, list(table or columns))


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return visible(", ".join(map(str, value)), keep="")
    return visible(str(value).replace("\n", " "), keep="")


def _table(rows: Sequence[dict[str, Any]], columns: list[str]) -> None:
    if not rows:
        click.echo("(none)", err=True)
        return
    lines = [[_cell(c) for c in columns], *([_cell(r.get(c)) for c in columns] for r in rows)]
    widths = fit([max(len(line[i]) for line in lines) for i in range(len(columns))], terminal_width())
    for line in lines:
        click.echo("  ".join(shorten(v, w).ljust(w) if len(v) > w else v.ljust(w)
                             for v, w in zip(line, widths, strict=False)).rstrip())
    if len(widths) < len(columns):
        say(f"({plural(len(columns) - len(widths), 'more column')} than the terminal's width shows:"
            f" {', '.join(columns[len(widths):][:3])}{', ...' if len(columns) - len(widths) > 3 else ''};"
            " see all with --csv or --json)", err=True)


def terminal_width() -> int | None:
    """The columns a table may fill: $COLUMNS, else the terminal's; None (no limit) into a pipe."""
    import os
    import shutil

    if os.environ.get("COLUMNS", "").isdigit() or sys.stdout.isatty():
        return shutil.get_terminal_size().columns
    return None


def fit(widths: list[int], room: int | None, gap: int = 2, least: int = 6) -> list[int]:
    """Widths of the leading columns that fill at most `room` columns with `gap` between them:
    the widest are narrowed first, none below `least` (the first, which names the row, not
    below a third of the room); columns that still do not fit are left off the end."""
    if room is None or sum(widths) + gap * (len(widths) - 1) <= room:
        return widths
    floors = [min(w, least) for w in widths]
    floors[0] = min(widths[0], max(least, room // 3))
    while len(floors) > 1 and sum(floors) + gap * (len(floors) - 1) > room:
        floors.pop()
    shown, free = widths[:len(floors)], room - gap * (len(floors) - 1)
    cap = max(shown)
    while cap > least and sum(max(f, min(w, cap)) for f, w in zip(floors, shown, strict=True)) > free:
        cap -= 1
    return [max(f, min(w, cap)) for f, w in zip(floors, shown, strict=True)]


def plural(count: int, noun: str) -> str:
    """"1 coding", "2 codings"."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def shorten(text: str, limit: int = 60) -> str:
    """One line of at most `limit` characters, for a table cell."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
