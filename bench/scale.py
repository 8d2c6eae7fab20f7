"""Scale: how each cost grows from 200 to 2,000 interviews and from 1 to 10 million codings.

    python bench/scale.py [--sizes 200:1000000,1000:5000000,2000:10000000] [--words 8000]
                          [--json | --markdown]

Each size is N transcripts of about `--words` words (bench/common.py's synthetic interviews, with
speaker turns), imported with `qodex import` as txt files, then M codings over 100 codes by 4 coders
added with the bulk API (`codings.add_many`, one streamed transaction). For each size it measures
the import, the file size, each interactive action in one process as the TUI runs it (median of 5,
or one run when it takes over a second) beside an SQL floor doing the bare reads or writes of that
action, opening and scrolling the busiest transcript in the TUI itself, and whole CLI commands
(`report` as Markdown and HTML, `export`, `query matrix`, `check`, ...) with their peak memory
(VmHWM of the command's own process). Each figure has a target at 2,000 / 10 M: every interactive
action under 100 ms, the matrix under 1 s, the report under 5 s, `check` under 30 s, peak memory
under 1 GiB. `--json` prints every figure for programs, `--markdown` one table across the sizes with
how each cost grows (the exponent k of codings^k from the smallest to the largest size: 1 is
linear), as in docs/performance.md. Progress goes to stderr. The default runs the smallest size only
(minutes); tests/test_bench_smoke.py runs two tiny sizes.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import median_of, report, transcript

from qodex.host import get_host
from qodex.project import Project, history
from qodex.project.retrieval import page
from qodex.project.search import index_text, search

CODES, CODERS, PAGE, REPEAT = 100, 4, 50, 5
INTERACTIVE, MATRIX, REPORT, CHECK, MEMORY = 0.1, 1.0, 5.0, 30.0, 1024
PEAK = """import re, sys
from qodex.cli import main
try:
    main(sys.argv[1:])
finally:
    with open("/proc/self/status") as status:
        print(re.search(r"VmHWM:\\s+(\\d+)", status.read()).group(1), file=sys.stderr)
"""


def build(folder: Path, sources: int, codings: int, words: int) -> tuple[Path, list[dict]]:
    """The project, and the seconds its import and its codings took."""
    texts = folder / "transcripts"
    texts.mkdir()
    for i in range(sources):
        (texts / f"T{i:04d}.txt").write_text(transcript(i, words), encoding="utf-8")
    path = folder / "scale.qodex"
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "from qodex.cli import main; main()", "import", str(path),
                    str(texts)], check=True, capture_output=True)
    imported = time.perf_counter() - start
    start = time.perf_counter()
    _add_codings(path, codings)
    return path, [figure("import txt (whole command)", imported, unit="s"),
                  figure("add codings (add_many)", time.perf_counter() - start, unit="s")]


def _add_codings(path: Path, codings: int) -> None:
    """`codings` random passages of 20-400 characters, by 4 coders, in one streamed transaction."""
    rng = random.Random(codings)
    with Project.open(path, coder="setup") as project, project.transaction():
        codes = [project.codes.add(f"Code {i:03d}").id for i in range(CODES)]
        coders = [project.coders.ensure(f"coder{i}").id for i in range(CODERS)]
        lengths = project.sources.lengths()
        sources = list(lengths)

        def rows():  # one random draw a row, cut into a source, a code, a start and a length
            for n in range(codings):
                bits = rng.getrandbits(64)
                source = sources[bits % len(sources)]
                start = (bits >> 16) % max(1, lengths[source] - 400)
                end = min(lengths[source], start + 20 + (bits >> 48) % 381)
                yield source, codes[(bits >> 8) % CODES], start, end, None, coders[n % CODERS]

        project.codings.add_many(rows())


def figure(measure: str, value: float, floor: float | None = None, target: float | None = None,
           unit: str = "ms") -> dict:
    """One measured figure; times in seconds (shown in `unit`), memory in MiB. Said on stderr as it
    comes, for long runs."""
    print(f"{measure}: {shown(value, unit)} {unit}", file=sys.stderr, flush=True)
    return {"measure": measure, "value": value, "floor": floor, "target": target, "unit": unit}


def command(path: Path, folder: Path, name: str, *args: str, target: float | None = None) -> list[dict]:
    """A CLI command run once in its own process (`args` with PROJECT for the project and ./NAME for
    a file in `folder`): its time and its peak memory."""
    args = tuple(str(path) if a == "PROJECT" else str(folder / a[2:]) if a.startswith("./") else a
                 for a in args)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", PEAK, *args],
                          capture_output=True, text=True, cwd=folder)
    took = time.perf_counter() - start
    if done.returncode:
        raise SystemExit(f"qodex {' '.join(args)} failed: {done.stderr.strip()}")
    peak = int(re.findall(r"^(\d+)$", done.stderr, re.M)[-1]) / 1024
    return [figure(f"qodex {name}", took, target=target, unit="s"),
            figure(f"qodex {name}, peak memory", peak, target=MEMORY, unit="MiB")]


def commands(path: Path, folder: Path) -> list[dict]:
    """Whole commands as a user runs them."""
    return [
        *command(path, folder, "sources", "sources", "PROJECT"),
        *command(path, folder, "codings --json", "codings", "PROJECT", "--json"),
        *command(path, folder, "query matrix --by source", "query", "matrix", "PROJECT", "--by",
                 "source", "--json", target=MATRIX),
        *command(path, folder, "report study -o .md", "report", "PROJECT", "study", "-o",
                 "./report.md", target=REPORT),
        *command(path, folder, "report study -o .html", "report", "PROJECT", "study", "-o",
                 "./report.html", target=REPORT),
        *command(path, folder, "export .qdpx", "export", "PROJECT", "./export.qdpx"),
        *command(path, folder, "export .json", "export", "PROJECT", "./export.json"),
        *command(path, folder, "check", "check", "PROJECT", target=CHECK),
    ]


def latencies(project: Project) -> list[dict]:
    """Each interactive action through the API, against its SQL floor."""
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
        ("retrieval, first page", lambda: page(project, [code.id], limit=PAGE),
         f'SELECT substr(s.text, c.start + 1, c."end" - c.start) FROM codings c JOIN sources s'
         f" ON s.id = c.source_id WHERE c.code_id = {code.id} LIMIT {PAGE}"),
        ("search, first page", lambda: search(project, word, limit=PAGE),
         f"SELECT rowid FROM sources_fts WHERE sources_fts MATCH '\"{word}\"' LIMIT {PAGE}"),
        ("matrix by case", lambda: matrix(project, "case"),
         "SELECT code_id, source_id, count(*) FROM codings GROUP BY code_id, source_id"),
        ("co-occurrence (overlap)", lambda: cooccurrence(project, "overlap"),
         'SELECT id, source_id, code_id, start, "end" FROM codings ORDER BY source_id, start'),
    ]
    rows = [figure(name, timed(fn), timed(lambda sql=sql: conn.execute(sql).fetchall()),
                   MATRIX if name.startswith("matrix") else INTERACTIVE)
            for name, fn, sql in actions]
    return rows + _apply_and_undo(project, source, code.id)


def timed(fn) -> float:
    """Seconds `fn` takes: the median of `REPEAT` runs, or of one run when it takes over a second."""
    start = time.perf_counter()
    fn()
    once = time.perf_counter() - start
    return once if once > 1 else median_of(fn, REPEAT)


def _apply_and_undo(project: Project, source: int, code: int) -> list[dict]:
    """Coding a passage, and undoing it, each against a bare insert or delete in a transaction."""
    applied, undone, floors = [], [], []
    for i in range(REPEAT):
        start = time.perf_counter()
        project.codings.add(source, code, 10 + i, 20 + i)
        applied.append(time.perf_counter() - start)
        start = time.perf_counter()
        history.undo(project)
        undone.append(time.perf_counter() - start)
        start = time.perf_counter()
        with project.transaction():
            project.execute('INSERT INTO codings (guid, source_id, code_id, start, "end", coder_id,'
                            " created) VALUES ('x', ?, ?, 10, 20, 1, '')", (source, code))
        floors.append(time.perf_counter() - start)
        start = time.perf_counter()
        with project.transaction():
            project.execute("DELETE FROM codings WHERE guid = 'x'")
        floors.append(time.perf_counter() - start)
    floor = statistics.median(floors)
    return [figure("apply a code", statistics.median(applied), floor, INTERACTIVE),
            figure("undo", statistics.median(undone), floor, INTERACTIVE)]


def in_the_tui(path: Path, source: int) -> list[dict]:
    """Opening the busiest transcript in the TUI (80x24) and scrolling it one line at a time."""
    from tui import open_and_scroll

    os.environ.setdefault("XDG_CONFIG_HOME", tempfile.mkdtemp())  # the TUI remembers its theme
    opened, step, draw = asyncio.run(open_and_scroll(path, source))
    return [figure("TUI: open the busiest transcript", opened, target=INTERACTIVE),
            figure("TUI: scroll it one line", step, draw, INTERACTIVE)]


def measure(sources: int, codings: int, words: int) -> dict:
    """Every figure for one size."""
    with tempfile.TemporaryDirectory() as tmp:
        path, built = build(Path(tmp), sources, codings, words)
        size = path.stat().st_size / 2**20
        with Project.open(path, host=get_host()) as project:
            rows = latencies(project)
            busiest = project.conn.execute("SELECT source_id FROM codings GROUP BY source_id"
                                           " ORDER BY count(*) DESC LIMIT 1").fetchone()[0]
        rows += in_the_tui(path, busiest)
        rows += commands(path, Path(tmp))
    return {"transcripts": sources, "words": words, "codings": codings, "file MiB": round(size, 1),
            "load": round(os.getloadavg()[0], 1), "figures": built + rows}


def shown(value: float | None, unit: str) -> str:
    """A figure in its unit ("-" for none)."""
    if value is None:
        return "-"
    return f"{1000 * value:.1f}" if unit == "ms" else f"{value:.1f}" if unit == "s" else f"{value:.0f}"


def print_tables(result: dict) -> None:
    """One size's figures as an aligned table."""
    title = (f"{result['transcripts']:,} transcripts x {result['words']:,} words, {result['codings']:,}"
             f" codings: file {result['file MiB']:,.0f} MiB (load {result['load']})")
    report(title, [(f["measure"], shown(f["value"], f["unit"]), shown(f["floor"], f["unit"]),
                    f"{f['value'] / f['floor']:.1f}x" if f["floor"] else "-",
                    shown(f["target"], f["unit"]), f["unit"],
                    "" if f["target"] is None else "ok" if f["value"] <= f["target"] else "OVER")
                   for f in result["figures"]],
           ("measure", "value", "floor", "ratio", "target", "unit", ""))


def markdown(results: list[dict]) -> str:
    """One Markdown table: each figure at each size, its target and how it grows with codings."""
    sizes = [f"{r['transcripts']:,} / {r['codings'] / 1e6:g} M" for r in results]
    lines = ["| measure | unit | target | " + " | ".join(sizes) + " | growth |",
             "|---|---|---|" + "---|" * len(sizes) + "---|"]
    for i, first in enumerate(results[0]["figures"]):
        values = [r["figures"][i]["value"] for r in results]
        unit = first["unit"]
        lines.append(f"| {first['measure']} | {unit} | {shown(first['target'], unit)} | "
                     + " | ".join(shown(v, unit) for v in values) + f" | {growth(results, values)} |")
    lines.append("| file size | MiB | - | " + " | ".join(f"{r['file MiB']:.0f}" for r in results)
                 + f" | {growth(results, [r['file MiB'] for r in results])} |")
    return "\n".join(lines)


def growth(results: list[dict], values: list[float]) -> str:
    """The exponent k of codings^k from the smallest to the largest size ("-" with one size)."""
    n0, n1 = results[0]["codings"], results[-1]["codings"]
    if n0 == n1 or min(values) <= 0:
        return "-"
    return f"n^{math.log(values[-1] / values[0]) / math.log(n1 / n0):.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="200:1000000",
                        help="TRANSCRIPTS:CODINGS,... (the issue's: 200:1000000,1000:5000000,2000:10000000)")
    parser.add_argument("--words", type=int, default=8000)
    shape = parser.add_mutually_exclusive_group()
    shape.add_argument("--json", action="store_true", help="every figure as JSON (times in seconds)")
    shape.add_argument("--markdown", action="store_true", help="one Markdown table across the sizes")
    args = parser.parse_args()
    results = []
    for size in args.sizes.split(","):
        sources, codings = map(int, size.split(":"))
        results.append(measure(sources, codings, args.words))
        if not (args.json or args.markdown):
            print_tables(results[-1])
    if args.json:
        print(json.dumps(results, indent=1))
    elif args.markdown:
        print(markdown(results))


if __name__ == "__main__":
    main()
