"""Listings: sources, codes, codings, cases. Each prints a table, or JSON/CSV."""

from __future__ import annotations

from pathlib import Path

import click
from click_default_group import DefaultGroup

from qodex.cli.context import open_project
from qodex.cli.options import BY_CODER, PROJECT
from qodex.cli.output import emit, output_options, say


@click.command()
@PROJECT
@output_options
def sources(project: Path, fmt: str):
    """List the sources in PROJECT with their length, codings and cases."""
    with open_project(project) as opened:
        rows = [{k: v for k, v in row.items() if k != "values"} for row in opened.overview.sources()]
    emit(rows, fmt, ["id", "name", "kind", "chars", "codings", "cases"] +
         (["origin"] if fmt != "table" else []))


@click.command(name="list")
@PROJECT
@output_options
def list_codes(project: Path, fmt: str):
    """List the codes in PROJECT as a tree, with how often each is used."""
    with open_project(project) as opened:
        paths = opened.codes.paths()
        counts = opened.overview.code_counts()
        rows = [{"id": code.id, "path": paths[code.id], "name": code.name,
                 "codings": counts.get(code.id, (0, 0))[0], "sources": counts.get(code.id, (0, 0))[1],
                 "colour": code.colour, "description": code.description, "guid": code.guid}
                for code in opened.codes]
    rows.sort(key=lambda r: r["path"].casefold())
    columns = ["path", "codings", "sources", "colour"]
    emit(rows, fmt, columns if fmt == "table" else ["id", "path", "name", *columns[1:],
                                                      "description", "guid"])


@click.command()
@PROJECT
@click.option("--source", help="Only codings in this source.")
@click.option("--code", help="Only codings of this code (a path like Parent/Child).")
@BY_CODER
@output_options
def codings(project: Path, source, code, coders: tuple[str, ...], fmt: str):
    """List codings in PROJECT with the text each covers."""
    with open_project(project) as opened:
        paths = opened.codes.paths()
        names = opened.overview.source_names()
        names_of_coders = {c.id: c.name for c in opened.coders}
        found = [c for c in opened.codings.list(source=source, code=code)
                 if not coders or names_of_coders.get(c.coder_id) in coders]
        rows = [{"id": c.id, "source": names[c.source_id], "code": paths[c.code_id],
                 "start": c.start, "end": c.end, "coder": names_of_coders.get(c.coder_id),
                 "quote": opened.codings.quote(c), "memo": c.memo, "guid": c.guid}
                for c in found]
    emit(rows, fmt, table=["id", "source", "code", "start", "end", "coder", "quote"],
         clip={"quote": 50})


@click.command()
@PROJECT
@click.option("--coded-with", "code", help="Only cases whose sources hold this code (or one below it).")
@BY_CODER
@output_options
def cases(project: Path, code, coders: tuple[str, ...], fmt: str):
    """List the cases in PROJECT with their sources and attribute values."""
    if coders and not code:
        raise click.UsageError("--by-coder counts here only with --coded-with CODE")
    with open_project(project) as opened:
        rows = opened.cases.overview()
        if code:
            keep = {c.name for coder in coders or [None] for c in opened.cases.coded_with(code, coder)}
            rows = [r for r in rows if r["case"] in keep]
    emit(rows, fmt)


@click.group(cls=DefaultGroup, default="list")
def codes():
    """List and edit the codebook (``qodex codes PROJECT`` lists it)."""


@codes.command(name="add")
@PROJECT
@click.argument("name")
@click.option("--parent", help="Path of the parent code.")
@click.option("--colour", help="A colour such as #0072B2.")
@click.option("--description", help="What the code means and when to use it.")
def add_code(project: Path, name, parent, colour, description):
    """Add a code NAME to PROJECT's codebook."""
    with open_project(project) as opened:
        code = opened.codes.add(name, parent=parent, colour=colour, description=description)
        say(f"added code {opened.codes.path(code)}")


codes.add_command(list_codes)
COMMANDS = (sources, codes, codings, cases)
