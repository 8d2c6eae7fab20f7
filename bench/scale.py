"""Scale: how each cost grows from 200 to 2,000 interviews and from 1 to 10 million codings.

    python bench/scale.py [--sizes 200:1000000,1000:5000000,2000:10000000] [--words 8000]

Each size is N transcripts of about `--words` words (bench/common.py's synthetic interviews, with
speaker turns), imported with `qodex import` as txt files, then M codings over 100 codes by 4 coders
added with the bulk API. For each size it prints the import times, the file size, the peak memory of
CLI commands (VmHWM of the command's own process), and the latency of each interactive action
(median of 5) beside an SQL floor doing the bare reads or writes of that action in the same run.
Targets at 2,000 / 10 M: every interactive action under 100 ms, the matrix under 1 s, `check`
under 30 s, peak memory under 1 GiB. The default runs the smallest size only (minutes); CI runs a
tiny size as a smoke test (tests/test_bench_smoke.py).
"""

from __future__ import annotations

import argparse
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import median_of, report, transcript

from qodex.host import get_host
from qodex.project import Project, history
from qodex.project.check import check
from qodex.project.retrieval import quotes
from qodex.project.search import index_text, search

CODES, CODERS, PAGE = 100, 4, 50
PEAK = """import re, sys
from qodex.cli import main
try:
    main(sys.argv[1:])
finally:
    with open("/proc/self/status") as status:
        print(re.search(r"VmHWM:\\s+(\\d+)", status.read()).group(1), file=sys.stderr)
"""


def build(folder: Path, sources: int, codings: int, words: int) -> tuple[Path, dict]:
    """The project, and the seconds its import and its codings took."""
    texts = folder / "transcripts"
    texts.mkdir()
    for i in range(sources):
        (texts / f"T{i:04d}.txt").write_text(transcript(i, words), encoding="utf-8")
    path = folder / "scale.qodex"
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "from qodex.cli import main; main()", "import", str(path),
                    str(texts)], check=True, capture_output=True)
    took = {"import txt": time.perf_counter() - start}
    start = time.perf_counter()
    _add_codings(path, codings)
    took["add codings"] = time.perf_counter() - start
    return path, took


def _add_codings(path: Path, codings: int) -> None:
    rng = random.Random(codings)
    with Project.open(path) as project, project.transaction():
        codes = [project.codes.add(f"Code {i:03d}").id for i in range(CODES)]
    with Project.open(path) as project:
        lengths = dict(project.conn.execute("SELECT id, length(text) FROM sources"))
    sources = list(lengths)
    for coder in range(CODERS):
        rows = []
        for _ in range(codings // CODERS):
            source = rng.choice(sources)
            start = rng.randrange(max(1, lengths[source] - 400))
            end = min(lengths[source], start + rng.randint(20, 400))
            rows.append((source, rng.choice(codes), start, end))
        with Project.open(path, coder=f"coder{coder}") as project:
            project.codings.add_many(rows)


def peak_mib(path: Path, *args: str) -> float:
    """Peak resident memory of one CLI command on the project, in MiB."""
    done = subprocess.run([sys.executable, "-c", PEAK, *args[:1], str(path), *args[1:]],
                          capture_output=True, text=True, check=True)
    return int(re.findall(r"^(\d+)$", done.stderr, re.M)[-1]) / 1024


def latencies(project: Project) -> list[tuple[str, float, float]]:
    """(action, seconds, floor seconds) for each interactive action."""
    conn = project.conn
    source = conn.execute("SELECT source_id FROM codings GROUP BY source_id ORDER BY count(*) DESC"
                          " LIMIT 1").fetchone()[0]
    code = project.codes.get("Code 000")
    word = conn.execute("SELECT substr(text, 200, 40) FROM sources LIMIT 1").fetchone()[0].split()[1]
    index_text(project)
    from qodex.plugins.analysis.cooccurrence import cooccurrence
    from qodex.plugins.analysis.matrix import matrix

    actions = [
        ("home list", project.overview.sources, "SELECT id, name FROM sources"),
        ("codebook counts", project.overview.code_counts,
         "SELECT code_id, count(*) FROM codings GROUP BY code_id"),
        ("open a transcript", lambda: (project.sources.get(source), project.overview.marks(source),
                                       project.overview.turns(source)),
         f'SELECT text, (SELECT count(*) FROM codings WHERE source_id = {source}) FROM sources'
         f" WHERE id = {source}"),
        ("retrieval, first page", lambda: quotes(project, [code.id], "any")[:PAGE],
         f'SELECT substr(s.text, c.start + 1, c."end" - c.start) FROM codings c JOIN sources s'
         f" ON s.id = c.source_id WHERE c.code_id = {code.id} LIMIT {PAGE}"),
        ("search, first page", lambda: search(project, word, limit=PAGE),
         f"SELECT rowid FROM sources_fts WHERE sources_fts MATCH '\"{word}\"' LIMIT {PAGE}"),
        ("matrix by case", lambda: matrix(project, "case"),
         "SELECT code_id, source_id, count(*) FROM codings GROUP BY code_id, source_id"),
        ("co-occurrence (overlap)", lambda: cooccurrence(project, "overlap"),
         'SELECT id, source_id, code_id, start, "end" FROM codings ORDER BY source_id, start'),
    ]
    rows = [(name, median_of(fn, 5), median_of(lambda sql=sql: conn.execute(sql).fetchall(), 5))
            for name, fn, sql in actions]
    rows.append(_apply_and_undo(project, source, code.id))
    return rows


def _apply_and_undo(project: Project, source: int, code: int) -> tuple[str, float, float]:
    """Coding a passage, then undoing it, against a bare insert and delete in one transaction."""
    def apply_undo():
        project.codings.add(source, code, 10, 20)
        history.undo(project)

    def floor():
        with project.transaction():
            project.execute('INSERT INTO codings (guid, source_id, code_id, start, "end", coder_id, created)'
                            " VALUES ('x', ?, ?, 10, 20, 1, '')", (source, code))
            project.execute("DELETE FROM codings WHERE guid = 'x'")

    return "apply a code + undo", median_of(apply_undo, 5), median_of(floor, 5)


def run(sources: int, codings: int, words: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path, took = build(Path(tmp), sources, codings, words)
        size = path.stat().st_size / 2**20
        peaks = {args[0]: peak_mib(path, *args) for args in
                 (("sources",), ("codings", "--json"), ("check",))}
        with Project.open(path, host=get_host()) as project:
            rows = latencies(project)
            start = time.perf_counter()
            problems = check(project)
            checked = time.perf_counter() - start
        label = f"{sources:,} transcripts x {words:,} words, {codings:,} codings"
        report(f"{label}: import {took['import txt']:.1f} s, codings {took['add codings']:.1f} s, "
               f"file {size:,.0f} MiB, check {checked:.1f} s ({len(problems)} problems)",
               [(name, f"{1000 * s:.1f}", f"{1000 * f:.1f}", f"{s / f:.1f}x" if f else "-")
                for name, s, f in rows], ("action", "ms", "floor ms", "ratio"))
        report("peak memory of a command (MiB)", [(k, f"{v:.0f}") for k, v in peaks.items()],
               ("command", "MiB"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="200:1000000",
                        help="TRANSCRIPTS:CODINGS,... (the issue's: 200:1000000,1000:5000000,2000:10000000)")
    parser.add_argument("--words", type=int, default=8000)
    args = parser.parse_args()
    for size in args.sizes.split(","):
        sources, codings = map(int, size.split(":"))
        run(sources, codings, args.words)


if __name__ == "__main__":
    main()
