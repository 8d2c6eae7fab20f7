"""REFI-QDA codebook (``.qdc``) export, and the XML writing the ``.qdpx`` exporter shares.

XML is written as text (escaped here), which is several times faster than building a tree for
projects with a hundred thousand codings, and lets the ``.qdpx`` writer stream.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from qodex import __version__
from qodex.errors import QodexError
from qodex.plugins.refi.model import derived_guid

CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
DECLARATION = '<?xml version="1.0" encoding="utf-8" standalone="yes"?>\n'
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
RGB = re.compile(r"^#([0-9A-Fa-f]{6}|[0-9A-Fa-f]{3})$")
DATETIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?$")
GUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
TEXT_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
ATTR_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\n": "&#10;",
                              "\r": "&#13;", "\t": "&#9;"})


class Writer:
    """Escapes values into XML text, dropping characters XML cannot hold (and saying so)."""

    def __init__(self):
        self.warnings: list[str] = []
        self.dropped = 0

    def _clean(self, value) -> str:
        value = str(value)
        if NOT_XML.search(value):
            cleaned = NOT_XML.sub("", value)
            self.dropped += len(value) - len(cleaned)
            return cleaned
        return value

    def attrs(self, **attrs) -> str:
        return "".join(f' {k}="{self._clean(v).translate(ATTR_ESCAPES)}"'
                       for k, v in attrs.items() if v is not None)

    def start(self, tag: str, **attrs) -> str:
        return f"<{tag}{self.attrs(**attrs)}>"

    def element(self, tag: str, text: str | None = None, **attrs) -> str:
        """A whole element: ``<tag a="..."/>`` or ``<tag a="...">text</tag>``."""
        if text is None:
            return f"<{tag}{self.attrs(**attrs)}/>"
        return f"<{tag}{self.attrs(**attrs)}>{self._clean(text).translate(TEXT_ESCAPES)}</{tag}>"

    def finish(self) -> list[str]:
        if self.dropped:
            self.warnings.append(f"dropped {self.dropped} control character(s) XML cannot hold")
        return self.warnings


@lru_cache(maxsize=256)  # codings added together share one time
def timestamp(value: str | None) -> str | None:
    """`value` if it is an xsd:dateTime, else None."""
    return value if value and DATETIME.match(value) else None


def valid_guid(value: str) -> str:
    """`value` if it is a GUID REFI-QDA accepts, else a stable GUID made from it."""
    return value if GUID.match(value) else derived_guid("guid", value)


def codes_xml(writer: Writer, snapshot, parent_id=None, notes=lambda code: "") -> str:
    """The code tree below `parent_id`; `notes(code)` gives a code's NoteRef elements."""
    parts = []
    for code in snapshot.children(parent_id):
        colour = code["colour"] if code["colour"] and RGB.match(code["colour"]) else None
        if code["colour"] and not colour:
            writer.warnings.append(f"code {snapshot.paths[code['id']]!r}: colour {code['colour']!r} "
                                   "is not #RRGGBB; left out")
        inner = (writer.element("Description", code["description"]) if code["description"] else "")
        inner += notes(code) + codes_xml(writer, snapshot, code["id"], notes)
        attrs = writer.attrs(guid=valid_guid(code["guid"]), name=code["name"], isCodable="true",
                             color=colour)
        parts.append(f"<Code{attrs}>{inner}</Code>" if inner else f"<Code{attrs}/>")
    return "".join(parts)


def codebook_xml(snapshot) -> tuple[bytes, list[str]]:
    """The codebook as ``.qdc`` XML, and what it could not hold."""
    if not snapshot.codes:
        raise QodexError("the project has no codes, and a REFI-QDA codebook needs at least one")
    writer = Writer()
    xml = (f'{DECLARATION}<CodeBook xmlns="{CODEBOOK_NS}"{writer.attrs(origin=f"qodex {__version__}")}>'
           f"<Codes>{codes_xml(writer, snapshot)}</Codes></CodeBook>\n")
    return xml.encode("utf-8"), writer.finish()


def write_qdc(project, out: Path, options: dict) -> list[str]:
    """Write the codebook of `project` to `out`."""
    data, warnings = codebook_xml(project.contents.everything(whole=False))
    out.write_bytes(data)
    return warnings
