"""CSV tables that describe a study's codebook and codings, told apart by their header row.

A codebook has a ``code`` column (a "/"-separated path) and no ``source``; codings have ``source``,
``code`` and either ``quote`` or ``start`` and ``end``, and optionally ``coder``, ``occurrence``,
``memo`` and ``counter`` (a counter-instance's kind: denial, hypothetical, third-party or a label;
empty for a supporting coding). Both are UTF-8 (a BOM is fine).
"""

from __future__ import annotations

import csv
from pathlib import Path

from qodex import hookimpl
from qodex.bundle import CodeData, CodingData, ImportBundle
from qodex.errors import QodexError
from qodex.escape import csv_text
from qodex.extensions import Importer
from qodex.plugins.importers.txt import read_file
from qodex.project.codings import counter_kind


def header(path: Path) -> set[str]:
    """The lower-cased column names of a CSV file, or nothing if it cannot be read."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            return {c.strip().lower() for c in next(csv.reader(handle), [])}
    except (OSError, UnicodeDecodeError, csv.Error):
        return set()


def rows(path: Path, required: set[str]) -> list[tuple[int, dict[str, str]]]:
    """(line number, row) pairs with lower-cased keys; refuses a file missing required columns."""
    text, _ = read_file(path)
    reader = csv.DictReader(text.splitlines())
    columns = {(c or "").strip().lower() for c in reader.fieldnames or []}
    if missing := required - columns:
        raise QodexError(f"{path.name}: missing column(s) {', '.join(sorted(missing))}")
    found = []
    for row in reader:
        if None in row:  # DictReader's key for fields beyond the header
            raise QodexError(f"{path.name}: line {reader.line_num} has more fields than the header")
        found.append((reader.line_num, {(k or "").strip().lower(): csv_text((v or "").strip())
                                        for k, v in row.items()}))
    return found


def is_codebook(path: Path) -> bool:
    columns = header(path)
    return "code" in columns and "source" not in columns


def is_codings(path: Path) -> bool:
    columns = header(path)
    return {"source", "code"} <= columns and ("quote" in columns or {"start", "end"} <= columns)


def read_codebook(path: Path, options: dict) -> ImportBundle:
    """Codes with descriptions (an example, if given, is appended) and colours; parents first."""
    codes = []
    for line, row in rows(path, {"code"}):
        code_path = row["code"]
        if not code_path:
            raise QodexError(f"{path.name}, line {line}: empty code")
        parent, _, name = code_path.rpartition("/")
        description = row.get("description") or None
        if row.get("example"):
            description = f"{description or ''}\n\nExample: “{row['example']}”".strip()
        codes.append(CodeData(name=name, parent=parent or None, ref=code_path,
                              colour=row.get("colour") or row.get("color") or None,
                              description=description))
    return ImportBundle(codes=codes)


def read_codings(path: Path, options: dict) -> ImportBundle:
    """Codings located by quote (and occurrence) or by start/end offsets."""
    codings = []
    for line, row in rows(path, {"source", "code"}):
        try:
            codings.append(_coding(row))
        except (ValueError, QodexError) as exc:
            raise QodexError(f"{path.name}, line {line}: {exc}") from exc
    return ImportBundle(codings=codings)


def _coding(row: dict[str, str]) -> CodingData:
    if not row["source"] or not row["code"]:
        raise ValueError("a coding needs a source and a code")
    common = {"source": row["source"], "code": row["code"], "coder": row.get("coder") or None,
              "memo": row.get("memo") or None, "counter": counter_kind(row.get("counter"))}
    if row.get("quote"):
        occurrence = int(row["occurrence"]) if row.get("occurrence") else None
        return CodingData(quote=row["quote"], occurrence=occurrence, **common)
    return CodingData(start=int(row["start"]), end=int(row["end"]), **common)


@hookimpl
def register_importers(register):
    register(Importer("codebook-csv", (".csv",), read_codebook,
                      "Codebook table: code path, description, example, colour", sniff=is_codebook))
    register(Importer("codings-csv", (".csv",), read_codings,
                      "Codings table: source, code, coder, quote (or start, end), occurrence, memo,"
                      " counter",
                      sniff=is_codings))
