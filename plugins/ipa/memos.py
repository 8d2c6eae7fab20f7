"""IPA notes and statements as memos anchored to their passages, for REFI-QDA (``.qdpx``) and any
tool that reads memos, and back.

Each note is a memo "IPA <kind> note" on its passage; each statement one memo "IPA statement" per
passage it rests on (its own and its notes'). Brought back (`adopt`), memos so titled become notes
and statements again: a statement's memos of one case with the same words become one statement
resting on all their passages. What is there already is not made again, so importing a ``.qdpx``
twice (the `after_import` hook adopts its IPA memos) or `qodex ipa adopt` after it adds nothing.
"""

from __future__ import annotations

import uuid

from qodex.plugins.ipa import notes, statements
from qodex.plugins.ipa.model import spans, table
from qodex.plugins.ipa.terms import KINDS

NOTE_TITLE, STATEMENT_TITLE = "IPA {kind} note", "IPA statement"
TITLES = {NOTE_TITLE.format(kind=kind): kind for kind in KINDS}
ADOPTED = (*TITLES, STATEMENT_TITLE)


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


def adopt(project, guids=None) -> tuple[int, int]:
    """Turn memos titled as `as_memos` writes them (those of `guids`, else all) into notes and
    statements, and delete the memos; a note, statement or passage already there is not made
    again, and a memo on a source of no case stays a memo. Returns how many notes and statements
    were made."""
    with project.transaction():
        cases = project.scopes.cases_of_sources()
        found = [m for m in _memos(project, guids) if m.target == "source" and m.start is not None
                 and m.title in ADOPTED and m.target_id in cases]
        made = (_adopt_notes(project, [m for m in found if m.title in TITLES]),
                _adopt_statements(project, [m for m in found if m.title == STATEMENT_TITLE], cases))
        for memo in found:
            project.memos.delete(memo)
    return made


def recognised(bundle) -> list[str]:
    """The GUIDs of the memos in an import bundle that `adopt` would take."""
    return [m.guid for m in bundle.memos if m.guid and m.title in ADOPTED]


def _memos(project, guids) -> list:
    if guids is None:
        return project.memos.list()
    return [m for m in map(project.memos.find, guids) if m is not None]


def _adopt_notes(project, found) -> int:
    known = {(n["source_id"], n["start"], n["end"], n["kind"], n["body"])
             for n in table(project, "notes").rows()}
    made = 0
    for memo in found:
        key = (memo.target_id, memo.start, memo.end, TITLES[memo.title], memo.body)
        if key not in known:
            notes.add(project, *key)
            known.add(key)
            made += 1
    return made


def _adopt_statements(project, found, cases: dict[int, list[int]]) -> int:
    """A statement's memos of one case with the same words become one statement on all their
    passages; one already there gets only the passages it does not rest on yet."""
    grounds = {}
    for memo in found:
        key = (cases[memo.target_id][0], memo.body.strip())
        grounds.setdefault(key, []).append((memo.target_id, memo.start, memo.end))
    known = {(s["case_id"], s["text"]): s["id"] for s in table(project, "statements").rows()}
    rests = {(s["statement_id"], s["source_id"], s["start"], s["end"])
             for s in spans(project, known.values())}
    made = 0
    for key, passages in grounds.items():
        if key in known:
            statements.ground(project, known[key],
                              passages=[p for p in dict.fromkeys(passages) if (known[key], *p) not in rests])
        else:
            statements.add(project, *key, passages=list(dict.fromkeys(passages)))
            made += 1
    return made
