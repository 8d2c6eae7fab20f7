"""REFI-QDA round trip: export a generated project to .qdpx and import it into a fresh project.

    python bench/refi_roundtrip.py [--sizes 50:25000,100:50000,200:100000] [--repeat 3]

Each size (sources:codings) runs in its own process, so the peak RSS (``ru_maxrss``) it reports
belongs to that size alone: after generating the project, after the export and after the import.
Targets at 200 sources and 100,000 codings: import < 2.5 s, export < 1.5 s.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import report, transcript

from qodex.exporting import export_project
from qodex.host import get_host
from qodex.importing import import_files
from qodex.project import Project


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def generate(path: Path, sources: int, codings: int) -> Project:
    """A project with `sources` transcripts, 60 codes in two levels and `codings` random codings."""
    rng = random.Random(7)
    project = Project.create(path, host=get_host())
    with project.transaction():
        made = [project.sources.add(f"T{i:03d}", transcript(i)) for i in range(sources)]
        codes = []
        for top in range(6):
            parent = project.codes.add(f"Theme {top}", colour="#0072B2", description="A theme")
            codes += [parent] + [project.codes.add(f"Code {top}.{n}", parent=parent) for n in range(9)]
        rows = []
        for _ in range(codings):
            source = rng.choice(made)
            start = rng.randrange(len(source.text) - 400)
            rows.append((source.id, rng.choice(codes).id, start, start + rng.randint(20, 400)))
        project.codings.add_many(rows)
    return project


def one(sources: int, codings: int, repeat: int) -> dict:
    """Time export and import at one size (run in a child process)."""
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        project = generate(folder / "p.qodex", sources, codings)
        generated = peak_mib()
        exports, imports = [], []
        for n in range(repeat):
            out = folder / f"p{n}.qdpx"
            start, cpu = time.perf_counter(), time.process_time()
            export_project(project, out, get_host().registry)
            exports.append((time.perf_counter() - start, time.process_time() - cpu))
        exported = peak_mib()
        for n in range(repeat):
            with Project.create(folder / f"back{n}.qodex", host=get_host()) as again:
                start, cpu = time.perf_counter(), time.process_time()
                import_files(again, [folder / "p0.qdpx"], get_host().registry)
                imports.append((time.perf_counter() - start, time.process_time() - cpu))
                assert again.summary()["codings"] == codings
        return {"sources": sources, "codings": codings, "export": min(exports), "import": min(imports),
                "qdpx_mib": (folder / "p0.qdpx").stat().st_size / 2**20, "rss_generated": generated,
                "rss_exported": exported, "rss_imported": peak_mib()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="50:25000,100:50000,200:100000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        sources, codings = map(int, args.one.split(":"))
        print(json.dumps(one(sources, codings, args.repeat)))
        return
    rows = []
    for size in args.sizes.split(","):
        out = subprocess.run([sys.executable, __file__, "--one", size, "--repeat", str(args.repeat)],
                             check=True, capture_output=True, text=True).stdout
        r = json.loads(out.splitlines()[-1])
        rows.append((str(r["sources"]), f"{r['codings']:,}", f"{r['qdpx_mib']:.1f}",
                     "{:.2f} ({:.2f})".format(*r["export"]), "{:.2f} ({:.2f})".format(*r["import"]),
                     f"{r['rss_generated']:.0f}", f"{r['rss_exported']:.0f}", f"{r['rss_imported']:.0f}"))
    report(f"REFI-QDA round trip: wall s (CPU s), best of {args.repeat}; RSS = peak MiB so far", rows,
           ("sources", "codings", ".qdpx MiB", "export", "import", "RSS gen", "RSS export", "RSS import"))


if __name__ == "__main__":
    main()
