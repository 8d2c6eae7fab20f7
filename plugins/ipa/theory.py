"""Linking themes to constructs of a theoretical frame: codes of the codebook (e.g. attachment theory).

A link says the theme rests on the construct; its quotes are the theme's grounding passages that a
coding of the construct (or of a code below it) overlaps.
"""

from __future__ import annotations

from qodex.plugins.ipa.crosscase import indent, statement_ids, tree
from qodex.plugins.ipa.decisions import record
from qodex.plugins.ipa.model import cite, spans, table, theme


def link(project, theme_ref, code_ref, reason: str | None = None) -> None:
    """Say that a theme rests on a construct (a code, by path or id)."""
    row, code = theme(project, theme_ref), project.codes.get(code_ref)
    links = table(project, "theory_links")
    with project.transaction():
        if not links.rows(theme_id=row["id"], code_id=code.id):
            links.insert(theme_id=row["id"], code_id=code.id)
            record(project, "linked to theory", row, project.codes.paths()[code.id], reason)


def unlink(project, theme_ref, code_ref, reason: str | None = None) -> None:
    """Take back a link to a construct."""
    row, code = theme(project, theme_ref), project.codes.get(code_ref)
    with project.transaction():
        if table(project, "theory_links").delete(theme_id=row["id"], code_id=code.id):
            record(project, "unlinked from theory", row, project.codes.paths()[code.id], reason)


def constructs(project, theme_id: int) -> list[str]:
    """The paths of the codes a theme is linked to."""
    paths = project.codes.paths()
    return [paths[r["code_id"]] for r in table(project, "theory_links").rows(theme_id=theme_id)]


def quotes(project, theme_row: dict, code_path: str, age: str = "age") -> list[str]:
    """The theme's passages coded with the construct (or below it), cited."""
    code_ids = project.scopes.code_and_below(code_path)
    statement_case = {s["id"]: s["case_id"] for s in table(project, "statements").rows()}
    grounding = spans(project, statement_ids(project, theme_row))
    coded = project.spans.codings(codes=code_ids, sources={s["source_id"] for s in grounding})
    return [f"\u201c{span['quote']}\u201d {cite(project, statement_case[span['statement_id']], age)}"
            for span in grounding if any(c.source_id == span["source_id"] and c.start < span["end"]
                                         and c.end > span["start"] for c in coded)]


def table_rows(project, age: str = "age") -> list[dict]:
    """Per group theme and linked construct: the quotes that rest on it."""
    rows = []
    for group, depth in tree(project):
        for path in constructs(project, group["id"]):
            rows.append({"theme": indent(group["name"], depth), "construct": path,
                         "quotes": quotes(project, group, path, age)})
    return rows
