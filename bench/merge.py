"""Merging two coders' copies of a 200-source, 100,000-coding project (target: under 5 s).

    python bench/merge.py [--sources 200] [--codings 100000] [--extra 5000]

Both copies start from one project; then each coder adds `--extra` codings, one copy renames a
code and the other corrects a typo in a coded source, so the merge meets duplicates, new work and
conflicts. Timed: `merge(A, B)` including its snapshot, then the same as a dry run.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

from common import report, transcript

from qodex.project import Project
from qodex.project.backup import backup
from qodex.project.edit import Edit, edit_source
from qodex.project.merge import merge


def build(path: Path, sources: int, codings: int) -> None:
    rng = random.Random(1)
    with Project.create(path, coder="astrid") as project, project.transaction():
        lengths = [len(project.sources.add(f"T{i:03d}", transcript(i, 3000)).text)
                   for i in range(sources)]
        codes = [project.codes.ensure(f"Theme {t}/Code {c}").id for t in range(6) for c in range(5)]
        project.codings.add_many(_random_codings(rng, lengths, codes, codings))


def _random_codings(rng, lengths, codes, count):
    for _ in range(count):
        source = rng.randrange(len(lengths))
        start = rng.randrange(lengths[source] - 200)
        yield source + 1, rng.choice(codes), start, start + rng.randint(20, 200)


def add_work(path: Path, coder: str, count: int, seed: int) -> None:
    rng = random.Random(seed)
    with Project.open(path, coder=coder) as project:
        lengths = [len(s.text) for s in project.sources]
        codes = [c.id for c in project.codes]
        project.codings.add_many(_random_codings(rng, lengths, codes, count))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sources", type=int, default=200)
    parser.add_argument("--codings", type=int, default=100_000)
    parser.add_argument("--extra", type=int, default=5000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        base, a, b = (Path(folder) / f"{n}.qodex" for n in ("base", "astrid", "bjorn"))
        build(base, args.sources, args.codings)
        with Project.open(base) as project:
            backup(project, a)
            backup(project, b)
        add_work(a, "astrid", args.extra, 2)
        add_work(b, "bjorn", args.extra, 3)
        with Project.open(a, coder="astrid") as mine:
            edit_source(mine, "T000", [Edit(0, 11, "Researcher")], force=True)
        with Project.open(b, coder="bjorn") as theirs:
            theirs.codes.update("Theme 0/Code 0", name="Code zero")
        rows = []
        with Project.open(a, coder="astrid") as mine, Project.open(b) as theirs:
            before = len(mine.codings)
            for dry in (True, False):
                start = time.perf_counter()
                result = merge(mine, theirs, dry_run=dry)
                seconds = time.perf_counter() - start
                rows.append(("dry run" if dry else "merge", f"{before:,}", f"{len(theirs.codings):,}",
                             f"{result.added['codings']:,}", str(len(result.conflicts)), f"{seconds:.2f}"))
    report(f"Merge of two copies ({args.sources} sources, {args.codings:,} codings in common)", rows,
           ("run", "codings A", "codings B", "added", "conflicts", "seconds"))


if __name__ == "__main__":
    main()
