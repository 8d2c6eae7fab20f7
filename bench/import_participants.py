"""Participant tables: read and import 10,000 rows from CSV and from XLSX (target: under a second).

    python bench/import_participants.py [--rows 10000]

Each table has a case name, two numbers, a date, three categories and two free-text columns (no file
column: there are no sources to link). "read" is the importer alone; "import" also stores the cases
and values in a new project. The floor is Python's csv module reading the same CSV into lists.
Times are the best of three.
"""

from __future__ import annotations

import argparse
import csv
import random
import tempfile
from datetime import date, timedelta
from pathlib import Path

from common import best_of, report

from qodex.escape import csv_writer
from qodex.extensions import parse_options
from qodex.host import get_host
from qodex.importing import import_files
from qodex.plugins.importers import participants
from qodex.project import Project

HEADER = ["participant", "recording", "age", "practice", "interviewed", "sex", "band", "regular", "notes"]


def rows(count: int) -> list[list]:
    rng = random.Random(10)
    start = date(2006, 3, 1)
    return [[f"P{n:05d}", f"P{n:05d}.docx", rng.randint(18, 90), rng.randint(1, 12),
             start + timedelta(days=rng.randint(0, 365)), rng.choice(["female", "male"]),
             rng.choice(["18-35", "36-54", "55-82", "83+"]), rng.choice(["yes", "no"]),
             f"note {rng.random():.6f}"] for n in range(count)]


def write_tables(folder: Path, count: int) -> tuple[Path, Path]:
    from openpyxl import Workbook

    data = rows(count)
    with open(folder / "people.csv", "w", newline="", encoding="utf-8") as handle:
        csv_writer(handle).writerows([HEADER, *[[*r[:4], r[4].isoformat(), *r[5:]] for r in data]])
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    for row in [HEADER, *data]:
        sheet.append(row)
    book.save(folder / "people.xlsx")
    return folder / "people.csv", folder / "people.xlsx"


def store(path: Path, db: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    with Project.create(db, host=get_host()) as project:
        import_files(project, [path], get_host().registry, fmt="participants")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()
    options = parse_options(participants.OPTIONS, [], "participants")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        csv_path, xlsx_path = write_tables(folder, args.rows)
        sizes = {p.suffix: p.stat().st_size / 2**20 for p in (csv_path, xlsx_path)}
        with open(csv_path, newline="", encoding="utf-8") as handle:
            floor = best_of(lambda: list(csv.reader(handle)), setup=lambda: handle.seek(0))
        times = {
            "csv module (floor)": floor,
            "read CSV": best_of(lambda: participants.read(csv_path, options)),
            "import CSV (read + store)": best_of(lambda: store(csv_path, folder / "c.qodex")),
            "read XLSX": best_of(lambda: participants.read(xlsx_path, options)),
            "import XLSX (read + store)": best_of(lambda: store(xlsx_path, folder / "x.qodex")),
        }
    rows_ = [(name, f"{t:.3f} s", f"{t / floor:.1f}x") for name, t in times.items()]
    report(f"{args.rows:,} participants: CSV {sizes['.csv']:.1f} MiB, XLSX {sizes['.xlsx']:.1f} MiB",
           rows_, ("step", "time", "vs csv"))


if __name__ == "__main__":
    main()
