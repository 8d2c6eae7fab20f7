"""Exploratory notes: descriptive, linguistic or conceptual comments anchored to a span of text."""

from __future__ import annotations

from qodex.errors import QodexError
from qodex.plugins.ipa.model import case_names, case_of, check_span, table
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
    owners = project.scopes.cases_of_sources()
    case_id = project.cases.get(case).id if case is not None else None
    match = {"source_id": project.sources.get(source).id} if source is not None else {}
    rows = [(k, n) for n in table(project, "notes").rows(**match) for k in owners.get(n["source_id"], [])
            if case_id in (None, k)]
    rows.sort(key=lambda r: (r[0], r[1]["source_id"], r[1]["start"]))
    names = case_names(project)
    found = project.excerpts.of((n["source_id"], n["start"], n["end"]) for _, n in rows)
    return [{"id": n["id"], "case": names[k], "source": x.source, "start": n["start"], "end": n["end"],
             "line": x.line, "kind": n["kind"], "body": n["body"], "quote": x.quote}
            for (k, n), x in zip(rows, found, strict=True)]


def delete(project, note_id: int) -> None:
    """Remove a note and its links to statements."""
    with project.transaction():
        table(project, "statement_notes").delete(note_id=note_id)
        if not table(project, "notes").delete(id=note_id):
            raise QodexError(f"no IPA note {note_id} in {project.path.name}")
