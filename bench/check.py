"""`qodex check` on one long transcript (target: a 200 MiB transcript in seconds: linear in size).

    python bench/check.py [--mib 200] [--codings 100000]

Builds a project with one transcript of `--mib` MiB and `--codings` codings spread over it, then
times `check` (SQLite integrity, foreign keys, every span inside its text, stored texts).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from common import report, transcript

from qodex.project import Project
from qodex.project.check import check


def build(path: Path, mib: int, codings: int) -> int:
    """The project at `path`; returns its transcript's length in characters."""
    block = transcript(1, 8000)
    text = block * (mib * 2**20 // len(block.encode("utf-8")) + 1)
    step = max(1, (len(text) - 200) // codings)
    with Project.create(path) as project:
        source = project.sources.add("T001", text)
        code = project.codes.add("Theme")
        project.codings.add_many((source.id, code.id, i * step, i * step + 100) for i in range(codings))
        return len(source.text)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mib", type=int, default=200)
    parser.add_argument("--codings", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "long.qodex"
        length = build(path, args.mib, args.codings)
        with Project.open(path) as project:
            start = time.perf_counter()
            problems = check(project)
            seconds = time.perf_counter() - start
    report("qodex check on one long transcript", [(f"{length:,}", f"{args.codings:,}", str(len(problems)),
                                                    f"{seconds:.2f}")],
           ("characters", "codings", "problems", "seconds"))


if __name__ == "__main__":
    main()
