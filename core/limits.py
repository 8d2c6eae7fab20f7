"""Sizes no real study reaches, at which a file is refused as hostile or broken.

One source's text is capped (``QODEX_MAX_SOURCE_CHARS`` changes the cap); an archive may unpack
at most four bytes per character of that over all its reads (see `qodex.safety`); a table (CSV or
XLSX) may hold at most `MAX_CELLS` cells, and a sheet no more rows and columns than Excel allows.
"""

from __future__ import annotations

import os

from qodex.errors import QodexError

SOURCE_ENV = "QODEX_MAX_SOURCE_CHARS"
MAX_SOURCE = 256 * 2**20  # characters in one source: hundreds of times the longest transcript
EXPANDED_PER_SOURCE = 4  # bytes one archive may unpack, in all, per character a source may hold
MAX_CELLS = 10_000_000  # cells in one table: a hundred columns for each of 100,000 participants
MAX_COLUMNS = 16_384  # Excel's own last column, XFD
MAX_ROWS = 1_048_576  # Excel's own last row


def max_source() -> int:
    """The most characters one source may hold: `MAX_SOURCE`, or ``$QODEX_MAX_SOURCE_CHARS``."""
    raw = os.environ.get(SOURCE_ENV, "").strip()
    if not raw:
        return MAX_SOURCE
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value <= 0:
        raise QodexError(f"{SOURCE_ENV}={raw!r} is not a whole number of characters above 0")
    return value


def max_expanded() -> int:
    """The most bytes one archive may unpack over all reads of its members (raising the source
    limit raises this too; lowering it does not)."""
    return EXPANDED_PER_SOURCE * max(max_source(), MAX_SOURCE)


def check_source(file_name: str, source: str, length: int) -> None:
    """Refuse a source of `length` characters when that is more than `max_source()`."""
    limit = max_source()
    if length > limit:
        raise QodexError(f"{file_name}: source {source!r} holds more than {limit:,} characters, the "
                         f"most a source may hold (set {SOURCE_ENV} to raise the limit)")
