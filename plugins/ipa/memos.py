"""IPA notes and statements as memos anchored to their passages, for REFI-QDA (``.qdpx``) and any
tool that reads memos, and back.

Each note is a memo "IPA <kind> note" on its passage; each statement one memo "IPA statement" per
passage it rests on (its own and its notes'). Brought back (`adopt`), memos so titled become notes
and statements again: a statement's memos of one case with the same words become one statement
resting on all their passages.
"""

from __future__ import annotations

import uuid

from qodex.plugins.ipa import notes, statements
from qodex.plugins.ipa.model import case_of, spans, table
from qodex.plugins.ipa.terms import KINDS

NOTE_TITLE, STATEMENT_TITLE = "IPA {kind} note", "IPA statement"
TITLES = {NOTE_TITLE.format(kind=kind): kind for kind in KINDS}


def _guid(*parts) -> str:
    """The same GUID for the same note or statement passage each time it is exported."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "qodex-ipa:" + ":".join(map(str, parts))))


def as_memos(project) -> list[dict]:
    """Every note and statement passage as a memo row (the columns of ``memos``)."""
    created = project.meta("created")

    def memo(guid, source_id, start, end, title, body):
        return {"id": None, "guid": guid, "target": "source", "target_id": source_id, "start": start,
                "end": end, "title": title, "body": body, "coder_id": None, "created": created}

    found = [memo(_guid("note", n["id"], n["start"]), n["source_id"], n["start"], n["end"],
                  NOTE_TITLE.format(kind=n["kind"]), n["body"])
             for n in table(project, "notes").rows()]
    texts = {s["id"]: s["text"] for s in table(project, "statements").rows()}
    for span in spans(project, texts):
        found.append(memo(_guid("statement", span["statement_id"], span["source_id"], span["start"]),
                          span["source_id"], span["start"], span["end"], STATEMENT_TITLE,
                          texts[span["statement_id"]]))
    return found


def adopt(project) -> tuple[int, int]:
    """Turn memos titled as `as_memos` writes them into notes and statements (the memos go);
    returns how many notes and statements were made."""
    made_notes, grounds = 0, {}
    with project.transaction():
        for memo in project.memos.list():
            if memo.target != "source" or memo.start is None or memo.title not in (*TITLES, STATEMENT_TITLE):
                continue
            if memo.title == STATEMENT_TITLE:
                key = (case_of(project, memo.target_id), memo.body)
                grounds.setdefault(key, []).append((memo.target_id, memo.start, memo.end))
            else:
                notes.add(project, memo.target_id, memo.start, memo.end, TITLES[memo.title], memo.body)
                made_notes += 1
            project.memos.delete(memo)
        for (case_id, text), passages in grounds.items():
            statements.add(project, case_id, text, passages=passages)
    return made_notes, len(grounds)
