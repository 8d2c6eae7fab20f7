"""Across cases: group experiential themes (2009: master themes), each built from case themes.

A group theme may sit under another (a subtheme, or a perspective of a master theme); a theme is
present in a case when it, or a theme below it, has a member personal theme of that case. The
prevalence table counts this per case, and a theme recurs when present in at least the project's
recurrence share of the cases (see `terms.rule`).
"""

from __future__ import annotations

import math

from qodex.errors import QodexError
from qodex.plugins.ipa.clustering import check_method, key_span, named
from qodex.plugins.ipa.decisions import record
from qodex.plugins.ipa.model import case_names, cite, table, theme
from qodex.plugins.ipa.terms import rule

PRESENT, DIVERGENT = "✓", "≠"


def add(project, name: str, parent=None, method: str | None = None, description=None,
        reason: str | None = None) -> int:
    """A group theme (under `parent`, another group theme); returns its id."""
    with project.transaction():
        parent_id = theme(project, parent, "group")["id"] if parent is not None else None
        theme_id = table(project, "themes").insert(
            level="group", name=named(name), parent_id=parent_id, method=check_method(method),
            description=description)
        record(project, "made", table(project, "themes").get(theme_id), method, reason)
    return theme_id


def add_members(project, group, personal_refs, reason: str | None = None,
                divergent: bool = False) -> None:
    """Build a group theme from personal themes (ids or names); `divergent` records that they run
    against it (a member already in it is marked so, or no longer)."""
    target = theme(project, group, "group")
    links = table(project, "theme_members")
    with project.transaction():
        added, changed = [], []
        for ref in personal_refs:
            member = theme(project, ref, "personal")
            found = links.rows(theme_id=target["id"], member_id=member["id"])
            if not found:
                links.insert(theme_id=target["id"], member_id=member["id"], divergent=int(divergent))
                added.append(_label(project, member))
            elif found[0]["divergent"] != int(divergent):
                links.update(found[0]["id"], divergent=int(divergent))
                changed.append(_label(project, member))
        if added:
            record(project, "clustered" + (" divergent" if divergent else ""), target,
                   "; ".join(added), reason)
        if changed:
            record(project, "marked divergent" if divergent else "marked convergent", target,
                   "; ".join(changed), reason)


def _label(project, personal: dict) -> str:
    return f"{project.cases.get(personal['case_id']).name}/{personal['name']}"


def remove_members(project, group, personal_refs, reason: str | None = None) -> None:
    """Take personal themes (ids or names) out of a group theme."""
    target = theme(project, group, "group")
    with project.transaction():
        removed = [theme(project, ref, "personal") for ref in personal_refs]
        for member in removed:
            table(project, "theme_members").delete(theme_id=target["id"], member_id=member["id"])
        record(project, "took out", target, "; ".join(_label(project, m) for m in removed), reason)


def indent(name: str, depth: int) -> str:
    """A group theme's name marked with its depth, for flat tables."""
    return "› " * depth + name


def tree(project) -> list[tuple[dict, int]]:
    """Every group theme with its depth, parents before their children."""
    themes = table(project, "themes").rows(level="group")
    ordered: list[tuple[dict, int]] = []

    def walk(parent_id, depth):
        for row in (t for t in themes if t["parent_id"] == parent_id):
            ordered.append((row, depth))
            walk(row["id"], depth + 1)

    walk(None, 0)
    return ordered


def members(project, group_id: int, below: bool = True) -> list[dict]:
    """The personal themes a group theme is built from (with those of its subthemes)."""
    ids = [group_id] + ([t["id"] for t, _ in _below(project, group_id)] if below else [])
    links = table(project, "theme_members").rows(theme_id=ids)
    themes = {t["id"]: t for t in table(project, "themes").rows(id=[k["member_id"] for k in links])}
    names = case_names(project)
    found = {(k["member_id"], k["divergent"]) for k in links}
    return [{**themes[t], "case": names[themes[t]["case_id"]], "divergent": divergent}
            for t, divergent in sorted(found, key=lambda m: (themes[m[0]]["case_id"], *m))]


def _below(project, group_id: int) -> list[tuple[dict, int]]:
    rows, inside, depth = [], False, 0
    for row, level in tree(project):
        if row["id"] == group_id:
            inside, depth = True, level
        elif inside and level <= depth:
            break
        elif inside:
            rows.append((row, level))
    return rows


def cases(project, where: dict[str, set[str]] | None = None) -> list:
    """The cases whose value of each attribute in `where` (as text) is one of those given."""
    for name in where or {}:
        project.attributes.get(name)
    return [case for case in project.cases if all(
        str(project.cases.values(case).get(k)) in v for k, v in (where or {}).items())]


def recurs(present: int, total: int, share: float) -> bool:
    """Present in at least `share` of `total` cases (half of 22 is 11)."""
    return total > 0 and present >= math.ceil(share * total - 1e-9)


def presence(project, group_id: int) -> dict[int, str]:
    """Case id -> PRESENT, or DIVERGENT where all its member themes run against the theme."""
    found: dict[int, str] = {}
    for member in members(project, group_id):
        if not member["divergent"] or found.get(member["case_id"]) == PRESENT:
            found[member["case_id"]] = PRESENT
        else:
            found.setdefault(member["case_id"], DIVERGENT)
    return found


def prevalence(project, where: dict[str, set[str]] | None = None) -> list[dict]:
    """One row per group theme: a column per case (✓ present, ≠ divergent, blank absent), n (%)
    of the cases where it is present, and whether it recurs (divergent cases do not count)."""
    chosen, share = cases(project, where), rule(project)
    if not chosen:
        raise QodexError("no case has those attribute values")
    rows = []
    for group, depth in tree(project):
        marks = presence(project, group["id"])
        present = {case for case, mark in marks.items() if mark == PRESENT}
        row = {"id": group["id"], "theme": indent(group["name"], depth)}
        row.update({c.name: marks.get(c.id, "") for c in chosen})
        n = sum(c.id in present for c in chosen)
        row["n (%)"] = f"{n} ({100 * n / len(chosen):.0f}%)"
        against = sum(marks.get(c.id) == DIVERGENT for c in chosen)
        row["n (%)"] += f", {against} divergent" if against else ""
        row["recurs"] = "yes" if recurs(n, len(chosen), share) else "no"
        rows.append(row)
    return rows


def master_table(project, age: str = "age") -> list[dict]:
    """Per group theme and case: the personal theme and its key quote, cited "(Name, age)"."""
    rows = []
    for group, depth in tree(project):
        rows.append({"theme": indent(group["name"], depth), "case": None, "case theme": None,
                     "quote": None})
        for member in members(project, group["id"], below=False):
            rows.append({"theme": "", "case": member["case"], "case theme": member["name"],
                         "quote": key_quote(project, member, age)})
    return rows


def statement_ids(project, row: dict) -> list[int]:
    """The statements a theme rests on: a personal theme's own, or its member themes'."""
    personal = [row] if row["level"] == "personal" else members(project, row["id"])
    return [r["statement_id"] for p in personal
            for r in table(project, "theme_statements").rows(theme_id=p["id"])]


def key_quote(project, personal: dict, age: str = "age") -> str | None:
    """The key quote of a personal theme (chosen, else its first passage), quoted and cited."""
    found = key_span(project, personal)
    if not found:
        return None
    return f"\u201c{found['quote']}\u201d {cite(project, personal['case_id'], age)}"


def delete(project, group, reason: str | None = None) -> None:
    """Remove a group theme with its subthemes (their personal themes stay)."""
    old = theme(project, group, "group")
    with project.transaction():
        record(project, "dropped", old, None, reason)
        for row, _ in reversed([(old, 0), *_below(project, old["id"])]):
            table(project, "theme_members").delete(theme_id=row["id"])
            table(project, "theory_links").delete(theme_id=row["id"])
            table(project, "themes").delete(id=row["id"])
