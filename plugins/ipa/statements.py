"""Experiential statements (2009: emergent themes) of a case, grounded in notes and passages."""

from __future__ import annotations

from collections import Counter

from qodex.errors import QodexError
from qodex.plugins.ipa.model import case_names, case_of, check_span, spans, statement, table


def add(project, case, text: str, notes=(), passages=()) -> int:
    """A statement of `case`, grounded in note ids and ``(source, start, end)`` passages."""
    if not text.strip():
        raise QodexError("a statement needs words")
    if not notes and not passages:
        raise QodexError("a statement must cite a note (--note) or a passage (--quote)")
    with project.transaction():
        statement_id = table(project, "statements").insert(case_id=project.cases.get(case).id,
                                                           text=text.strip())
        ground(project, statement_id, notes, passages)
    return statement_id


def ground(project, statement_id: int, notes=(), passages=()) -> None:
    """Link a statement to more notes and passages, all of its own case."""
    case_id = statement(project, statement_id)["case_id"]
    with project.transaction():
        for note_id in notes:
            note = table(project, "notes").get(int(note_id))
            if note is None or case_of(project, note["source_id"]) != case_id:
                raise QodexError(f"note {note_id} is not a note on this statement's case")
            table(project, "statement_notes").insert(statement_id=statement_id, note_id=note["id"])
        for source, start, end in passages:
            source = check_span(project, source, start, end)
            if case_of(project, source.id) != case_id:
                raise QodexError(f"{source.name!r} is not a source of this statement's case")
            table(project, "passages").insert(statement_id=statement_id, source_id=source.id,
                                              start=start, end=end)


def listing(project, case=None) -> list[dict]:
    """Statements with case, personal theme, how many notes ground them and their first quote."""
    names = case_names(project)
    found = table(project, "statements").rows(**({"case_id": project.cases.get(case).id} if case else {}))
    ids = [st["id"] for st in found]
    grounds = Counter(k["statement_id"] for k in table(project, "statement_notes").rows(statement_id=ids))
    themed = {k["statement_id"]: k["theme_id"]
              for k in table(project, "theme_statements").rows(statement_id=ids)}
    themes = {t["id"]: t["name"] for t in table(project, "themes").rows(id=list(themed.values()))}
    rows = [{"id": st["id"], "case": names[st["case_id"]], "case_id": st["case_id"],
             "statement": st["text"], "theme_id": themed.get(st["id"]),
             "theme": themes.get(themed.get(st["id"])), "notes": grounds[st["id"]]}
            for st in sorted(found, key=lambda st: (st["case_id"], st["id"]))]
    first = {}
    for span in spans(project, [r["id"] for r in rows]):
        first.setdefault(span["statement_id"], span)
    for row in rows:
        span = first.get(row["id"])
        row["location"] = f"{span['source']}, line {span['line']}" if span else None
        row["quote"] = span["quote"] if span else None
    return rows


def delete(project, statement_id: int) -> None:
    """Remove a statement with its links to notes, passages and its theme."""
    with project.transaction():
        statement(project, statement_id)
        for name in ("statement_notes", "passages", "theme_statements"):
            table(project, name).delete(statement_id=statement_id)
        table(project, "statements").delete(id=statement_id)
