"""Concurrent writers on one project file: codings per second, four processes against one.

    python bench/concurrency.py [--codings 1000] [--writers 4]

Each writer is its own process and coder, and adds its codings one at a time, each in its own
transaction (as a coder in the TUI does), all starting together. Also run by the tests as
``python bench/concurrency.py --worker PROJECT CODER N GO`` (one writer, waiting for the file GO).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import report

from qodex.project import Project

TEXT = "Anne: I trust my own doctor, he knows me and my family. " * 40


def make_project(path: Path) -> None:
    """A project with one source and one code, ready for writers."""
    with Project.create(path, coder="setup") as project:
        project.sources.add("P01", TEXT)
        project.codes.add("Trust")


def worker(path: Path, coder: str, count: int, go: Path) -> None:
    """Wait for `go` to exist, then add `count` codings, one transaction each."""
    with Project.open(path, coder=coder) as project:
        source, code = project.sources.get("P01").id, project.codes.get("Trust").id
        while not go.exists():
            time.sleep(0.001)
        for i in range(count):
            start = i % (len(TEXT) - 10)
            project.codings.add(source, code, start, start + 10)


def run_writers(path: Path, writers: int, count: int) -> tuple[float, list[subprocess.CompletedProcess]]:
    """Start `writers` processes at once; the seconds from the start until the last one ends."""
    go = path.with_suffix(".go")
    go.unlink(missing_ok=True)
    procs = [subprocess.Popen([sys.executable, __file__, "--worker", str(path), f"coder{n}",
                               str(count), str(go)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True) for n in range(writers)]
    time.sleep(1.0)  # let every process import qodex and open the file
    start = time.perf_counter()
    go.touch()
    done = [subprocess.CompletedProcess(p.args, p.wait(), *p.communicate()) for p in procs]
    return time.perf_counter() - start, done


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--codings", type=int, default=1000, help="codings per writer")
    parser.add_argument("--writers", type=int, default=4)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for writers, count in ((1, args.codings * args.writers), (args.writers, args.codings)):
            path = Path(folder) / f"w{writers}.qodex"
            make_project(path)
            seconds, done = run_writers(path, writers, count)
            errors = sum(d.returncode != 0 for d in done)
            with Project.open(path) as project:
                stored = len(project.codings)
            rows.append((str(writers), str(writers * count), str(stored), str(errors),
                         f"{seconds:.2f}", f"{stored / seconds:,.0f}"))
    report("Concurrent writers, one transaction per coding", rows,
           ("writers", "codings", "stored", "errors", "seconds", "codings/s"))


if __name__ == "__main__":
    if sys.argv[1:2] == ["--worker"]:
        worker(Path(sys.argv[2]), sys.argv[3], int(sys.argv[4]), Path(sys.argv[5]))
    else:
        main()
