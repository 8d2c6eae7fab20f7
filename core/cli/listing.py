"""Listings: sources, codes, codings, cases. Each prints a table, or JSON/CSV."""

from __future__ import annotations

from pathlib import Path

import click
from click_default_group import DefaultGroup

from qodex.cli.context import PROJECT, open_project
from qodex.cli.output import emit, output_options, say
from qodex.errors import QodexError


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
    """List the codes in PROJECT as a tree, with how often each is used (supporting codings and
    the sources holding them; counter-instances apart)."""
    with open_project(project) as opened:
        paths = opened.codes.paths()
        counts, counter = opened.overview.code_counts(), opened.overview.counter_counts()
        rows = [{"id": code.id, "path": paths[code.id], "name": code.name,
                 "codings": counts.get(code.id, (0, 0))[0], "sources": counts.get(code.id, (0, 0))[1],
                 "counter": counter.get(code.id, 0), "colour": code.colour,
                 "description": code.description, "guid": code.guid}
                for code in opened.codes]
    rows.sort(key=lambda r: r["path"].casefold())
    columns = ["path", "codings", "sources", "counter", "colour"]
    emit(rows, fmt, columns if fmt == "table" else ["id", "path", "name", *columns[1:],
                                                      "description", "guid"])


@click.group(cls=DefaultGroup, default="list")
def codings():
    """List codings and mark counter-instances (``qodex codings PROJECT`` lists them)."""


@codings.command(name="list")
@PROJECT
@click.option("--source", help="Only codings in this source.")
@click.option("--code", help="Only codings of this code (a path like Parent/Child).")
@click.option("--coder", "coder_name", help="Only codings by this coder.")
@click.option("--counter", metavar="KIND",
              help="Only counter-instances of this kind (`any` for every kind).")
@click.option("--support", is_flag=True, help="Only supporting codings (no counter-instances).")
@output_options
def list_codings(project: Path, source, code, coder_name, counter, support, fmt: str):
    """List codings in PROJECT with the text each covers and, for a counter-instance, its kind."""
    if counter and support:
        raise QodexError("give at most one of --counter KIND and --support")
    wanted = False if support else True if counter == "any" else counter
    with open_project(project) as opened:
        paths = opened.codes.paths()
        names = opened.overview.source_names()
        coders = {c.id: c.name for c in opened.coders}
        found = opened.codings.list(source=source, code=code, coder=coder_name, counter=wanted)
        rows = [{"id": c.id, "source": names[c.source_id], "code": paths[c.code_id],
                 "start": c.start, "end": c.end, "coder": coders.get(c.coder_id),
                 "quote": opened.codings.quote(c), "counter": c.counter, "memo": c.memo,
                 "guid": c.guid} for c in found]
    emit(rows, fmt, table=["id", "source", "code", "start", "end", "coder", "counter", "quote"],
         clip={"quote": 50})


@codings.command()
@PROJECT
@click.argument("coding_id", metavar="ID", type=int)
@click.option("--counter", metavar="KIND",
              help="Mark it a counter-instance: denial, hypothetical, third-party or a label.")
@click.option("--support", is_flag=True, help="Mark it a supporting coding again.")
def mark(project: Path, coding_id: int, counter, support):
    """Mark coding ID (see `qodex codings PROJECT`) as a counter-instance or as supporting."""
    if bool(counter) == support:
        raise QodexError("give exactly one of --counter KIND and --support")
    with open_project(project) as opened:
        coding = opened.codings.mark(coding_id, None if support else counter)
        what = f"a counter-instance ({coding.counter})" if coding.counter else "supporting"
        say(f"coding {coding.id} is now {what}")


@click.command()
@PROJECT
@click.option("--coded-with", "code", help="Only cases whose sources hold this code (or one below it).")
@click.option("--coder", "coder_name", help="With --coded-with: only this coder's codings count.")
@click.option("--instances", type=click.Choice(["support", "counter", "all"]), default="support",
              show_default=True, help="With --coded-with: which codings count (a case is present"
              " for a code with a supporting coding; counter-instances are denials, hypotheticals...).")
@output_options
def cases(project: Path, code, coder_name, instances, fmt: str):
    """List the cases in PROJECT with their sources and attribute values."""
    with open_project(project) as opened:
        rows = opened.cases.overview()
        if code:
            counter = {"support": False, "counter": True, "all": None}[instances]
            keep = {c.name for c in opened.cases.coded_with(code, coder_name, counter)}
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
