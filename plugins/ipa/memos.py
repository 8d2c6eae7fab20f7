"""IPA work as memos anchored to their passages, for REFI-QDA (``.qdpx``) and any tool that reads
memos, and back.

Each note is a memo "IPA <kind> note" on its passage; each statement one memo "IPA statement" per
passage it rests on, and one "IPA statement from a note" on the passage of each note it rests on;
themes and the decision log are memos too (`theme_memos`). Brought back (`adopt`), memos so titled
become notes, statements and themes again: a statement's memos of one case with the same words
become one statement resting on all their passages and notes. What is there already is not made
again, so importing a ``.qdpx`` twice (the `after_import` hook adopts its IPA memos), merging a copy
or `qodex ipa adopt` after it adds nothing.
"""

from __future__ import annotations

import uuid
from collections import Counter

from qodex.plugins.ipa import model, notes, statements, theme_memos
from qodex.plugins.ipa.model import table
from qodex.plugins.ipa.terms import KINDS

NOTE_TITLE, STATEMENT_TITLE, FROM_NOTE_TITLE = "IPA {kind} note", "IPA statement", "IPA statement from a note"
TITLES = {NOTE_TITLE.format(kind=kind): kind for kind in KINDS}
ON_PASSAGES = (*TITLES, STATEMENT_TITLE, FROM_NOTE_TITLE)
ADOPTED = (*ON_PASSAGES, *theme_memos.TITLES)


def _guid(*parts) -> str:
    """The same GUID for the same note, statement passage or theme each time it is exported."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "qodex-ipa:" + ":".join(map(str, parts))))


def as_memos(project) -> list[dict]:
    """Every note, statement passage and theme, and the decision log, as memo rows (the columns of
    ``memos``); nothing for a project without the IPA tables."""
    if not model.has_tables(project):
        return []
    created = project.meta("created")

    def memo(guid, target, target_id, start, end, title, body):
        return {"id": None, "guid": guid, "target": target, "target_id": target_id, "start": start,
                "end": end, "title": title, "body": body, "coder_id": None, "created": created}

    found = [memo(_guid("note", n["id"], n["start"]), "source", n["source_id"], n["start"], n["end"],
                  NOTE_TITLE.format(kind=n["kind"]), n["body"])
             for n in table(project, "notes").rows()]
    texts = {s["id"]: s["text"] for s in table(project, "statements").rows()}
    for p in table(project, "passages").rows(order_by="statement_id"):
        found.append(memo(_guid("statement", p["statement_id"], p["source_id"], p["start"]), "source",
                          p["source_id"], p["start"], p["end"], STATEMENT_TITLE, texts[p["statement_id"]]))
    on = {n["id"]: n for n in table(project, "notes").rows()}
    for k in table(project, "statement_notes").rows(order_by="statement_id"):
        note = on[k["note_id"]]
        found.append(memo(_guid("statement", k["statement_id"], "note", note["id"]), "source",
                          note["source_id"], note["start"], note["end"], FROM_NOTE_TITLE,
                          texts[k["statement_id"]]))
    return found + theme_memos.as_memos(project, memo, _guid)


def adopt(project, guids=None) -> Counter:
    """Turn memos titled as `as_memos` writes them (those of `guids`, else all) into notes,
    statements and themes, and delete the memos; what is already there is not made again, and a
    memo on a source of no case (or a theme memo that cannot be read) stays a memo. Returns how
    many IPA notes, statements and themes were made, and the memos taken as a negative count of
    ``memos`` (what an import adds to its summary)."""
    with project.transaction():
        cases = project.scopes.cases_of_sources()
        found = [m for m in _memos(project, guids) if _adoptable(m, cases)]
        made = Counter({
            "IPA notes": _adopt_notes(project, [m for m in found if m.title in TITLES]),
            "IPA statements": _adopt_statements(
                project, [m for m in found if m.title in (STATEMENT_TITLE, FROM_NOTE_TITLE)], cases)})
        made["IPA themes"], taken = theme_memos.adopt(
            project, [m for m in found if m.title in theme_memos.TITLES], cases)
        taken += [m for m in found if m.title in ON_PASSAGES]
        for memo in taken:
            project.memos.delete(memo)
    made["memos"] = -len(taken)
    return made


def _adoptable(memo, cases: dict[int, list[int]]) -> bool:
    """Whether a memo is where `as_memos` puts memos with its title."""
    on_passage = memo.target == "source" and memo.start is not None and memo.target_id in cases
    if memo.title in ON_PASSAGES:
        return on_passage
    if memo.title == theme_memos.PERSONAL:
        return on_passage or memo.target == "case"
    return memo.title in theme_memos.TITLES and memo.target == "project"


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
    """A statement's memos of one case with the same words become one statement resting on all
    their passages and notes (the notes of the case on the span of a memo "from a note"); one
    already there gets only the passages and notes it does not rest on yet."""
    noted: dict[tuple, list[int]] = {}
    for n in table(project, "notes").rows():
        noted.setdefault((n["source_id"], n["start"], n["end"]), []).append(n["id"])
    grounds: dict[tuple, tuple[list, list]] = {}
    for memo in found:
        place = (memo.target_id, memo.start, memo.end)
        passages, on_notes = grounds.setdefault((cases[memo.target_id][0], memo.body.strip()), ([], []))
        if memo.title == FROM_NOTE_TITLE and place in noted:
            on_notes += noted[place]
        else:
            passages.append(place)
    known = {(s["case_id"], s["text"]): s["id"] for s in table(project, "statements").rows()}
    rests = {(p["statement_id"], p["source_id"], p["start"], p["end"])
             for p in table(project, "passages").rows(statement_id=list(known.values()))}
    rests |= {(k["statement_id"], k["note_id"])
              for k in table(project, "statement_notes").rows(statement_id=list(known.values()))}
    made = 0
    for key, (passages, on_notes) in grounds.items():
        if key in known:
            statements.ground(project, known[key],
                              notes=[n for n in dict.fromkeys(on_notes) if (known[key], n) not in rests],
                              passages=[p for p in dict.fromkeys(passages) if (known[key], *p) not in rests])
        else:
            statements.add(project, *key, notes=list(dict.fromkeys(on_notes)),
                           passages=list(dict.fromkeys(passages)))
            made += 1
    return made
