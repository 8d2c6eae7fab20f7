"""Participant tables (CSV or XLSX): one row per case, one typed attribute per column.

The case name comes from the `case` column (default: a column called case, participant, pseudonym,
name or id, else the first). Types are inferred per column (number, date, category, text) and can be
set with ``-O types=age=number,practice=category``. Cases are linked to sources by a file-name
column (default: file, filename, source or transcript; several names separated by ";") or by a
`pattern` such as ``-O pattern={id}-interview``, matched against source names and the names or stems
of the files they came from. Importing the table again updates the values of the same cases.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

from qodex import hookimpl
from qodex.bundle import ATTRIBUTE_TYPES, AttributeData, CaseData, ImportBundle
from qodex.errors import QodexError
from qodex.escape import csv_text
from qodex.extensions import Importer, Option
from qodex.limits import MAX_CELLS, MAX_COLUMNS
from qodex.plugins.importers.files import check_file
from qodex.plugins.importers.tables import header, is_codebook, is_codings
from qodex.plugins.importers.txt import read_file

MAX_BYTES = 128 * 2**20
CASE_COLUMNS = ("case", "participant", "pseudonym", "name", "id")
FILE_COLUMNS = ("file", "filename", "file name", "source", "transcript")
MAX_CATEGORIES = 20
NUMBER = re.compile(r"[-+]?(?:0|[1-9]\d*)(?:[.,]\d+)?")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
Row = tuple[int, list[Any]]  # line (or spreadsheet row) number, cell values


def _types(spec: str) -> dict[str, str]:
    """``col=type,col=type`` -> {col: type}."""
    found = {}
    for item in filter(None, (part.strip() for part in spec.split(","))):
        column, _, kind = item.rpartition("=")
        if not column or kind not in ATTRIBUTE_TYPES:
            raise ValueError(f"{item!r} is not column=type (types: {', '.join(ATTRIBUTE_TYPES)})")
        found[column.strip()] = kind
    return found


OPTIONS = (
    Option("case", "column holding the case names"),
    Option("file", "column holding the file (or source) names of each case's sources"),
    Option("pattern", "source name made from columns, e.g. {id}-interview (instead of a file column)"),
    Option("types", "column types overriding the inferred ones, e.g. age=number,band=category", {},
           _types),
    Option("sheet", "worksheet to read from an .xlsx (default: the first)"),
)


def read(path: Path, options: dict) -> ImportBundle:
    """One case per row with its attribute values, and its sources named by file or pattern."""
    columns, rows = _read_xlsx(path, options["sheet"]) if path.suffix.lower() == ".xlsx" else _read_csv(path)
    case = _column(columns, options["case"], CASE_COLUMNS, path.name) or columns[0]
    files = _column(columns, options["file"], FILE_COLUMNS if not options["pattern"] else (), path.name)
    attributes, typed = _attributes(columns, rows, (case, files), options["types"], path.name)
    cases, seen, at = [], {}, columns.index(case)
    for line, values in rows:
        name = _case_name(values[at], case, seen, path.name, line)
        links = _sources(dict(zip(columns, values, strict=True)), files, options["pattern"], path.name,
                         line) if files or options["pattern"] else []
        cases.append(CaseData(name, attributes=_convert(values, typed, path.name, line), sources=links))
    return ImportBundle(attributes=attributes, cases=cases)


def _attributes(columns: list[str], rows: list[Row], skip: tuple[str | None, ...], types: dict[str, str],
                name: str) -> tuple[list[AttributeData], list[tuple[str, int, str]]]:
    """The attributes of the columns not in `skip`, and (column, index, type) for each."""
    if unknown := set(types) - set(columns):
        raise QodexError(f"{name}: no column {', '.join(sorted(unknown))} to set a type for")
    data = [(c, i) for i, c in enumerate(columns) if c not in skip]
    kinds = {c: types.get(c) or _infer([r[i] for _, r in rows]) for c, i in data}
    attributes = [AttributeData(c, kinds[c], _allowed(rows, i) if kinds[c] == "category" else None)
                  for c, i in data]
    return attributes, [(c, i, kinds[c]) for c, i in data]


def _case_name(value: Any, column: str, seen: dict[str, int], name: str, line: int) -> str:
    """The case named on `line`, which must be present and new; notes it in `seen`."""
    case = _text(value)
    if not case:
        raise QodexError(f"{name}: line {line}: no case name in column {column!r}")
    if case in seen:
        raise QodexError(f"{name}: line {line}: case {case!r} again (first on line {seen[case]})")
    seen[case] = line
    return case


def _column(columns: list[str], chosen: str | None, usual: tuple[str, ...], name: str) -> str | None:
    """The column `chosen` (which must exist), else the first with a usual name."""
    if chosen:
        if chosen not in columns:
            raise QodexError(f"{name}: no column {chosen!r} (columns: {', '.join(columns)})")
        return chosen
    lowered = {c.strip().lower(): c for c in columns}
    return next((lowered[u] for u in usual if u in lowered), None)


def _sources(record: dict[str, Any], files: str | None, pattern: str | None, name: str,
             line: int) -> list[str]:
    if pattern:
        try:
            return [pattern.format_map({k: _text(v) for k, v in record.items()})]
        except (KeyError, ValueError, IndexError) as exc:
            raise QodexError(f"{name}: line {line}: pattern {pattern!r} does not fit the columns "
                             f"({exc})") from exc
    return [f.strip() for f in _text(record[files]).split(";") if f.strip()] if files else []


# reading -------------------------------------------------------------------------------------
def _read_csv(path: Path) -> tuple[list[str], list[Row]]:
    text, _ = read_file(path)
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    if text.count(delimiter) + text.count("\n") >= MAX_CELLS:
        raise QodexError(f"{path.name}: more than {MAX_CELLS:,} cells; refused")
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        return _table(((reader.line_num, list(map(csv_text, row))) for row in reader), path.name)
    except csv.Error as exc:
        raise QodexError(f"{path.name}: line {reader.line_num}: {exc}") from exc


def _read_xlsx(path: Path, sheet: str | None) -> tuple[list[str], list[Row]]:
    from qodex.plugins.importers.xlsx import sheet_rows
    from qodex.safety import open_zip

    check_file(path, "an Excel workbook (.xlsx)", MAX_BYTES, magic=b"PK")
    with open_zip(path, "Excel workbook (.xlsx)") as archive:
        return _table(sheet_rows(archive, path.name, sheet), path.name)


def _table(numbered: Iterator[tuple[int, Any]], name: str) -> tuple[list[str], list[Row]]:
    """The header (first non-empty row) and the rows after it, each as long as the header."""
    columns, rows = None, []
    for line, row in numbered:
        values = [_cell(v) for v in row]
        if all(v is None for v in values):
            continue
        if columns is None:
            columns = _header(values, line, name)
            continue
        while len(values) > len(columns) and values[-1] is None:
            values.pop()
        if len(values) > len(columns):
            raise QodexError(f"{name}: line {line}: {len(values)} values for {len(columns)} columns")
        rows.append((line, values + [None] * (len(columns) - len(values))))
    if columns is None:
        raise QodexError(f"{name}: the table is empty")
    return columns, rows


def _header(values: list[Any], line: int, name: str) -> list[str]:
    while values and values[-1] is None:
        values.pop()
    columns = [_text(v) for v in values]
    if len(columns) > MAX_COLUMNS:
        raise QodexError(f"{name}: line {line}: {len(columns):,} columns, more than the "
                         f"{MAX_COLUMNS:,} a table may have; refused")
    seen = set()
    for n, column in enumerate(columns, 1):
        if not column:
            raise QodexError(f"{name}: line {line}: column {n} has no name")
        if column in seen:
            raise QodexError(f"{name}: line {line}: two columns called {column!r}")
        seen.add(column)
    return columns


# types ---------------------------------------------------------------------------------------
def _cell(value: Any) -> Any:
    """A cell as read: None when blank, text stripped, whole floats as int, midnight as a date."""
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, datetime) and value.time() == datetime.min.time():
        return value.date()
    return value


def _text(value: Any) -> str:
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, date) else str(value)


def _number(value: Any) -> int | float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return value
    if not isinstance(value, str) or not NUMBER.fullmatch(value):
        return None
    if "." in value or "," in value:
        return float(value.replace(",", "."))
    return int(value)


def _date(value: Any) -> str | None:
    if isinstance(value, date):
        return (value.date() if isinstance(value, datetime) else value).isoformat()
    if not isinstance(value, str) or not ISO_DATE.fullmatch(value):
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        return None


def _boolean(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    text = _text(value).lower()
    return True if text in ("true", "yes", "y", "1") else False if text in ("false", "no", "n", "0") else None


CONVERT = {"number": _number, "date": _date, "boolean": _boolean, "category": _text, "text": _text}
WANTED = {"number": "a number", "date": "a date (YYYY-MM-DD)", "boolean": "true or false"}


def _infer(values: list[Any]) -> str:
    present = [v for v in values if v is not None]
    if not present:
        return "text"
    if all(_number(v) is not None for v in present):
        return "number"
    if all(_date(v) is not None for v in present):
        return "date"
    distinct = {_text(v) for v in present}
    return "category" if len(distinct) <= min(MAX_CATEGORIES, len(present) * 2 / 3) else "text"


def _allowed(rows: list[Row], index: int) -> list[str]:
    return list(dict.fromkeys(_text(r[index]) for _, r in rows if r[index] is not None))


def _convert(values: list[Any], typed: list[tuple[str, int, str]], name: str, line: int) -> dict:
    """A row's values as their columns' types store them; one that does not fit names its line."""
    converted = {}
    for column, index, kind in typed:
        value = values[index]
        converted[column] = None if value is None else CONVERT[kind](value)
        if converted[column] is None and value is not None:
            raise QodexError(f"{name}: line {line}, column {column!r}: {_text(value)!r} is not "
                             f"{WANTED[kind]}")
    return converted


def is_participants(path: Path) -> bool:
    """A CSV with a header row that is neither a codebook nor a codings table."""
    return bool(header(path)) and not is_codebook(path) and not is_codings(path)


@hookimpl
def register_importers(register):
    register(Importer("participants", (".csv", ".xlsx"), read,
                      "Participant tables: one case per row, typed attributes, linked sources",
                      sniff=is_participants, options=OPTIONS))
