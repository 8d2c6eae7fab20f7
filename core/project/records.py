"""Typed rows the project API hands out. Field names are the column names."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, fields
from typing import Any


class Record:
    """Build a record from a row dict, ignoring columns the record does not carry."""

    @classmethod
    def from_row(cls, row: dict[str, Any]):
        names = _field_names(cls)
        return cls(**{k: v for k, v in row.items() if k in names})


@functools.cache
def _field_names(record: type) -> frozenset[str]:
    return frozenset(f.name for f in fields(record))


@dataclass(frozen=True)
class Coder(Record):
    id: int
    name: str
    created: str


@dataclass(frozen=True)
class Source(Record):
    id: int
    guid: str
    name: str
    kind: str
    text: str
    text_sha256: str
    origin: str | None
    meta: str
    created: str
    coder_id: int | None

    @property
    def metadata(self) -> dict[str, Any]:
        return json.loads(self.meta or "{}")


@dataclass(frozen=True)
class Segment(Record):
    id: int
    source_id: int
    kind: str
    start: int
    end: int
    label: str | None
    t_start: float | None
    t_end: float | None


@dataclass(frozen=True)
class Code(Record):
    id: int
    guid: str
    parent_id: int | None
    name: str
    colour: str | None
    description: str | None
    position: int
    created: str
    coder_id: int | None


@dataclass(frozen=True)
class Coding(Record):
    id: int
    guid: str
    source_id: int
    code_id: int
    start: int
    end: int
    coder_id: int | None
    created: str
    memo: str | None
    counter: str | None = None  # a counter-instance's kind (see `qodex.project.codings.counter_kind`)

    @property
    def supports(self) -> bool:
        """Whether the coding is evidence for its code (not a counter-instance)."""
        return self.counter is None


@dataclass(frozen=True)
class Case(Record):
    id: int
    guid: str
    name: str
    description: str | None
    created: str
    coder_id: int | None


@dataclass(frozen=True)
class Attribute(Record):
    id: int
    name: str
    scope: str
    type: str
    allowed: str | None
    position: int

    @property
    def allowed_values(self) -> list[str] | None:
        return json.loads(self.allowed) if self.allowed else None


@dataclass(frozen=True)
class Memo(Record):
    id: int
    guid: str
    target: str
    target_id: int | None
    start: int | None
    end: int | None
    title: str | None
    body: str
    coder_id: int | None
    created: str
    modified: str


@dataclass(frozen=True)
class Change(Record):
    id: int
    at: str
    coder_id: int | None
    operation: str
    table_name: str | None
    row_id: int | None
    before: str | None
    after: str | None
    batch: int | None = None
