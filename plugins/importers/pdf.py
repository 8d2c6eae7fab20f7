"""PDF text layers, read with pypdf: one source, a `page` segment per page, speaker turns.

Pages with text are separated by a blank line. A PDF without a text layer (a scan) is refused with a hint to
run OCR first; pages without text in an otherwise readable PDF get a warning.
"""

from __future__ import annotations

import logging
from pathlib import Path

from qodex import hookimpl
from qodex.bundle import ImportBundle, SegmentData, SourceData
from qodex.errors import QodexError
from qodex.extensions import Importer
from qodex.limits import check_source
from qodex.plugins.importers.files import check_file
from qodex.plugins.importers.turns import text_turns
from qodex.text import normalize

MAX_BYTES = 512 * 2**20
SEPARATOR = "\n\n"


def read(path: Path, options: dict) -> ImportBundle:
    """One source with its pages and speaker turns as segments."""
    check_file(path, "a PDF", MAX_BYTES, magic=b"%PDF")
    pages, labels = _pages(path)
    if not any(pages):
        raise QodexError(f"{path.name}: has no text layer (a scanned PDF?); run OCR on it first "
                         f"(for example with ocrmypdf) and import the result")
    text, segments = "", []
    for page, label in zip(pages, labels, strict=True):
        if page:
            text += SEPARATOR + page if text else page
            segments.append(SegmentData("page", len(text) - len(page), len(text), label=label))
    empty = [label for page, label in zip(pages, labels, strict=True) if not page]
    warnings = [f"{path.name}: no text on page(s) {', '.join(empty)} (scanned?)"] if empty else []
    source = SourceData(name=path.stem, text=text, origin=str(path),
                        meta={"format": "pdf", "pages": len(pages)},
                        segments=sorted(segments + text_turns(text), key=lambda s: s.start))
    return ImportBundle(sources=[source], warnings=warnings)


def _pages(path: Path) -> tuple[list[str], list[str]]:
    """Each page's normalised text and its label (as the PDF numbers its pages)."""
    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # damaged files are reported as errors
    try:
        reader = PdfReader(path)
        if reader.is_encrypted and not reader.decrypt(""):
            raise QodexError(f"{path.name}: password-protected; save an unprotected copy and try again")
        pages, length = [], 0
        for page in reader.pages:
            pages.append(normalize(page.extract_text() or "").strip())
            length += len(pages[-1]) + len(SEPARATOR)
            check_source(path.name, path.stem, length)
        labels = list(reader.page_labels) if len(reader.page_labels) == len(pages) else []
    except QodexError:
        raise
    except Exception as exc:  # pypdf raises many kinds of error on damaged files
        raise QodexError(f"{path.name}: not a readable PDF ({type(exc).__name__}: {exc})") from exc
    return pages, labels or [str(n + 1) for n in range(len(pages))]


@hookimpl
def register_importers(register):
    register(Importer("pdf", (".pdf",), read, "PDF text layer: pages and speaker turns"))
