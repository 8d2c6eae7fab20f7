"""The PDF importer: text layers by page, speaker turns, scans and broken files refused."""

from __future__ import annotations

import pytest
from fixtures.pdfs import write_pdf

from qodex.errors import QodexError
from qodex.plugins.importers import pdf


def test_pages_become_segments_and_turns_are_found(tmp_path):
    path = write_pdf(tmp_path / "P30.pdf", [["Interviewer: How are you?", "P: Fine (mostly).", "Really."],
                                            [], ["Interviewer: Good.", "P: Yes."]])
    bundle = pdf.read(path, {})
    source = bundle.sources[0]
    assert source.text == ("Interviewer: How are you?\nP: Fine (mostly).\nReally.\n\n"
                           "Interviewer: Good.\nP: Yes.")
    spans = [(s.kind, s.label, source.text[s.start:s.end]) for s in source.segments]
    assert ("page", "1", "Interviewer: How are you?\nP: Fine (mostly).\nReally.") in spans
    assert ("page", "3", "Interviewer: Good.\nP: Yes.") in spans
    assert ("turn", "P", "Fine (mostly).\nReally.") in spans
    assert source.meta == {"format": "pdf", "pages": 3}
    assert bundle.warnings == ["P30.pdf: no text on page(s) 2 (scanned?)"]


def test_a_scan_without_text_gets_a_clear_message(tmp_path):
    path = write_pdf(tmp_path / "scan.pdf", [[], []])
    with pytest.raises(QodexError, match=r"^scan.pdf: has no text layer \(a scanned PDF\?\); run OCR"):
        pdf.read(path, {})


@pytest.mark.parametrize(("content", "reason"), [
    (b"", "the file is empty"),
    (b"%PDF-1.4\n1 0 obj <<", "not a readable PDF"),
    (b"PK\x03\x04" + bytes(30), "not a PDF: it is a zip archive"),
    (b"Interviewer: hello", "not a PDF (its content is of an unknown kind)"),
])
def test_broken_files_are_refused_in_one_line(tmp_path, content, reason):
    path = tmp_path / "bad.pdf"
    path.write_bytes(content)
    with pytest.raises(QodexError) as caught:
        pdf.read(path, {})
    assert str(caught.value).startswith("bad.pdf: ") and reason in str(caught.value)
    assert "\n" not in str(caught.value)


def test_cli_imports_a_pdf(run, tmp_path):
    write_pdf(tmp_path / "talk.pdf", [["Interviewer: Hello.", "Anne: Hi."]])
    result = run("import", "study.qodex", "talk.pdf")
    assert result.exit_code == 0, result.output
    assert "imported talk.pdf: 1 source" in result.output
