"""Word documents (.docx), streamed with lxml straight from the zip (no python-docx).

The stored text is what Word shows with tracked changes accepted: one line per paragraph (heading,
list item with its number or bullet), table rows one per line with cells separated by tabs, line
breaks and tabs as written, then footnotes and endnotes as "[1] text". Word comments become memos
anchored to the span they comment; headings, tables and speaker turns are kept as segments.
"""

from __future__ import annotations

import posixpath
import uuid
import zipfile
import zlib
from pathlib import Path

from qodex import hookimpl
from qodex.bundle import ImportBundle, MemoData, SegmentData, SourceData
from qodex.errors import QodexError
from qodex.extensions import Importer
from qodex.limits import check_source
from qodex.plugins.importers.docx_styles import (
    DELETED,
    PPR,
    RPR,
    VAL,
    Lists,
    Styles,
    W,
    format_number,
    list_levels,
    paragraph_style,
)
from qodex.plugins.importers.files import check_file
from qodex.plugins.importers.turns import Para, find_turns
from qodex.safety import open_zip, parse_xml, read_member
from qodex.text import normalize_map, text_hash

MAX_BYTES = 256 * 2**20
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
ID = W + "id"
OFF = ("0", "false", "off")  # a toggle such as <w:b w:val="0"/> switched off
P, R, T, B = W + "p", W + "r", W + "t", W + "b"
BODY, TBL, TR, TC = W + "body", W + "tbl", W + "tr", W + "tc"
C_START, C_END, C_REF = W + "commentRangeStart", W + "commentRangeEnd", W + "commentReference"
NOTE_REFS = {W + "footnoteReference": "footnote", W + "endnoteReference": "endnote"}
NOTE_FORMAT = {"footnote": "decimal", "endnote": "lowerRoman"}
CHARS = {W + "tab": "\t", W + "ptab": "\t", W + "br": "\n", W + "cr": "\n",
         W + "noBreakHyphen": "-", W + "softHyphen": ""}
MARKS = (C_START, C_END, C_REF)
TEXT, RUN, BOLD, VANISH, MARK = (object() for _ in range(5))  # what an inline element is
INLINE = {T: TEXT, R: RUN, B: BOLD, W + "vanish": VANISH, **CHARS,
          **dict.fromkeys((*MARKS, *NOTE_REFS), MARK)}
BOXES = (W + "txbxContent", MC + "Fallback")  # text boxes (and their fallbacks) are left out
CHANGES = (W + "rPrChange", W + "pPrChange")  # formatting before a tracked change
PRUNE = (*DELETED, *BOXES, *CHANGES)
CONTAINERS = (W + "sdt", W + "sdtContent", W + "customXml")  # blocks that hold blocks
BLOCKS = (P, TBL, *CONTAINERS, C_START, C_END)
SPECIAL = (*CHARS, W + "vanish", C_REF, *NOTE_REFS)  # inline content only `_Body.runs` reads
EVENTS = (*BLOCKS, *PRUNE, *SPECIAL, T, B)
RELEASE = 64  # body blocks kept in memory before the ones read are dropped
MEMO_IDS = uuid.UUID("5b0c3f0e-8f3e-4f7e-9a43-9d3c2f6a1d57")


def read(path: Path, options: dict) -> ImportBundle:
    """One source with its headings, tables and turns as segments, and its comments as memos."""
    check_file(path, "a Word document (.docx)", MAX_BYTES, magic=b"PK")
    with open_zip(path, "Word document (.docx)") as archive:
        document = _main_part(archive, path.name)
        parts = _relations(archive, document, path.name)
        body = _Body(lambda: _cached(archive, parts.get("styles"), path.name, Styles),
                     Lists(lambda: _cached(archive, parts.get("numbering"), path.name, list_levels)))
        _read_document(body, archive, document, path.name)
        _append_notes(body, archive, parts, path.name)
        comments = _comments(archive, parts.get("comments"), path.name, body)
    return _bundle(path, body, comments)


def _bundle(path: Path, body: _Body, comments: dict[str, tuple[str, str]]) -> ImportBundle:
    raw = "".join(body.out)
    text, convert = normalize_map(raw)
    if not text.strip():
        raise QodexError(f"{path.name}: the document has no text")
    paras, segments = body.paras, body.segments
    if text != raw:  # rare: decomposed accents or carriage returns moved the offsets
        paras = [Para(convert(p.start), convert(p.end), None if p.bold is None else convert(p.bold),
                      p.kind) for p in paras]
        segments = [SegmentData(s.kind, convert(s.start), convert(s.end), s.label) for s in segments]
    source = SourceData(name=path.stem, text=text, origin=str(path), meta={"format": "docx"},
                        segments=sorted(segments + find_turns(text, paras), key=lambda s: s.start))
    digest = text_hash(text) if comments else ""
    memos = []
    for cid, (author, note) in comments.items():
        start, end = body.anchors.get(cid, (None, None))
        start, end = (None, None) if start is None else (convert(start), convert(max(start, end)))
        memos.append(MemoData(note or "(empty comment)", title=f"Word comment by {author or 'unknown'}",
                              target="source", ref=source.key, start=start, end=end, coder=author,
                              guid=str(uuid.uuid5(MEMO_IDS, f"{digest}:{cid}"))))
    warnings = [f"{path.name}: text in text boxes was left out"] if body.text_boxes else []
    return ImportBundle(sources=[source], memos=memos, warnings=warnings)


# the package --------------------------------------------------------------------------------
def _main_part(archive: zipfile.ZipFile, name: str) -> str:
    main = _relations(archive, "", name).get("officeDocument")
    if main is None or main not in archive.NameToInfo:
        raise QodexError(f"{name}: not a Word document (a zip archive without a main document)")
    return main


def _relations(archive: zipfile.ZipFile, part: str, name: str) -> dict[str, str]:
    """Relationship kind (e.g. "styles") -> member, for `part` ("" for the package itself)."""
    folder, _, base = part.rpartition("/")
    rels = f"{folder}/_rels/{base}.rels" if part else "_rels/.rels"
    return _cached(archive, rels, name, lambda root: _targets(root, folder))


def _targets(root, folder: str) -> dict[str, str]:
    """Relationship kind -> member for the targets inside the package."""
    found: dict[str, str] = {}
    for rel in [] if root is None else root:
        target = rel.get("Target", "")
        if rel.get("TargetMode") != "External" and target:
            member = target[1:] if target.startswith("/") else posixpath.normpath(
                posixpath.join(folder, target))
            found.setdefault(rel.get("Type", "").rsplit("/", 1)[-1], member)
    return found


_PARSED: dict[tuple, object] = {}


def _cached(archive: zipfile.ZipFile, member: str | None, name: str, build):
    """`build(root)` for a part, reused for byte-identical parts of other files (CRC and size).

    Word and python-docx templates carry large style sheets that most documents share."""
    info = archive.NameToInfo.get(member) if member else None
    if info is None:
        return build(None)
    key = (member, info.CRC, info.file_size)  # each member always has the same builder
    if key not in _PARSED:
        if len(_PARSED) >= 64:
            _PARSED.clear()
        _PARSED[key] = build(_xml(archive, member, name))
    return _PARSED[key]


def _xml(archive: zipfile.ZipFile, member: str | None, name: str):
    """A small part parsed whole (refusing entity attacks), or None if there is no such part."""
    if member is None or member not in archive.NameToInfo:
        return None
    return parse_xml(read_member(archive, member, name), f"{name} ({member})")


def _read_document(body: _Body, archive: zipfile.ZipFile, member: str, name: str) -> None:
    """Feed the main document to `body`, parsed as it is unzipped."""
    from lxml import etree

    try:
        with archive.open(member) as stream:
            events = etree.iterparse(stream, tag=EVENTS, huge_tree=False, resolve_entities=False,
                                     no_network=True, load_dtd=False)
            body.feed(events, lambda: check_source(name, Path(name).stem, body.pos))
    except etree.XMLSyntaxError as exc:
        with archive.open(member) as stream:
            if b"<!DOCTYPE" in stream.read(2**16):  # entities are refused before parsing ends
                raise QodexError(f"{name}: XML declares entities; refused (possible entity attack)") from exc
        raise QodexError(f"{name}: broken XML in {member} ({' '.join(str(exc).split())})") from exc
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
        raise QodexError(f"{name}: {member} is corrupt ({exc})") from exc
    if events.root is None or events.root.find(BODY) is None:
        raise QodexError(f"{name}: not a Word document ({member} has no document body)")
    _refuse_entities(events.root, name)


def _refuse_entities(element, name: str) -> None:
    dtd = element.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise QodexError(f"{name}: XML declares entities; refused (possible entity attack)")


# the body -----------------------------------------------------------------------------------
class _Body:
    """Collects text, paragraphs, segments and comment anchors from the document's blocks."""

    def __init__(self, styles, lists: Lists):
        self.styles, self.lists = styles, lists  # `styles` is called for the styles on first need
        self.out: list[str] = []
        self.pos, self.pending, self.tables = 0, "", 0
        self.paras: list[Para] = []
        self.segments: list[SegmentData] = []
        self.anchors: dict[str, list[int]] = {}
        self.notes: list[tuple[str, str, int]] = []
        self.text_boxes = False

    def add(self, text: str) -> None:
        if self.pending:
            self.out.append(self.pending)
            self.pos += len(self.pending)
            self.pending = ""
        self.out.append(text)
        self.pos += len(text)

    def feed(self, events, check) -> None:
        """Take each block of the body as it closes (end events of `EVENTS`), calling `check()`
        now and then to refuse a text grown too long.

        A paragraph's text and bold events come before it, so a plain one (see `_Quick`) is read
        from them; any other block is read from its tree."""
        body, read, quick = None, 0, _Quick()
        for _, el in events:
            tag = el.tag
            if tag == T:
                if quick.head:
                    quick.text(el)
                elif text := el.text:
                    quick.pieces.append(text)
            elif tag == B:
                if quick.head:
                    quick.bold(el)
            elif (parent := el.getparent()) is body or (tag in BLOCKS and parent.tag == BODY):
                body, read = parent, read + 1
                if tag == P and quick.fits(el):
                    self.paragraph(el, quick)
                else:
                    self.block(el)
                quick = _Quick()
                if read == RELEASE:  # drop the blocks read, all before `el`
                    check()
                    del body[:read - 1]
                    read = 1
            else:
                quick.ok = False
                if tag in PRUNE:
                    self.prune(el, parent)

    def prune(self, el, parent) -> None:
        """Drop what Word does not show: deleted text, old formatting, text boxes."""
        if parent.tag != RPR:  # a deleted paragraph mark is seen by `paragraph`
            self.text_boxes |= el.tag == BOXES[0]
            parent.remove(el)

    def block(self, el) -> None:
        tag = el.tag
        if tag == P:
            self.paragraph(el)
        elif tag == TBL:
            self.table(el)
        elif tag in MARKS:
            self.mark(el, tag)
        elif tag in CONTAINERS:
            for child in el:
                self.block(child)

    def table(self, tbl) -> None:
        """Rows one per line, cells separated by tabs."""
        start = self.pos + len(self.pending)
        self.tables += 1
        for row in tbl.iterchildren(TR):
            for n, cell in enumerate(row.iterchildren(TC)):
                self.pending = "\t" if n else self.pending
                for child in cell:
                    self.block(child)
            self.pending = "\n"
        self.tables -= 1
        if self.pos > start:
            self.segments.append(SegmentData("table", start, self.pos))

    def paragraph(self, p, quick: _Quick | None = None) -> None:
        """Add one paragraph: its list marker, then its runs (or the text `quick` collected)."""
        level, marker, joined = None, "", False
        if len(p) and p[0].tag == PPR:
            level, num, joined = paragraph_style(p[0], self.styles)
            marker = self.lists.marker(*num) if num else ""
            p.remove(p[0])
        self.add(marker)
        start, bold_end = self.pos, self.runs(p) if quick is None else quick.take(self)
        kind = "heading" if level is not None else "cell" if self.tables else "p"
        self.paras.append(Para(start, self.pos, bold_end, kind))
        if level is not None:
            self.segments.append(SegmentData("heading", start, self.pos, label=str(level)))
        self.pending = "" if joined else "\n"

    def runs(self, p) -> int | None:
        """Add a paragraph's text; returns where a bold run at its very start ends."""
        out, pos = self.out, self.pos
        bold = hidden = False
        bold_end, bold_open = None, True
        for el in p.iter():
            tag = el.tag
            kind = INLINE.get(tag)
            if kind is None:
                continue
            if kind is TEXT:
                text = el.text
            elif kind is RUN:
                bold = hidden = False
                continue
            elif kind is BOLD:
                bold = el.get(VAL) not in OFF
                continue
            elif kind is VANISH:
                hidden = el.get(VAL) not in OFF
                continue
            elif kind is MARK:
                self.pos = pos
                text = self.mark(el, tag)
            else:
                text = kind
            if not text or hidden:
                continue
            out.append(text)
            pos += len(text)
            if bold_open:
                if bold:
                    bold_end = pos
                elif not text.isspace():
                    bold_open = False
        self.pos = pos
        return bold_end

    def mark(self, el, tag: str) -> str:
        """Record a comment anchor; a note reference becomes its number, e.g. "[2]"."""
        key = el.get(ID)
        here = self.pos + len(self.pending)
        if tag == C_START:
            self.anchors[key] = [here, here]
        elif tag == C_END and key in self.anchors:
            self.anchors[key][1] = self.pos
        elif tag == C_REF:
            self.anchors.setdefault(key, [here, here])
        else:
            kind = NOTE_REFS[tag]
            number = 1 + sum(n[0] == kind for n in self.notes)
            self.notes.append((kind, key, number))
            return f"[{format_number(number, NOTE_FORMAT[kind])}]"
        return ""


class _Quick:
    """The text of the paragraph being parsed, from its <w:t> and <w:b> events, with where a bold
    run at its start ends, as `_Body.runs` would find them; not `ok` once an event shows the
    paragraph holds more (see `SPECIAL`, `PRUNE`). `owner` holds the first text's run; `head`
    is true until the bold start has ended, after which texts just go to `pieces`."""

    __slots__ = ("pieces", "ok", "head", "owner", "bold_run", "bold_end")

    def __init__(self):
        self.pieces: list[str] = []
        self.ok, self.head, self.owner, self.bold_run, self.bold_end = True, True, None, None, None

    def fits(self, p) -> bool:
        """Whether the text collected is all of paragraph `p`'s."""
        return self.ok and (self.owner is p or self.owner is None)

    def text(self, t) -> None:
        """A text at the paragraph's start: which paragraph, and is it bold."""
        text = t.text
        if not text:
            return
        if not self.pieces:
            self.owner = t.getparent().getparent()
        self.pieces.append(text)
        if self.bold_run is not None and t.getparent() is self.bold_run:
            self.bold_end = sum(map(len, self.pieces))
        elif not text.isspace():
            self.head = False

    def bold(self, b) -> None:
        """<w:b> sits in a run's <w:rPr>; the last one in a run counts."""
        self.bold_run = b.getparent().getparent() if b.get(VAL) not in OFF else None

    def take(self, body: _Body) -> int | None:
        """Add the text to `body`; returns where the bold start ends."""
        start, text = body.pos, "".join(self.pieces)
        body.out.append(text)
        body.pos += len(text)
        return None if self.bold_end is None else start + self.bold_end


def _plain(element, like: _Body) -> str:
    """The text of a comment or note, read like the body."""
    body = _Body(like.styles, like.lists)
    for el in list(element.iter(*PRUNE)):
        body.prune(el, el.getparent())
    for child in element:
        body.block(child)
    return "".join(body.out).strip()


def _append_notes(body: _Body, archive, parts: dict[str, str], name: str) -> None:
    """Footnotes and endnotes after the body, in the order they are referred to."""
    roots = {kind: _xml(archive, parts.get(kind + "s"), name) for kind in ("footnote", "endnote")}
    found = {kind: {n.get(ID): n for n in root.iter(W + kind)} for kind, root in roots.items()
             if root is not None}
    body.pending = "\n\n" if body.notes else ""
    for kind, key, number in body.notes:
        note = found.get(kind, {}).get(key)
        if note is not None:
            mark = format_number(number, NOTE_FORMAT[kind])
            body.add(f"[{mark}] " + _plain(note, body))
            body.pending = "\n"
    body.pending = ""


def _comments(archive, member: str | None, name: str, body: _Body) -> dict[str, tuple[str, str]]:
    """Comment id -> (author, text)."""
    root = _xml(archive, member, name)
    if root is None:
        return {}
    return {c.get(ID): (c.get(W + "author"), _plain(c, body)) for c in root.iter(W + "comment")}


@hookimpl
def register_importers(register):
    register(Importer("docx", (".docx",), read,
                      "Word documents: text as Word shows it, headings, tables, comments, speaker turns"))
