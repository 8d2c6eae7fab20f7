"""Experiential statements (2009: emergent themes) of a case, grounded in notes and passages."""

from __future__ import annotations

from qodex.errors import QodexError
from qodex.plugins.ipa.model import case_of, check_span, spans, statement, table


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
    where, params = ("st.case_id = ?", (project.cases.get(case).id,)) if case else ("1", ())
    rows = project.rows(
        "SELECT st.id, k.name AS \"case\", st.case_id, st.text AS statement, t.id AS theme_id,"
        " t.name AS theme, (SELECT count(*) FROM ipa_statement_notes sn WHERE sn.statement_id ="
        " st.id) AS notes FROM ipa_statements st JOIN cases k ON k.id = st.case_id"
        " LEFT JOIN ipa_theme_statements ts ON ts.statement_id = st.id"
        f" LEFT JOIN ipa_themes t ON t.id = ts.theme_id WHERE {where} ORDER BY k.id, st.id", params)
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
