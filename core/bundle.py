"""What an importer returns: plain dataclasses, no database.

Items refer to each other by `key` (default: the GUID, else the name). A reference that matches no
item in the bundle is looked up in the project, by GUID, then name (and, for sources, the file name or
stem they were imported from), so a codings file can point at sources imported earlier.
`Project.apply(bundle)` stores a bundle in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

ATTRIBUTE_TYPES = ("text", "number", "date", "boolean", "category")
SEGMENT_KINDS = ("turn", "paragraph", "heading", "page", "cue", "table")


@dataclass
class SegmentData:
    """Structure found in a source: a speaker turn, a page, a heading, a time-coded cue."""

    kind: str
    start: int
    end: int
    label: str | None = None
    t_start: float | None = None
    t_end: float | None = None


@dataclass
class SourceData:
    """One document: its text as stored (see `qodex.text.normalize`) and what was found in it."""

    name: str
    text: str
    kind: str = "text"
    origin: str | None = None
    guid: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    segments: list[SegmentData] = field(default_factory=list)
    attributes: dict[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> str:
        return self.guid or self.name


@dataclass
class AttributeData:
    """A typed variable of cases (or of sources), with its allowed values for categories."""

    name: str
    type: str = "text"
    allowed: list[str] | None = None
    scope: str = "case"


@dataclass
class CaseData:
    """A unit of analysis (a participant), its attribute values and the sources that belong to it."""

    name: str
    guid: str | None = None
    description: str | None = None
    attributes: dict[str, Any] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        return self.guid or self.name


@dataclass
class CodeData:
    """A code; `parent` is another code's key (or a "/"-separated path of names in the project)."""

    name: str
    parent: str | None = None
    guid: str | None = None
    colour: str | None = None
    description: str | None = None
    ref: str | None = None

    @property
    def key(self) -> str:
        return self.ref or self.guid or self.name


@dataclass(slots=True)
class CodingData:
    """A code applied to a span of a source, given by offsets or by the quoted text (slotted: an
    import may hold a hundred thousand).

    With `quote` instead of offsets, the span is the `occurrence`-th match of the quote in the text
    (1-based); without an occurrence the quote must occur once.
    """

    source: str
    code: str
    start: int | None = None
    end: int | None = None
    quote: str | None = None
    occurrence: int | None = None
    coder: str | None = None
    memo: str | None = None
    guid: str | None = None
    created: str | None = None
    counter: str | None = None  # a counter-instance's kind; None for a supporting coding


@dataclass
class MemoData:
    """A Markdown memo on the project, or on a source (optionally a span of it), code, case or coding."""

    body: str
    title: str | None = None
    target: str = "project"
    ref: str | None = None
    start: int | None = None
    end: int | None = None
    guid: str | None = None
    coder: str | None = None


@dataclass
class ImportBundle:
    """Everything one importer read from one file."""

    sources: list[SourceData] = field(default_factory=list)
    attributes: list[AttributeData] = field(default_factory=list)
    cases: list[CaseData] = field(default_factory=list)
    codes: list[CodeData] = field(default_factory=list)
    codings: list[CodingData] = field(default_factory=list)
    memos: list[MemoData] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    coders: list[str] = field(default_factory=list)  # people named in the file, even if they coded nothing
