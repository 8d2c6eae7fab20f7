"""What reading REFI-QDA XML rests on: GUIDs, the loss report, source texts and position units.

Positions are converted to qodex offsets per source (see `units_for`); the reader is in `reader`.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from qodex.bundle import MemoData
from qodex.text import normalize_map, utf16_map

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


def selection_spans(body) -> list[tuple[int, int]]:
    found = [(to_int(s.get("startPosition")), to_int(s.get("endPosition")))
             for s in body.iterfind("PlainTextSelection")]
    return [s for s in found if None not in s]


def stem(path: str | None) -> str | None:
    if not path:
        return None
    name = path.replace("\\", "/").rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[0] or None


def to_int(value: str | None) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def checked_value(kind: str, value: str):
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
