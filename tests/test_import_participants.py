"""Participant tables: CSV and XLSX rows become cases with typed attributes, linked to sources."""

from __future__ import annotations

from datetime import date

import pytest

from qodex.errors import QodexError
from qodex.extensions import parse_options
from qodex.plugins.importers import participants

TABLE = """pseudonym;practice;sex;age;band;interviewed;file
Anne;1;female;67;55-82;2006-03-06;P01-anne.txt
Poul;1;male;74;55-82;2006-03-07;P02-poul.txt
Inger;2;female;61,5;55-82;2006-03-14;P03-inger.txt
Mads;2;male;24;18-35;;P04-mads.txt
"""


def read(path, *options):
    return participants.read(path, parse_options(participants.OPTIONS, list(options), "participants"))


@pytest.fixture
def table(tmp_path):
    path = tmp_path / "participants.csv"
    path.write_text(TABLE, encoding="utf-8")
    return path


def test_types_are_inferred_per_column(table):
    bundle = read(table)
    kinds = {a.name: (a.type, a.allowed) for a in bundle.attributes}
    assert kinds == {"practice": ("number", None), "sex": ("category", ["female", "male"]),
                     "age": ("number", None), "band": ("category", ["55-82", "18-35"]),
                     "interviewed": ("date", None)}
    anne, inger, mads = bundle.cases[0], bundle.cases[2], bundle.cases[3]
    assert anne.name == "Anne" and anne.sources == ["P01-anne.txt"]
    assert anne.attributes["age"] == 67 and inger.attributes["age"] == 61.5
    assert mads.attributes["interviewed"] is None


def test_types_can_be_overridden_and_a_bad_value_names_its_line(table):
    bundle = read(table, "types=practice=category,age=text")
    kinds = {a.name: a.type for a in bundle.attributes}
    assert kinds["practice"] == "category" and kinds["age"] == "text"
    wrong = r"^participants.csv: line 2, column 'sex': 'female' is not a number$"
    with pytest.raises(QodexError, match=wrong):
        read(table, "types=sex=number")


def test_cases_are_linked_by_pattern(table, project):
    for stem in ("Anne-interview", "Poul-interview", "Inger-interview", "Mads-interview"):
        project.apply(_source(stem))
    project.apply(read(table, "pattern={pseudonym}-interview", "case=pseudonym"))
    assert [s.name for s in project.cases.sources("Inger")] == ["Inger-interview"]


def _source(name):
    from qodex.bundle import ImportBundle, SourceData

    return ImportBundle(sources=[SourceData(name=name, text=f"Text of {name}.")])


def test_reimport_updates_values_without_duplicating_cases(table, run, tmp_path):
    for n, stem in enumerate(("P01-anne", "P02-poul", "P03-inger", "P04-mads")):
        (tmp_path / f"{stem}.txt").write_text(f"Interviewer: Hello {n}.\n", encoding="utf-8")
    files = sorted(tmp_path.glob("P0*.txt"))
    assert run("import", "study.qodex", tmp_path / "participants.csv", *files).exit_code == 0
    table.write_text(TABLE.replace("Anne;1;female;67", "Anne;1;female;68"), encoding="utf-8")
    result = run("import", "study.qodex", "participants.csv")
    assert result.exit_code == 0, result.output
    from qodex.project import Project

    with Project.open(tmp_path / "study.qodex") as project:
        assert len(project.cases) == 4
        assert project.cases.values("Anne")["age"] == 68
        assert [s.name for s in project.cases.sources("Anne")] == ["P01-anne"]


def test_xlsx_with_dates_and_numbers(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["ID", "Age", "Consulted", "Group", "Transcript"])
    sheet.append(["P1", 40, date(2006, 3, 1), "a", "P1.docx"])
    sheet.append(["P2", 52.5, date(2006, 3, 2), "a", "P2.docx; P2-followup.docx"])
    sheet.append(["P3", None, date(2006, 3, 3), "b", None])
    book.save(tmp_path / "people.xlsx")

    bundle = read(tmp_path / "people.xlsx")
    assert {a.name: a.type for a in bundle.attributes} == {"Age": "number", "Consulted": "date",
                                                           "Group": "category"}
    assert bundle.cases[1].sources == ["P2.docx", "P2-followup.docx"]
    assert bundle.cases[0].attributes == {"Age": 40, "Consulted": "2006-03-01", "Group": "a"}
    assert bundle.cases[2].sources == []


def test_xlsx_sheet_reads_as_openpyxl_reads_it(tmp_path):
    from datetime import datetime

    from openpyxl import Workbook, load_workbook

    from qodex.plugins.importers.xlsx import sheet_rows
    from qodex.safety import open_zip

    book = Workbook()
    book.active.append(["not", "this", "sheet"])
    sheet = book.create_sheet("People")
    rows = [["ID", "Age", "Seen", "At", "Regular", "Note"],
            ["P1", 40, date(2006, 3, 1), datetime(2006, 3, 1, 9, 30), True, "Ærø, \"quoted\""],
            [None, None, None, None, None, None],
            ["P2", 52.5, date(1900, 1, 1), None, False, None],
            ["P3", -3, None, None, None, "=1+1"]]
    for row in rows:
        sheet.append(row)
    sheet["H7"] = "far right, below"
    book.save(tmp_path / "people.xlsx")

    expected = load_workbook(tmp_path / "people.xlsx", read_only=True, data_only=True)["People"]
    wanted = [(n, list(r)) for n, r in enumerate(expected.iter_rows(values_only=True), 1)]
    with open_zip(tmp_path / "people.xlsx") as archive:
        found = list(sheet_rows(archive, "people.xlsx", "People"))
    assert [(n, v + [None] * (8 - len(v))) for n, v in found if any(x is not None for x in v)] \
        == [(n, v) for n, v in wanted if any(x is not None for x in v)]
    with pytest.raises(QodexError, match=r"^people.xlsx: no sheet 'Nobody' \(sheets: Sheet, People\)$"):
        read(tmp_path / "people.xlsx", "sheet=Nobody")


@pytest.mark.parametrize(("content", "message"), [
    ("", "the file is empty"),
    ("name,age\nAnne,1\nAnne,2\n", "line 3: case 'Anne' again (first on line 2)"),
    ("name,age\n,1\n", "line 2: no case name in column 'name'"),
    ("name,age\nAnne,1,3\n", "line 2: 3 values for 2 columns"),
    ("name,,age\nAnne,1,3\n", "line 1: column 2 has no name"),
    ("name,age\n", "participants.csv: no column 'x' (columns: name, age)"),
])
def test_bad_tables_get_one_line_errors(tmp_path, content, message):
    path = tmp_path / "participants.csv"
    path.write_text(content, encoding="utf-8")
    options = ["case=x"] if "no column 'x'" in message else []
    with pytest.raises(QodexError) as caught:
        read(path, *options)
    assert message in str(caught.value) and str(caught.value).startswith("participants.csv: ")


def test_hostile_xlsx_is_refused(tmp_path):
    import zipfile

    path = tmp_path / "evil.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/workbook.xml", '<!DOCTYPE x [<!ENTITY a "aaaa">]><workbook>&a;</workbook>')
    with pytest.raises(QodexError, match=r"^evil.xlsx \(xl/workbook.xml\): XML declares entities"):
        read(path)
    path.write_bytes(b"not a workbook at all")
    with pytest.raises(QodexError, match=r"^evil.xlsx: not an Excel workbook \(.xlsx\)"):
        read(path)


def test_codebook_and_codings_tables_go_to_their_own_importers(tmp_path, host):
    from qodex.importing import choose_importer

    for name, header, wanted in [("codebook.csv", "code,description", "codebook-csv"),
                                 ("codings.csv", "source,code,quote", "codings-csv"),
                                 ("people.csv", "pseudonym,age", "participants")]:
        (tmp_path / name).write_text(header + "\n", encoding="utf-8")
        assert choose_importer(tmp_path / name, host.registry).name == wanted
