"""Sources, codes, codings, cases: listings (a table, or JSON/CSV) and the edits the TUI makes."""

from __future__ import annotations

from pathlib import Path

import click
from click_default_group import DefaultGroup

from qodex.cli.context import open_project
from qodex.cli.options import BY_CODER, PROJECT, attribute_pairs
from qodex.cli.output import emit, output_options, plural, say
from qodex.errors import QodexError


@click.group(cls=DefaultGroup, default="list")
def sources():
    """List, rename and delete sources (``qodex sources PROJECT`` lists them)."""


@sources.command(name="list")
@PROJECT
@output_options
def list_sources(project: Path, fmt: str):
    """List the sources in PROJECT with their length, codings and cases."""
    with open_project(project) as opened:
        rows = [{k: v for k, v in row.items() if k != "values"} for row in opened.overview.sources()]
    emit(rows, fmt, ["id", "name", "kind", "chars", "codings", "cases"] +
         (["origin"] if fmt != "table" else []))


@sources.command(name="rename")
@PROJECT
@click.argument("source")
@click.argument("new_name")
def rename_source(project: Path, source, new_name):
    """Give SOURCE in PROJECT the name NEW_NAME."""
    with open_project(project) as opened:
        old = opened.sources.get(source).name
        opened.sources.rename(source, new_name)
    say(f"renamed source {old} to {new_name}")


@sources.command(name="delete")
@PROJECT
@click.argument("source")
def delete_source(project: Path, source):
    """Delete SOURCE from PROJECT with its codings and memos (`qodex undo` brings it back)."""
    with open_project(project) as opened:
        old = opened.sources.get(source)
        codings = sum(1 for _ in opened.codings.each(source=old))
        opened.sources.delete(old)
    say(f"deleted source {old.name} and {plural(codings, 'coding')}")


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
@BY_CODER
@click.option("--counter", metavar="KIND",
              help="Only counter-instances of this kind (`any` for every kind).")
@click.option("--support", is_flag=True, help="Only supporting codings (no counter-instances).")
@output_options
def list_codings(project: Path, source, code, coders: tuple[str, ...], counter, support, fmt: str):
    """List codings in PROJECT with the text each covers and, for a counter-instance, its kind."""
    if counter and support:
        raise QodexError("give at most one of --counter KIND and --support")
    wanted = False if support else True if counter == "any" else counter
    with open_project(project) as opened:
        paths = opened.codes.paths()
        names = opened.overview.source_names()
        names_of_coders = {c.id: c.name for c in opened.coders}
        rows = ((i, names[s], paths[c], start, end, names_of_coders.get(who), quote, kind, memo, guid)
                for i, s, c, start, end, who, kind, memo, guid, quote
                in opened.codings.quoted(source, code, coders, wanted))
        emit(rows, fmt, ["id", "source", "code", "start", "end", "coder", "quote", "counter", "memo",
                         "guid"],
             table=["id", "source", "code", "start", "end", "coder", "counter", "quote"], clip={"quote": 50})


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


@click.group(cls=DefaultGroup, default="list")
def cases():
    """List cases and set their attribute values (``qodex cases PROJECT`` lists them)."""


@cases.command(name="list")
@PROJECT
@click.option("--coded-with", "code", help="Only cases whose sources hold this code (or one below it).")
@BY_CODER
@click.option("--instances", type=click.Choice(["support", "counter", "all"]), default="support",
              show_default=True, help="With --coded-with: which codings count (a case is present"
              " for a code with a supporting coding; counter-instances are denials, hypotheticals...).")
@output_options
def list_cases(project: Path, code, coders: tuple[str, ...], instances, fmt: str):
    """List the cases in PROJECT with their sources and attribute values."""
    if coders and not code:
        raise click.UsageError("--by-coder counts here only with --coded-with CODE")
    with open_project(project) as opened:
        rows = opened.cases.overview()
        if code:
            counter = {"support": False, "counter": True, "all": None}[instances]
            keep = {c.name for coder in coders or [None]
                    for c in opened.cases.coded_with(code, coder, counter)}
            rows = [r for r in rows if r["case"] in keep]
    emit(rows, fmt)


@cases.command(name="set")
@PROJECT
@click.argument("case")
@click.argument("values", nargs=-1, required=True, metavar="ATTRIBUTE=VALUE...")
def set_case(project: Path, case, values):
    """Set attribute values of CASE in PROJECT (an empty VALUE clears one)."""
    pairs = dict(attribute_pairs(values))
    with open_project(project) as opened:
        opened.cases.set_values(case, pairs)
        stored = opened.cases.values(case)
    say(f"{case}: " + ", ".join(f"{name}={'' if stored.get(name) is None else stored[name]}"
                                for name in pairs))


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


@codes.command(name="rename")
@PROJECT
@click.argument("code")
@click.argument("new_name")
def rename_code(project: Path, code, new_name):
    """Give CODE (a path, or a name no other code has) the name NEW_NAME; it stays where it is."""
    with open_project(project) as opened:
        old = opened.codes.resolve(code)
        path = opened.codes.path(old)
        say(f"renamed code {path} to {opened.codes.path(opened.codes.update(old, name=new_name))}")


@codes.command(name="move")
@PROJECT
@click.argument("code")
@click.option("--under", "parent", help="The new parent's path (default: the top level).")
def move_code(project: Path, code, parent):
    """Move CODE with its children under another code, or to the top level."""
    with open_project(project) as opened:
        target = opened.codes.resolve(parent) if parent else None
        moved = opened.codes.move(opened.codes.resolve(code), target)
        say(f"moved code to {opened.codes.path(moved)}")


@codes.command(name="merge")
@PROJECT
@click.argument("code")
@click.argument("into")
def merge_code(project: Path, code, into):
    """Fold CODE into INTO: its codings, children and memos move over, then CODE goes."""
    with open_project(project) as opened:
        old = opened.codes.resolve(code)
        path, codings = opened.codes.path(old), sum(1 for _ in opened.codings.each(code=old))
        target = opened.codes.merge(old, opened.codes.resolve(into))
        say(f"merged {path} into {opened.codes.path(target)} ({plural(codings, 'coding')} moved)")


@codes.command(name="delete")
@PROJECT
@click.argument("code")
def delete_code(project: Path, code):
    """Delete CODE with its children, their codings and memos (`qodex undo` brings them back)."""
    with open_project(project) as opened:
        old, paths = opened.codes.resolve(code), opened.codes.paths()
        path = paths[old.id]
        codings = sum(n for code_id, (n, _) in opened.overview.code_counts().items()
                      if paths[code_id] == path or paths[code_id].startswith(path + "/"))
        opened.codes.delete(old)
    say(f"deleted code {path} and {plural(codings, 'coding')}")


@codes.command(name="describe")
@PROJECT
@click.argument("code")
@click.argument("description")
def describe_code(project: Path, code, description):
    """Set what CODE means and when to use it (an empty DESCRIPTION clears it)."""
    with open_project(project) as opened:
        described = opened.codes.update(opened.codes.resolve(code), description=description)
        say(f"described code {opened.codes.path(described)}")


@codes.command(name="colour")
@PROJECT
@click.argument("code")
@click.argument("colour")
def colour_code(project: Path, code, colour):
    """Give CODE a colour such as #0072B2."""
    with open_project(project) as opened:
        coloured = opened.codes.update(opened.codes.resolve(code), colour=colour)
        say(f"coloured code {opened.codes.path(coloured)} {coloured.colour}")


codes.add_command(list_codes)
COMMANDS = (sources, codes, codings, cases)
