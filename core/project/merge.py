"""Merging another copy of a project into this one, losing nothing.

Sources match by GUID, then text hash, then name; a source whose text differs between the copies
(edited in one) takes the other copy's codings through a word-by-word diff, or, if some coding's
words are gone, comes in beside it as a second source. Codes match by GUID, then path; a code renamed
differently keeps this copy's name and gets a memo with the other's. Codings are deduplicated by GUID
and by (source, code, span, coder); one changed in the other copy comes in as a new coding. Cases
match by GUID, then name; a value that differs stays, with a memo giving the other copy's.
Plugins' own data in the other copy comes as the memos an export carries (`export_memos`), and
plugins' `after_import` hooks take the memos brought in, as after an import (IPA work becomes IPA
work again). Everything happens in one transaction, after a snapshot; a dry run rolls it back and reports.
"""

from __future__ import annotations

import json
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from qodex.bundle import (
    AttributeData,
    CaseData,
    CodeData,
    CodingData,
    ImportBundle,
    MemoData,
    SegmentData,
    SourceData,
)
from qodex.errors import QodexError
from qodex.importing import after_import
from qodex.project.backup import snapshot
from qodex.project.edit import diff_edits, follow
from qodex.project.ids import new_guid
from qodex.project.nouns import counted


@dataclass
class MergeReport:
    """What a merge added, what it found already there, and the conflicts it resolved."""

    added: Counter = field(default_factory=Counter)
    same: Counter = field(default_factory=Counter)
    conflicts: list[str] = field(default_factory=list)

    def describe(self) -> str:
        added = ", ".join(counted(n, k) for k, n in self.added.items() if n > 0) or "nothing"
        same = ", ".join(counted(n, k) for k, n in self.same.items() if n) or "nothing"
        return f"added {added}; already there: {same}; {counted(len(self.conflicts), 'conflicts')}"


class _Rollback(Exception):
    pass


@contextmanager
def rehearsal(project, dry_run: bool):
    """A transaction that is rolled back at the end when `dry_run`."""
    try:
        with project.transaction():
            yield
            if dry_run:
                raise _Rollback
    except _Rollback:
        pass


def merge(project, other, dry_run: bool = False) -> MergeReport:
    """Bring everything in the project `other` into `project`; see the module's notes."""
    if not dry_run:
        snapshot(project, "merge")
    report = MergeReport()
    with rehearsal(project, dry_run):
        merger = _Merger(project, other, report)
        report.added.update(project.apply(merger.bundle()).added)
        merger.after_apply()
        report.added.update(after_import(project, ImportBundle(memos=merger.memos)))
        project.log("merge", None, None, after={"from": str(other.path), "added": dict(report.added),
                                                "conflicts": report.conflicts})
    return report


class _Merger:
    def __init__(self, project, other, report: MergeReport):
        self.a, self.b, self.report = project, other, report
        self.name = other.path.name
        self.sources: dict[int, tuple[str, Any]] = {}  # B id -> (key in the bundle, span mapper)
        self.codes: dict[int, str] = {}  # B id -> key
        self.codings: dict[int, str] = {}  # B id -> GUID in the merged project
        self.cases: dict[int, str] = {}
        self.notes: list[tuple[str, str, str]] = []  # (target, key, memo body)
        self.links: list[tuple[str, str]] = []
        self.values: list[tuple[str, dict]] = []
        self.memos: list[MemoData] = []  # the memos brought in, for plugins' `after_import`

    def bundle(self) -> ImportBundle:
        bundle = ImportBundle(coders=[r["name"] for r in self.b.rows("SELECT name FROM coders")])
        bundle.sources = self._sources()
        bundle.codes = self._codes()
        bundle.codings = self._codings()
        bundle.attributes, bundle.cases = self._cases()
        return bundle

    # sources ---------------------------------------------------------------------------------
    def _sources(self) -> list[SourceData]:
        mine = self.a.rows("SELECT id, guid, name, text_sha256, text FROM sources")
        by = {k: {r[k]: r for r in mine} for k in ("guid", "text_sha256", "name")}
        added = []
        for s in self.b.rows("SELECT * FROM sources ORDER BY id"):
            match = by["guid"].get(s["guid"]) or by["text_sha256"].get(s["text_sha256"]) \
                or by["name"].get(s["name"])
            if match is None:
                added.append(self._source_data(s, s["name"], s["guid"]))
                self.sources[s["id"]] = (s["guid"], None)
                continue
            self.report.same["sources"] += 1
            mapper = None if match["text"] == s["text"] else self._mapper(s, match)
            if mapper is False:
                name = f"{s['name']} ({self.b.path.stem})"
                added.append(self._source_data(s, name, None))
                self.sources[s["id"]] = (name, None)
            else:
                self.sources[s["id"]] = (match["guid"], mapper)
        return added

    def _mapper(self, theirs: dict, mine: dict):
        """A span mapper from their text onto ours, or False when some coding cannot follow."""
        edits = diff_edits(theirs["text"], mine["text"])
        spans = self.b.rows('SELECT start, "end" FROM codings WHERE source_id = ?', (theirs["id"],))
        if any(follow(r["start"], r["end"], edits, split=False)[1] == "lost" for r in spans):
            self.report.conflicts.append(
                f"source {theirs['name']!r} differs and some codings' words are gone from this copy;"
                f" added {self.name}'s version beside it")
            return False
        self.report.conflicts.append(f"source {theirs['name']!r} differs between the copies; kept this"
                                     f" copy's text and moved {self.name}'s codings onto it")
        return lambda start, end: follow(start, end, edits, split=False)[0][0]  # never lost here

    def _source_data(self, s: dict, name: str, guid: str | None) -> SourceData:
        segments = [SegmentData(r["kind"], r["start"], r["end"], r["label"], r["t_start"], r["t_end"])
                    for r in self.b.rows("SELECT * FROM segments WHERE source_id = ? ORDER BY id",
                                         (s["id"],))]
        values = {r["name"]: r["value"] for r in self.b.rows(
            "SELECT a.name, v.value FROM source_values v JOIN attributes a ON a.id = v.attribute_id"
            " WHERE v.source_id = ?", (s["id"],))}
        return SourceData(name, s["text"], kind=s["kind"], origin=s["origin"], guid=guid,
                          meta=json.loads(s["meta"] or "{}"), segments=segments, attributes=values)

    # codes -----------------------------------------------------------------------------------
    def _codes(self) -> list[CodeData]:
        mine_paths = self.a.codes.paths()
        mine = {r["guid"]: r for r in self.a.rows("SELECT id, guid FROM codes")}
        by_path = {p: code_id for code_id, p in mine_paths.items()}
        guid_of = {r["id"]: r["guid"] for r in self.a.rows("SELECT id, guid FROM codes")}
        theirs_paths = self.b.codes.paths()
        added = []
        rows = self.b.rows("SELECT * FROM codes")
        for c in sorted(rows, key=lambda r: theirs_paths[r["id"]].count("/")):
            path = theirs_paths[c["id"]]
            if c["guid"] in mine:
                self.codes[c["id"]] = c["guid"]
                self.report.same["codes"] += 1
                here = mine_paths[mine[c["guid"]]["id"]]
                if here != path:
                    self.report.conflicts.append(f"code {here!r} is {path!r} in {self.name}; kept"
                                                 f" {here!r}, with a memo")
                    self.notes.append(("code", c["guid"], f"In {self.name} this code is {path!r}."))
            elif path in by_path:
                self.codes[c["id"]] = guid_of[by_path[path]]
                self.report.same["codes"] += 1
            else:
                parent = self.codes[c["parent_id"]] if c["parent_id"] else None
                added.append(CodeData(c["name"], parent=parent, guid=c["guid"], colour=c["colour"],
                                      description=c["description"]))
                self.codes[c["id"]] = c["guid"]
        return added

    # codings ---------------------------------------------------------------------------------
    def _codings(self) -> list[CodingData]:
        sources, codes, coders = (dict(self.a.conn.execute(f"SELECT id, {column} FROM {table}"))
                                  for table, column in (("sources", "guid"), ("codes", "guid"),
                                                        ("coders", "name")))
        mine = {guid: (sources[s], codes[c], start, end, coders.get(d)) for guid, s, c, start, end, d
                in self.a.conn.execute('SELECT guid, source_id, code_id, start, "end", coder_id'
                                       " FROM codings")}
        spans = {v: guid for guid, v in mine.items()}
        theirs = dict(self.b.conn.execute("SELECT id, name FROM coders"))
        added, same = [], 0
        for coding_id, guid, source_id, code_id, start, end, coder_id, memo, created, counter in (
                self.b.conn.execute('SELECT id, guid, source_id, code_id, start, "end", coder_id, memo,'
                                    " created, counter FROM codings ORDER BY id")):
            source, mapper = self.sources[source_id]
            if mapper:
                start, end = mapper(start, end)
            key = (source, self.codes[code_id], start, end, theirs.get(coder_id))
            found = guid if mine.get(guid) == key else spans.get(key)
            if found:
                self.codings[coding_id] = found
                same += 1
                continue
            if guid in mine:
                self.report.conflicts.append(f"coding {guid} differs in {self.name}; kept both")
                guid = new_guid()
            self.codings[coding_id] = guid
            added.append(CodingData(source, key[1], start, end, coder=key[4], memo=memo, guid=guid,
                                    created=created, counter=counter))
        self.report.same["codings"] += same
        return added

    # cases -----------------------------------------------------------------------------------
    def _cases(self) -> tuple[list[AttributeData], list[CaseData]]:
        attributes = self._attributes()
        mine = self.a.rows("SELECT id, guid, name FROM cases")
        by_guid, by_name = {r["guid"]: r for r in mine}, {r["name"]: r for r in mine}
        added = []
        for c in self.b.rows("SELECT * FROM cases ORDER BY id"):
            values = {r["name"]: r["value"] for r in self.b.rows(
                "SELECT a.name, v.value FROM case_values v JOIN attributes a ON a.id ="
                " v.attribute_id WHERE v.case_id = ?", (c["id"],)) if r["value"] is not None}
            sources = [self.sources[r["source_id"]][0] for r in self.b.rows(
                "SELECT source_id FROM case_sources WHERE case_id = ?", (c["id"],))]
            match = by_guid.get(c["guid"]) or by_name.get(c["name"])
            guid = match["guid"] if match else c["guid"]
            self.notes += [("case", guid, f"In {self.name}, {k} is {v!r}.")
                           for k, v in values.items() if k not in attributes]
            values = {k: v for k, v in values.items() if k in attributes}
            if match is None:
                added.append(CaseData(c["name"], c["guid"], c["description"], values, sources))
                continue
            self.report.same["cases"] += 1
            self.links += [(match["guid"], s) for s in sources]
            self.values.append((match["guid"], values))
        return list(attributes.values()), added

    def _attributes(self) -> dict[str, AttributeData]:
        mine = {(r["scope"], r["name"]): r["type"] for r in self.a.rows("SELECT * FROM attributes")}
        kept = {}
        for r in self.b.rows("SELECT * FROM attributes WHERE scope = 'case' ORDER BY position"):
            here = mine.get(("case", r["name"]), r["type"])
            if here != r["type"] and not (r["type"] == "text" and self._fits(r)):
                self.report.conflicts.append(f"attribute {r['name']!r} is {r['type']} in {self.name};"
                                             f" its values there go into case memos")
                continue
            kept[r["name"]] = AttributeData(r["name"], here,
                                            json.loads(r["allowed"]) if r["allowed"] else None)
        return kept

    def _fits(self, theirs: dict) -> bool:
        """Whether every value of their text attribute is one of ours (REFI-QDA has no categories:
        a copy read from a .qdpx holds them as text)."""
        coerce = self.a.attributes.coercer(self.a.attributes.get(theirs["name"]))
        try:
            for (value,) in self.b.conn.execute("SELECT value FROM case_values WHERE attribute_id = ?",
                                                (theirs["id"],)):
                coerce(value)
        except QodexError:
            return False
        return True

    # what the bundle cannot say ----------------------------------------------------------------
    def after_apply(self) -> None:
        for case, source in self.links:
            if self.a.cases.link(case, source):
                self.report.added["case links"] += 1
        for case, values in self.values:
            self._case_values(case, values)
        self._memos()
        for target, ref, body in self.notes:
            self.a.memos.add(body, title=f"merged from {self.name}", target=target, ref=ref)
            self.report.added["conflict memos"] += 1

    def _case_values(self, case: str, values: dict) -> None:
        here = self.a.cases.values(case)
        new = {k: v for k, v in values.items() if here.get(k) is None and v is not None}
        if new:
            self.a.cases.set_values(case, new)
            self.report.added["case values"] += len(new)
        for name, value in values.items():
            if here.get(name) is not None and value is not None and here[name] != value:
                self.report.conflicts.append(f"case {self.a.cases.get(case).name!r} has {name} ="
                                             f" {here[name]!r} here, {value!r} in {self.name}; kept both")
                self.notes.append(("case", case, f"In {self.name}, {name} is {value!r}."))

    def _memos(self) -> None:
        mine = {r["guid"] for r in self.a.rows("SELECT guid FROM memos")}
        same = {(r["target"], r["target_id"], r["title"], r["body"])
                for r in self.a.rows("SELECT target, target_id, title, body FROM memos")}
        targets = {"source": lambda i: self.sources[i][0], "code": self.codes.get,
                   "coding": self.codings.get, "case": self._case_key}
        for m in self.b.rows("SELECT m.*, d.name AS coder FROM memos m LEFT JOIN coders d"
                             " ON d.id = m.coder_id ORDER BY m.id") + self._plugin_memos():
            ref = targets[m["target"]](m["target_id"]) if m["target"] in targets else None
            target_id = getattr(self.a, m["target"] + "s").get(ref).id if ref else None
            if m["guid"] in mine or (m["target"], target_id, m["title"], m["body"]) in same:
                self.report.same["memos"] += 1
                continue
            if m["target"] == "coding":  # from a file made before codings kept their memos
                self.a.codings.add_memo(target_id, m["body"])
                self.report.added["memos"] += 1
                continue
            start, end = m["start"], m["end"]
            mapper = self.sources[m["target_id"]][1] if m["target"] == "source" else None
            if mapper and start is not None:
                start, end = mapper(start, end)
            self.a.memos.add(m["body"], title=m["title"], target=m["target"], ref=ref, start=start,
                             end=end, guid=m["guid"], coder=m["coder"])
            self.memos.append(MemoData(m["body"], m["title"], m["target"], ref, start, end, m["guid"]))
            self.report.added["memos"] += 1

    def _plugin_memos(self) -> list[dict]:
        """What plugins' own data in the other copy adds to its exports (`export_memos`: IPA work),
        so a merge carries it as an export would."""
        host = self.a.host
        found = host.call("export_memos", project=self.b) if host is not None else []
        return [{**memo, "coder": None} for memos in found for memo in memos]

    def _case_key(self, case_id: int) -> str:
        if case_id not in self.cases:
            row = self.b.rows("SELECT guid, name FROM cases WHERE id = ?", (case_id,))[0]
            found = self.a.cases.find(row["guid"]) or self.a.cases.get(row["name"])
            self.cases[case_id] = found.guid
        return self.cases[case_id]
