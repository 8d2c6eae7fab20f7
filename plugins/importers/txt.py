"""Plain text files in any common encoding: UTF-8 (with or without BOM), UTF-16/32 with a BOM,
and legacy single-byte encodings (cp1252, latin-1...) detected with charset-normalizer."""

from __future__ import annotations

from pathlib import Path

from qodex import hookimpl
from qodex.bundle import ImportBundle, SourceData
from qodex.encoding import decode
from qodex.errors import QodexError
from qodex.extensions import Importer
from qodex.plugins.importers.turns import text_turns
from qodex.text import normalize

MAX_BYTES = 256 * 1024 * 1024


def read_file(path: Path) -> tuple[str, str]:
    """A text file's normalised text and its encoding, refusing files too large to be a transcript."""
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise QodexError(f"{path.name}: {size / 2**20:.0f} MiB is larger than a text source can be "
                         f"({MAX_BYTES // 2**20} MiB)")
    text, encoding = decode(path.read_bytes(), path.name)
    return normalize(text), encoding


def read(path: Path, options: dict) -> ImportBundle:
    """One source named after the file, with its speaker turns and the encoding it was read in."""
    text, encoding = read_file(path)
    source = SourceData(name=path.stem, text=text, origin=str(path), meta={"encoding": encoding},
                        segments=text_turns(text))
    return ImportBundle(sources=[source])


@hookimpl
def register_importers(register):
    register(Importer("txt", (".txt", ".text"), read, "Plain text in any common encoding"))
