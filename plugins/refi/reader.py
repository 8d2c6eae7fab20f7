"""REFI-QDA XML (QDA-XML 1.0 projects and codebooks) to an `ImportBundle`, with a loss report.

Every element the reader does not carry into qodex is counted in `Losses`, so nothing is dropped
silently.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from qodex.bundle import AttributeData, CaseData, CodeData, ImportBundle, MemoData
from qodex.errors import QodexError
from qodex.plugins.refi.model import (
    GUID36,
    KNOWN,
    MEDIA,
    SHOWN,
    SOURCES,
    VARIABLE_TYPES,
    Context,
    Losses,
    checked_value,
    child_text,
    clean_guid,
    derived_guid,
)
from qodex.plugins.refi.sources import SourceReader
from qodex.text import normalize


class ProjectReader(SourceReader):
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
            checked = checked_value(VARIABLE_TYPES.get(kind, "text"), (data.text or "").strip())
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
