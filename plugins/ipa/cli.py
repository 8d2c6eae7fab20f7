"""``qodex ipa ...``: every IPA step from the command line."""

from __future__ import annotations

from pathlib import Path

import click

from qodex.cli.context import FORCE, OUTPUT, PROJECT, open_project
from qodex.cli.options import attribute_filter
from qodex.cli.output import emit, output_options, say
from qodex.errors import QodexError
from qodex.escape import json_text
from qodex.plugins.ipa import (
    audit,
    clustering,
    crosscase,
    decisions,
    memos,
    model,
    notes,
    refi,
    statements,
    terms,
    theory,
    worksheet,
)
from qodex.plugins.ipa.render import FORMATS, format_of, render, save
from qodex.plugins.ipa.terms import KINDS, METHODS
from qodex.text import parse_span

QUOTE = click.option("--quote", "quotes", multiple=True, help="A passage, by its exact words.")
OCCURRENCE = click.option("--occurrence", type=int, default=None,
                          help="Which occurrence of the quote, when it occurs more than once.")
METHOD = click.option("--method", type=click.Choice(METHODS), help="How the cluster was formed.")


@click.group()
def ipa():
    """Interpretative Phenomenological Analysis: notes, statements, themes, tables, audit."""


CASE = click.option("--case", help="The case it belongs to, where a name is not unique.")
REASON = click.option("--reason", help="Why: kept in the decision log.")


@ipa.group()
def note():
    """Exploratory notes anchored to passages."""


@note.command("add")
@PROJECT
@click.argument("where", metavar="CASE_OR_SOURCE")
@click.argument("kind", type=click.Choice(KINDS))
@click.argument("body")
@click.option("--span", help="The span START:END (characters), in a case of one source.")
@click.option("--quote", help="The passage, by its exact words.")
@OCCURRENCE
def note_add(project, where, kind, body, span, quote, occurrence):
    """Note BODY of KIND on a passage of a case's (or a source's) transcript; prints its id."""
    with open_project(project) as opened:
        sources, _ = model.source_or_case(opened, where)
        if quote:
            source, start, end = model.find_quote(sources, quote, occurrence)
        elif span and len(sources) == 1:
            (source,), (start, end) = [s.id for s in sources], parse_span(span, "--span")
        elif span:
            raise QodexError(f"{where!r} has {len(sources)} sources: name the source for --span")
        else:
            raise QodexError("say where the note is, with --quote TEXT or --span START:END")
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
@click.argument("note_ref", metavar="NOTE")
@CASE
def note_delete(project, note_ref, case):
    """Remove a note (by its words, or the start of them, or its id)."""
    with open_project(project) as opened:
        notes.delete(opened, model.note(opened, note_ref, case)["id"])


@ipa.group()
def statement():
    """Experiential statements (2009: emergent themes) of a case."""


NOTE = click.option("--note", "note_refs", multiple=True,
                    help="A note it comes from: its words (or the start of them) or id.")


def _grounds(opened, case, note_refs, quotes, occurrence):
    """The note ids and passages a statement of `case` cites."""
    note_ids = [model.note(opened, ref, case)["id"] for ref in note_refs]
    passages = [model.find_quote(opened.cases.sources(case), q, occurrence) for q in quotes]
    return note_ids, passages


@statement.command("add")
@PROJECT
@click.argument("case")
@click.argument("text")
@NOTE
@QUOTE
@OCCURRENCE
def statement_add(project, case, text, note_refs, quotes, occurrence):
    """A statement of CASE, grounded in notes and passages; prints its id."""
    with open_project(project) as opened:
        say(statements.add(opened, case, text, *_grounds(opened, case, note_refs, quotes, occurrence)))


@statement.command("ground")
@PROJECT
@click.argument("statement_ref", metavar="STATEMENT")
@NOTE
@QUOTE
@OCCURRENCE
@CASE
def statement_ground(project, statement_ref, note_refs, quotes, occurrence, case):
    """Ground a statement (its text, the start of it, or its id) in more notes and passages."""
    with open_project(project) as opened:
        found = model.statement(opened, statement_ref, case)
        statements.ground(opened, found["id"],
                          *_grounds(opened, found["case_id"], note_refs, quotes, occurrence))


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
@click.argument("statement_ref", metavar="STATEMENT")
@CASE
def statement_delete(project, statement_ref, case):
    """Remove a statement (by its text, the start of it, or its id)."""
    with open_project(project) as opened:
        statements.delete(opened, model.statement(opened, statement_ref, case)["id"])


@ipa.command()
@PROJECT
@click.argument("case")
@click.argument("name")
@click.argument("statement_refs", metavar="STATEMENT...", nargs=-1)
@click.option("--under", help="The personal theme it is a sub-theme of.")
@METHOD
@REASON
def cluster(project, case, name, statement_refs, under, method, reason):
    """Cluster statements of CASE (texts, their starts, or ids) into its personal theme NAME."""
    with open_project(project) as opened:
        say(clustering.cluster(opened, case, name, statement_refs, method, reason, under))


@ipa.group("theme")
def theme_group():
    """Themes: personal (within a case) and group (across cases), and their links to theory.

    A theme is named by its name (or the start of it), CASE/NAME for a personal theme, or its id."""


@theme_group.command("add")
@PROJECT
@click.argument("name")
@click.option("--parent", help="The group theme it is a subtheme (perspective) of.")
@click.option("--from", "members", multiple=True, help="A personal theme it is built from.")
@click.option("--description")
@METHOD
@REASON
def theme_add(project, name, parent, members, description, method, reason):
    """A group theme across cases; prints its id."""
    with open_project(project) as opened, opened.transaction():
        theme_id = crosscase.add(opened, name, parent, method, description, reason)
        crosscase.add_members(opened, theme_id, members, reason)
    say(theme_id)


@theme_group.command("members")
@PROJECT
@click.argument("group")
@click.argument("personal", nargs=-1, required=True)
@click.option("--remove", is_flag=True, help="Take them out instead.")
@click.option("--divergent", is_flag=True,
              help="They run against the group theme (given again without it: they no longer do).")
@REASON
def theme_members(project, group, personal, remove, divergent, reason):
    """Add personal themes to a group theme (or mark them divergent), or --remove them."""
    with open_project(project) as opened:
        if remove:
            crosscase.remove_members(opened, group, personal, reason)
        else:
            crosscase.add_members(opened, group, personal, reason, divergent)


@theme_group.command("key")
@PROJECT
@click.argument("theme_ref", metavar="THEME")
@click.option("--quote", required=True, help="The key quote, by its exact words.")
@OCCURRENCE
@REASON
def theme_key(project, theme_ref, quote, occurrence, reason):
    """Choose the key quote of a personal theme (tables quote it)."""
    with open_project(project) as opened:
        found = model.theme(opened, theme_ref, "personal")
        where = model.find_quote(opened.cases.sources(found["case_id"]), quote, occurrence)
        clustering.set_key(opened, found["id"], *where, reason)


@theme_group.command("link")
@PROJECT
@click.argument("theme_ref", metavar="THEME")
@click.argument("code")
@click.option("--remove", is_flag=True, help="Remove the link instead.")
@REASON
def theme_link(project, theme_ref, code, remove, reason):
    """Link a theme to a construct of a theoretical frame (a code path)."""
    with open_project(project) as opened:
        (theory.unlink if remove else theory.link)(opened, theme_ref, code, reason)


@theme_group.command("set")
@PROJECT
@click.argument("theme_ref", metavar="THEME")
@click.option("--name")
@METHOD
@REASON
def theme_set(project, theme_ref, name, method, reason):
    """Rename a theme or record how it was formed."""
    with open_project(project) as opened, opened.transaction():
        found = model.theme(opened, theme_ref)
        if name:
            clustering.rename(opened, found["id"], name, reason)
        if method:
            clustering.set_method(opened, found["id"], method, reason)


@theme_group.command("merge")
@PROJECT
@click.argument("into", metavar="INTO")
@click.argument("others", metavar="THEME...", nargs=-1, required=True)
@REASON
def theme_merge(project, into, others, reason):
    """Fold THEMEs into INTO: their statements, members and sub-themes move, they go."""
    with open_project(project) as opened:
        clustering.merge(opened, into, others, reason)


@theme_group.command("split")
@PROJECT
@click.argument("theme_ref", metavar="THEME")
@click.argument("name")
@click.argument("statement_refs", metavar="STATEMENT...", nargs=-1, required=True)
@REASON
def theme_split(project, theme_ref, name, statement_refs, reason):
    """Move statements of a personal THEME into a new theme NAME of its case; prints its id."""
    with open_project(project) as opened:
        say(clustering.split(opened, theme_ref, name, statement_refs, reason))


@theme_group.command("delete")
@PROJECT
@click.argument("theme_ref", metavar="THEME")
@REASON
def theme_delete(project, theme_ref, reason):
    """Drop a theme (a group theme with its subthemes); statements stay."""
    with open_project(project) as opened:
        found = model.theme(opened, theme_ref)
        (clustering.delete if found["level"] == "personal" else crosscase.delete)(
            opened, found["id"], reason)


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


FORMAT = click.option("--format", "fmt", type=click.Choice(FORMATS),
                      help="md, csv, html (printable on A4), json or docx; default: the -o suffix, else md.")


@ipa.command("table")
@PROJECT
@click.argument("kind", type=click.Choice(TABLES))
@click.option("--case", help="The case, for the case table.")
@click.option("--where", multiple=True, metavar="ATTRIBUTE=VALUE", callback=attribute_filter,
              help="Only cases with this attribute value (repeatable).")
@click.option("--age", default="age", show_default=True, help="The attribute quotes cite.")
@FORMAT
@OUTPUT
@FORCE
def table_command(project, kind, case, where, age, fmt, output, force):
    """Print (or write) an IPA table: case, prevalence, master or theory."""
    fmt = format_of(fmt, output)
    with open_project(project) as opened:
        rows, title = _table(opened, kind, case, where, age)
    _write(render(rows, fmt, title), output, force, project)


@ipa.command("worksheet")
@PROJECT
@click.option("--case", required=True, help="The case.")
@FORMAT
@OUTPUT
@FORCE
def worksheet_command(project, case, fmt, output, force):
    """The case's worksheet: transcript lines numbered | exploratory notes | statements."""
    fmt = format_of(fmt, output)
    with open_project(project) as opened:
        content = worksheet.document(opened, case, fmt)
    _write(content, output, force, project)


def _write(content: str | bytes, output: Path | None, force: bool, project: Path) -> None:
    if isinstance(content, bytes) and not output:
        raise QodexError("a .docx needs a file to go to: -o FILE.docx")
    if output:
        save(content, output, force, project)
    else:
        say(content, nl=False)


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
@click.argument("theme_ref", metavar="[THEME]", required=False)
@click.option("--json", "as_json", is_flag=True, help="Write JSON instead of Markdown.")
@OUTPUT
@FORCE
def audit_command(project, theme_ref, as_json, output, force):
    """Each theme's chain to its statements, notes and passages, and the decision log (Markdown)."""
    with open_project(project) as opened:
        text = (json_text(audit.data(opened, theme_ref), indent=2) if as_json
                else audit.trail(opened, theme_ref)) + "\n"
    _write(text, output, force, project)


@ipa.command("decisions")
@PROJECT
@click.argument("theme_ref", metavar="[THEME]", required=False)
@output_options
def decisions_command(project, theme_ref, fmt):
    """The decision log: each analytic step with its date, analyst and reason."""
    with open_project(project) as opened:
        theme_id = model.theme(opened, theme_ref)["id"] if theme_ref else None
        rows = decisions.listing(opened, theme_id)
    emit(rows, fmt, ["at", "analyst", "action", "theme", "detail", "reason"])


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


@ipa.command("adopt")
@PROJECT
def adopt_command(project):
    """Make notes, statements and themes of IPA memos (an import or a merge does it itself)."""
    with open_project(project) as opened:
        made = memos.adopt(opened)
    say(f"made {made['IPA notes']} notes, {made['IPA statements']} statements and"
        f" {made['IPA themes']} themes of {-made['memos']} IPA memos", err=True)


@ipa.command("codes")
@PROJECT
def codes(project):
    """Write the IPA structure as codes under IPA/ (for .qdpx and other tools)."""
    with open_project(project) as opened:
        count = refi.as_codes(opened)
    say(f"wrote the IPA code tree with {count} codings", err=True)
