"""Clustering a case's statements into personal experiential themes (2009: superordinate themes).

Each cluster records how it was formed: abstraction, subsumption, polarisation, contextualisation,
numeration or function. A statement belongs to at most one theme of its case; clustering it again
moves it.
"""

from __future__ import annotations

from qodex.errors import QodexError
from qodex.plugins.ipa.model import spans, statement, table, theme
from qodex.plugins.ipa.terms import METHODS


def check_method(method: str | None) -> str | None:
    if method is not None and method not in METHODS:
        raise QodexError(f"a cluster is formed by {', '.join(METHODS)}, not {method!r}")
    return method


def cluster(project, case, name: str, statement_ids, method: str | None = None) -> int:
    """Put statements of `case` into its theme called `name` (made if new); returns its id."""
    case = project.cases.get(case)
    themes = table(project, "themes")
    with project.transaction():
        found = themes.rows(level="personal", case_id=case.id, name=name)
        theme_id = found[0]["id"] if found else themes.insert(
            level="personal", case_id=case.id, name=named(name), method=check_method(method))
        if found and method:
            set_method(project, theme_id, method)
        for statement_id in statement_ids:
            assign(project, theme_id, statement_id)
    return theme_id


def named(name: str) -> str:
    if not name.strip():
        raise QodexError("a theme needs a name")
    return name.strip()


def assign(project, theme_id: int, statement_id: int) -> None:
    """Move a statement into a personal theme of its own case."""
    target = theme(project, theme_id, "personal")
    if statement(project, statement_id)["case_id"] != target["case_id"]:
        raise QodexError(f"statement {statement_id} is not of the case of theme {target['name']!r}")
    links = table(project, "theme_statements")
    with project.transaction():
        links.delete(statement_id=int(statement_id))
        links.insert(theme_id=target["id"], statement_id=int(statement_id))


def unassign(project, statement_id: int) -> None:
    """Take a statement out of its theme."""
    table(project, "theme_statements").delete(statement_id=int(statement_id))


def set_method(project, theme_ref, method: str | None) -> None:
    table(project, "themes").update(theme(project, theme_ref)["id"], method=check_method(method))


def rename(project, theme_ref, name: str) -> None:
    table(project, "themes").update(theme(project, theme_ref)["id"], name=named(name))


def personal_themes(project, case=None) -> list[dict]:
    """Personal themes (of one case) with their case name and statement ids, in order."""
    where, params = ("t.case_id = ?", (project.cases.get(case).id,)) if case else ("1", ())
    rows = project.rows(
        "SELECT t.*, k.name AS \"case\", (SELECT group_concat(statement_id) FROM"
        " (SELECT statement_id FROM ipa_theme_statements WHERE theme_id = t.id ORDER BY"
        " statement_id)) AS ids FROM ipa_themes t JOIN cases k ON k.id = t.case_id"
        f" WHERE t.level = 'personal' AND {where} ORDER BY k.id, t.id", params)
    for row in rows:
        row["statement_ids"] = [int(i) for i in (row.pop("ids") or "").split(",") if i]
    return rows


def case_table(project, case) -> list[dict]:
    """One row per theme of the case: theme | method | statements | location | key quote."""
    rows = []
    texts = {s["id"]: s["text"] for s in table(project, "statements").rows(
        case_id=project.cases.get(case).id)}
    for pet in personal_themes(project, case):
        found = spans(project, pet["statement_ids"])
        key = found[0] if found else None
        rows.append({"id": pet["id"], "theme": pet["name"], "method": pet["method"],
                     "statements": [texts[i] for i in pet["statement_ids"]],
                     "location": "; ".join(dict.fromkeys(f"{s['source']}, line {s['line']}" for s in found)),
                     "key quote": key["quote"] if key else None})
    return rows


def delete(project, theme_ref) -> None:
    """Remove a personal theme; its statements stay, unclustered."""
    old = theme(project, theme_ref, "personal")
    with project.transaction():
        table(project, "theme_statements").delete(theme_id=old["id"])
        table(project, "theme_members").delete(member_id=old["id"])
        table(project, "theory_links").delete(theme_id=old["id"])
        table(project, "themes").delete(id=old["id"])
