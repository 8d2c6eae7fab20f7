"""Opening untrusted containers safely: zip archives (docx, xlsx, qdpx) and XML.

Every importer that reads a zip or XML goes through here, so a zip bomb, a path escaping the
archive, or an XML entity attack gets the same clear one-line refusal everywhere.
"""

from __future__ import annotations

import io
import itertools
import zipfile
import zlib
from pathlib import Path, PurePosixPath

from qodex.errors import QodexError

MAX_MEMBERS = 20_000
MAX_TOTAL = 2 * 1024**3  # uncompressed bytes in one archive
MAX_MEMBER = 512 * 1024**2  # uncompressed bytes in one member
MAX_RATIO = 200  # uncompressed / compressed, for members (and whole archives) over RATIO_FLOOR
RATIO_FLOOR = 1024**2
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def open_zip(path: Path, kind: str = "zip archive") -> zipfile.ZipFile:
    """Open `path` as a zip, refusing encrypted, oversized, bomb-like or path-escaping archives."""
    with open(path, "rb") as handle:
        head = handle.read(8)
    if head.startswith(OLE_MAGIC):
        raise QodexError(f"{path.name}: password-protected or an old binary Office file, not a "
                         f"{kind}; save it unprotected in a current format and try again")
    try:
        archive = MeteredZip(path)
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise QodexError(f"{path.name}: not a valid {kind} (corrupt or truncated: {exc})") from exc
    try:
        check_members(archive, path.name)
    except QodexError:
        archive.close()
        raise
    return archive


class MeteredZip(zipfile.ZipFile):
    """A zip archive whose reads, all of them together, unpack no more than it holds twice over
    (plus `SLACK`) and never more than `limits.max_expanded()`: a member read again and again, as
    by many sources naming one file, is refused once the budget is spent."""

    SLACK = 2**20

    def __init__(self, path: Path):
        from qodex.limits import max_expanded

        super().__init__(path)
        declared = sum(info.file_size for info in self.infolist())
        self.budget = min(2 * declared + self.SLACK, max_expanded())
        self.unpacked = 0

    def open(self, name, mode="r", pwd=None, **options):
        handle = super().open(name, mode, pwd, **options)
        return io.BufferedReader(_Metered(handle, self)) if mode == "r" else handle

    def charge(self, size: int) -> None:
        """Count `size` bytes unpacked; refuse once the budget is spent."""
        self.unpacked += size
        if self.unpacked > self.budget:
            raise QodexError(f"{Path(self.filename).name}: refused as a possible zip bomb (reading it "
                             f"would unpack more than {self.budget:,} bytes in all)")


class _Metered(io.RawIOBase):
    """One member being read, charging what it unpacks to its archive."""

    def __init__(self, handle, archive: MeteredZip):
        self.handle, self.archive = handle, archive

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.handle.read(len(buffer))
        self.archive.charge(len(data))
        buffer[:len(data)] = data
        return len(data)

    def close(self) -> None:
        self.handle.close()
        super().close()


def check_members(archive: zipfile.ZipFile, name: str) -> None:
    """Refuse an archive whose members escape it, are encrypted, or expand too far (one member,
    or all of them together)."""
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise QodexError(f"{name}: {len(members)} files inside is more than {MAX_MEMBERS}")
    total = packed = 0
    for info in members:
        if not is_safe_member(info.filename):
            raise QodexError(f"{name}: refused, {info.filename!r} would be written outside the archive")
        if info.flag_bits & 0x1:
            raise QodexError(f"{name}: password-protected ({info.filename} is encrypted)")
        total, packed = total + info.file_size, packed + info.compress_size
        too_dense = info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1)
        if info.file_size > MAX_MEMBER or total > MAX_TOTAL or too_dense:
            raise QodexError(f"{name}: refused as a possible zip bomb ({info.filename} expands to "
                             f"{info.file_size:,} bytes from {info.compress_size:,})")
    if total > RATIO_FLOOR and total > MAX_RATIO * max(packed, 1):
        raise QodexError(f"{name}: refused as a possible zip bomb ({len(members):,} files expand to "
                         f"{total:,} bytes from {packed:,})")


def is_safe_member(filename: str) -> bool:
    """Whether a member name stays inside the archive (no absolute paths, drives or ``..``)."""
    normal = filename.replace("\\", "/")
    path = PurePosixPath(normal)
    return not (path.is_absolute() or ".." in path.parts or (len(normal) > 1 and normal[1] == ":"))


def read_member(archive: zipfile.ZipFile, member: str, name: str) -> bytes:
    """A member's bytes, stopping if it expands past what its header declared or the limit."""
    try:
        info = archive.getinfo(member)
    except KeyError:
        raise QodexError(f"{name}: has no {member}") from None
    limit = min(info.file_size, MAX_MEMBER)
    try:
        with archive.open(info) as handle:
            data = handle.read(limit + 1)
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, zlib.error) as exc:
        raise QodexError(f"{name}: {member} is corrupt ({exc})") from exc
    if len(data) > limit:
        raise QodexError(f"{name}: {member} expands past its declared size; refused")
    return data


def xml_parser(**options):
    """An lxml parser that never resolves entities, loads DTDs or touches the network."""
    from lxml import etree

    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           huge_tree=False, **options)


def parse_xml(data: bytes, name: str):
    """Parse untrusted XML, refusing entity declarations (billion laughs, external entities)."""
    from lxml import etree

    try:
        root = etree.fromstring(data, parser=xml_parser())
    except etree.XMLSyntaxError as exc:
        raise QodexError(f"{name}: broken XML ({exc})") from exc
    _refuse_entities(root, name)
    return root


def _refuse_entities(root, name: str) -> None:
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise QodexError(f"{name}: XML declares entities; refused (possible entity attack)")


def pull_xml(chunks, name: str, events=("start", "end"), tag=None):
    """Parse untrusted XML as its bytes arrive, yielding ``(event, element)`` pairs (only for the
    elements `tag` names, if given; include the root's name to be told about it first).

    As safe as `parse_xml` (the same refusals, the same one-line errors), for files too large to
    hold as one tree: the caller may remove elements it has finished with.
    """
    from lxml import etree

    parser = etree.XMLPullParser(events=events, tag=tag, resolve_entities=False, no_network=True,
                                 load_dtd=False, huge_tree=False)
    checked = False
    try:
        for chunk in itertools.chain(chunks, [None]):
            if chunk is None:
                parser.close()
            else:
                parser.feed(chunk)
            for event, element in parser.read_events():
                if not checked:
                    _refuse_entities(element, name)
                    checked = True
                yield event, element
    except etree.XMLSyntaxError as exc:
        raise QodexError(f"{name}: broken XML ({exc})") from exc
