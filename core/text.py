"""The offsets contract, defined once.

Stored text is NFC-normalised with ``\\n`` line endings. A position is a Python string index into that
text (a Unicode code point), and a span is half-open ``[start, end)``. Importers and exporters convert
to and from other units (UTF-16 code units, bytes, CRLF-counting producers) here and nowhere else.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from bisect import bisect_left, bisect_right
from functools import lru_cache

from qodex.errors import QodexError


def normalize(text: str) -> str:
    """Return `text` as qodex stores it: NFC, ``\\n`` line endings, no byte-order mark."""
    text = text.removeprefix("\ufeff")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


@lru_cache(maxsize=16)
def text_hash(text: str) -> str:
    """SHA-256 of the stored text's UTF-8 bytes, used to recognise a source imported twice.

    Cached, as an import asks for the same text's hash to find duplicates and then to store it.
    """
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class OffsetMap:
    """Converts code-point offsets in one text to and from the units another program counts in.

    Only the characters matched by `wide` (those not worth one unit) cost anything to index.
    """

    def __init__(self, text: str, wide: str, width):
        self._points: list[int] = []  # code-point offsets just after a wide character
        self._extra: list[int] = []  # cumulative extra units up to and including it
        extra = 0
        for match in re.finditer(wide, text):
            extra += width(match.group()) - 1
            self._points.append(match.start() + 1)
            self._extra.append(extra)
        self._unit_points = [p + e for p, e in zip(self._points, self._extra, strict=True)]
        self._length = len(text)

    def to_units(self, offset: int) -> int:
        """Code-point offset -> the other program's unit offset."""
        k = bisect_right(self._points, offset)
        return offset + (self._extra[k - 1] if k else 0)

    def from_units(self, units: int) -> int:
        """The other program's unit offset -> code-point offset (clamped into the text).

        A unit offset that falls inside a wide character maps to the character's end.
        """
        k = bisect_right(self._unit_points, units)  # wide characters ending at or before `units`
        offset = units - (self._extra[k - 1] if k else 0)
        if k < len(self._points) and offset >= self._points[k]:
            offset = self._points[k]
        return min(max(offset, 0), self._length)


def utf16_map(text: str) -> OffsetMap:
    """Offsets as UTF-16 code units (NVivo, .NET and JavaScript programs count this way)."""
    return OffsetMap(text, "[\U00010000-\U0010FFFF]", lambda ch: 2)


def utf8_map(text: str) -> OffsetMap:
    """Offsets as UTF-8 bytes."""
    return OffsetMap(text, "[^\x00-\x7f]", lambda ch: len(ch.encode("utf-8")))


def crlf_map(text: str) -> OffsetMap:
    """Offsets in the same text written with CRLF line endings (each ``\\n`` counts two)."""
    return OffsetMap(text, "\n", lambda ch: 2)


def normalize_map(raw: str):
    """`normalize(raw)` and a function from code-point offsets in `raw` to offsets in that text.

    For importers whose positions count the text as shipped (BOM, CRLF or lone CR, decomposed
    accents). An offset inside a removed or merged character maps to where that character went.
    """
    stored = normalize(raw)
    bom = int(raw.startswith("\ufeff"))
    body = raw[bom:]
    if body == stored:
        return stored, lambda offset: max(0, offset - bom)
    if unicodedata.is_normalized("NFC", body.replace("\r", "\n")):
        dropped = [m.start() for m in re.finditer("\r\n", body)]  # each CR before an LF goes
        return stored, lambda offset: _shift(offset - bom, dropped)
    return stored, _cluster_map(body, bom, len(stored))


def _shift(offset: int, dropped: list[int]) -> int:
    offset = max(0, offset)
    return offset - bisect_left(dropped, offset)


def _cluster_map(body: str, bom: int, length: int):
    """Map through NFC by normalising each base character with its combining marks alone."""
    starts, stored_starts, total = [], [], 0
    for match in re.finditer(r"\r\n|(?s:.)[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff"
                             r"\ufe20-\ufe2f\u3099\u309a]*", body):
        starts.append(match.start())
        stored_starts.append(total)
        total += len(normalize(match.group()))
    starts.append(len(body))
    stored_starts.append(total)

    def convert(offset: int) -> int:
        k = bisect_right(starts, max(0, offset - bom)) - 1
        return min(length, stored_starts[k]) if k >= 0 else 0

    return convert


def merge_spans(spans) -> list[tuple[int, int]]:
    """Half-open ``(start, end)`` spans in order, those that overlap or touch merged into one."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


# spans and quotes: how every caller (CLI, import, IPA) turns what a user typed into a span --------
def parse_span(value: str, flag: str = "--span") -> tuple[int, int]:
    """``START:END`` as two integers."""
    start, _, end = value.partition(":")
    try:
        return int(start), int(end)
    except ValueError:
        raise QodexError(f"{flag} takes START:END in characters, e.g. 120:245, not {value!r}") from None


def check_span(text: str, start: int, end: int, name: str) -> None:
    """Refuse ``[start, end)`` unless it is a non-empty span inside `text` (the source `name`)."""
    if not 0 <= start < end <= len(text):
        raise QodexError(f"span {start}:{end} is not inside {name!r} ({len(text)} characters; "
                         f"a span needs 0 <= start < end <= length)")


def find_quote(text: str, quote: str) -> list[tuple[int, int]]:
    """Every span where `quote` occurs in `text`, whatever the white space between its words."""
    pattern = r"\s+".join(map(re.escape, quote.split()))
    if not pattern:
        raise QodexError("a quote needs some text")
    return [m.span() for m in re.finditer(pattern, text)]


def choose(found: list, quote: str, occurrence: int | None = None, every: bool = False,
           where: str = "the source") -> list:
    """The matches of `quote` meant: all of them, the `occurrence`-th (1-based), or the only one.

    An ambiguous quote without an occurrence is refused, never silently resolved to the first.
    """
    shown = quote if len(quote) <= 50 else quote[:49] + "…"
    if not found:
        raise QodexError(f"{shown!r} does not occur in {where}")
    if every:
        return found
    if occurrence is None:
        if len(found) > 1:
            raise QodexError(f"{shown!r} occurs {len(found)} times in {where}; choose one with "
                             f"--occurrence N (1-{len(found)})")
        return found
    if not 1 <= occurrence <= len(found):
        raise QodexError(f"occurrence {occurrence} of {shown!r} wanted; it occurs {len(found)} "
                         f"time(s) in {where}")
    return [found[occurrence - 1]]


def locate(text: str, quote: str, occurrence: int | None = None, where: str = "the source"):
    """The one span of `quote` in `text` (its `occurrence`-th when given)."""
    return choose(find_quote(text, quote), quote, occurrence, where=where)[0]
