"""GUIDs and timestamps for new rows."""

from __future__ import annotations

import os
from datetime import UTC, datetime


def new_guids(count: int) -> list[str]:
    """`count` random (version 4) UUID strings, fast enough for a million codings."""
    raw = os.urandom(16 * count).hex()
    guids = []
    for i in range(0, 32 * count, 32):
        variant = "89ab"[int(raw[i + 16], 16) & 3]
        guids.append(
            f"{raw[i:i + 8]}-{raw[i + 8:i + 12]}-4{raw[i + 13:i + 16]}-"
            f"{variant}{raw[i + 17:i + 20]}-{raw[i + 20:i + 32]}"
        )
    return guids


def new_guid() -> str:
    """One random UUID string."""
    return new_guids(1)[0]


def now() -> str:
    """The current UTC time as ISO 8601, to the second."""
    return datetime.now(UTC).isoformat(timespec="seconds")
