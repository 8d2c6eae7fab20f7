"""What the IPA modules share: the plugin's tables (through the host) and reads across them."""

from __future__ import annotations

from qodex import text
from qodex.errors import QodexError


def table(project, name: str):
    """The IPA table ``ipa_<name>``, written logged through the host."""
    return project.plugin_table(f"ipa_{name}")


def has_tables(project) -> bool:
    """Whether the project holds the IPA tables (a copy opened without the plugin may not)."""
    try:
        table(project, "notes")
    except QodexError:
        return False
    return True


def pick(rows: list[dict], ref, label, what: str, where: str, shown=None) -> dict:
    """The one row `ref` names: its id, its exact label, or the only label starting with it.

    `label(row)` is what a user types; several matches are refused, listed as `shown(row)`."""
    ref = str(ref).strip()
    if ref.isdigit() and (found := [r for r in rows if r["id"] == int(ref)]):
        return found[0]
    folded = ref.casefold()
    found = [r for r in rows if label(r).casefold() == folded] or [
        r for r in rows if label(r).casefold().startswith(folded)]
    if len(found) == 1:
        return found[0]
    if not found:
        raise QodexError(f"no {what} {ref!r} in {where}")
    listed = "; ".join(repr((shown or label)(r)) for r in found[:8]) + ("; ..." if len(found) > 8 else "")
    raise QodexError(f"{len(found)} {what}s match {ref!r} in {where}: {listed} (say more of it)")


def theme(project, ref, level: str | None = None, case=None) -> dict:
    """A theme by id, name, ``CASE/NAME`` (a personal theme) or a unique start of either."""
    case_id = project.cases.get(case).id if case is not None else None
    names = case_names(project)
    rows = [{**t, "case": names.get(t["case_id"])} for t in table(project, "themes").rows()
            if (level is None or t["level"] == level) and (case_id is None or t["case_id"] == case_id)]
    found = pick(rows, ref, theme_label, "IPA theme", project.path.name) if "/" in str(ref) else None
    found = found or pick(rows, ref, lambda t: t["name"], "IPA theme", project.path.name,
                          theme_label)
    found.pop("case")
    return found


def case_names(project) -> dict[int, str]:
    """Each case's name, by id."""
    return {case.id: case.name for case in project.cases}


def theme_label(row: dict) -> str:
    """A theme as ``CASE/NAME`` (personal) or its name (group)."""
    return f"{row['case']}/{row['name']}" if row.get("case") else row["name"]


def statement(project, ref, case=None) -> dict:
    """A statement by id or its text (or the start of it), of one case when `case` is given."""
    rows = table(project, "statements").rows(
        **({"case_id": project.cases.get(case).id} if case is not None else {}))
    return pick(rows, ref, lambda s: s["text"], "IPA statement", project.path.name)


def note(project, ref, case=None) -> dict:
    """A note by id or its words (or the start of them), of one case when `case` is given."""
    from qodex.plugins.ipa.notes import listing

    return pick(listing(project, case), ref, lambda n: n["body"], "IPA note", project.path.name)


def source_or_case(project, ref) -> tuple[list, object]:
    """The sources to look in and the case, for a case or a source a user names."""
    source = project.sources.find(ref)
    if source is not None:
        return [source], None
    case = project.cases.find(ref)
    if case is None:
        raise QodexError(f"no source or case {ref!r} in {project.path.name}")
    return project.cases.sources(case), case


def case_of(project, source_id: int) -> int:
    """The case a source belongs to."""
    cases = project.scopes.cases_of_sources().get(source_id)
    if not cases:
        raise QodexError(f"source {project.sources.get(source_id).name!r} belongs to no case")
    return cases[0]


def find_quote(sources, quote: str, occurrence: int | None = None) -> tuple[int, int, int]:
    """(source id, start, end) of `quote` in `sources`: its only place, or its `occurrence`-th."""
    found = [(source.id, *span) for source in sources for span in text.find_quote(source.text, quote)]
    where = ", ".join(s.name for s in sources) or "any source"
    return text.choose(found, quote, occurrence, where=where)[0]


def check_span(project, source, start: int, end: int):
    """The source, if ``[start, end)`` is a non-empty span inside it."""
    source = project.sources.get(source)
    text.check_span(source.text, start, end, source.name)
    return source


def excerpt(found) -> dict:
    """An `Excerpt` as a row: source id and name, start, end, line and quoted text."""
    return {"source_id": found.source_id, "source": found.source, "start": found.start,
            "end": found.end, "quote": found.quote, "line": found.line}


def spans(project, statement_ids) -> list[dict]:
    """The grounding spans of these statements (their passages and their notes' spans, each once)
    with source name, line and quoted text, by statement and start."""
    ids = list(statement_ids)
    if not ids:
        return []
    grounding = {(p["statement_id"], p["source_id"], p["start"], p["end"])
                 for p in table(project, "passages").rows(statement_id=ids)}
    links = table(project, "statement_notes").rows(statement_id=ids)
    notes = {n["id"]: n for n in table(project, "notes").rows(id=[k["note_id"] for k in links])}
    grounding |= {(k["statement_id"], notes[k["note_id"]]["source_id"], notes[k["note_id"]]["start"],
                   notes[k["note_id"]]["end"]) for k in links}
    ordered = sorted(grounding, key=lambda g: (g[0], g[2], g[1], g[3]))
    found = project.excerpts.of(g[1:] for g in ordered)
    return [{"statement_id": g[0], **excerpt(x)} for g, x in zip(ordered, found, strict=True)]


def cite(project, case_id: int, age: str = "age") -> str:
    """How a quote is cited: "(Name, age)" from the case and its attributes."""
    case = project.cases.get(case_id)
    value = project.cases.values(case).get(age)
    return f"({case.name})" if value is None else f"({case.name}, {value})"


def notes_of(project, statement_id: int) -> list[dict]:
    """The notes a statement comes from, in text order."""
    ids = [k["note_id"] for k in table(project, "statement_notes").rows(statement_id=statement_id)]
    return table(project, "notes").rows(id=ids, order_by="source_id, start")
