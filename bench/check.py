"""`qodex check`: one long transcript, or many, and what each of its checks costs.

    python bench/check.py [--mib 200] [--codings 100000]
    python bench/check.py --sources 200 --codings 1000000

Builds a project with one transcript of `--mib` MiB (or `--sources` transcripts of ~8,000 words)
and `--codings` codings spread over them, then times `check` and each of its parts (SQLite's
quick_check, the codings' covering index read by code and source, the indices summed up against
their tables, foreign keys, every span inside its text, memo targets, stored texts, the counts
kept) beside SQLite's full `integrity_check` (`check --full`). Every part reads the file in order,
so the time grows linearly with it (target: 10 M codings in under 30 s).
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

from common import report, transcript

from qodex.project import Project
from qodex.project import check as checks
from qodex.project.opening import damage


def build(path: Path, mib: int, sources: int, codings: int) -> int:
    """The project at `path`; returns its texts' length in characters."""
    if sources > 1:
        texts = [transcript(i) for i in range(sources)]
    else:
        block = transcript(1, 8000)
        texts = [block * (mib * 2**20 // len(block.encode("utf-8")) + 1)]
    rng = random.Random(codings)
    with Project.create(path) as project, project.transaction():
        ids = [project.sources.add(f"T{i:04d}", text).id for i, text in enumerate(texts)]
        codes = [project.codes.add(f"Code {i:03d}").id for i in range(100)]
        rows = []
        for _ in range(codings):
            n = rng.randrange(len(ids))
            start = rng.randrange(len(texts[n]) - 400)
            rows.append((ids[n], rng.choice(codes), start, start + rng.randint(20, 400)))
        project.codings.add_many(rows)
    return sum(map(len, texts))


def timed(fn) -> tuple[float, float]:
    """(wall, CPU) seconds of one call."""
    start, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - start, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mib", type=int, default=200)
    parser.add_argument("--sources", type=int, default=1)
    parser.add_argument("--codings", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "check.qodex"
        length = build(path, args.mib, args.sources, args.codings)
        megabytes = path.stat().st_size / 2**20
        with Project.open(path) as project:
            read, (_, sources) = checks._read_codings(project.conn), checks._texts(project)
            parts = [("check", lambda: checks.check(project)),
                     ("  quick_check", lambda: damage(project.conn)),
                     ("  codings by code and source", lambda: checks._read_codings(project.conn)),
                     ("  indices against tables", lambda: checks._index_disagreement(
                         project.conn, {checks.COVERING: read.sums})),
                     ("  foreign keys", lambda: checks._foreign_keys(project, read)),
                     ("  spans", lambda: checks._spans(project, read, sources)),
                     ("  memo targets", lambda: checks._memo_targets(project)),
                     ("  texts (and their lengths)", lambda: checks._texts(project)),
                     ("  counts kept", lambda: checks._counts(project, read)),
                     ("check --full", lambda: checks.check(project, full=True))]
            rows = [(name, *(f"{s:.2f}" for s in timed(fn))) for name, fn in parts]
    report(f"qodex check: {args.sources} source(s), {length:,} characters, {args.codings:,} codings,"
           f" {megabytes:,.0f} MiB", rows, ("part", "wall s", "CPU s"))


if __name__ == "__main__":
    main()
