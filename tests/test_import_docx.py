"""The docx importer: Word files written by python-docx, LibreOffice-style XML with comments and
tracked changes, and hostile or broken files refused with one line that leaves the project as it was."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from qodex.errors import QodexError
from qodex.plugins.importers import docx

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"


def write_docx(path: Path, body: str, parts: dict[str, str] | None = None, prolog: str = "") -> Path:
    """A docx as LibreOffice writes one: the XML parts in a zip, related from document.xml."""
    parts = parts or {}
    rels = "".join(f'<Relationship Id="r{n}" Type="{REL}/{name.split(".")[0]}" Target="{name}"/>'
                   for n, name in enumerate(parts))
    members = {
        "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        "_rels/.rels": f'<Relationships xmlns="{PKG}"><Relationship Id="r0" '
                       f'Type="{REL}/officeDocument" Target="word/document.xml"/></Relationships>',
        "word/_rels/document.xml.rels": f'<Relationships xmlns="{PKG}">{rels}</Relationships>',
        "word/document.xml": f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<w:document xmlns:w="{W_NS}" '
                             f'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
                             f"<w:body>{body}</w:body></w:document>",
        **{f"word/{name}": xml.replace("W_NS", W_NS) for name, xml in parts.items()},
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, xml in members.items():
            archive.writestr(name, xml)
    return path


def p(*runs: str, ppr: str = "") -> str:
    return f"<w:p><w:pPr>{ppr}</w:pPr>{''.join(runs)}</w:p>"


def r(text: str, rpr: str = "") -> str:
    return f'<w:r><w:rPr>{rpr}</w:rPr><w:t xml:space="preserve">{text}</w:t></w:r>'


STYLES = ('<w:styles xmlns:w="W_NS"><w:style w:type="paragraph" w:styleId="Heading1">'
          '<w:name w:val="heading 1"/></w:style><w:style w:type="paragraph" w:styleId="Quote">'
          '<w:name w:val="Quote"/><w:basedOn w:val="Heading1"/></w:style></w:styles>')
NUMBERING = ('<w:numbering xmlns:w="W_NS"><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0">'
             '<w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>'
             '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/>'
             '<w:lvlText w:val="%1.%2)"/><w:suff w:val="space"/></w:lvl></w:abstractNum>'
             '<w:num w:numId="3"><w:abstractNumId w:val="0"/></w:num></w:numbering>')
COMMENTS = ('<w:comments xmlns:w="W_NS"><w:comment w:id="0" w:author="Dana" w:date="2024-05-01T10:00:00Z">'
            '<w:p><w:r><w:t>Check this </w:t></w:r><w:r><w:t>claim.</w:t></w:r></w:p></w:comment>'
            '<w:comment w:id="1" w:author="Eli"><w:p><w:r><w:t>Whole turn</w:t></w:r></w:p></w:comment>'
            "</w:comments>")
FOOTNOTES = ('<w:footnotes xmlns:w="W_NS"><w:footnote w:type="separator" w:id="-1"><w:p><w:r>'
             '<w:separator/></w:r></w:p></w:footnote><w:footnote w:id="2"><w:p><w:r><w:footnoteRef/>'
             '</w:r><w:r><w:t xml:space="preserve"> Said twice.</w:t></w:r></w:p></w:footnote></w:footnotes>')
NUM = '<w:numPr><w:ilvl w:val="{}"/><w:numId w:val="3"/></w:numPr>'
BOLD = "<w:b/>"
LIBREOFFICE_BODY = "".join([
    p(r("Interview 7"), ppr='<w:pStyle w:val="Heading1"/>'),
    p(r("Interviewer:", BOLD), r(" How was the visit?")),
    p(r("ANNE: It was "), '<w:del w:id="5" w:author="Dana"><w:r><w:delText>bad</w:delText></w:r></w:del>',
      '<w:ins w:id="6" w:author="Dana"><w:r><w:t>good</w:t></w:r></w:ins>',
      '<w:r><w:footnoteReference w:id="2"/></w:r>', r(", "), '<w:commentRangeStart w:id="0"/>',
      r("really good"), '<w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r>', r(".")),
    p(r("Tabs", '<w:b w:val="0"/>'), "<w:r><w:tab/><w:t>and</w:t><w:br/><w:t>breaks</w:t></w:r>",
      r(" hidden", "<w:vanish/>"), '<w:moveFrom w:id="7"><w:r><w:t> moved away</w:t></w:r></w:moveFrom>'),
    p(r("First"), ppr=NUM.format(0)),
    p(r("Sub"), ppr=NUM.format(1)),
    p(r("Second"), ppr=NUM.format(0)),
    p(r("Joined "), ppr='<w:rPr><w:del w:id="8" w:author="Dana"/></w:rPr>'),
    p(r("here.")),
    '<w:commentRangeStart w:id="1"/>',
    p(r("ANNE:", BOLD), r(" Yes.", '<w:rPrChange w:id="9"><w:rPr><w:b/></w:rPr></w:rPrChange>')),
    '<w:commentRangeEnd w:id="1"/>',
    "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>x</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>y</w:t></w:r></w:p>"
    "</w:tc></w:tr><w:tr><w:tc><w:p/></w:tc><w:tc><w:p><w:r><w:t>w</w:t></w:r></w:p></w:tc></w:tr></w:tbl>",
    p(r("Also a quote"), ppr='<w:pStyle w:val="Quote"/>'),
])
LIBREOFFICE_TEXT = ("Interview 7\nInterviewer: How was the visit?\nANNE: It was good[1], really good.\n"
                    "Tabs\tand\nbreaks\n1.\tFirst\n1.a) Sub\n2.\tSecond\nJoined here.\nANNE: Yes.\n"
                    "x\ty\n\tw\nAlso a quote\n\n[1] Said twice.")


@pytest.fixture
def libreoffice(tmp_path) -> Path:
    parts = {"styles.xml": STYLES, "numbering.xml": NUMBERING, "comments.xml": COMMENTS,
             "footnotes.xml": FOOTNOTES}
    return write_docx(tmp_path / "lo-interview.docx", LIBREOFFICE_BODY, parts)


def test_libreoffice_text_is_what_word_shows_with_changes_accepted(libreoffice):
    bundle = docx.read(libreoffice, {})
    source = bundle.sources[0]
    assert source.text == LIBREOFFICE_TEXT
    assert source.name == "lo-interview" and bundle.warnings == []


def test_libreoffice_structure_has_exact_offsets(libreoffice):
    source = docx.read(libreoffice, {}).sources[0]
    spans = [(s.kind, s.label, source.text[s.start:s.end]) for s in source.segments]
    assert ("heading", "1", "Interview 7") in spans
    assert ("heading", "1", "Also a quote") in spans  # a style based on Heading 1
    assert ("table", None, "x\ty\n\tw") in spans
    turns = [(label, text) for kind, label, text in spans if kind == "turn"]
    assert turns == [("Interviewer", "How was the visit?"),
                     ("ANNE", "It was good[1], really good.\nTabs\tand\nbreaks\n1.\tFirst\n1.a) Sub\n"
                              "2.\tSecond\nJoined here."),
                     ("ANNE", "Yes.")]


def test_comments_become_memos_anchored_to_the_commented_span(libreoffice):
    bundle = docx.read(libreoffice, {})
    text = bundle.sources[0].text
    memos = {m.coder: m for m in bundle.memos}
    assert memos["Dana"].body == "Check this claim." and memos["Dana"].target == "source"
    assert text[memos["Dana"].start:memos["Dana"].end] == "really good"
    assert text[memos["Eli"].start:memos["Eli"].end] == "ANNE: Yes."


def test_comments_are_stored_once_even_when_imported_twice(project, libreoffice, tmp_path):
    project.apply(docx.read(libreoffice, {}))
    copy = tmp_path / "copy.docx"
    copy.write_bytes(libreoffice.read_bytes())
    result = project.apply(docx.read(copy, {}))
    assert result.added["sources"] == 0 and result.added["memos"] == 0
    memo = next(m for m in project.memos.list("source", "lo-interview") if m.title == "Word comment by Dana")
    assert project.sources.get("lo-interview").text[memo.start:memo.end] == "really good"


def test_python_docx_file(tmp_path):
    from docx import Document

    document = Document()
    document.add_heading("Interview 3 — Inger", level=1)
    for speaker, speech in [("Interviewer", "Tell me about it."), ("Inger", "Well.\tI was ill."),
                            ("Interviewer", "And then?"), ("Inger", "Then I got better.")]:
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{speaker}:").bold = True
        paragraph.add_run(f" {speech}")
    document.add_paragraph("Continued without a label.")
    document.add_paragraph("a point", style="List Bullet")
    document.add_paragraph("a step", style="List Number")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Age", "61"
    run = document.add_paragraph().add_run("line one")
    run.add_break()
    run.add_text("line two")
    document.save(tmp_path / "P03.docx")

    source = docx.read(tmp_path / "P03.docx", {}).sources[0]
    assert source.text == ("Interview 3 — Inger\nInterviewer: Tell me about it.\nInger: Well.\tI was ill.\n"
                           "Interviewer: And then?\nInger: Then I got better.\nContinued without a label.\n"
                           "•\ta point\n1.\ta step\nAge\t61\nline one\nline two")
    turns = [(s.label, source.text[s.start:s.end]) for s in source.segments if s.kind == "turn"]
    assert turns[1] == ("Inger", "Well.\tI was ill.")
    assert turns[3] == ("Inger", "Then I got better.\nContinued without a label.\n•\ta point\n1.\ta step")


def test_decomposed_accents_keep_offsets_exact(tmp_path):
    body = p(r("Cafe\u0301 ")) + '<w:commentRangeStart w:id="0"/>' + p(r("Søren"))
    body += '<w:commentRangeEnd w:id="0"/>'
    path = write_docx(tmp_path / "nfd.docx", body, {"comments.xml": COMMENTS})
    bundle = docx.read(path, {})
    text = bundle.sources[0].text
    assert text == "Café \nSøren"
    memo = next(m for m in bundle.memos if m.coder == "Dana")
    assert text[memo.start:memo.end] == "Søren"


def test_text_boxes_are_left_out_with_a_warning(tmp_path):
    box = ('<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><w:txbxContent>'
           "<w:p><w:r><w:t>in the box</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice>"
           "<mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>in the box</w:t></w:r></w:p>"
           "</w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r>")
    path = write_docx(tmp_path / "box.docx", p(r("Before "), box, r("after.")) + p(r("Next.")))
    bundle = docx.read(path, {})
    assert bundle.sources[0].text == "Before after.\nNext."
    assert bundle.warnings == ["box.docx: text in text boxes was left out"]


# bad input ----------------------------------------------------------------------------------
def bomb(path: Path) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"<" + b" " * (20 * 2**20) + b"/>")
    return path


def laughs(path: Path) -> Path:
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{n} "{"&lol{};".format(n - 1 if n > 1 else "") * 10}">' for n in range(1, 10))
    prolog = f"<!DOCTYPE w:document [{entities}]>"
    return write_docx(path, p(r("&lol9;")), prolog=prolog)


def external(path: Path) -> Path:
    return write_docx(path, p(r("&xxe;")), prolog='<!DOCTYPE w:document [<!ENTITY xxe SYSTEM '
                                                  '"file:///etc/passwd">]>')


def truncated(path: Path) -> Path:
    write_docx(path, p(r("Some text. " * 500)))
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    return path


def corrupt_member(path: Path) -> Path:
    write_docx(path, p(r("Some text that will be damaged. " * 200)))
    data = bytearray(path.read_bytes())
    start = data.index(b"word/document.xml") + 40
    data[start:start + 200] = bytes(200)
    path.write_bytes(bytes(data))
    return path


def protected(path: Path) -> Path:  # encrypted Office files are OLE compound files
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096))
    return path


def oversized(path: Path) -> Path:
    with open(path, "wb") as handle:
        handle.truncate(2**30)
    return path


def pdf_named_docx(path: Path) -> Path:
    path.write_bytes(b"%PDF-1.4\n%\xe2\xe3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    return path


def spreadsheet_named_docx(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("_rels/.rels", f'<Relationships xmlns="{PKG}"><Relationship Id="r0" Type="'
                                        f'{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        archive.writestr("xl/workbook.xml", "<workbook/>")
    return path


BAD = {
    "empty": (lambda path: path.write_bytes(b"") and path, "the file is empty"),
    "truncated": (truncated, "corrupt or truncated"),
    "corrupt": (corrupt_member, "corrupt"),
    "bomb": (bomb, "possible zip bomb"),
    "laughs": (laughs, "declares entities"),
    "external": (external, "declares entities"),
    "protected": (protected, "password-protected"),
    "oversized": (oversized, "larger than a Word document (.docx) can be"),
    "pdf": (pdf_named_docx, "it is a PDF; check the file's extension"),
    "xlsx": (spreadsheet_named_docx, "not a Word document"),
    "no-text": (lambda path: write_docx(path, p()), "the document has no text"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_files_are_refused_with_one_line_naming_the_file(tmp_path, case):
    make, reason = BAD[case]
    path = tmp_path / f"{case}.docx"
    make(path)
    with pytest.raises(QodexError) as caught:
        docx.read(path, {})
    message = str(caught.value)
    assert "\n" not in message and message.startswith(f"{case}.docx: ") and reason in message


@pytest.mark.parametrize("case", ["truncated", "bomb", "laughs", "protected", "empty"])
def test_a_bad_file_leaves_the_project_as_it_was(run, tmp_path, case):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text("Interviewer: Hello.\nP: Hi.\n", encoding="utf-8")
    assert run("import", "study.qodex", folder / "good.txt").exit_code == 0
    before = _stored(tmp_path / "study.qodex")
    write_docx(folder / "fine.docx", p(r("A fine document.")))
    BAD[case][0](folder / f"{case}.docx")

    result = run("import", "study.qodex", folder)

    assert result.exit_code != 0
    assert f"{case}.docx: " in result.output and "nothing was imported" in result.output
    assert _stored(tmp_path / "study.qodex") == before


def _stored(path):
    """Every byte of the file but SQLite's change counters, which opening and closing it advance."""
    data = path.read_bytes()
    return data[:24] + data[28:92] + data[96:]


def test_keep_going_imports_the_good_files_and_reports_each(run, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    write_docx(folder / "a.docx", p(r("First document.")))
    write_docx(folder / "b.docx", p(r("Second document.")))
    (folder / "b-again.docx").write_bytes((folder / "b.docx").read_bytes())
    bomb(folder / "c.docx")

    result = run("import", "study.qodex", folder, "--keep-going")

    assert result.exit_code == 1
    assert "c.docx: refused as a possible zip bomb" in result.output
    assert "skipped" in result.output and "2 imported, 1 skipped, 1 refused" in result.output
    from qodex.project import Project

    with Project.open(tmp_path / "study.qodex") as project:
        assert sorted(s.name for s in project.sources)[0] == "a" and len(project.sources) == 2


def test_zip_member_reading_is_not_fooled_by_a_lying_header(tmp_path):
    """A member whose header under-states its size is cut off, not read to the end."""
    path = write_docx(tmp_path / "lying.docx", p(r("x" * 5000)))
    buffer = io.BytesIO(path.read_bytes())
    with zipfile.ZipFile(buffer) as archive:
        assert archive.getinfo("word/document.xml").file_size > 5000
    assert docx.read(path, {}).sources[0].text == "x" * 5000


QUICK_BODY = "".join([
    p(r("Anne", BOLD), r(" ", BOLD), r("Smith:", BOLD), r(" "), r("Plain text after a bold name.")),
    p(r("Bold ", BOLD), r("off", '<w:b w:val="0"/>'), r(" then bold again", BOLD)),
    '<w:p><w:hyperlink><w:r><w:t>Linked</w:t></w:r></w:hyperlink><w:r><w:t> start.</w:t></w:r></w:p>',
    '<w:ins w:id="1"><w:r><w:t>stray run at body level</w:t></w:r></w:ins>',
    p(r("ANNE:", BOLD), r(" After the stray run.")),
    "<w:p/>", p(r("")), p(r("Last.")),
])


@pytest.mark.parametrize("body", [LIBREOFFICE_BODY, QUICK_BODY])
def test_plain_paragraphs_read_from_events_as_from_the_tree(tmp_path, monkeypatch, body):
    parts = {"styles.xml": STYLES, "numbering.xml": NUMBERING, "comments.xml": COMMENTS}
    path = write_docx(tmp_path / "quick.docx", body, parts)
    quick = docx.read(path, {})
    monkeypatch.setattr(docx._Quick, "fits", lambda self, p: False)
    whole = docx.read(path, {})
    assert quick.sources[0].text == whole.sources[0].text
    assert quick.sources[0].segments == whole.sources[0].segments
    assert [(m.start, m.end) for m in quick.memos] == [(m.start, m.end) for m in whole.memos]
    assert "body level" not in quick.sources[0].text
