"""Speaker turns in transcripts, shared by the txt, docx, pdf and subtitle importers.

A paragraph opens a turn when it starts with a speaker label: ``Interviewer:``, ``I:``, ``P2:``,
``Anne:``, ``ANNE SMITH:`` or (in Word) a bold name. Unlabelled paragraphs after it continue the
turn; a heading or a table ends it. A turn's span is the speech, after the label and its colon.
Labels other than the usual roles count only when they recur, so "Note: ..." once is no speaker.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import NamedTuple

from qodex.bundle import SegmentData

LABEL = re.compile(r"[ \t]*(?P<label>[^\W\d_][\w.'’-]*(?:[ \t]+[\w(][\w.'’()-]*){0,3})[ \t]*:(?:[ \t]+|$)")
ROLES = re.compile(r"(?i)(interviewer|interviewee|respondent|participant|moderator|facilitator|"
                   r"speaker|int|iv|ir|ie|[iprqa])\s*\d*")
LINE = re.compile(r"[^\n]*\S[^\n]*")
FIRST_LABEL = re.compile(LABEL.pattern, re.M)
LABEL_LINE = re.compile("\n" + LABEL.pattern, re.M)  # a label after a line break (a literal prefix: fast)
NON_BLANK = re.compile(r"\S")
AFTER_BOLD = re.compile(r"[ \t]*")
MAX_LABEL = 40


class Para(NamedTuple):
    """A paragraph's span; `bold` is where a bold run at its start ends; `kind` "p" may hold turns."""

    start: int
    end: int
    bold: int | None = None
    kind: str = "p"


def lines(text: str, start: int = 0, end: int | None = None) -> list[Para]:
    """Each non-blank line of `text[start:end]` as a paragraph (plain text, PDF pages)."""
    stop = len(text) if end is None else end
    return [Para(m.start(), m.end()) for m in LINE.finditer(text, start, stop)]


def speaker(text: str, start: int = 0, end: int | None = None) -> tuple[str, int] | None:
    """The speaker label at `start` and where the speech after it begins, if it looks like one."""
    found = _candidate(text, Para(start, len(text) if end is None else end))
    return found[:2] if found else None


@lru_cache(maxsize=4096)
def _label(label: str) -> int:
    """2 for a usual interview role (Interviewer, I, P3, Speaker 2...), 1 for another name, else 0."""
    if ROLES.fullmatch(label):
        return 2
    words = label.split()
    named = all(w[0].isupper() or w[0].isdigit() or w[0] == "(" for w in words)
    return int(named and len(label) <= MAX_LABEL and len(words) <= 4)


def known_role(label: str) -> bool:
    """Whether a label is a usual interview role, which counts as a speaker even once."""
    return _label(label) == 2


def find_turns(text: str, paras: list[Para]) -> list[SegmentData]:
    """Speaker turns over `paras`, in order."""
    found = [_candidate(text, p) if p.kind == "p" else None for p in paras]
    counts = Counter(c[0] for c in found if c)
    turns: list[SegmentData] = []
    label = start = end = None
    for para, cand in zip(paras, found, strict=True):
        if cand and (cand[2] or counts[cand[0]] > 1):
            _add(turns, label, start, end)
            label, start, end = cand[0], (cand[1] if cand[1] < para.end else None), para.end
        elif para.kind != "p":
            _add(turns, label, start, end)
            label = None
        elif label is not None:
            start, end = (para.start if start is None else start), para.end
    _add(turns, label, start, end)
    return turns


def text_turns(text: str) -> list[SegmentData]:
    """Speaker turns of plain text, whose paragraphs are its non-blank lines: what
    `find_turns(text, lines(text))` finds, reading only the lines that open with a label."""
    labels = [(FIRST_LABEL.match(text), 0), *((m, m.start() + 1) for m in LABEL_LINE.finditer(text))]
    found = [(line, m["label"], m.end(), kind) for m, line in labels if m and (kind := _label(m["label"]))]
    counts = Counter(label for _, label, _, _ in found)
    opened = [(line, label, speech) for line, label, speech, kind in found if kind == 2 or counts[label] > 1]
    turns: list[SegmentData] = []
    for n, (_, label, speech) in enumerate(opened):
        stop = opened[n + 1][0] if n + 1 < len(opened) else len(text)
        if speech == len(text) or text[speech] == "\n":  # nothing said on the label's line
            first = NON_BLANK.search(text, speech, stop)
            if first is None:
                continue
            speech = text.rfind("\n", speech, first.start()) + 1
        last = speech + len(text[speech:stop].rstrip())
        end = text.find("\n", last)
        _add(turns, label, speech, len(text) if end < 0 else end)
    return turns


def _candidate(text: str, para: Para) -> tuple[str, int, bool] | None:
    """(label, speech start, strong) for a paragraph that starts with a label.

    Strong labels count even once: usual roles, and a name in bold with its colon."""
    match = LABEL.match(text, para.start, para.end)
    if match and (kind := _label(match["label"])):
        bold_colon = para.bold is not None and match.end("label") < para.bold
        return match["label"], match.end(), kind == 2 or bold_colon
    if para.bold is None:
        return None
    label = text[para.start:para.bold].strip()
    if not label or not _label(label):
        return None
    return label, AFTER_BOLD.match(text, para.bold, para.end).end(), False


def _add(turns: list[SegmentData], label: str | None, start: int | None, end: int | None) -> None:
    if label is not None and start is not None and end > start:
        turns.append(SegmentData("turn", start, end, label=label))
