"""Start-up: `qodex --help` and `qodex sources PROJECT` against `python -c pass`, in one run.

    python bench/startup.py [--sources 20] [--repeat 10]

Timed as an installed qodex starts: its modules compiled to bytecode first (an editable install
under PYTHONDONTWRITEBYTECODE=1 would otherwise recompile them on every run). The goal is a median
under 150 ms for both commands; the ratio is to a bare interpreter measured in the same run. The
commands take turns, so a busy machine slows each alike; the CPU time each used (user + system)
and the load average are shown beside, since a shared machine stretches the wall-clock times.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import report, transcript

GOAL = 0.150


def make_project(folder: Path, sources: int) -> Path:
    """A project of `sources` synthetic interviews, imported through the CLI."""
    for seed in range(sources):
        (folder / f"P{seed:02d}.txt").write_text(transcript(seed, 2000), encoding="utf-8")
    project = folder / "study.qodex"
    subprocess.run([qodex(), "import", project, *sorted(folder.glob("*.txt"))], check=True,
                   capture_output=True)
    return project


def qodex() -> Path:
    return Path(sys.executable).with_name("qodex")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    root = Path(__file__).resolve().parent.parent
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(root / "core"), str(root / "plugins")],
                   check=True, capture_output=True)
    folder = Path(tempfile.mkdtemp(prefix="qodex-bench-"))
    try:
        project = make_project(folder, args.sources)
        commands = {"python -c pass": [sys.executable, "-c", "pass"],
                    "qodex --help": [qodex(), "--help"],
                    f"qodex sources PROJECT ({args.sources} sources)": [qodex(), "sources", project]}
        runs = {name: [] for name in commands}
        for _ in range(args.repeat):
            for name, command in commands.items():
                runs[name].append(timed(command))
    finally:
        shutil.rmtree(folder)
    wall = {name: statistics.median(w for w, _ in times) for name, times in runs.items()}
    cpu = {name: statistics.median(c for _, c in times) for name, times in runs.items()}
    bare = wall["python -c pass"]
    load = ", ".join(f"{n:.1f}" for n in os.getloadavg())
    report(f"start-up (median of {args.repeat}, seconds; goal under {GOAL:.3f}; load average {load})",
           [(name, f"{t:.3f}", f"{t / bare:.1f}x", f"{cpu[name]:.3f}", "" if name.startswith("python")
             else ("yes" if t < GOAL else "no")) for name, t in wall.items()],
           ("command", "median", "ratio to python", "cpu", "under goal"))


def timed(command: list) -> tuple[float, float]:
    """Wall-clock and CPU seconds (user + system) of one run of `command`."""
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    if status:
        raise SystemExit(f"{command} failed")
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime


if __name__ == "__main__":
    main()
