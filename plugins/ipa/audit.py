"""The audit trail: each theme's chain back to its statements, notes and passages, in Markdown
(every name and text from the project escaped, so it shows as written)."""

from __future__ import annotations

from qodex.escape import markdown as md
from qodex.plugins.ipa import decisions
from qodex.plugins.ipa.crosscase import members, tree
from qodex.plugins.ipa.model import spans, table, theme
from qodex.plugins.ipa.notes import listing as note_rows
from qodex.plugins.ipa.terms import term
from qodex.plugins.ipa.theory import constructs


def trail(project, theme_ref=None) -> str:
    """The chain of one theme, or of every group theme, as Markdown for a thesis appendix."""
    if theme_ref is not None:
        row = theme(project, theme_ref)
        return "\n".join(_theme(project, row, 2) + _log(decisions.listing(project, row["id"])))
    lines = [f"# IPA audit trail: {md(project.name)}", ""]
    for group, depth in tree(project):
        lines += _theme(project, group, 2 + min(depth, 2))
    return "\n".join(lines + _log(decisions.listing(project)))


def _log(rows: list[dict]) -> list[str]:
    """The decision log as a Markdown section."""
    if not rows:
        return []
    return ["## Decision log", "", *(f"- {md(decisions.line(r))}" for r in rows), ""]


def data(project, theme_ref=None) -> dict:
    """The audit as data: each theme's chain (statements, notes, passages) and the decision log."""
    chosen = [theme(project, theme_ref)] if theme_ref is not None else [g for g, _ in tree(project)]
    return {"themes": [_theme_data(project, row) for row in chosen],
            "decisions": decisions.listing(project, chosen[0]["id"] if theme_ref is not None else None)}


def _theme_data(project, row: dict) -> dict:
    found = {"theme": row["name"], "level": row["level"], "method": row["method"],
             "theory": constructs(project, row["id"])}
    if row["level"] == "group":
        found["members"] = [_theme_data(project, m) for m in members(project, row["id"], below=False)]
        return found
    notes = {n["id"]: n for n in note_rows(project, row["case_id"])}
    found["case"] = project.cases.get(row["case_id"]).name
    found["statements"] = [
        {"statement": table(project, "statements").get(link["statement_id"])["text"],
         "notes": [{k: notes[n["note_id"]][k] for k in ("kind", "body", "source", "line")}
                   for n in table(project, "statement_notes").rows(statement_id=link["statement_id"])],
         "passages": [{k: span[k] for k in ("source", "line", "start", "end", "quote")}
                      for span in spans(project, [link["statement_id"]])]}
        for link in table(project, "theme_statements").rows(theme_id=row["id"])]
    return found


def _theme(project, row: dict, level: int) -> list[str]:
    kind = "personal" if row["level"] == "personal" else "subtheme" if row["parent_id"] else "group"
    method = f", formed by {md(row['method'])}" if row["method"] else ""
    lines = [f"{'#' * level} {md(row['name'])} ({term(project, kind)}{method})", ""]
    theory = [f"Theory: {md(path)}" for path in constructs(project, row["id"])]
    lines += [*theory, ""] if theory else []
    if row["level"] == "group":
        for member in members(project, row["id"], below=False):
            lines += _theme(project, member, min(level + 1, 6))
        return lines
    notes = {n["id"]: n for n in note_rows(project, row["case_id"])}
    for link in table(project, "theme_statements").rows(theme_id=row["id"]):
        lines += _statement(project, link["statement_id"], notes)
    return lines + [""]


def _statement(project, statement_id: int, notes: dict) -> list[str]:
    text = table(project, "statements").get(statement_id)["text"]
    lines = [f"- {term(project, 'statement').capitalize()} {statement_id}: {md(text)}"]
    for link in table(project, "statement_notes").rows(statement_id=statement_id):
        note = notes[link["note_id"]]
        lines.append(f"  - {md(note['kind'])} note {note['id']} ({md(note['source'])}, line"
                     f" {note['line']}): {md(note['body'])}")
    for span in spans(project, [statement_id]):
        lines.append(f"  - passage ({md(span['source'])}, line {span['line']},"
                     f" {span['start']}-{span['end']}): \u201c{md(span['quote'])}\u201d")
    return lines
