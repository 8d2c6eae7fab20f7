"""Exploratory notes: descriptive, linguistic or conceptual comments anchored to a span of text."""

from __future__ import annotations

from qodex.errors import QodexError
from qodex.plugins.ipa.model import case_of, check_span, line_sql, table
from qodex.plugins.ipa.terms import KINDS


def add(project, source, start: int, end: int, kind: str, body: str) -> int:
    """Note `body` of `kind` on ``[start, end)`` of a source that belongs to a case."""
    if kind not in KINDS:
        raise QodexError(f"a note is {', '.join(KINDS)}, not {kind!r}")
    source = check_span(project, source, start, end)
    case_of(project, source.id)
    return table(project, "notes").insert(source_id=source.id, start=start, end=end, kind=kind,
                                          body=body)


def listing(project, case=None, source=None) -> list[dict]:
    """Notes with their case, source, line and the text they are on (of one case or source)."""
    where, params = [], []
    if case is not None:
        where.append("cs.case_id = ?")
        params.append(project.cases.get(case).id)
    if source is not None:
        where.append("n.source_id = ?")
        params.append(project.sources.get(source).id)
    return project.rows(
        "SELECT n.id, k.name AS \"case\", s.name AS source, n.start, n.\"end\","
        f" {line_sql('n')} AS line, n.kind, n.body,"
        " substr(s.text, n.start + 1, n.\"end\" - n.start) AS quote"
        " FROM ipa_notes n JOIN sources s ON s.id = n.source_id"
        " JOIN case_sources cs ON cs.source_id = n.source_id JOIN cases k ON k.id = cs.case_id"
        f" WHERE {' AND '.join(where) or '1'} ORDER BY k.id, s.id, n.start", params)


def delete(project, note_id: int) -> None:
    """Remove a note and its links to statements."""
    with project.transaction():
        table(project, "statement_notes").delete(note_id=note_id)
        if not table(project, "notes").delete(id=note_id):
            raise QodexError(f"no IPA note {note_id} in {project.path.name}")
