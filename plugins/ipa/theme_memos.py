"""IPA themes and the decision log as memos, for REFI-QDA (``.qdpx``), and back.

A personal theme is a memo "IPA personal theme" on its key quote (or, with none chosen, on its
case); a group theme a memo "IPA group theme" on the project; the decision log one memo "IPA
decision log". Each body is indented JSON a reader of another program can follow: the theme's name,
method, description, statements (by their words), theory links (code paths), and its parent and
members by the GUIDs of their memos. `adopt` makes the themes again, reusing a theme already there
(same level, case, name and parent), so adopting twice adds nothing.
"""

from __future__ import annotations

import json
from contextlib import suppress

from qodex.errors import QodexError
from qodex.plugins.ipa.clustering import personal_themes
from qodex.plugins.ipa.crosscase import tree
from qodex.plugins.ipa.model import table
from qodex.plugins.ipa.terms import RULE_KEY, TERMS_KEY, set_edition, set_rule
from qodex.plugins.ipa.theory import constructs

PERSONAL, GROUP, LOG, SETTINGS = "IPA personal theme", "IPA group theme", "IPA decision log", "IPA settings"
TITLES = (PERSONAL, GROUP, LOG, SETTINGS)
LOGGED = ("at", "analyst", "action", "theme", "detail", "reason")


def as_memos(project, memo, guid) -> list[dict]:
    """Every theme, then the decision log, as memo rows made by `memo(guid, target, target_id,
    start, end, title, body)`; `guid(*parts)` names each the same way each time."""
    guids = {t["id"]: guid("theme", t["id"]) for t in table(project, "themes").rows()}
    texts = {s["id"]: s["text"] for s in table(project, "statements").rows()}
    found = []
    for pet in sorted(personal_themes(project), key=lambda t: t["id"]):
        body = {"theme": pet["name"], "case": pet["case"], **_about(project, pet, guids),
                "statements": [texts[i] for i in pet["statement_ids"]]}
        where = (("source", pet["key_source_id"], pet["key_start"], pet["key_end"])
                 if pet["key_source_id"] is not None else ("case", pet["case_id"], None, None))
        found.append(memo(guids[pet["id"]], *where, PERSONAL, _json(body)))
    for group, _ in tree(project):
        members = [{"theme": guids[m["member_id"]], "divergent": bool(m["divergent"])}
                   for m in table(project, "theme_members").rows(theme_id=group["id"])]
        body = {"theme": group["name"], **_about(project, group, guids), "members": members}
        found.append(memo(guids[group["id"]], "project", None, None, None, GROUP, _json(body)))
    log = [{**{k: row[k] for k in LOGGED}, "theme_guid": guids.get(row["theme_id"])}
           for row in table(project, "decisions").rows()]
    if log:
        found.append(memo(guid("decisions"), "project", None, None, None, LOG, _json(log)))
    settings = {"terms": project.meta(TERMS_KEY), "recurrence": project.meta(RULE_KEY)}
    if any(settings.values()):
        found.append(memo(guid("settings"), "project", None, None, None, SETTINGS, _json(settings)))
    return found


def _about(project, row: dict, guids: dict[int, str]) -> dict:
    return {"method": row["method"], "description": row["description"],
            "parent": guids.get(row["parent_id"]), "theory": constructs(project, row["id"])}


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)


def adopt(project, found: list, cases: dict[int, list[int]]) -> tuple[int, list]:
    """Make the themes and decisions of memos titled as `as_memos` writes them; returns how many
    themes were made and the memos taken (one that cannot be read stays a memo)."""
    read = [(m, body) for m in found if (body := _body(m)) is not None]
    ids, made, taken = _themes(project, [(m, b) for m, b in read if m.title in (PERSONAL, GROUP)], cases)
    for memo, body in read:
        if memo.title == LOG:
            _decisions(project, body, ids)
        elif memo.title == SETTINGS:
            _settings(project, body)
    return made, taken + [m for m, _ in read if m.title in (LOG, SETTINGS)]


def _themes(project, themes: list, cases) -> tuple[dict[str, int], int, list]:
    """Each theme memo's theme, parents first (a theme waits until its parent is made): the theme
    ids by memo GUID, how many were made, the memos taken."""
    ids: dict[str, int] = {}
    made, taken = 0, []
    while ready := [(m, b) for m, b in themes if b.get("parent") is None or b["parent"] in ids]:
        for memo, body in ready:
            ids[memo.guid], new = _theme(project, memo, body, ids, cases)
            made += new
            taken.append(memo)
        themes = [t for t in themes if t not in ready]
    return ids, made, taken


def _body(memo):
    """The memo's JSON, if it is what `as_memos` wrote for its title."""
    try:
        body = json.loads(memo.body)
    except ValueError:
        return None
    if memo.title in (LOG, SETTINGS):
        return body if isinstance(body, list if memo.title == LOG else dict) else None
    return body if isinstance(body, dict) and isinstance(body.get("theme"), str) else None


def _theme(project, memo, body: dict, ids: dict[str, int], cases) -> tuple[int, bool]:
    """The theme a memo describes, made if not there (with its statements, members and theory
    links); returns its id and whether it was made."""
    themes = table(project, "themes")
    personal = memo.title == PERSONAL
    case_id = _case(project, memo, body, cases) if personal else None
    row = {"level": "personal" if personal else "group", "case_id": case_id, "name": body["theme"],
           "parent_id": ids.get(body.get("parent"))}
    found = themes.rows(**row)
    theme_id = found[0]["id"] if found else themes.insert(
        **row, method=body.get("method"), description=body.get("description"))
    if personal and memo.target == "source" and (not found or found[0]["key_source_id"] is None):
        themes.update(theme_id, key_source_id=memo.target_id, key_start=memo.start, key_end=memo.end)
    if personal:
        _statements(project, theme_id, case_id, body.get("statements", []))
    _members(project, theme_id, body.get("members", []), ids)
    _theory(project, theme_id, body.get("theory", []))
    return theme_id, not found


def _case(project, memo, body: dict, cases) -> int:
    """A personal theme's case: the one its memo names, if the memo is on it (or on a source of
    it), else the memo's case or its source's first case."""
    owners = cases[memo.target_id] if memo.target == "source" else [memo.target_id]
    named = project.cases.find(body["case"]) if isinstance(body.get("case"), str) else None
    return named.id if named is not None and named.id in owners else owners[0]


def _statements(project, theme_id: int, case_id: int, texts: list[str]) -> None:
    """Put the case's statements with these words in the theme, those in no theme yet."""
    by_text = {s["text"]: s["id"] for s in table(project, "statements").rows(case_id=case_id)}
    ids = [by_text[t] for t in texts if t in by_text]
    links = table(project, "theme_statements")
    themed = {k["statement_id"] for k in links.rows(statement_id=ids)}
    for statement_id in dict.fromkeys(ids):
        if statement_id not in themed:
            links.insert(theme_id=theme_id, statement_id=statement_id)


def _members(project, theme_id: int, members: list[dict], ids: dict[str, int]) -> None:
    links = table(project, "theme_members")
    for member in members:
        member_id = ids.get(member.get("theme"))
        if member_id is not None and not links.rows(theme_id=theme_id, member_id=member_id):
            links.insert(theme_id=theme_id, member_id=member_id, divergent=int(bool(member.get("divergent"))))


def _theory(project, theme_id: int, paths: list[str]) -> None:
    links = table(project, "theory_links")
    for path in paths:
        code = project.codes.find(path)
        if code is not None and not links.rows(theme_id=theme_id, code_id=code.id):
            links.insert(theme_id=theme_id, code_id=code.id)


def _decisions(project, rows: list[dict], ids: dict[str, int]) -> None:
    """Add the logged steps not logged here yet (the same time, analyst, action and theme)."""
    log, keys = table(project, "decisions"), LOGGED[:-1]
    known = {tuple(r[k] for k in keys) for r in log.rows()}
    for row in rows:
        key = tuple(row.get(k) for k in keys) if isinstance(row, dict) else None
        if key and key not in known and all(isinstance(v, str) for v in key[:4]):
            log.insert(**{k: row.get(k) for k in LOGGED}, theme_id=ids.get(row.get("theme_guid")))
            known.add(key)


def _settings(project, body: dict) -> None:
    """The words and the recurrence rule, where the project has not chosen its own (a value this
    version does not know is passed over)."""
    for key, value, setting in ((TERMS_KEY, body.get("terms"), set_edition),
                                (RULE_KEY, body.get("recurrence"), lambda p, v: set_rule(p, float(v)))):
        if value and project.meta(key) is None:
            with suppress(QodexError, ValueError, TypeError):
                setting(project, value)
