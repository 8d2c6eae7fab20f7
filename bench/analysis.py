"""Analysis cost: the code x source matrix and code co-occurrence at several sizes.

    python bench/analysis.py [--sizes 100000,300000,1000000] [--cooccurrence 10000,30000,100000]

Each project has 1,000 sources of 20,000 characters in speaker turns of 500, 50 codes, and codings
of 20-400 characters at random places (about 2.5 overlapping codings per coding at 100,000 codings),
added with the bulk API. Goals: the matrix over 1,000,000 codings under 0.3 s; co-occurrence over
100,000 under 1 s. The SQL floors, to compare machines: the bare index-only aggregate the matrix
runs, and reading the codings in (source, start) order as co-occurrence does.
"""

from __future__ import annotations

import argparse
import random
import tempfile
from pathlib import Path

from common import best_of, report

from qodex.bundle import SegmentData
from qodex.host import get_host
from qodex.plugins.analysis.cooccurrence import cooccurrence
from qodex.plugins.analysis.matrix import matrix
from qodex.project import Project

SOURCES, LENGTH, CODES, TURN = 1000, 20_000, 50, 500
FLOOR = "SELECT code_id, source_id, count(*){} FROM codings GROUP BY code_id, source_id"
READ = 'SELECT id, source_id, code_id, start, "end", coder_id FROM codings ORDER BY source_id, start, id'
MODES = (("overlap", 0), ("near", 50), ("turn", 0))


def build(path: Path, codings: int) -> Project:
    project = Project.create(path, host=get_host())
    rng = random.Random(codings)
    with project.transaction():
        turns = [SegmentData("turn", a, a + TURN, "S") for a in range(0, LENGTH, TURN)]
        sources = [project.sources.add(f"S{i:04d}", "x" * LENGTH, segments=turns).id
                   for i in range(SOURCES)]
        codes = [project.codes.add(f"Code {i:02d}").id for i in range(CODES)]
    rows = []
    for _ in range(codings):
        start = rng.randrange(LENGTH - 400)
        rows.append((rng.choice(sources), rng.choice(codes), start, start + rng.randint(20, 400)))
    project.codings.add_many(rows)
    project.close()  # analyses run on a file at rest, its write-ahead log checkpointed
    return Project.open(path, host=get_host())


def bench_matrix(project: Project, n: int) -> list[tuple]:
    rows = []
    for chars in (False, True):
        floor = best_of(lambda p=project, c=chars: p.conn.execute(
            FLOOR.format(', sum("end" - start)' if c else "")).fetchall())
        seconds = best_of(lambda p=project, c=chars: matrix(p, "source", chars=c))
        rows.append((f"code x source matrix{' with chars' if chars else ''}", f"{n:,}",
                     f"{seconds:.3f}", f"{floor:.3f}", "0.3 s at 1,000,000"))
    return rows


def bench_cooccurrence(project: Project, n: int) -> list[tuple]:
    rows, floor = [], best_of(lambda p=project: p.conn.execute(READ).fetchall())
    for mode, distance in MODES:
        found: list = []
        seconds = best_of(lambda p=project, f=found, m=mode, d=distance: f.append(
            cooccurrence(p, m, d)))
        pairs = sum(pair.count for pair in found[-1])
        rows.append((f"co-occurrence, {mode}{f' {distance}' if distance else ''} ({pairs:,} pairs)",
                     f"{n:,}", f"{seconds:.3f}", f"{floor:.3f}", "1 s at 100,000"))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,300000,1000000")
    parser.add_argument("--cooccurrence", default="10000,30000,100000")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for n in map(int, args.sizes.split(",")):
            with build(Path(folder) / f"m{n}.qodex", n) as project:
                rows += bench_matrix(project, n)
        for n in map(int, args.cooccurrence.split(",")):
            with build(Path(folder) / f"c{n}.qodex", n) as project:
                rows += bench_cooccurrence(project, n)
    report("Analysis (best of 3, seconds)", rows, ("query", "codings", "seconds", "SQL floor", "goal"))


if __name__ == "__main__":
    main()
