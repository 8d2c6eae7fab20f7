"""Reading REFI-QDA projects (``.qdpx``) and codebooks (``.qdc``) from NVivo, ATLAS.ti, MAXQDA, QualCoder, qc.

A ``.qdpx`` is a zip holding one ``*.qde`` XML file and the sources' texts (under ``Sources/`` or
``sources/``). What the file holds that qodex cannot carry is listed as warnings and in a memo.
"""

from __future__ import annotations

import hashlib
import re
import zipfile
import zlib
from pathlib import Path, PurePosixPath

from qodex.errors import QodexError
from qodex.extensions import Option

SCHEMES = ("internal://", "relative://", "absolute://", "file:///", "file://")
MAX_QDC = 64 * 1024**2
CHUNK = 1024**2
ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError)
ROOT_XMLNS = re.compile(rb'<(?:Project|CodeBook)\b[^>]*?(\sxmlns="[^"]*")')


def position_units(value: str) -> str:
    """The option value naming how positions are counted."""
    if value not in ("auto", "codepoints", "utf16"):
        raise ValueError(f"{value!r} is not auto, codepoints or utf16")
    return value


OPTIONS = (
    Option("positions", "How the file counts positions: auto (by producer), codepoints or utf16.",
           "auto", position_units),
    Option("sources", "A folder holding source files the project keeps outside the archive.", None),
)


class Archive:
    """The members of a ``.qdpx`` zip, found whatever case and path style the producer wrote."""

    def __init__(self, archive, name: str, folder: str | None):
        self.archive, self.name = archive, name
        self.folder = Path(folder) if folder else None
        self.members = {m.filename.replace("\\", "/").lower(): m.filename
                        for m in archive.infolist() if not m.is_dir()}

    def project_member(self) -> str:
        """The one ``*.qde`` file: at the root, or else the only one anywhere."""
        found = [m for m in self.members if m.endswith(".qde")]
        top = [m for m in found if "/" not in m] or found
        if len(top) != 1:
            detail = f"{len(top)} .qde files" if top else "no .qde file"
            raise QodexError(f"{self.name}: holds {detail}, so it is not a REFI-QDA project export")
        return self.members[top[0]]

    def text(self, path: str) -> str:
        """The text of a source file named in the XML; LookupError saying why it cannot be had."""
        from qodex.encoding import decode

        data = self._bytes(path)
        if not data:
            return ""
        try:
            return decode(data, path)[0]
        except QodexError as exc:
            raise LookupError(str(exc)) from exc

    def _bytes(self, path: str) -> bytes:
        from qodex.safety import read_member

        relative = path.replace("\\", "/")
        for scheme in SCHEMES:
            if relative.lower().startswith(scheme):
                relative = relative[len(scheme):]
                break
        name = PurePosixPath(relative).name
        for candidate in (f"sources/{relative}", relative, f"sources/{name}"):
            member = self.members.get(candidate.lstrip("/").lower())
            if member:
                return read_member(self.archive, member, self.name)
        outside = self.folder / name if self.folder and name else None
        if outside and outside.is_file():
            return outside.read_bytes()
        hint = "" if self.folder else " (name its folder with -O sources=FOLDER)"
        raise LookupError(f"{path} is not in the archive{hint}")


def read_qdpx(path: Path, options: dict):
    """Read a REFI-QDA project export into an `ImportBundle`."""
    from qodex.safety import open_zip

    with open_zip(path, "REFI-QDA project (.qdpx)") as zipped:
        archive = Archive(zipped, path.name, options.get("sources"))
        member = archive.project_member()
        try:
            with zipped.open(member) as handle:
                return _read(handle, f"{path.name}: {member}", "Project", archive.text, path.name,
                             options)
        except ZIP_ERRORS as exc:
            raise QodexError(f"{path.name}: {member} is corrupt ({exc})") from exc


def read_qdc(path: Path, options: dict):
    """Read a REFI-QDA codebook (codes, and sets of codes) into an `ImportBundle`."""
    if path.stat().st_size > MAX_QDC:
        raise QodexError(f"{path.name}: too large to be a codebook")

    def no_files(name: str) -> str:
        raise LookupError(f"a codebook holds no files ({name})")

    with open(path, "rb") as handle:
        return _read(handle, path.name, "CodeBook", no_files, path.name, options)


def _read(handle, where: str, root_tag: str, load_text, file_name: str, options: dict):
    from qodex.plugins.refi.model import EVENT_TAGS, Context
    from qodex.plugins.refi.reader import ProjectReader
    from qodex.safety import pull_xml

    context = Context(load_text, file_name, options.get("positions") or "auto")
    events = pull_xml(_chunks(handle, where, context), where, tag=EVENT_TAGS)
    return ProjectReader(context).read(events, root_tag)


def _chunks(handle, where: str, context):
    """The file's bytes in pieces; the first without the root's default namespace declaration."""
    try:
        first = handle.read(CHUNK)
        context.digest = hashlib.sha256(first).hexdigest()[:16]
        yield _without_default_namespace(first)
        while chunk := handle.read(CHUNK):
            yield chunk
    except ZIP_ERRORS as exc:
        raise QodexError(f"{where} is corrupt ({exc})") from exc


def _without_default_namespace(data: bytes) -> bytes:
    """The XML with the root's default namespace declaration taken out (parsing then gives plain
    element names, far faster than renaming every element; others are renamed after parsing)."""
    match = ROOT_XMLNS.search(data, 0, 4096)
    return data[:match.start(1)] + data[match.end(1):] if match else data


def refuse_native(path: Path, options: dict):
    """NVivo's own project files are databases no open tool reads: say how to get a REFI-QDA file."""
    raise QodexError(f"{path.name}: an NVivo project file (a SAP SQL Anywhere database, not readable "
                     "outside NVivo); in NVivo choose File > Export > Export Project as REFI-QDA, then "
                     "import the .qdpx")
