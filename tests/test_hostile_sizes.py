"""Files built to exhaust memory or time: each is tiny on disk, refused at once with one line
naming it, in a process whose memory stays small, and the project is left exactly as it was."""

from __future__ import annotations

import random
import struct
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import pytest
from fixtures.pdfs import write_pdf
from fixtures.refi_util import NS
from test_cli import snapshot

MEMBER = 2**20  # exactly 1 MiB: the size at which the ratio check of one member starts
PEAK_MIB = 250  # a refused import stays far below this; the files below once took gigabytes
# The peak resident size of this process's own memory (VmHWM, in kB): getrusage's ru_maxrss would
# also count the parent's size at fork, as Linux keeps it across exec.
RUNNER = """import re, sys
from qodex.cli import main
try:
    main(sys.argv[2:])
finally:
    with open("/proc/self/status") as status, open(sys.argv[1], "w") as out:
        out.write(re.search(r"VmHWM:\\s+(\\d+)", status.read()).group(1))
"""
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
SHEET = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"


@pytest.fixture
def study(run, tmp_path) -> Path:
    """A project holding one transcript."""
    (tmp_path / "P01.txt").write_text("Interviewer: How was it?\nAnne: Frightening at first.\n")
    assert run("import", "study.qodex", "P01.txt").exit_code == 0
    return tmp_path / "study.qodex"


def qodex(tmp_path: Path, *args) -> tuple[subprocess.CompletedProcess, float]:
    """Run the CLI in its own process: the result and the process's peak memory in MiB."""
    peak = tmp_path / "peak"
    done = subprocess.run([sys.executable, "-c", RUNNER, str(peak), *map(str, args)], cwd=tmp_path,
                          capture_output=True, text=True, timeout=300)
    return done, int(peak.read_text()) / 1024


def refused_in_one_line(stderr: str, name: str) -> str:
    """The refusal: one line naming the file, then only the batch's 'nothing was imported'."""
    assert "Traceback" not in stderr and "MemoryError" not in stderr
    first, *rest = stderr.strip().splitlines()
    assert first.startswith("Error: ") and name in first
    assert rest in ([], ["1 file(s) refused; nothing was imported (use --keep-going to import the rest)"])
    return first


def text_sources(count: int, path: str) -> str:
    return "".join(f'<TextSource guid="00000000-0000-4000-8000-{n:012d}" name="s{n}" '
                   f'plainTextPath="internal://{path.format(n=n)}"/>' for n in range(count))


def qdpx(path: Path, sources: str, members: list[tuple[str, bytes]], pack_qde: bool = True) -> Path:
    """A .qdpx of a project holding `sources`, and `members` (deflated), written byte by byte:
    a member given many times is deflated once, so even thousands of MiB cost a moment."""
    qde = (f'<?xml version="1.0" encoding="utf-8"?><Project xmlns="{NS}" name="h"><Sources>{sources}'
           "</Sources></Project>").encode()
    body, directory, packed = bytearray(), bytearray(), {}
    for name, data, method in [("project.qde", qde, 8 if pack_qde else 0), *((*m, 8) for m in members)]:
        if id(data) not in packed:
            deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
            packed[id(data)] = deflate.compress(data) + deflate.flush() if method else data
        fields = struct.pack("<HHHHHIIIHH", 20, 0, method, 0, 0x21, zlib.crc32(data),
                             len(packed[id(data)]), len(data), len(name), 0)
        directory += b"PK\x01\x02\x14\x00" + fields + struct.pack("<HHHII", 0, 0, 0, 0, len(body))
        directory += name.encode()
        body += b"PK\x03\x04" + fields + name.encode() + packed[id(data)]
    count = len(members) + 1
    path.write_bytes(body + directory + b"PK\x05\x06" + struct.pack("<HHHHIIH", 0, 0, count, count,
                                                                    len(directory), len(body), 0))
    return path


def xlsx(path: Path, rows: str) -> Path:
    """A one-sheet workbook whose sheet data is `rows` (`<row>` elements), written by hand."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", f'<workbook xmlns="{MAIN}" xmlns:r="http://schemas.'
                         'openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet '
                         'name="People" sheetId="1" r:id="rId1"/></sheets></workbook>')
        archive.writestr("xl/_rels/workbook.xml.rels", f'<Relationships xmlns="{RELS}"><Relationship '
                         f'Id="rId1" Type="{SHEET}" Target="worksheets/sheet1.xml"/></Relationships>')
        archive.writestr("xl/worksheets/sheet1.xml",
                         f'<worksheet xmlns="{MAIN}"><sheetData>{rows}</sheetData></worksheet>')
    return path


def cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def test_a_qdpx_naming_one_member_from_a_thousand_sources_is_refused(study, tmp_path):
    # a GiB of text if every source got its copy; the .qde is stored, not deflated, so the archive
    # as a whole is not dense enough to look like a bomb: only the budget over all reads refuses it
    text = (b"all work and no play " * 50_000)[:MEMBER]
    path = qdpx(tmp_path / "shared.qdpx", text_sources(1000, "one.txt"), [("sources/one.txt", text)],
                pack_qde=False)
    before = snapshot(study)
    done, peak = qodex(tmp_path, "import", study, path)
    assert done.returncode == 1
    assert "unpack more than" in refused_in_one_line(done.stderr, "shared.qdpx")
    assert peak < PEAK_MIB
    assert snapshot(study) == before


def test_a_qdpx_of_two_thousand_one_mebibyte_members_is_refused(study, tmp_path):
    one = b"a" * MEMBER
    path = qdpx(tmp_path / "many.qdpx", text_sources(2000, "{n}.txt"),
                [(f"sources/{n}.txt", one) for n in range(2000)])
    assert path.stat().st_size < 3 * MEMBER
    before = snapshot(study)
    done, peak = qodex(tmp_path, "import", study, path)
    assert done.returncode == 1
    assert "zip bomb" in refused_in_one_line(done.stderr, "many.qdpx")
    assert peak < PEAK_MIB
    assert snapshot(study) == before


@pytest.mark.parametrize("ref", ["ZZZZZZ2", "ZZZZZZZ2"])
def test_an_xlsx_cell_beyond_the_last_column_is_refused(study, tmp_path, ref):
    path = xlsx(tmp_path / "people.xlsx", f'<row r="1">{cell("A1", "case")}</row>'
                                          f'<row r="2">{cell("A2", "P1")}{cell(ref, "x")}</row>')
    before = snapshot(study)
    done, peak = qodex(tmp_path, "import", study, path)
    assert done.returncode == 1
    assert f"cell {ref} is beyond column XFD" in refused_in_one_line(done.stderr, "people.xlsx")
    assert peak < PEAK_MIB
    assert snapshot(study) == before


@pytest.mark.parametrize("row,message", [
    (f'<row r="2">{cell("XFE2", "x")}</row>', "cell XFE2 is beyond column XFD"),
    (f'<row r="1048577">{cell("A1048577", "P1")}</row>', "row 1,048,577 is beyond row 1,048,576"),
    (f'<row r="2">{"<c/>" * 16_385}</row>', "row 2 has more than 16,384 cells"),
], ids=["column", "row", "cells in a row"])
def test_an_xlsx_larger_than_excel_allows_is_refused(run, study, tmp_path, row, message):
    path = xlsx(tmp_path / "people.xlsx", f'<row r="1">{cell("A1", "case")}</row>{row}')
    before = snapshot(study)
    result = run("import", study, path)
    assert result.exit_code == 1
    assert message in refused_in_one_line(result.stderr, "people.xlsx")
    assert snapshot(study) == before


def test_a_table_of_more_than_ten_million_cells_is_refused(run, study, tmp_path):
    path = tmp_path / "people.csv"
    path.write_text("case,age\n" + ",\n" * 5_000_000)
    before = snapshot(study)
    result = run("import", study, path)
    assert result.exit_code == 1
    assert "more than 10,000,000 cells" in refused_in_one_line(result.stderr, "people.csv")
    assert snapshot(study) == before


def test_a_sheet_of_more_cells_than_the_cap_is_refused(run, study, tmp_path, monkeypatch):
    monkeypatch.setattr("qodex.plugins.importers.xlsx.MAX_CELLS", 5)  # ten million, in small
    path = xlsx(tmp_path / "people.xlsx", "".join(
        f'<row r="{n}">{cell(f"A{n}", f"P{n}")}{cell(f"B{n}", "x")}</row>' for n in range(1, 4)))
    result = run("import", study, path)
    assert result.exit_code == 1
    assert "more than 5 cells" in refused_in_one_line(result.stderr, "people.xlsx")

@pytest.fixture
def small_sources(monkeypatch):
    """Sources may hold at most 1,000 characters."""
    monkeypatch.setenv("QODEX_MAX_SOURCE_CHARS", "1000")


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def docx_of(path: Path, paragraphs: list[str]) -> Path:
    from docx import Document

    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    document.save(path)
    return path


@pytest.mark.parametrize("make", [
    lambda path: write(path.with_suffix(".txt"), "Anne: " + "so tired " * 200),
    lambda path: docx_of(path.with_suffix(".docx"), ["Anne: so tired"] * 200),
    lambda path: qdpx(path.with_suffix(".qdpx"), text_sources(1, "long.txt"),
                      [("sources/long.txt", b"so tired " * 200)]),
    lambda path: write_pdf(path.with_suffix(".pdf"), [["Anne: so tired " * 4] * 10] * 5),
], ids=["txt", "docx", "qdpx", "pdf"])
def test_a_source_longer_than_the_limit_is_refused_naming_file_and_limit(run, study, tmp_path,
                                                                       small_sources, make):
    path = make(tmp_path / "long")
    before = snapshot(study)
    result = run("import", study, path)
    assert result.exit_code == 1
    message = refused_in_one_line(result.stderr, path.name)
    assert "more than 1,000 characters" in message and "QODEX_MAX_SOURCE_CHARS" in message
    assert snapshot(study) == before


def test_a_source_within_the_limit_is_imported(run, study, tmp_path, small_sources):
    (tmp_path / "P02.txt").write_text("Bo: " + "fine " * 150)
    assert run("import", study, tmp_path / "P02.txt").exit_code == 0
    assert "P02" in run("sources", study).stdout


def test_a_limit_that_is_not_a_number_is_one_line(run, study, tmp_path, monkeypatch):
    monkeypatch.setenv("QODEX_MAX_SOURCE_CHARS", "lots")
    (tmp_path / "P02.txt").write_text("Bo: fine.")
    result = run("import", study, tmp_path / "P02.txt")
    assert result.exit_code == 1
    assert "QODEX_MAX_SOURCE_CHARS='lots' is not a whole number" in result.stderr


def out_of_memory(*args, **kwargs):
    raise MemoryError


def test_an_importer_running_out_of_memory_is_one_line(run, study, tmp_path, monkeypatch):
    monkeypatch.setattr("qodex.plugins.importers.txt.read", out_of_memory)
    monkeypatch.setattr("qodex.host._host", None)  # plugins registered again, with the greedy reader
    before = snapshot(study)
    result = run("import", study, write(tmp_path / "P02.txt", "Bo: fine."))
    assert result.exit_code == 1
    assert "too large for this computer's memory" in refused_in_one_line(result.stderr, "P02.txt")
    assert snapshot(study) == before


def test_running_out_of_memory_while_storing_is_one_line_and_stores_nothing(run, study, tmp_path,
                                                                            monkeypatch):
    from qodex.project import Project

    first = write(tmp_path / "P02.txt", "Bo: fine.")
    monkeypatch.setattr(Project, "apply", out_of_memory)
    before = snapshot(study)
    result = run("import", study, first)
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        "Error: study.qodex: ran out of memory while importing; nothing was imported"]
    assert snapshot(study) == before
    assert run("import", "new.qodex", first).exit_code == 1
    assert not (tmp_path / "new.qodex").exists()


def test_an_archive_unpacks_at_most_four_bytes_per_source_character(monkeypatch, tmp_path):
    from qodex.errors import QodexError
    from qodex.safety import open_zip, read_member

    monkeypatch.setattr("qodex.limits.MAX_SOURCE", 2**18)  # so an archive may unpack 1 MiB
    path = tmp_path / "two.zip"
    noise = random.Random(21).randbytes
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.bin", noise(600_000))
        archive.writestr("b.bin", noise(600_000))
    with open_zip(path) as archive:
        assert len(read_member(archive, "a.bin", path.name)) == 600_000
        with pytest.raises(QodexError, match=r"two\.zip: .* unpack more than 1,048,576 bytes"):
            read_member(archive, "b.bin", path.name)
