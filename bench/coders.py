"""Many coders on one server: N writer processes and a reader on one project for a minute.

    python bench/coders.py [--writers 16,32] [--seconds 60] [--interval 0.5] [--reopen] [--burst] [--json]

Each writer is its own process and coder (as a TUI session is) and adds one coding every
`--interval` seconds through the `Project` API, each in its own transaction; with `--reopen` it opens
and closes the project for each coding, as one `qodex code` command does. A reader process does
what an open TUI does every second: polls `data_version` and, when another coder wrote, reloads the
home list, the codebook counts and the codings of the transcript on screen. It reports the codings
written against those expected and those stored (lost: acknowledged but not in the file), the
errors (with the first message users saw), write latency (p50, p99, max) and the reader's slowest
refresh. Targets at 16 writers: 0 lost, 0 errors, p99 write under 100 ms, reader never over 100 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import report, transcript

from qodex.errors import QodexError
from qodex.project import Project

SOURCES, CODES, WORDS = 20, 30, 3000
TARGET_MS = 100


def make_project(path: Path) -> None:
    """A small study ready for coding: transcripts and a codebook."""
    with Project.create(path, coder="setup") as project, project.transaction():
        for i in range(SOURCES):
            project.sources.add(f"T{i:02d}", transcript(i, WORDS))
        for i in range(CODES):
            project.codes.add(f"Code {i:02d}")


def _add(project: Project, n: int, coder: int) -> None:
    """One coding: the writer's own transcript and code for `n`, a new passage each time."""
    source = project.sources.get(f"T{(coder + n) % SOURCES:02d}")
    start = (97 * n + 13 * coder) % 10_000
    project.codings.add(source.id, project.codes.get(f"Code {(n + coder) % CODES:02d}").id,
                        start, start + 40)


def writer(path: Path, coder: int, go: float, seconds: float, interval: float, reopen: bool) -> dict:
    """Add a coding every `interval` s from the clock time `go` for `seconds` (then stop); each
    one's latency."""
    name = f"coder{coder:02d}"
    project = None if reopen else Project.open(path, coder=name)
    latencies, errors, n = [], [], 0
    end = go + seconds
    while (tick := go + n * interval) < end:
        time.sleep(max(0.0, tick - time.time()))
        start = time.perf_counter()
        try:
            if reopen:
                with Project.open(path, coder=name) as each:
                    _add(each, n, coder)
            else:
                _add(project, n, coder)
            latencies.append(time.perf_counter() - start)
        except QodexError as exc:
            errors.append(str(exc))
        except Exception as exc:  # what a user would see as a traceback
            errors.append(f"traceback: {type(exc).__name__}: {exc}")
        n += 1
    if project is not None:
        project.close()
    return {"coder": name, "written": len(latencies), "latencies": latencies,
            "errors": errors}


def reader(path: Path, go: float, seconds: float) -> dict:
    """Refresh as an open TUI does, every second: each refresh's latency."""
    latencies, refreshed = [], 0
    with Project.open(path, coder="reader") as project:
        source = project.sources.get("T00").id
        seen, n = None, 0
        while (tick := go + n) < go + seconds:
            time.sleep(max(0.0, tick - time.time()))
            start = time.perf_counter()
            version = project.overview.data_version()
            if version != seen:
                seen, refreshed = version, refreshed + 1
                project.overview.sources()
                project.overview.code_counts()
                project.overview.marks(source)
            latencies.append(time.perf_counter() - start)
            n += 1
    return {"refreshes": len(latencies), "reloaded": refreshed, "latencies": latencies}


def run(path: Path, writers: int, seconds: float, interval: float, reopen: bool, burst: bool) -> dict:
    """Start the writers and the reader together; what they did and what the file holds after.

    Writer n starts n/writers of an interval after the first (coders do not act in step), or all at
    once with `burst`."""
    go = time.time() + 2.0 + writers * 0.1  # time for every process to import qodex and open the file
    procs = [_spawn("--writer", str(path), str(n), str(go + (0 if burst else n * interval / writers)),
                    str(seconds), str(interval), "1" if reopen else "0") for n in range(writers)]
    procs.append(_spawn("--reader", str(path), str(go), str(seconds)))
    results = [_collect(p) for p in procs]
    with Project.open(path) as project:
        stored = {r["coder"]: r["count"] for r in project.rows(
            "SELECT c.name AS coder, count(*) AS count FROM codings JOIN coders c"
            " ON c.id = codings.coder_id GROUP BY c.name")}
    return summarise(writers, seconds, interval, results[:-1], results[-1], stored)


def _spawn(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, __file__, *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def _collect(proc: subprocess.Popen) -> dict:
    out, err = proc.communicate()
    if proc.returncode:
        return {"crashed": err.strip().splitlines()[-1] if err.strip() else f"exit {proc.returncode}"}
    return json.loads(out)


def summarise(writers: int, seconds: float, interval: float, done: list[dict], read: dict,
              stored: dict[str, int]) -> dict:
    """One row of figures from the writers' and the reader's results and the file's counts."""
    crashed = [d["crashed"] for d in done + [read] if "crashed" in d]
    done = [d for d in done if "crashed" not in d]
    latencies = sorted(x for d in done for x in d["latencies"])
    errors = [e for d in done for e in d["errors"]] + crashed
    written = sum(d["written"] for d in done)
    lost = sum(max(0, d["written"] - stored.get(d["coder"], 0)) for d in done)
    return {
        "writers": writers, "seconds": seconds,
        "expected": writers * round(seconds / interval), "written": written,
        "stored": sum(stored.values()), "lost": lost, "errors": len(errors),
        "first error": errors[0] if errors else "",
        "write p50 ms": _ms(statistics.median(latencies)) if latencies else None,
        "write p99 ms": _ms(latencies[int(0.99 * (len(latencies) - 1))]) if latencies else None,
        "write max ms": _ms(latencies[-1]) if latencies else None,
        "reader max ms": _ms(max(read.get("latencies") or [0])),
        "load": round(os.getloadavg()[0], 1),
    }


def _ms(seconds: float) -> float:
    return round(1000 * seconds, 1)


COLUMNS = ("writers", "expected", "written", "stored", "lost", "errors", "write p50 ms",
           "write p99 ms", "write max ms", "reader max ms", "load")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writers", default="16,32", help="writer counts to run, one after another")
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--interval", type=float, default=0.5, help="seconds between one writer's codings")
    parser.add_argument("--reopen", action="store_true", help="open the project for each coding (as the CLI)")
    parser.add_argument("--burst", action="store_true", help="all writers code at the same instant")
    parser.add_argument("--json", action="store_true", help="print the rows as JSON")
    args = parser.parse_args()
    rows = []
    for writers in map(int, args.writers.split(",")):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "coders.qodex"
            make_project(path)
            rows.append(run(path, writers, args.seconds, args.interval, args.reopen, args.burst))
    if args.json:
        print(json.dumps(rows, indent=1))
        return
    report(f"{'CLI' if args.reopen else 'TUI'}-like coders{' in step' if args.burst else ''}, one coding"
           f" each every {args.interval} s"
           f" for {args.seconds:g} s, and a reader every 1 s (targets: 0 lost, 0 errors, p99 and"
           f" reader under {TARGET_MS} ms)", [tuple(str(r[c]) for c in COLUMNS) for r in rows], COLUMNS)
    for row in rows:
        if row["first error"]:
            print(f"{row['writers']} writers, first error: {row['first error']}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--writer"]:
        path, n, go, seconds, interval, reopen = sys.argv[2:8]
        print(json.dumps(writer(Path(path), int(n), float(go), float(seconds), float(interval),
                                reopen == "1")))
    elif sys.argv[1:2] == ["--reader"]:
        print(json.dumps(reader(Path(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]))))
    else:
        main()
