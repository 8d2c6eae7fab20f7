"""Telling which encoding a text file's bytes are in: UTF-8 (with or without BOM), UTF-16/32 with
a BOM, and legacy single-byte encodings (cp1252, latin-1...) detected with charset-normalizer."""

from __future__ import annotations

import codecs

from qodex.errors import QodexError

BOMS = (  # longest first: a UTF-32 LE BOM starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Where several encodings read a file equally well, the one Western European text most likely
# used wins: charset-normalizer alone picks cp1250 for Danish text written in cp1252.
PREFERRED = {"cp1252": 0, "latin_1": 1, "iso8859_15": 2}
COHERENCE_TIE = 0.05  # coherence scores this close are a tie (cp1250 scores 0.009 above cp1252 on Danish)


def decode(data: bytes, name: str) -> tuple[str, str]:
    """The text of a file's bytes and the encoding it was in; refuses what is not text."""
    if not data:
        raise QodexError(f"{name}: the file is empty")
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise QodexError(f"{name}: starts with a {encoding} mark but is not "
                                 f"{encoding} text ({exc.reason} at byte {exc.start})") from exc
    if b"\x00" in data:
        raise QodexError(f"{name}: looks like a binary file, not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    if not matches:
        raise QodexError(f"{name}: cannot tell which text encoding this file is in")
    chaos = min(round(m.chaos, 2) for m in matches)
    clean = [m for m in matches if round(m.chaos, 2) == chaos]
    coherent = max(m.coherence for m in clean) - COHERENCE_TIE
    best = min(clean, key=lambda m: (m.coherence < coherent, PREFERRED.get(m.encoding, len(PREFERRED)),
                                     -m.coherence))
    return str(best), best.encoding
