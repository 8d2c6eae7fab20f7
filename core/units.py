"""Stretches of a transcript: speaker turns, the sentences in them, paragraphs, and whose turn it is.

Turns come from the ``turn`` segments importers store; a source without them is read as
``Speaker: words`` lines (a line without a label continues the turn before it).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import NamedTuple

KINDS = ("sentence", "turn", "paragraph")
INTERVIEWERS = frozenset({"interviewer", "i", "int", "q", "moderator", "researcher", "facilitator"})
LABEL = re.compile(r"^([^\n:]{1,40}):[ \t]+", re.M)
SENTENCE = re.compile(r"[^\s.!?][^.!?\n]*(?:[.!?]+[\"'”’)\]]*|$)", re.M)
PARAGRAPH = re.compile(r"[^\n]+")


class Unit(NamedTuple):
    """A span ``[start, end)`` of a source, with the speaker of the turn it lies in (if known)."""

    start: int
    end: int
    speaker: str | None = None


def turns(project, source) -> list[Unit]:
    """The source's speaker turns, from its segments or else from ``Speaker:`` labels."""
    found = [Unit(start, end, label or None) for start, end, label in project.overview.turns(source.id)]
    return found or labelled_turns(source.text)


def labelled_turns(text: str) -> list[Unit]:
    """Turns read from ``Speaker: words`` lines; unlabelled text gives paragraphs."""
    labels = list(LABEL.finditer(text))
    if not labels:
        return paragraphs(text)
    ends = [m.start() for m in labels[1:]] + [len(text)]
    return [Unit(m.end(), m.end() + len(text[m.end():end].rstrip()), m.group(1).strip())
            for m, end in zip(labels, ends, strict=True) if text[m.end():end].strip()]


def paragraphs(text: str, within: Unit | None = None) -> list[Unit]:
    """Each non-empty line of `text` (or of one unit of it)."""
    start, end = (within.start, within.end) if within else (0, len(text))
    speaker = within.speaker if within else None
    return [Unit(m.start(), m.end(), speaker) for m in PARAGRAPH.finditer(text, start, end)
            if m.group().strip()]


def sentences(text: str, within: list[Unit]) -> list[Unit]:
    """The sentences of each unit in `within`, each keeping its unit's speaker."""
    return [Unit(m.start(), m.end(), unit.speaker)
            for unit in within for m in SENTENCE.finditer(text, unit.start, unit.end)]


def units(project, source, kind: str) -> list[Unit]:
    """The source cut into ``sentence``, ``turn`` or ``paragraph`` units, in text order."""
    if kind == "paragraph":
        return paragraphs(source.text)
    found = turns(project, source)
    return found if kind == "turn" else sentences(source.text, found)


def is_interviewer(speaker: str | None, labels: frozenset[str] = INTERVIEWERS) -> bool:
    """Whether a turn's speaker label names the interviewer (case and spaces ignored)."""
    return speaker is not None and speaker.strip().casefold() in labels


def in_role(speaker: str | None, role: str, labels: frozenset[str] = INTERVIEWERS) -> bool:
    """Whether a turn of `speaker` belongs to ``participant``, ``interviewer`` or ``all``."""
    return role == "all" or is_interviewer(speaker, labels) == (role == "interviewer")


def by_role(found: list[Unit], role: str, labels: frozenset[str] = INTERVIEWERS) -> list[Unit]:
    """Keep the units of ``participant`` or ``interviewer`` turns, or ``all``."""
    return [u for u in found if in_role(u.speaker, role, labels)]


def locator(found: list[Unit]):
    """A function giving the index of the unit (of ordered, non-overlapping `found`) holding a
    position, or None."""
    starts = [u.start for u in found]

    def at(position: int) -> int | None:
        i = bisect_right(starts, position) - 1
        return i if i >= 0 and position < found[i].end else None

    return at
