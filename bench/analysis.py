"""Analysis cost: the code x source matrix and code co-occurrence at several sizes.

    python bench/analysis.py [--sizes 100000,300000,1000000] [--cooccurrence 10000,30000,100000]

Each project has 1,000 sources of 20,000 characters, 50 codes, and codings of 20-400 characters at
random places (about 2.5 overlapping codings per coding at 100,000 codings), added with the bulk API.
Goals: the matrix over 1,000,000 codings under 0.3 s; co-occurrence over 100,000 under 1 s.
The SQL floor is the bare indexed aggregate the matrix starts from, to compare machines.
"""

from __future__ import annotations

import argparse
import random
import tempfile
from pathlib import Path

from common import best_of, report

from qodex.host import get_host
from qodex.plugins.analysis.cooccurrence import cooccurrence
from qodex.plugins.analysis.matrix import matrix
from qodex.project import Project

SOURCES, LENGTH, CODES = 1000, 20_000, 50
FLOOR = "SELECT code_id, source_id, count(*) FROM codings GROUP BY code_id, source_id"


def build(path: Path, codings: int) -> Project:
    project = Project.create(path, host=get_host())
    rng = random.Random(codings)
    with project.transaction():
        sources = [project.sources.add(f"S{i:04d}", "x" * LENGTH).id for i in range(SOURCES)]
        codes = [project.codes.add(f"Code {i:02d}").id for i in range(CODES)]
    rows = []
    for _ in range(codings):
        start = rng.randrange(LENGTH - 400)
        rows.append((rng.choice(sources), rng.choice(codes), start, start + rng.randint(20, 400)))
    project.codings.add_many(rows)
    project.close()  # analyses run on a file at rest, its write-ahead log checkpointed
    return Project.open(path, host=get_host())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,300000,1000000")
    parser.add_argument("--cooccurrence", default="10000,30000,100000")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for n in map(int, args.sizes.split(",")):
            with build(Path(folder) / f"m{n}.qodex", n) as project:
                floor = best_of(lambda p=project: p.conn.execute(FLOOR).fetchall())
                for chars in (False, True):
                    seconds = best_of(lambda p=project, c=chars: matrix(p, "source", chars=c))
                    rows.append((f"code x source matrix{' with chars' if chars else ''}", f"{n:,}",
                                 f"{seconds:.3f}", f"{floor:.3f}", "0.3 s at 1,000,000"))
        for n in map(int, args.cooccurrence.split(",")):
            with build(Path(folder) / f"c{n}.qodex", n) as project:
                found: list = []
                seconds = best_of(lambda p=project, f=found: f.append(cooccurrence(p, "overlap")))
                pairs = sum(pair.count for pair in found[-1])
                rows.append((f"co-occurrence, overlap ({pairs:,} pairs)", f"{n:,}", f"{seconds:.3f}",
                             "", "1 s at 100,000"))
    report("Analysis", rows, ("query", "codings", "seconds", "SQL floor", "goal"))


if __name__ == "__main__":
    main()
