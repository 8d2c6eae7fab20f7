"""REFI-QDA project (``.qdpx``) export: ``project.qde`` plus each source as UTF-8 text.

GUIDs are the project's own (selections, users, variables and links get GUIDs derived from them), so
exporting twice gives the same GUIDs. Positions are code points into the exported (LF, NFC) text, or
UTF-16 units with ``-O positions=utf16`` for programs that count that way (NVivo). The XML is
streamed into the archive source by source, so memory does not grow with the number of codings.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

from qodex import __version__
from qodex.plugins.refi.model import derived_guid
from qodex.plugins.refi.qdc import DECLARATION, Writer, codes_xml, timestamp, valid_guid
from qodex.project.codings import counter_memo

PROJECT_NS = "urn:QDA-XML:project:1.0"
VARIABLE_TYPES = {"text": "Text", "category": "Text", "date": "Date", "boolean": "Boolean"}
VALUE_TAGS = {"Text": "TextValue", "Boolean": "BooleanValue", "Integer": "IntegerValue",
              "Float": "FloatValue", "Date": "DateValue"}


class ProjectWriter:
    """Writes ``project.qde`` for the project's `Everything`, reading texts and codings from
    `contents` source by source, as a stream of text chunks."""

    def __init__(self, snapshot, contents, units: str = "codepoints"):
        self.snap, self.contents, self.units, self.w = snapshot, contents, units, Writer()
        self.memos = {"project": {}, "source": {}, "code": {}, "case": {}, "coding": {}}
        for memo in snapshot.memos:
            self.memos[memo["target"]].setdefault(memo["target_id"], []).append(memo)
        self.users = {i: derived_guid("user", name) for i, name in snapshot.coders.items()}
        self.code_guids = {i: valid_guid(g) for i, g in snapshot.code_guids.items()}
        self.user_attrs = {i: f' creatingUser="{g}"' for i, g in self.users.items()}
        self.code_refs = {i: f'<CodeRef targetGUID="{g}"/>' for i, g in self.code_guids.items()}
        self.variables = self._variable_types()
        self.counters = contents.counters()

    def chunks(self) -> Iterator[str]:
        origin = f"qodex {__version__}" + (" (UTF-16 positions)" if self.units == "utf16" else "")
        created = timestamp(self.snap.created)
        attrs = self.w.attrs(name=self.snap.name, origin=origin, creationDateTime=created)
        yield f'{DECLARATION}<Project xmlns="{PROJECT_NS}"{attrs}>'
        if self.snap.coders:
            yield "<Users>" + "".join(self.w.element("User", guid=self.users[i], name=name)
                                      for i, name in self.snap.coders.items()) + "</Users>"
        if self.snap.codes:
            yield f"<CodeBook><Codes>{codes_xml(self.w, self.snap, notes=self.code_notes)}</Codes></CodeBook>"
        yield self.variables_xml() + self.cases_xml()
        if self.snap.sources:
            yield "<Sources>"
            for source in self.snap.sources:
                yield self.source_xml(source)
            yield "</Sources>"
        yield self.notes_xml() + self.note_refs("project", None) + "</Project>\n"

    def user(self, coder_id) -> str | None:
        return self.users.get(coder_id)

    def note_refs(self, target: str, target_id, spanned: bool | None = False) -> str:
        return "".join(f'<NoteRef targetGUID="{valid_guid(m["guid"])}"/>'
                       for m in self.memos[target].get(target_id, ())
                       if spanned is None or (m["start"] is not None) == spanned)

    def code_notes(self, code) -> str:
        return self.note_refs("code", code["id"])

    # variables and cases -------------------------------------------------------------------
    def _variable_types(self) -> dict[int, str]:
        types = {}
        for attribute in self.snap.attributes:
            kind = VARIABLE_TYPES.get(attribute["type"])
            if attribute["type"] == "number":
                floats = any(isinstance(v.get(attribute["id"]), float) for v in self.snap.values.values())
                kind = "Float" if floats else "Integer"
            if attribute["type"] == "category":
                self.w.warnings.append(f"attribute {attribute['name']!r}: its list of allowed values is "
                                       "not part of REFI-QDA; exported as text")
            types[attribute["id"]] = kind
        return types

    def variable_guid(self, attribute) -> str:
        return derived_guid("variable", attribute["scope"], attribute["name"])

    def variables_xml(self) -> str:
        if not self.snap.attributes:
            return ""
        return "<Variables>" + "".join(
            self.w.element("Variable", guid=self.variable_guid(a), name=a["name"],
                           typeOfVariable=self.variables[a["id"]]) for a in self.snap.attributes
        ) + "</Variables>"

    def values_xml(self, scope: str, owner_id: int) -> str:
        values = self.snap.values.get((scope, owner_id), {})
        parts = []
        for attribute in self.snap.attributes:
            if attribute["scope"] == scope and attribute["id"] in values:
                kind = self.variables[attribute["id"]]
                parts.append(f'<VariableValue><VariableRef targetGUID="{self.variable_guid(attribute)}"/>'
                             f"{self.w.element(VALUE_TAGS[kind], _value(kind, values[attribute['id']]))}"
                             "</VariableValue>")
        return "".join(parts)

    def cases_xml(self) -> str:
        if not self.snap.cases:
            return ""
        guids = {s["id"]: valid_guid(s["guid"]) for s in self.snap.sources}
        parts = []
        for case in self.snap.cases:
            inner = self.w.element("Description", case["description"]) if case["description"] else ""
            inner += self.values_xml("case", case["id"]) + "".join(
                f'<SourceRef targetGUID="{guids[i]}"/>'
                for i in self.snap.case_sources.get(case["id"], ())
            )
            attrs = self.w.attrs(guid=valid_guid(case["guid"]), name=case["name"])
            parts.append(f"<Case{attrs}>{inner}</Case>")
        return "<Cases>" + "".join(parts) + "</Cases>"

    # sources -------------------------------------------------------------------------------
    def source_xml(self, source) -> str:
        from qodex.text import utf16_map

        guid = valid_guid(source["guid"])
        units = utf16_map(self.contents.text(source["id"])).to_units if self.units == "utf16" else int
        attrs = self.w.attrs(guid=guid, name=source["name"], plainTextPath=f"internal://{guid}.txt",
                             creatingUser=self.user(source["coder_id"]),
                             creationDateTime=timestamp(source["created"]))
        parts = [f"<TextSource{attrs}>"]
        if source["meta"].get("description"):
            parts.append(self.w.element("Description", source["meta"]["description"]))
        parts += self.codings_xml(self.contents.codings(source["id"]), units)
        for memo in self.memos["source"].get(source["id"], ()):
            if memo["start"] is not None:
                parts.append(self.selection(derived_guid("memo", memo["guid"]), units(memo["start"]),
                                            units(memo["end"]), memo["coder_id"], memo["created"])
                             + f'<NoteRef targetGUID="{valid_guid(memo["guid"])}"/></PlainTextSelection>')
        parts.append(self.note_refs("source", source["id"]) + self.values_xml("source", source["id"]))
        return "".join(parts) + "</TextSource>"

    def selection(self, guid: str, start: int, end: int, coder_id, created) -> str:
        return (f'<PlainTextSelection guid="{guid}" startPosition="{start}" endPosition="{end}"'
                f'{self.user_attrs.get(coder_id, "")}{_created(created)}>')

    def codings_xml(self, codings, units) -> Iterator[str]:
        """One selection holding one coding for each row (hot: written per coding)."""
        users, refs, noted, counters = self.user_attrs, self.code_refs, self.memos["coding"], self.counters
        for guid, _, code_id, start, end, coder_id, created, memo, coding_id in codings:
            guid, user, stamp = valid_guid(guid), users.get(coder_id, ""), _created(created)
            if coding_id in counters:
                memo = counter_memo(counters[coding_id], memo)
            yield (f'<PlainTextSelection guid="{derived_guid("selection", guid)}" startPosition='
                   f'"{units(start)}" endPosition="{units(end)}"{user}{stamp}>'
                   + (self.w.element("Description", memo) if memo else "")
                   + f'<Coding guid="{guid}"{user}{stamp}>{refs[code_id]}'
                   + (self.note_refs("coding", coding_id, spanned=None) if coding_id in noted else "")
                   + "</Coding></PlainTextSelection>")

    # notes ---------------------------------------------------------------------------------
    def notes_xml(self) -> str:
        if not self.snap.memos:
            return ""
        notes = "".join(self.w.start("Note", guid=valid_guid(m["guid"]), name=m["title"],
                                     creatingUser=self.user(m["coder_id"]),
                                     creationDateTime=timestamp(m["created"]))
                        + self.w.element("PlainTextContent", m["body"]) + "</Note>" for m in self.snap.memos)
        cases = {c["id"]: valid_guid(c["guid"]) for c in self.snap.cases}
        links = "".join(  # REFI-QDA cases hold no notes: a link from the note to the case says it
            self.w.element("Link", guid=derived_guid("link", m["guid"]), name="memo", direction="OneWay",
                           originGUID=valid_guid(m["guid"]), targetGUID=cases[case_id])
            for case_id, memos in self.memos["case"].items() for m in memos)
        return f"<Notes>{notes}</Notes>" + (f"<Links>{links}</Links>" if links else "")


def _created(value: str | None) -> str:
    """The ``creationDateTime`` attribute for a stored time, if it is an xsd:dateTime."""
    when = timestamp(value)
    return f' creationDateTime="{when}"' if when else ""


def _value(kind: str, value) -> str:
    if kind == "Boolean":
        return "true" if value in (1, True, "1", "true") else "false"
    if kind in ("Integer", "Float") and isinstance(value, int | float):
        return format(Decimal(repr(value)), "f")
    return str(value)


def write_qdpx(project, out: Path, options: dict) -> list[str]:
    """Write `project` as a ``.qdpx`` archive at `out`."""
    snapshot = project.contents.everything(whole=False)
    writer = ProjectWriter(snapshot, project.contents,
                           "utf16" if options.get("positions") == "utf16" else "codepoints")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        with archive.open("project.qde", "w", force_zip64=True) as handle:
            for chunk in writer.chunks():
                handle.write(chunk.encode("utf-8"))
        for source in snapshot.sources:
            archive.writestr(f"Sources/{valid_guid(source['guid'])}.txt",
                             project.contents.text(source["id"]).encode("utf-8"))
    warnings = writer.w.finish()
    segments = project.contents.segment_count()
    if segments:
        warnings.append(f"{segments} segments (speaker turns, pages, cues) are not part of REFI-QDA; "
                        "left out")
    return warnings
