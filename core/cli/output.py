"""How commands print: tables for people, ``--json`` and ``--csv`` for programs, on stdout;
messages with `say`. Text from the project never reaches the terminal raw: control characters are
shown escaped (`qodex.escape.visible`) and CSV cells that a spreadsheet would run are prefixed."""

from __future__ import annotations

import functools
import itertools
import sys
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import click

from qodex.escape import csv_writer, json_safe, visible
from qodex.jsonrows import objects


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


def emit(rows: Iterable[dict[str, Any] | tuple], fmt: str, columns: Sequence[str] | None = None, *,
         table: Sequence[str] | None = None, clip: dict[str, int] | None = None) -> None:
    """Print rows as an aligned table, JSON (a list of objects) or CSV, one row at a time.

    `rows` may be a generator: JSON and CSV are written as they come, and a table sizes its
    columns on its first `TABLE_SIZING` rows, so no output holds every row in memory. A row is a
    dict, or a tuple of the `columns`' values in order (the cheaper shape for long listings).
    `columns` are those printed (default: the first row's); a table shows `table` instead, when
    given, with the text of each `clip` column shortened to its width.
    """
    rows = iter(rows)
    first = next(rows, None)
    columns = list(columns or (first.keys() if first else []))
    rows = itertools.chain([first] if first is not None else [], rows)
    tuples = isinstance(first, tuple)
    if fmt == "json":
        _json(rows if tuples else (map(row.get, columns) for row in rows), columns)
        return
    if tuples:
        rows = (dict(zip(columns, row, strict=True)) for row in rows)
    if fmt == "csv":
        _csv(rows, columns)
    else:
        _table(_clipped(rows, clip or {}), list(table or columns))


TABLE_SIZING = 1000  # rows a table reads to size its columns before it prints


def _clipped(rows: Iterable[dict[str, Any]], clip: dict[str, int]) -> Iterator[dict[str, Any]]:
    """Rows with the text of each `clip` column shortened to its width."""
    return ({**r, **{c: shorten(str(r[c] or ""), w) for c, w in clip.items()}} for r in rows)


def _csv(rows: Iterable[dict[str, Any]], columns: list[str]) -> None:
    writer = csv_writer(sys.stdout, columns)
    writer.writeheader()
    writer.writerows({c: visible(v) if isinstance(v, str) else v for c, v in r.items()} for r in rows)


def _json(rows: Iterable[Iterable[Any]], columns: list[str]) -> None:
    """A JSON array of objects, one object a line (as `json_text` writes it), written as each row
    (the `columns`' values in order) comes."""
    encode = objects(columns)
    lines = (json_safe(encode(values)) for values in rows)
    first = next(lines, None)
    if first is None:
        sys.stdout.write("[]\n")
        return
    sys.stdout.write("[\n  " + first)
    while batch := list(itertools.islice(lines, JSON_BATCH)):
        sys.stdout.write(",\n  " + ",\n  ".join(batch))
    sys.stdout.write("\n]\n")


JSON_BATCH = 1000  # JSON lines written at a time


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return visible(", ".join(map(str, value)), keep="")
    return visible(str(value).replace("\n", " "), keep="")


def _table(rows: Iterable[dict[str, Any]], columns: list[str]) -> None:
    rows = iter(rows)
    head = [[_cell(r.get(c)) for c in columns] for r in itertools.islice(rows, TABLE_SIZING)]
    if not head:
        click.echo("(none)", err=True)
        return
    lines = [[_cell(c) for c in columns], *head]
    widths = fit([max(len(line[i]) for line in lines) for i in range(len(columns))], terminal_width())
    for line in itertools.chain(lines, ([_cell(r.get(c)) for c in columns] for r in rows)):
        click.echo("  ".join(shorten(v, w).ljust(w) if len(v) > w else v.ljust(w)
                             for v, w in zip(line, widths, strict=False)).rstrip())
    if len(widths) < len(columns):
        say(f"({plural(len(columns) - len(widths), 'more column')} than the terminal's width shows:"
            f" {', '.join(columns[len(widths):][:3])}{', ...' if len(columns) - len(widths) > 3 else ''};"
            " see all with --csv or --json)", err=True)


def terminal_width() -> int | None:
    """The columns a table may fill: $COLUMNS, else the terminal's; None (no limit) into a pipe."""
    import os

    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    if sys.stdout.isatty():
        try:
            return os.get_terminal_size(sys.stdout.fileno()).columns
        except OSError:
            return 80
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
