"""Reading from the terminal: ``qodex search`` (where words occur) and ``qodex show`` (a
transcript with its codings as stripes beside the text)."""

from __future__ import annotations

import shutil
import string
import sys
import textwrap
from pathlib import Path

import click

from qodex.cli.context import PROJECT, open_project
from qodex.cli.output import emit, output_options
from qodex.escape import visible

KEYS = string.ascii_lowercase + string.ascii_uppercase + string.digits  # a stripe's letter per code


@click.command()
@PROJECT
@click.argument("words", nargs=-1, required=True)
@click.option("--limit", default=500, show_default=True, help="At most this many places.")
@output_options
def search(project: Path, words, limit: int, fmt: str):
    """Where WORDS (each as the start of a word) occur in sources of PROJECT holding them all."""
    from qodex.project.search import search as find

    with open_project(project) as opened:
        hits = find(opened, " ".join(words), limit)
    rows = [{"source": h.source, "start": h.start, "end": h.end, "before": h.before,
             "match": h.match, "after": h.after,
             "context": f"…{h.before.lstrip()}[{h.match}]{h.after.rstrip()}…"} for h in hits]
    emit(rows, fmt, ["source", "start", "end", "before", "match", "after"],
         table=["source", "start", "end", "context"])


@click.command()
@PROJECT
@click.argument("source")
@click.option("--width", type=int, help="Columns to fill (default: the terminal's).")
def show(project: Path, source, width):
    """Print SOURCE with its codings as stripes on the left (a letter per code, named at the end),
    through the terminal's pager when the output is a terminal."""
    with open_project(project) as opened:
        found = opened.sources.get(source)
        marks = opened.overview.marks(found.id)
        paths = opened.codes.paths()
    width = width or shutil.get_terminal_size().columns
    lines = stripes(found.text, marks, paths, max(width, 40))
    if sys.stdout.isatty():
        click.echo_via_pager(line + "\n" for line in lines)
    else:
        for line in lines:
            click.echo(line)


def stripes(text: str, marks, paths: dict[int, str], width: int) -> list[str]:
    """The lines of `text` wrapped to `width`, each led by its offset and one column per lane of
    overlapping codings showing the letter of the code coding it; then which code each letter is."""
    keys = {code_id: KEYS[i] if i < len(KEYS) else "*"
            for i, code_id in enumerate(dict.fromkeys(m.code_id for m in marks))}
    lanes = _lanes(marks)
    digits = len(str(len(text)))
    room = max(width - digits - len(lanes) - 4, 20)
    out = []
    for start, line in _wrapped(text, room):
        end = start + max(len(line), 1)
        gutter = "".join(next((keys[m.code_id] for m in lane if m.start < end and m.end > start), " ")
                         for lane in lanes)
        out.append(f"{start:>{digits}} {gutter} │ {visible(line, keep='')}".rstrip())
    counts = {code_id: sum(m.code_id == code_id for m in marks) for code_id in keys}
    out += ["", *(f"{key}  {visible(paths[code_id], keep='')} ({counts[code_id]})"
                  for code_id, key in keys.items())]
    return out


def _lanes(marks) -> list[list]:
    """Codings (in text order) put in as few lanes as lets none overlap another in its lane."""
    lanes: list[list] = []
    for mark in marks:
        lane = next((lane for lane in lanes if lane[-1].end <= mark.start), None)
        if lane is None:
            lanes.append(lane := [])
        lane.append(mark)
    return lanes


def _wrapped(text: str, room: int) -> list[tuple[int, str]]:
    """Each wrapped line of `text` with the offset where it starts."""
    lines, offset = [], 0
    for paragraph in text.split("\n"):
        pieces = textwrap.wrap(paragraph, room, drop_whitespace=False, expand_tabs=False) or [""]
        at = offset
        for piece in pieces:
            lines.append((at, piece))
            at += len(piece)
        offset += len(paragraph) + 1
    return lines


COMMANDS = (search, show)
