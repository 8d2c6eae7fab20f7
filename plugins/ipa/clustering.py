"""Clustering a case's statements into personal experiential themes (2009: superordinate themes).

Each cluster records how it was formed: abstraction, subsumption, polarisation, contextualisation,
numeration or function. A statement belongs to at most one theme of its case; clustering it again
moves it.
"""

from __future__ import annotations

from qodex.errors import QodexError
from qodex.plugins.ipa.decisions import record
from qodex.plugins.ipa.model import case_names, check_span, excerpt, spans, statement, table, theme
from qodex.plugins.ipa.terms import METHODS


def check_method(method: str | None) -> str | None:
    if method is not None and method not in METHODS:
        raise QodexError(f"a cluster is formed by {', '.join(METHODS)}, not {method!r}")
    return method


def cluster(project, case, name: str, statement_refs, method: str | None = None,
            reason: str | None = None, parent=None) -> int:
    """Put statements of `case` (ids or texts) into its theme `name` (made if new, under the
    personal theme `parent` when given); returns its id."""
    case = project.cases.get(case)
    themes = table(project, "themes")
    with project.transaction():
        found = themes.rows(level="personal", case_id=case.id, name=named(name))
        parent_id = theme(project, parent, "personal", case.id)["id"] if parent is not None else None
        theme_id = found[0]["id"] if found else themes.insert(
            level="personal", case_id=case.id, name=named(name), method=check_method(method),
            parent_id=parent_id)
        if found and method:
            set_method(project, theme_id, method)
        moved = [assign(project, theme_id, ref) for ref in statement_refs]
        detail = "; ".join(moved) if moved else "made, empty"
        record(project, "clustered", themes.get(theme_id), detail, reason)
    return theme_id


def named(name: str) -> str:
    if not name.strip():
        raise QodexError("a theme needs a name")
    return name.strip()


def assign(project, theme_id: int, statement_ref) -> str:
    """Move a statement (id or text) into a personal theme of its own case; returns its text."""
    target = theme(project, theme_id, "personal")
    found = statement(project, statement_ref, None if str(statement_ref).isdigit() else target["case_id"])
    if found["case_id"] != target["case_id"]:
        raise QodexError(f"statement {found['text']!r} is not of the case of theme {target['name']!r}")
    links = table(project, "theme_statements")
    with project.transaction():
        links.delete(statement_id=found["id"])
        links.insert(theme_id=target["id"], statement_id=found["id"])
    return found["text"]


def unassign(project, statement_id: int) -> None:
    """Take a statement out of its theme."""
    table(project, "theme_statements").delete(statement_id=int(statement_id))


def set_method(project, theme_ref, method: str | None, reason: str | None = None) -> None:
    """Record how a theme was formed."""
    row = theme(project, theme_ref)
    with project.transaction():
        table(project, "themes").update(row["id"], method=check_method(method))
        record(project, "formed by", row, method, reason)


def rename(project, theme_ref, name: str, reason: str | None = None) -> None:
    """Rename a theme; the log keeps the old name."""
    row = theme(project, theme_ref)
    with project.transaction():
        new = table(project, "themes").update(row["id"], name=named(name))
        record(project, "renamed", new, f"was {row['name']!r}", reason)


def merge(project, into_ref, from_refs, reason: str | None = None) -> None:
    """Fold themes into `into_ref` (of the same level and case): their statements, members and
    sub-themes move into it, and they go."""
    target = theme(project, into_ref)
    with project.transaction():
        merged = [theme(project, ref, target["level"]) for ref in from_refs]
        for old in merged:
            if old["id"] == target["id"] or old["case_id"] != target["case_id"]:
                raise QodexError(f"{old['name']!r} cannot merge into {target['name']!r}"
                                 " (itself, or another case's theme)")
            _move_contents(project, old["id"], target["id"])
            table(project, "themes").delete(id=old["id"])
        record(project, "merged", target, "took in " + ", ".join(repr(o["name"]) for o in merged),
               reason)


LINKS = (("theme_statements", "theme_id", "statement_id"), ("theme_members", "theme_id", "member_id"),
         ("theme_members", "member_id", "theme_id"), ("theory_links", "theme_id", "code_id"))


def _move_contents(project, old_id: int, new_id: int) -> None:
    for name, column, other in LINKS:
        links = table(project, name)
        for link in links.rows(**{column: old_id}):
            links.delete(id=link["id"])
            if not links.rows(**{column: new_id, other: link[other]}):
                links.insert(**{column: new_id, other: link[other]})
    for child in table(project, "themes").rows(parent_id=old_id):
        table(project, "themes").update(child["id"], parent_id=new_id)


def split(project, theme_ref, name: str, statement_refs, reason: str | None = None) -> int:
    """Move some statements of a personal theme into a new theme of its case; returns its id."""
    old = theme(project, theme_ref, "personal")
    mine = {r["statement_id"] for r in table(project, "theme_statements").rows(theme_id=old["id"])}
    with project.transaction():
        found = [statement(project, ref, old["case_id"]) for ref in statement_refs]
        if not found or any(s["id"] not in mine for s in found):
            raise QodexError(f"name statements of {old['name']!r} to split off")
        new_id = table(project, "themes").insert(level="personal", case_id=old["case_id"],
                                                 name=named(name), parent_id=old["parent_id"])
        for row in found:
            assign(project, new_id, row["id"])
        record(project, "split", old, f"into {name.strip()!r}: " + "; ".join(s["text"] for s in found),
               reason)
    return new_id


def set_parent(project, theme_ref, parent_ref=None, reason: str | None = None) -> None:
    """Make a personal theme a sub-theme of another of its case (or, without one, a theme again)."""
    row = theme(project, theme_ref, "personal")
    parent = theme(project, parent_ref, "personal", row["case_id"]) if parent_ref else None
    ancestor = parent
    while ancestor is not None:
        if ancestor["id"] == row["id"]:
            raise QodexError(f"{row['name']!r} cannot sit under itself or its own sub-theme")
        ancestor = theme(project, ancestor["parent_id"]) if ancestor["parent_id"] else None
    with project.transaction():
        table(project, "themes").update(row["id"], parent_id=parent["id"] if parent else None)
        record(project, "made a sub-theme" if parent else "made a theme again", row,
               f"under {parent['name']!r}" if parent else None, reason)


def set_key(project, theme_ref, source, start: int, end: int, reason: str | None = None) -> None:
    """Make ``[start, end)`` of a source of the theme's case (a personal theme) its key quote."""
    row = theme(project, theme_ref, "personal")
    source = check_span(project, source, start, end)
    if source.id not in {s.id for s in project.cases.sources(row["case_id"])}:
        raise QodexError(f"{source.name!r} is not a source of the case of {row['name']!r}")
    with project.transaction():
        table(project, "themes").update(row["id"], key_source_id=source.id, key_start=start, key_end=end)
        record(project, "chose the key quote of", row, f"\u201c{source.text[start:end]}\u201d", reason)


def key_span(project, row: dict) -> dict | None:
    """A personal theme's key quote: the one chosen, else its first grounding passage."""
    if row.get("key_source_id") is not None:
        chosen = project.excerpts.of([(row["key_source_id"], row["key_start"], row["key_end"])])
        return excerpt(chosen[0]) if chosen else None
    found = spans(project, [r["statement_id"] for r in
                            table(project, "theme_statements").rows(theme_id=row["id"])])
    return found[0] if found else None


def personal_themes(project, case=None) -> list[dict]:
    """Personal themes (of one case) with their case name and statement ids, in order."""
    names = case_names(project)
    rows = table(project, "themes").rows(
        level="personal", **({"case_id": project.cases.get(case).id} if case else {}))
    links = table(project, "theme_statements").rows(theme_id=[t["id"] for t in rows],
                                                    order_by="statement_id")
    for row in rows:
        row["case"] = names[row["case_id"]]
        row["statement_ids"] = [k["statement_id"] for k in links if k["theme_id"] == row["id"]]
    return sorted(rows, key=lambda t: (t["case_id"], t["id"]))


def case_table(project, case) -> list[dict]:
    """One row per theme of the case: theme | method | statements | location | key quote."""
    rows = []
    texts = {s["id"]: s["text"] for s in table(project, "statements").rows(
        case_id=project.cases.get(case).id)}
    for pet in personal_themes(project, case):
        found = spans(project, pet["statement_ids"])
        key = key_span(project, pet)
        rows.append({"id": pet["id"], "theme": pet["name"], "method": pet["method"],
                     "statements": [texts[i] for i in pet["statement_ids"]],
                     "location": "; ".join(dict.fromkeys(f"{s['source']}, line {s['line']}" for s in found)),
                     "key quote": key["quote"] if key else None})
    return rows


def delete(project, theme_ref, reason: str | None = None) -> None:
    """Remove a personal theme; its statements stay, unclustered (its sub-themes move up)."""
    old = theme(project, theme_ref, "personal")
    with project.transaction():
        record(project, "dropped", old, None, reason)
        for child in table(project, "themes").rows(parent_id=old["id"]):
            table(project, "themes").update(child["id"], parent_id=old["parent_id"])
        table(project, "theme_statements").delete(theme_id=old["id"])
        table(project, "theme_members").delete(member_id=old["id"])
        table(project, "theory_links").delete(theme_id=old["id"])
        table(project, "themes").delete(id=old["id"])
