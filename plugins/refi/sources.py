"""Reading REFI-QDA sources: their texts, selections and codings (a part of `ProjectReader`)."""

from __future__ import annotations

from qodex.bundle import CodingData, MemoData, SourceData
from qodex.plugins.refi.model import (
    MEDIA,
    Text,
    child_text,
    clean_guid,
    selection_spans,
    stem,
    to_int,
    units_for,
)
from qodex.project.codings import read_counter_memo
from qodex.text import normalize


class SourceReader:
    """The source-reading methods of `ProjectReader`, which holds the state they use."""

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
        name = element.get("name") or body.get("name") or stem(path) or f"source {guid[:8]}"
        content = child_text(body, "PlainTextContent")
        raw = content if content is not None else self.load(path, name) if path else None
        if raw is None:
            if content is None and not path:
                self.losses.add("sources with no text", name)
            self.lose_codings(body, name)
            return
        text = Text.of(raw)
        text.units = units_for(self.origin, text, lambda: selection_spans(body), self.context.units)
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
        start, end = to_int(get("startPosition")), to_int(get("endPosition"))
        span = text.span(start, end)
        codings, notes, memo = self.selection_children(element)
        if span is None:
            self.lose_outside(element, name, len(codings))
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

    def selection_children(self, element) -> tuple[list, list, str | None]:
        """A selection's codings, note references and memo; other children are reported unknown."""
        codings, notes, memo = [], [], None
        for child in element:
            tag = child.tag
            if tag == "Coding":
                codings.append(child)
            elif tag == "NoteRef":
                notes.append(child)
            elif tag == "Description":
                memo = child.text if child.text and child.text.strip() else None
            elif isinstance(tag, str):
                self.unknown(child)
        return codings, notes, memo

    def lose_outside(self, element, name: str, codings: int) -> None:
        """A selection whose positions lie outside its text is lost, with its codings."""
        where = f"{name} {element.get('startPosition')}-{element.get('endPosition')}"
        self.losses.add("selections with positions outside their text", where)
        if codings:
            self.losses.add("codings on selections outside their text", where, codings)

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
