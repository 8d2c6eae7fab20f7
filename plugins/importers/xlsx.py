"""Read one sheet of an Excel workbook (.xlsx) as rows of cell values, streaming its XML.

Values as Excel stores them: text, int or float, bool, and datetime for numbers in a date format
(cached results for formulas). Every member is read and parsed through `qodex.safety`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import PurePosixPath
from typing import Any

from qodex.errors import QodexError
from qodex.limits import MAX_CELLS, MAX_COLUMNS, MAX_ROWS

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
DATE_FORMAT_IDS = {*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)}
NOT_DATE = re.compile(r'"[^"]*"|\[[^]]*\]|\\.|_.|\*.')  # quoted text, [colour], escapes, padding
V, T = f"{MAIN}v", f"{MAIN}t"


def sheet_rows(archive, name: str, sheet: str | None) -> Iterator[tuple[int, list[Any]]]:
    """``(row number, values)`` of the sheet called `sheet` (default: the first), row by row."""
    from qodex.safety import pull_xml, read_member

    book = _parse(archive, "xl/workbook.xml", name)
    sheets = {s.get("name"): s.get(R_ID) for s in book.iter(f"{MAIN}sheet")}
    if sheet and sheet not in sheets:
        raise QodexError(f"{name}: no sheet {sheet!r} (sheets: {', '.join(sheets)})")
    if not sheets:
        raise QodexError(f"{name}: the workbook has no sheets")
    targets = _targets(archive, name)
    pr = book.find(f"{MAIN}workbookPr")
    member = targets.get(sheets[sheet] if sheet else next(iter(sheets.values())))
    where = f"{name} ({member})"
    cells = _Cells(_shared_strings(archive, targets, name), _date_styles(archive, targets, name),
                   pr is not None and pr.get("date1904") in ("1", "true"), where)
    events = pull_xml([read_member(archive, member, name)], where, ("end",), f"{MAIN}row")
    try:
        yield from cells.rows(events)
    except (ValueError, IndexError) as exc:
        raise QodexError(f"{where}: a cell that cannot be read ({exc})") from exc


def _parse(archive, member: str, name: str):
    from qodex.safety import parse_xml, read_member

    return parse_xml(read_member(archive, member, name), f"{name} ({member})")


def _targets(archive, name: str) -> dict[str, str]:
    """The workbook's parts by relationship id: ``{"rId1": "xl/worksheets/sheet1.xml", ...}``."""
    rels = _parse(archive, "xl/_rels/workbook.xml.rels", name)
    found = {}
    for rel in rels.iter(f"{RELS}Relationship"):
        target = rel.get("Target", "")
        path = target[1:] if target.startswith("/") else str(PurePosixPath("xl", target))
        found[rel.get("Id")] = found[rel.get("Type", "").rsplit("/", 1)[-1]] = path
    return found


def _shared_strings(archive, targets: dict[str, str], name: str) -> list[str]:
    if "sharedStrings" not in targets:
        return []
    return [_text(si) for si in _parse(archive, targets["sharedStrings"], name).iter(f"{MAIN}si")]


def _text(element) -> str:
    """The text of a string item or inline string, without phonetic hints."""
    if len(element) == 1 and element[0].tag == T:  # plain text, no runs
        return element[0].text or ""
    return "".join(t.text or "" for t in element.iter(T) if t.getparent().tag != f"{MAIN}rPh")


def _date_styles(archive, targets: dict[str, str], name: str) -> set[int]:
    """Indices of the cell styles whose number format shows a date."""
    if "styles" not in targets:
        return set()
    styles = _parse(archive, targets["styles"], name)
    dates = {int(f.get("numFmtId")) for f in styles.iter(f"{MAIN}numFmt")
             if re.search("[dmy]", NOT_DATE.sub("", f.get("formatCode", "").split(";")[0].lower()))}
    xfs = styles.find(f"{MAIN}cellXfs")
    return {n for n, xf in enumerate(xfs if xfs is not None else ())
            if int(xf.get("numFmtId", 0)) in dates | DATE_FORMAT_IDS}


class _Cells:
    """Turns `<row>` elements into lists of values, refusing a sheet larger than Excel allows or
    with more than `MAX_CELLS` cells."""

    def __init__(self, shared: list[str], dates: set[int], date1904: bool, where: str):
        self.shared, self.dates, self.where = shared, dates, where
        self.epoch = datetime(1904, 1, 1) if date1904 else datetime(1899, 12, 30)
        self.columns: dict[str, int] = {}
        self.cells = 0

    def rows(self, events) -> Iterator[tuple[int, list[Any]]]:
        number = 0
        for _, row in events:
            number = int(row.get("r") or number + 1)
            if number > MAX_ROWS:
                raise QodexError(f"{self.where}: row {number:,} is beyond row {MAX_ROWS:,}, the last "
                                 "a sheet can have; refused")
            if len(row) > MAX_COLUMNS:
                raise QodexError(f"{self.where}: row {number:,} has more than {MAX_COLUMNS:,} cells, "
                                 "the most a sheet can have; refused")
            values = [self.value(cell) for cell in row] if self.dense(row) else self.sparse(row)
            self.cells += len(values)
            if self.cells > MAX_CELLS:
                raise QodexError(f"{self.where}: more than {MAX_CELLS:,} cells; refused")
            row.clear()
            while row.getprevious() is not None:  # rows read are dropped: memory stays small
                del row.getparent()[0]
            yield number, values

    def dense(self, row) -> bool:
        """Whether no cell is left out of the row: its last is in the column its place says."""
        return not len(row) or self.column(row[-1].get("r", "")) in (-1, len(row) - 1)

    def sparse(self, row) -> list[Any]:
        """The values of a row with cells left out, as None."""
        values: list[Any] = []
        for cell in row:
            ref = cell.get("r")
            if ref and (gap := self.column(ref) - len(values)) > 0:
                values += [None] * gap
            values.append(self.value(cell))
        return values

    def column(self, ref: str) -> int:
        """The column index of a cell reference: ``A1`` -> 0, ``AA7`` -> 26; refuses one beyond
        the last column a sheet can have (XFD)."""
        letters = ref.rstrip("0123456789")
        if letters not in self.columns:
            n = 0
            for letter in letters[:4]:
                n = n * 26 + ord(letter) - 64
            if len(letters) > 3 or n > MAX_COLUMNS:
                raise QodexError(f"{self.where}: cell {ref[:20]} is beyond column XFD, the last a "
                                 "sheet can have; refused")
            self.columns[letters] = n - 1
        return self.columns[letters]

    def value(self, cell) -> Any:
        if not len(cell):
            return None
        kind, last = cell.get("t", "n"), cell[-1]  # <v> comes last, after a formula's <f>
        if kind == "inlineStr":
            return _text(last)
        if last.tag != V or not last.text:
            return None
        if kind == "s":
            return self.shared[int(last.text)]
        if kind == "b":
            return last.text == "1"
        if kind == "n":
            return self.number(last.text, int(cell.get("s", 0)) in self.dates)
        if kind == "d":
            return datetime.fromisoformat(last.text)
        return last.text  # "str" (a formula's text) or "e" (an error such as #N/A)

    def number(self, text: str, is_date: bool) -> Any:
        try:
            number = int(text)
        except ValueError:
            number = float(text)
        if not is_date:
            return number
        day, fraction = divmod(number, 1)
        if self.epoch.year == 1899 and number < 60:  # Excel counts a 29 February 1900
            day += 1
        return self.epoch + timedelta(days=day, milliseconds=round(fraction * 86_400_000))
