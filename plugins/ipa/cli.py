"""``qodex ipa ...``: every IPA step from the command line."""

from __future__ import annotations

from pathlib import Path

import click

from qodex.cli.context import FORCE, OUTPUT, PROJECT, open_project
from qodex.cli.output import emit, output_options, say
from qodex.destination import write_text
from qodex.errors import QodexError
from qodex.plugins.ipa import audit, clustering, crosscase, model, notes, refi, statements, terms, theory
from qodex.plugins.ipa.render import FORMATS, render
from qodex.plugins.ipa.terms import KINDS, METHODS
from qodex.text import parse_span

QUOTE = click.option("--quote", "quotes", multiple=True, help="A passage, by its exact words.")
OCCURRENCE = click.option("--occurrence", type=int, default=None,
                          help="Which occurrence of the quote, when it occurs more than once.")
METHOD = click.option("--method", type=click.Choice(METHODS), help="How the cluster was formed.")


def _where(pairs: tuple[str, ...]) -> dict[str, str]:
    if any("=" not in p for p in pairs):
        raise QodexError("filter cases with --where ATTRIBUTE=VALUE")
    return dict(p.split("=", 1) for p in pairs)


@click.group()
def ipa():
    """Interpretative Phenomenological Analysis: notes, statements, themes, tables, audit."""


@ipa.group()
def note():
    """Exploratory notes anchored to passages."""


@note.command("add")
@PROJECT
@click.argument("source")
@click.argument("kind", type=click.Choice(KINDS))
@click.argument("body")
@click.option("--span", help="The span START:END (characters).")
@click.option("--quote", help="The passage, by its exact words.")
@OCCURRENCE
def note_add(project, source, kind, body, span, quote, occurrence):
    """Note BODY of KIND on a passage of SOURCE; prints the note's id."""
    with open_project(project) as opened:
        if quote:
            _, start, end = model.find_quote([opened.sources.get(source)], quote, occurrence)
        elif span:
            start, end = parse_span(span)
        else:
            raise QodexError("say where the note is, with --span START:END or --quote TEXT")
        say(notes.add(opened, source, start, end, kind, body))


@note.command("list")
@PROJECT
@click.option("--case", help="Only this case's notes.")
@output_options
def note_list(project, case, fmt):
    """List notes with their line and the text they are on."""
    with open_project(project) as opened:
        rows = notes.listing(opened, case)
    emit(rows, fmt, ["id", "case", "source", "line", "kind", "body", "quote"], clip={"quote": 50})


@note.command("delete")
@PROJECT
@click.argument("note_id", type=int)
def note_delete(project, note_id):
    """Remove a note."""
    with open_project(project) as opened:
        notes.delete(opened, note_id)


@ipa.group()
def statement():
    """Experiential statements (2009: emergent themes) of a case."""


@statement.command("add")
@PROJECT
@click.argument("case")
@click.argument("text")
@click.option("--note", "note_ids", type=int, multiple=True, help="A note it comes from (id).")
@QUOTE
@OCCURRENCE
def statement_add(project, case, text, note_ids, quotes, occurrence):
    """A statement of CASE, grounded in notes and passages; prints its id."""
    with open_project(project) as opened:
        passages = [model.find_quote(opened.cases.sources(case), q, occurrence) for q in quotes]
        say(statements.add(opened, case, text, note_ids, passages))


@statement.command("ground")
@PROJECT
@click.argument("statement_id", type=int)
@click.option("--note", "note_ids", type=int, multiple=True, help="A note it comes from (id).")
@QUOTE
@OCCURRENCE
def statement_ground(project, statement_id, note_ids, quotes, occurrence):
    """Ground a statement in more notes and passages."""
    with open_project(project) as opened:
        case = model.statement(opened, statement_id)["case_id"]
        passages = [model.find_quote(opened.cases.sources(case), q, occurrence) for q in quotes]
        statements.ground(opened, statement_id, note_ids, passages)


@statement.command("list")
@PROJECT
@click.option("--case", help="Only this case's statements.")
@output_options
def statement_list(project, case, fmt):
    """List statements with their theme, notes and first passage."""
    with open_project(project) as opened:
        rows = statements.listing(opened, case)
        emit(rows, fmt, ["id", "case", "statement", "theme", "notes", "location", "quote"])


@statement.command("delete")
@PROJECT
@click.argument("statement_id", type=int)
def statement_delete(project, statement_id):
    """Remove a statement."""
    with open_project(project) as opened:
        statements.delete(opened, statement_id)


@ipa.command()
@PROJECT
@click.argument("case")
@click.argument("name")
@click.argument("statement_ids", type=int, nargs=-1)
@METHOD
def cluster(project, case, name, statement_ids, method):
    """Cluster statements of CASE into its personal theme NAME; prints the theme's id."""
    with open_project(project) as opened:
        say(clustering.cluster(opened, case, name, statement_ids, method))


@ipa.group("theme")
def theme_group():
    """Themes: personal (within a case) and group (across cases), and their links to theory."""


@theme_group.command("add")
@PROJECT
@click.argument("name")
@click.option("--parent", help="The group theme it is a subtheme (perspective) of.")
@click.option("--from", "members", type=int, multiple=True, help="A personal theme it is built from (id).")
@click.option("--description")
@METHOD
def theme_add(project, name, parent, members, description, method):
    """A group theme across cases; prints its id."""
    with open_project(project) as opened, opened.transaction():
        theme_id = crosscase.add(opened, name, parent, method, description)
        crosscase.add_members(opened, theme_id, members)
    say(theme_id)


@theme_group.command("members")
@PROJECT
@click.argument("group")
@click.argument("personal", type=int, nargs=-1, required=True)
@click.option("--remove", is_flag=True, help="Take them out instead.")
def theme_members(project, group, personal, remove):
    """Add personal themes (ids) to a group theme, or --remove them."""
    with open_project(project) as opened:
        (crosscase.remove_members if remove else crosscase.add_members)(opened, group, personal)


@theme_group.command("link")
@PROJECT
@click.argument("theme_ref")
@click.argument("code")
@click.option("--remove", is_flag=True, help="Remove the link instead.")
def theme_link(project, theme_ref, code, remove):
    """Link a theme to a construct of a theoretical frame (a code path)."""
    with open_project(project) as opened:
        (theory.unlink if remove else theory.link)(opened, theme_ref, code)


@theme_group.command("set")
@PROJECT
@click.argument("theme_ref")
@click.option("--name")
@METHOD
def theme_set(project, theme_ref, name, method):
    """Rename a theme or record how it was formed."""
    with open_project(project) as opened, opened.transaction():
        if name:
            clustering.rename(opened, theme_ref, name)
        if method:
            clustering.set_method(opened, theme_ref, method)


@theme_group.command("delete")
@PROJECT
@click.argument("theme_ref")
def theme_delete(project, theme_ref):
    """Remove a theme (a group theme with its subthemes); statements stay."""
    with open_project(project) as opened:
        found = model.theme(opened, theme_ref)
        (clustering.delete if found["level"] == "personal" else crosscase.delete)(opened, found["id"])


@theme_group.command("list")
@PROJECT
@click.option("--case", help="Only this case's personal themes.")
@output_options
def theme_list(project, case, fmt):
    """Personal themes (with their statements) and group themes (with their cases)."""
    with open_project(project) as opened:
        rows = [{"id": t["id"], "level": terms.term(opened, "personal"), "theme": t["name"],
                 "case": t["case"], "method": t["method"], "statements": t["statement_ids"]}
                for t in clustering.personal_themes(opened, case)]
        if case is None:
            rows += [{"id": g["id"], "level": terms.term(opened, "group"),
                      "theme": crosscase.indent(g["name"], depth), "method": g["method"],
                      "case": sorted({m["case"] for m in crosscase.members(opened, g["id"])})}
                     for g, depth in crosscase.tree(opened)]
        emit(rows, fmt, ["id", "level", "theme", "case", "method", "statements"])


TABLES = ("case", "prevalence", "master", "theory")


@ipa.command("table")
@PROJECT
@click.argument("kind", type=click.Choice(TABLES))
@click.option("--case", help="The case, for the case table.")
@click.option("--where", "where", multiple=True, help="Only cases with ATTRIBUTE=VALUE.")
@click.option("--age", default="age", show_default=True, help="The attribute quotes cite.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="md", show_default=True)
@OUTPUT
@FORCE
def table_command(kind, project, case, where, age, fmt, output, force):
    """Print (or write) an IPA table: case, prevalence, master or theory."""
    with open_project(project) as opened:
        rows, title = _table(opened, kind, case, _where(where), age)
        text = render(rows, fmt, title)
    _write(text, output, force, project)


def _write(text: str, output: Path | None, force: bool, project: Path) -> None:
    if output:
        write_text(output, text, force, [project])
    else:
        say(text, nl=False)


def _table(opened, kind, case, where, age) -> tuple[list[dict], str]:
    if kind == "case":
        if not case:
            raise QodexError("the case table needs --case")
        return clustering.case_table(opened, case), f"{terms.term(opened, 'personal')}s: {case}"
    if kind == "prevalence":
        share = f"recurs in at least {terms.rule(opened):.0%} of cases"
        return crosscase.prevalence(opened, where), f"Prevalence of {terms.term(opened, 'group')}s ({share})"
    if kind == "master":
        return crosscase.master_table(opened, age), f"Table of {terms.term(opened, 'group')}s"
    return theory.table_rows(opened, age), "Themes and theory"


@ipa.command("audit")
@PROJECT
@click.argument("theme_ref", required=False)
@OUTPUT
@FORCE
def audit_command(project, theme_ref, output, force):
    """Print each theme's chain to its statements, notes and passages (Markdown)."""
    with open_project(project) as opened:
        text = audit.trail(opened, theme_ref) + "\n"
    _write(text, output, force, project)


@ipa.command("config")
@PROJECT
@click.option("--terms", "edition", type=click.Choice(tuple(terms.TERMS)), help="IPA edition's words.")
@click.option("--recurrence", type=float, help="Share of cases in which a theme recurs (0-1].")
def config(project, edition, recurrence):
    """Show or set the project's IPA vocabulary and recurrence rule."""
    with open_project(project) as opened:
        if edition:
            terms.set_edition(opened, edition)
        if recurrence is not None:
            terms.set_rule(opened, recurrence)
        say(f"terms: {terms.edition(opened)}\nrecurrence: {terms.rule(opened)}")


@ipa.command("codes")
@PROJECT
def codes(project):
    """Write the IPA structure as codes under IPA/ (for .qdpx and other tools)."""
    with open_project(project) as opened:
        count = refi.as_codes(opened)
    say(f"wrote the IPA code tree with {count} codings", err=True)
