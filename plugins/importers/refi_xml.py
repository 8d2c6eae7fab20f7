"""REFI-QDA XML (QDA-XML 1.0 projects and codebooks) to an `ImportBundle`, with a loss report.

Every element the reader does not carry into qodex is counted in `Losses`, so nothing is dropped
silently. Positions are converted to qodex offsets per source (see `units_for`).
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from qodex.bundle import AttributeData, CaseData, CodeData, CodingData, ImportBundle, MemoData, SourceData
from qodex.errors import QodexError
from qodex.project.codings import read_counter_memo
from qodex.text import normalize, normalize_map, utf16_map

GUID_RE = re.compile(r"^\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}?$")
GUID36 = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}").fullmatch
VARIABLE_TYPES = {"Text": "text", "Boolean": "boolean", "Integer": "number", "Float": "number",
                  "Date": "date", "DateTime": "text"}
MEDIA = {"PictureSource": "PictureSelection", "AudioSource": "AudioSelection",
         "VideoSource": "VideoSelection"}
KNOWN = {"Project", "Users", "User", "CodeBook", "Codes", "Code", "Description", "NoteRef", "Variables",
         "Variable", "Cases", "Case", "CodeRef", "VariableValue", "VariableRef", "TextValue",
         "BooleanValue", "IntegerValue", "FloatValue", "DateValue", "DateTimeValue", "SourceRef",
         "SelectionRef", "Sources", "TextSource", "PlainTextContent", "PlainTextSelection", "Coding",
         "PDFSource", "Representation", "Notes", "Note", "Sets", "Set", "MemberSource", "MemberCode",
         "MemberNote", "Links",
         "Link"}
VARIANT = {digit: "89ab"[int(digit, 16) & 3] for digit in "0123456789abcdef"}  # RFC 4122 variant
SHOWN = 20  # examples listed per kind of loss
SOURCES = ("TextSource", "PDFSource", *MEDIA)
EVENT_TAGS = tuple(f"{{*}}{tag}" for tag in ("Project", "CodeBook", "Sources", *SOURCES))


def derived_guid(*parts: str) -> str:
    """A stable (name-based, version 5 style) GUID for something that has none of its own."""
    h = hashlib.sha1(("qodex/" + "/".join(parts)).encode("utf-8", "surrogatepass")).hexdigest()
    return f"{h[:8]}-{h[8:12]}-5{h[13:16]}-{VARIANT[h[16]]}{h[17:20]}-{h[20:32]}"


def clean_guid(value: str | None) -> str | None:
    """A GUID in the one form qodex stores (lower case, no braces); None if it is not one."""
    if value is None:
        return None
    if GUID36(value):
        return value.lower()
    match = GUID_RE.match(value.strip())
    return match.group(1).lower() if match else None


def child_text(element, tag: str) -> str | None:
    found = element.find(tag)
    return found.text if found is not None and found.text is not None else None


class Losses:
    """What a file held that qodex could not carry: counted by kind, with examples."""

    def __init__(self):
        self.counts: Counter = Counter()
        self.examples: dict[str, list[str]] = defaultdict(list)

    def add(self, kind: str, example: str | None = None, count: int = 1) -> None:
        self.counts[kind] += count
        if example and len(self.examples[kind]) < SHOWN:
            self.examples[kind].append(example)

    def lines(self, examples: int = 3) -> list[str]:
        out = []
        for kind, count in self.counts.items():
            shown = self.examples[kind][:examples]
            more = ", …" if count > len(shown) and shown else ""
            out.append(f"not carried: {count} {kind}" + (f" ({'; '.join(shown)}{more})" if shown else ""))
        return out

    def memo(self, name: str, guid: str) -> MemoData:
        body = [f"What qodex could not carry over from `{name}`:", ""]
        body += [f"- {line.removeprefix('not carried: ')}" for line in self.lines(SHOWN)]
        return MemoData("\n".join(body), title=f"Import losses: {name}", guid=guid)


@dataclass
class Text:
    """A source's text as the producer counted it, and the same text as qodex stores it."""

    raw: str
    stored: str
    to_stored: Callable[[int], int]
    units: str = "codepoints"
    _utf16: object = None

    @classmethod
    def of(cls, raw: str) -> Text:
        raw = raw.removeprefix("\ufeff")
        stored, to_stored = normalize_map(raw)
        return cls(raw, raw if stored == raw else stored, to_stored)

    def length(self, units: str) -> int:
        if units == "codepoints":
            return len(self.raw)
        if self._utf16 is None:
            self._utf16 = utf16_map(self.raw)
        return self._utf16.to_units(len(self.raw))

    def span(self, start: int, end: int, units: str | None = None) -> tuple[int, int] | None:
        """The stored span for producer positions, or None when they lie outside the text."""
        units = units or self.units
        if start is None or end is None or not 0 <= start <= end <= self.length(units):
            return None
        if units == "utf16":
            start, end = self._utf16.from_units(start), self._utf16.from_units(end)
        if self.raw is self.stored:
            return start, end
        return self.to_stored(start), self.to_stored(end)


def on_boundary(text: str, offset: int) -> bool:
    return offset <= 0 or offset >= len(text) or not (text[offset - 1].isalnum()
                                                      and text[offset].isalnum())


def units_for(origin: str, text: Text, spans: Callable[[], list[tuple[int, int]]], chosen: str) -> str:
    """How a producer counted positions: NVivo in UTF-16 units, others in code points.

    With ``auto`` and an unknown producer, the reading that puts more spans on word boundaries wins
    (the two only differ where a text holds characters outside the Basic Multilingual Plane).
    """
    if chosen != "auto":
        return chosen
    origin = origin.lower()
    if origin.startswith("nvivo") or "utf-16" in origin:
        return "utf16"
    if origin.startswith(("qodex", "qc ", "qualcoder")) or not re.search(r"[\U00010000-\U0010FFFF]",
                                                                          text.raw):
        return "codepoints"

    def score(units: str) -> int:
        spans_ = [text.span(s, e, units) for s, e in spans()]
        return sum(1 for s in spans_ if s and on_boundary(text.stored, s[0])
                   and on_boundary(text.stored, s[1]))

    return "utf16" if score("utf16") > score("codepoints") else "codepoints"


@dataclass
class Context:
    """What the reader is given: how to fetch a text file, and the options chosen."""

    load_text: Callable[[str], str]  # raises LookupError naming why a file cannot be had
    file_name: str
    units: str = "auto"
    digest: str = ""
    notes: list[str] = field(default_factory=list)


class ProjectReader:
    """Reads a REFI-QDA ``Project`` or ``CodeBook`` from parser events, one source at a time.

    Sources are read as each ends and then removed from the tree, so memory holds one source's
    XML at a time; note references are resolved at the end (notes follow the sources).
    """

    def __init__(self, context: Context):
        self.context, self.root, self.origin = context, None, ""
        self.pending: list[tuple] = []
        self.bundle = ImportBundle()
        self.losses = Losses()
        self.users: dict[str, str] = {}
        self.codes: set[str] = set()
        self.case_guids: set[str] = set()
        self.variables: dict[str, tuple[str, str]] = {}
        self.notes: dict[str, MemoData] = {}
        self.used_notes: Counter = Counter()
        self.seen: set[str] = set()
        self.selection_refs: set[str | None] = set()  # selections cases name as members
        self.selections: dict[str, str] = {}  # selection GUID -> source GUID, for those only
        self.kept_sources: set[str] = set()
        self.case_links: dict[str, set[str]] = defaultdict(set)
        self.scopes: dict[tuple[str, str], str] = {}
        self.code_refs: dict[str | None, str | None] = {}  # raw CodeRef target -> clean GUID

    # helpers -------------------------------------------------------------------------------
    def guid(self, element, kind: str) -> str:
        """The element's GUID, or a derived one when it has none or repeats one already read."""
        raw = element.get("guid")
        found = raw.lower() if raw and GUID36(raw) else clean_guid(raw)
        if found is None or found in self.seen:
            note = "has no valid GUID" if found is None else f"repeats GUID {found}"
            self.context.notes.append(f"a {kind} {note}; gave it a new one")
            found = derived_guid(kind, self.context.digest, str(len(self.seen)), found or "")
        self.seen.add(found)
        return found

    def user(self, raw: str | None) -> str | None:
        found = self.users.get(raw)
        if found is not None or raw is None:
            return found
        guid = clean_guid(raw)
        if guid is None:
            return None
        if guid not in self.users:
            self.users[guid] = guid
            self.bundle.coders.append(guid)
        self.users[raw] = self.users[guid]
        return self.users[guid]

    def note_refs(self, element, target: str, ref: str | None = None, span=None) -> None:
        self.attach_all(element.findall("NoteRef"), target, ref, span)

    def attach_all(self, note_refs, target: str, ref: str | None = None, span=None) -> None:
        for note_ref in note_refs:
            self.attach(clean_guid(note_ref.get("targetGUID")), target, ref, span)

    def attach(self, note: str | None, target: str, ref: str | None = None, span=None) -> None:
        self.pending.append((note, target, ref, span))

    def resolve(self, note: str | None, target: str, ref: str | None, span) -> None:
        template = self.notes.get(note)
        if template is None:
            self.losses.add("references to notes the file does not hold", note)
            return
        self.used_notes[note] += 1
        guid = note if self.used_notes[note] == 1 else derived_guid("note", note, target, ref or "")
        start, end = span or (None, None)
        self.bundle.memos.append(MemoData(template.body, template.title, target, ref, start, end,
                                          guid, template.coder))

    def description(self, element) -> str | None:
        text = child_text(element, "Description")
        return text if text and text.strip() else None

    # reading -------------------------------------------------------------------------------
    def read(self, events, root_tag: str) -> ImportBundle:
        """Read ``(event, element)`` pairs from `qodex.safety.pull_xml` given `EVENT_TAGS`."""
        prepared = False
        for event, element in events:
            tag = element.tag.rsplit("}", 1)[-1]
            if self.root is None:
                self.start(element, root_tag)
            elif event == "start":
                if tag == "Sources" and not prepared:
                    self.prepare()
                    prepared = True
            elif tag in SOURCES and element.getparent().tag.endswith("Sources"):
                self.read_source(self.plain(element))
                element.getparent().remove(element)
        if not prepared:
            self.prepare()
        self.plain(self.root)
        self.after()
        return self.bundle

    def start(self, root, root_tag: str) -> None:
        tag = root.tag.rsplit("}", 1)[-1]
        if tag != root_tag:
            raise QodexError(f"{self.context.file_name}: not a REFI-QDA {root_tag} "
                             f"(its root element is <{tag}>)")
        self.root, self.origin = root, root.get("origin") or ""
        self.namespaced = "}" in root.tag

    def plain(self, element):
        """`element` with namespaces dropped from its (and its descendants') names, if it has any."""
        if self.namespaced:
            from lxml import etree

            for child in element.iter(tag=etree.Element):
                child.tag = etree.QName(child).localname
        return element

    def prepare(self) -> None:
        """Read what comes before the sources: users, codes, variables, which GUIDs are cases."""
        self.plain(self.root)
        if self.root.tag == "CodeBook":
            return
        self.read_users()
        self.read_codes(self.root.find("CodeBook/Codes"))
        self.read_variables()
        self.case_guids = {clean_guid(c.get("guid")) for c in self.root.iterfind("Cases/Case")}
        self.selection_refs = {clean_guid(r.get("targetGUID"))
                               for r in self.root.iterfind("Cases/Case/SelectionRef")}

    def after(self) -> None:
        """Read what follows the sources, resolve note references, and count what was lost."""
        if self.root.tag == "CodeBook":
            self.read_codes(self.root.find("Codes"))
        else:
            self.read_notes()
            self.read_cases()
            self.read_links()
            self.read_project_notes()
        self.read_sets()
        for pending in self.pending:
            self.resolve(*pending)
        for guid in self.notes:
            if not self.used_notes[guid]:
                self.resolve(guid, "project", None, None)
        self.count_unknown(self.root)
        graphs = self.root.findall("Graphs/Graph")
        if graphs:
            self.losses.add("graphs", ", ".join(g.get("name") or "graph" for g in graphs[:SHOWN]),
                            len(graphs))
        self.finish()

    def read_users(self) -> None:
        for element in self.root.iterfind("Users/User"):
            guid = clean_guid(element.get("guid")) or derived_guid("user", str(len(self.users)))
            name = element.get("name") or element.get("id") or guid
            self.users[guid] = name
            if name not in self.bundle.coders:
                self.bundle.coders.append(name)

    def read_codes(self, codes, parent: str | None = None) -> None:
        if codes is None:
            return
        names: Counter = Counter()
        for element in codes.findall("Code"):
            guid = self.guid(element, "code")
            name = (element.get("name") or "").strip() or f"code {guid[:8]}"
            names[name] += 1
            if names[name] > 1:
                self.context.notes.append(f"two codes called {name!r} under one parent; "
                                          f"the second is now {name} ({names[name]})")
                name = f"{name} ({names[name]})"
            colour = element.get("color")
            self.bundle.codes.append(CodeData(name, parent, guid, colour, self.description(element)))
            self.codes.add(guid)
            if element.get("isCodable") == "false":
                self.losses.add("'not codable' marks on codes (they import as codable)", name)
            self.note_refs(element, "code", guid)
            self.read_codes(element, guid)

    def read_variables(self) -> None:
        for element in self.root.iterfind("Variables/Variable"):
            guid = self.guid(element, "variable")
            name = element.get("name") or f"variable {guid[:8]}"
            kind = element.get("typeOfVariable") or "Text"
            self.variables[guid] = (name, kind)
            if kind == "DateTime":
                self.losses.add("date-and-time variable types (kept as text)", name)
            if self.description(element):
                self.losses.add("variable descriptions", name)

    def read_notes(self) -> None:
        for element in self.root.iterfind("Notes/Note"):
            guid = self.guid(element, "note")
            title = element.get("name")
            body = child_text(element, "PlainTextContent")
            if body is None and element.get("plainTextPath"):
                body = self.load(element.get("plainTextPath"), f"note {title or guid}")
                if body is None:
                    continue
            self.notes[guid] = MemoData(normalize(body or ""), title, guid=guid,
                                        coder=self.user(element.get("creatingUser")))
            selections = element.findall("PlainTextSelection")
            if selections:
                self.losses.add("selections and codings inside notes", title or guid, len(selections))

    def load(self, path: str, what: str) -> str | None:
        try:
            return self.context.load_text(path)
        except LookupError as exc:
            self.losses.add("texts missing or unreadable", f"{what}: {exc.args[0]}")
            return None

    # sources -------------------------------------------------------------------------------
    def read_source(self, element) -> None:
        if element.tag == "TextSource":
            self.read_text_source(element, element)
        elif element.tag == "PDFSource":
            self.read_pdf(element)
        elif element.tag in MEDIA:
            self.lose_media(element)
            return
        self.count_unknown(element)

    def read_pdf(self, element) -> None:
        name = element.get("name") or element.get("path") or "PDF"
        representation = element.find("Representation")
        for selection in element.findall("PDFSelection"):
            self.losses.add("PDF region selections (with their codings)", name,
                            max(1, len(selection.findall("Coding"))))
        if representation is None:
            self.losses.add("PDF sources without a plain-text representation", name)
            return
        self.read_text_source(element, representation, kind="pdf")

    def lose_media(self, element) -> None:
        name = element.get("name") or element.get("path") or element.tag
        kind = element.tag.removesuffix("Source").lower()
        self.losses.add(f"{kind} sources", name)
        selections = element.findall(MEDIA[element.tag])
        if selections:
            self.losses.add(f"{kind} selections", name, len(selections))
        codings = len(element.findall(".//Coding"))
        if codings:
            self.losses.add(f"codings on {kind} sources", name, codings)

    def read_text_source(self, element, body, kind: str = "text") -> None:
        guid = self.guid(element, "source")
        path = body.get("plainTextPath")
        name = element.get("name") or body.get("name") or _stem(path) or f"source {guid[:8]}"
        content = child_text(body, "PlainTextContent")
        raw = content if content is not None else self.load(path, name) if path else None
        if raw is None:
            if content is None and not path:
                self.losses.add("sources with no text", name)
            self.lose_codings(body, name)
            return
        text = Text.of(raw)
        text.units = units_for(self.origin, text, lambda: _spans(body), self.context.units)
        meta = {k: v for k, v in (("description", self.description(element)),
                                  ("created", element.get("creationDateTime")),
                                  ("creator", self.user(element.get("creatingUser"))),
                                  ("rich_text", body.get("richTextPath")),
                                  ("positions", text.units)) if v}
        if body.get("richTextPath"):
            self.losses.add("rich-text copies of sources (their plain text is imported)", name)
        self.bundle.sources.append(SourceData(name, text.stored, kind, path, guid, meta,
                                              attributes=self.values(element, "source")))
        self.kept_sources.add(guid)
        self.note_refs(element, "source", guid)
        for selection in body.iterfind("PlainTextSelection"):
            self.read_selection(selection, guid, name, text)
        for coding in body.findall("Coding"):
            if text.stored:
                self.read_coding(coding, guid, (0, len(text.stored)), None, element)
            else:
                self.losses.add("codings of empty sources", name)

    def lose_codings(self, body, name: str) -> None:
        count = len(body.findall(".//Coding"))
        if count:
            self.losses.add("codings on sources whose text is missing", name, count)

    def read_selection(self, element, source: str, name: str, text: Text) -> None:
        get = element.get
        start, end = _int(get("startPosition")), _int(get("endPosition"))
        span = text.span(start, end)
        codings, notes, memo = [], None, None
        for child in element:
            tag = child.tag
            if tag == "Coding":
                codings.append(child)
            elif tag == "NoteRef":
                notes = [*(notes or ()), child]
            elif tag == "Description":
                memo = child.text if child.text and child.text.strip() else None
            elif isinstance(tag, str):
                self.unknown(child)
        if span is None:
            where = f"{name} {get('startPosition')}-{get('endPosition')}"
            self.losses.add("selections with positions outside their text", where)
            if codings:
                self.losses.add("codings on selections outside their text", where, len(codings))
            return
        if get("name"):
            self.losses.add("selection names", get("name"))
        if notes:
            self.attach_all(notes, "source", source, span)
        if self.selection_refs or (memo and not codings):  # else its GUID is not needed
            self.keep_selection(element, source, span, None if codings else memo)
        if span[0] == span[1] and codings:
            self.losses.add("codings of zero-length selections", f"{name} {start}", len(codings))
            return
        for coding in codings:
            self.read_coding(coding, source, span, memo, element)

    def keep_selection(self, element, source: str, span: tuple[int, int], memo: str | None) -> None:
        """Note which source a selection is in (for cases naming it), and keep its memo."""
        guid = self.guid(element, "selection")
        if guid in self.selection_refs:
            self.selections[guid] = source
        if memo:
            self.bundle.memos.append(MemoData(normalize(memo), target="source", ref=source,
                                              start=span[0], end=span[1], guid=guid))

    def read_coding(self, element, source: str, span, memo, selection) -> None:
        guid = self.guid(element, "coding")
        ref, notes = None, None
        for child in element:
            tag = child.tag
            if tag == "CodeRef":
                ref = child.get("targetGUID")
            elif tag == "NoteRef":
                notes = [*(notes or ()), child]
            elif isinstance(tag, str):
                self.unknown(child)
        target = self.code_refs.get(ref)
        if target is None:
            target = self.code_refs[ref] = clean_guid(ref)
        if target not in self.codes:
            self.lose_coding(target, source)
            return
        get = element.get
        coder = self.user(get("creatingUser") or selection.get("creatingUser"))
        created = get("creationDateTime") or selection.get("creationDateTime")
        counter, memo = read_counter_memo(memo)
        self.bundle.codings.append(CodingData(source, target, span[0], span[1], None, 1, coder, memo,
                                              guid, created, counter))
        if notes:
            self.attach_all(notes, "coding", guid)

    def lose_coding(self, target: str | None, source: str) -> None:
        """A coding of something not in the codebook: a case's source link, or a loss."""
        if target in self.case_guids:
            self.case_links[target].add(source)
            self.losses.add("codings at cases (kept as the case's sources, without the span)")
        else:
            self.losses.add("codings of codes the codebook does not hold", target or "no CodeRef")

    # cases, variables, sets, links ---------------------------------------------------------
    def values(self, element, scope: str) -> dict[str, object]:
        values = {}
        for value in element.findall("VariableValue"):
            ref = value.find("VariableRef")
            variable = self.variables.get(clean_guid(ref.get("targetGUID")) if ref is not None else None)
            data = next((c for c in value if c.tag != "VariableRef"), None)
            if variable is None or data is None:
                self.losses.add("variable values without a known variable or a value")
                continue
            name, kind = variable
            checked = _check_value(VARIABLE_TYPES.get(kind, "text"), (data.text or "").strip())
            if checked is None:
                self.losses.add("variable values that do not fit their type", f"{name}={data.text}")
                continue
            self.scopes[(name, scope)] = kind
            values[name] = checked
        return values

    def read_cases(self) -> None:
        for element in self.root.iterfind("Cases/Case"):
            guid = self.guid(element, "case")
            name = element.get("name") or f"case {guid[:8]}"
            sources = set(self.case_links.get(guid, ()))
            for ref in element.findall("SourceRef"):
                target = clean_guid(ref.get("targetGUID"))
                if target in self.kept_sources:
                    sources.add(target)
            for ref in element.findall("CodeRef"):
                code = clean_guid(ref.get("targetGUID"))
                coded = {c.source for c in self.bundle.codings if c.code == code}
                self.context.notes.append(f"case {name!r} is a code: linked the {len(coded)} "
                                          f"source(s) coded with it")
                sources |= coded
            for ref in element.findall("SelectionRef"):
                selection = self.selections.get(clean_guid(ref.get("targetGUID")))
                if selection:
                    sources.add(selection)
                self.losses.add("case members given as selections (kept as whole sources)", name)
            self.bundle.cases.append(CaseData(name, guid, self.description(element),
                                              self.values(element, "case"), sorted(sources)))

    def read_sets(self) -> None:
        for element in self.root.iterfind("Sets/Set"):
            name = element.get("name") or "set"
            members = [clean_guid(m.get("targetGUID")) for m in element.findall("MemberSource")]
            for source in self.bundle.sources:
                if source.guid in members:
                    source.attributes[f"Set: {name}"] = True
            if any(m in self.kept_sources for m in members):
                self.bundle.attributes.append(AttributeData(f"Set: {name}", "boolean", scope="source"))
            for tag, what in (("MemberCode", "code"), ("MemberNote", "note")):
                count = len(element.findall(tag))
                if count:
                    self.losses.add(f"{what} members of sets", name, count)
            if self.description(element):
                self.losses.add("set descriptions", name)

    def read_links(self) -> None:
        for element in self.root.iterfind("Links/Link"):
            origin, target = clean_guid(element.get("originGUID")), clean_guid(element.get("targetGUID"))
            if origin in self.notes and target in self.case_guids:
                self.attach(origin, "case", target)
            else:
                self.losses.add("links between items", element.get("name"))

    def read_project_notes(self) -> None:
        text = self.description(self.root)
        if text:
            self.bundle.memos.append(MemoData(normalize(text), "Project description",
                                              guid=derived_guid("description", self.context.digest)))
        self.note_refs(self.root, "project")

    def count_unknown(self, top) -> None:
        """Count unknown elements and last-modified stamps below `top` (selections count theirs)."""
        lost = {"Graphs", "PDFSelection", "PlainTextSelection", *MEDIA}  # counted where they are read
        stack = [top]
        while stack:
            for child in stack.pop():
                if not isinstance(child.tag, str) or child.tag in lost:
                    continue
                if child.tag in KNOWN:
                    stack.append(child)
                else:
                    self.unknown(child)
        changed = int(top.xpath("count(descendant-or-self::*[@modifiedDateTime])"))
        if changed:
            self.losses.add("last-modified stamps (qodex keeps who created each item and when)",
                            count=changed)

    def unknown(self, element) -> None:
        self.losses.add("unknown elements", f"<{element.tag}> in <{element.getparent().tag}>")

    def finish(self) -> None:
        used = {name for name, _ in self.scopes}
        self.scopes.update({(name, "case"): kind for name, kind in self.variables.values()
                            if name not in used})
        for (name, scope), kind in self.scopes.items():
            self.bundle.attributes.append(AttributeData(name, VARIABLE_TYPES.get(kind, "text"), scope=scope))
        kept = {"source": self.kept_sources, "code": self.codes,
                "coding": {c.guid for c in self.bundle.codings} if self.bundle.memos else set(),
                "case": {c.guid for c in self.bundle.cases}}
        memos = self.bundle.memos
        self.bundle.memos = [m for m in memos if m.target == "project" or m.ref in kept[m.target]]
        if len(memos) > len(self.bundle.memos):
            self.losses.add("notes on items that were not carried", count=len(memos) - len(self.bundle.memos))
        self.bundle.warnings = self.context.notes + self.losses.lines()
        if self.losses.counts:
            self.bundle.memos.append(self.losses.memo(self.context.file_name,
                                                      derived_guid("losses", self.context.digest)))


def _spans(body) -> list[tuple[int, int]]:
    found = [(_int(s.get("startPosition")), _int(s.get("endPosition")))
             for s in body.iterfind("PlainTextSelection")]
    return [s for s in found if None not in s]


def _stem(path: str | None) -> str | None:
    if not path:
        return None
    name = path.replace("\\", "/").rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[0] or None


def _int(value: str | None) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _check_value(kind: str, value: str):
    """The value if it fits the qodex attribute type, else None."""
    from datetime import date

    try:
        if kind == "number":
            float(value)
        elif kind == "date":
            date.fromisoformat(value[:10])
            value = value[:10]
        elif kind == "boolean" and value.lower() not in {"true", "false", "1", "0"}:
            return None
    except ValueError:
        return None
    return value
