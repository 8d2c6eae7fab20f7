"""Checks every importer makes before reading a file: empty, too large, or another kind of file."""

from __future__ import annotations

from pathlib import Path

from qodex.errors import QodexError
from qodex.safety import OLE_MAGIC

MAGIC = (
    (b"%PDF-", "it is a PDF"),
    (b"PK\x03\x04", "it is a zip archive (a Word, Excel or other Office file?)"),
    (OLE_MAGIC, "it is password-protected, or an old binary Office file (.doc, .xls); save it "
                "unprotected in a current format"),
    (b"{\\rtf", "it is an RTF document"),
    (b"\x89PNG", "it is a PNG image"),
    (b"\xff\xd8\xff", "it is a JPEG image"),
    (b"GIF8", "it is a GIF image"),
)


def check_file(path: Path, kind: str, max_bytes: int, magic: bytes | None = None) -> None:
    """Refuse an empty or oversized file, or one whose first bytes show it is not `kind`."""
    size = path.stat().st_size
    if size == 0:
        raise QodexError(f"{path.name}: the file is empty")
    if size > max_bytes:
        raise QodexError(f"{path.name}: {size / 2**20:,.0f} MiB is larger than {kind} can be "
                         f"({max_bytes // 2**20:,} MiB)")
    if magic is None:
        return
    with open(path, "rb") as handle:
        head = handle.read(16)
    if not head.startswith(magic):
        found = next(((start, why) for start, why in MAGIC if head.startswith(start)), None)
        if found is None:
            raise QodexError(f"{path.name}: not {kind} (its content is of an unknown kind)")
        hint = "" if found[0] == OLE_MAGIC else "; check the file's extension"
        raise QodexError(f"{path.name}: not {kind}: {found[1]}{hint}")
