"""Time-stamped transcripts: WebVTT (.vtt) and SubRip (.srt), as transcription services, Teams and
Zoom export them.

Speakers come from voice tags (``<v Anne>``) or a label at the start of a cue (``Anne: ...``).
Consecutive cues of one speaker become one paragraph ``Anne: cue cue cue``, stored as a `turn`
segment; each cue is a `cue` segment with its times in seconds. Paragraphs are separated by a blank
line; cues without a speaker go one per line.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path

from qodex import hookimpl
from qodex.bundle import ImportBundle, SegmentData, SourceData
from qodex.errors import QodexError
from qodex.extensions import Importer
from qodex.plugins.importers.files import check_file
from qodex.plugins.importers.turns import known_role, speaker
from qodex.plugins.importers.txt import decode
from qodex.text import normalize

MAX_BYTES = 64 * 2**20
STAMP = r"(?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3}"
TIMING = re.compile(rf"\s*(?P<start>{STAMP})\s*-->\s*(?P<end>{STAMP})(?:\s.*)?")
VOICE = re.compile(r"<v(?:\.[\w.-]+)*\s+(?P<name>[^>]+)>")
TAG = re.compile(r"<[^>]*>")
SKIPPED = ("NOTE", "STYLE", "REGION")  # WebVTT blocks that are not cues


@dataclass
class Cue:
    start: float
    end: float
    text: str
    speaker: str | None = None


def read(path: Path, options: dict) -> ImportBundle:
    """One source with a turn per run of one speaker's cues and a segment per cue."""
    check_file(path, "a subtitle file", MAX_BYTES)
    raw, _ = decode(path.read_bytes(), path.name)
    vtt = path.suffix.lower() == ".vtt"
    lines = normalize(raw).split("\n")
    if vtt and not lines[0].startswith("WEBVTT"):
        raise QodexError(f"{path.name}: not a WebVTT file (the first line is not WEBVTT)")
    cues = _speakers([c for c in _cues(lines[1:] if vtt else lines, path.name, 2 if vtt else 1) if c.text])
    if not cues:
        raise QodexError(f"{path.name}: no cues with text")
    text, segments = _compose(cues)
    source = SourceData(name=path.stem, text=text, origin=str(path), segments=segments,
                        meta={"format": "webvtt" if vtt else "srt"})
    return ImportBundle(sources=[source])


def _cues(lines: list[str], name: str, first: int):
    """Each cue of the file; `first` is the line number of `lines[0]`."""
    block: list[tuple[int, str]] = []
    for number, line in enumerate([*lines, ""], first):
        if line.strip():
            block.append((number, line))
        elif block:
            if not block[0][1].startswith(SKIPPED):
                yield _cue(block, name)
            block = []


def _cue(block: list[tuple[int, str]], name: str) -> Cue:
    """A cue from its lines: an optional identifier, the timing line, then the text."""
    arrows = [n for n, (_, line) in enumerate(block[:2]) if "-->" in line]
    clocks = [n for n, (_, line) in enumerate(block[:2]) if re.search(r"\d:\d\d", line)]
    at = (arrows or clocks or [0])[0]
    number, line = block[at]
    timing = TIMING.fullmatch(line)
    if timing is None:
        raise QodexError(f"{name}: line {number}: expected a cue timing such as "
                         f"00:00:01.000 --> 00:00:04.000, found {line.strip()[:60]!r}")
    start, end = _seconds(timing["start"], name, number), _seconds(timing["end"], name, number)
    if end < start:
        raise QodexError(f"{name}: line {number}: the cue ends before it starts")
    payload = " ".join(text.strip() for _, text in block[at + 1:])
    voice = VOICE.search(payload)
    text = html.unescape(TAG.sub("", payload)).replace("\u00a0", " ").strip()
    return Cue(start, end, " ".join(text.split()), voice["name"].strip() if voice else None)


def _seconds(stamp: str, name: str, number: int) -> float:
    *hours, minutes, seconds = stamp.replace(",", ".").split(":")
    if int(minutes) > 59 or float(seconds) >= 60:
        raise QodexError(f"{name}: line {number}: {stamp!r} is not a valid time")
    return int(hours[0] if hours else 0) * 3600 + int(minutes) * 60 + float(seconds)


def _speakers(cues: list[Cue]) -> list[Cue]:
    """Take "Name: text" labels as speakers where voice tags give none and the name recurs."""
    labels = [None if c.speaker else speaker(c.text) for c in cues]
    counts = Counter(found[0] for found in labels if found)
    for cue, found in zip(cues, labels, strict=True):
        if found and (known_role(found[0]) or counts[found[0]] > 1):
            cue.speaker, cue.text = found[0], cue.text[found[1]:]
    return cues


def _compose(cues: list[Cue]) -> tuple[str, list[SegmentData]]:
    """The text (one paragraph per speaker's run of cues) and its turn and cue segments."""
    parts, segments, pos = [], [], 0
    for who, run in groupby(cues, key=lambda c: c.speaker):
        run = list(run)
        if parts:
            parts.append("\n\n")
            pos += 2
        if who:
            parts.append(f"{who}: ")
            pos += len(who) + 2
        turn_start = pos
        for n, cue in enumerate(run):
            if n:
                parts.append(" " if who else "\n")
                pos += 1
            parts.append(cue.text)
            segments.append(SegmentData("cue", pos, pos + len(cue.text), who, cue.start, cue.end))
            pos += len(cue.text)
        if who:
            segments.append(SegmentData("turn", turn_start, pos, who, run[0].start, run[-1].end))
    return "".join(parts), sorted(segments, key=lambda s: (s.start, s.kind != "turn"))


@hookimpl
def register_importers(register):
    register(Importer("vtt", (".vtt",), read, "WebVTT transcripts: speakers, turns and cue times"))
    register(Importer("srt", (".srt",), read, "SubRip subtitles: speakers, turns and cue times"))
