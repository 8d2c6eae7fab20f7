"""The workbench and the project on the web: `qodex serve` in headless Chromium, Datasette's matrix.

    python bench/web.py [--codings 1000000] [--presses 30]

Goals: a keypress in the browser back on the screen (localhost round trip) under 100 ms; Datasette's
canned code x case matrix over 1,000,000 codings under 1 s. Also measured: from starting `qodex serve`
to the first screen in the browser. Needs Chromium at /usr/bin/chromium and `qodex[web]`.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from analysis import build
from common import best_of, report

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from web_support import CHROMIUM_ARGS, Terminal, datasette, serving  # noqa: E402

SAMPLE = Path(__file__).resolve().parents[1] / "sample_study"
SAMPLE_FILES = [SAMPLE / "codebook.csv", *sorted((SAMPLE / "transcripts").iterdir()),
                SAMPLE / "participants.csv", SAMPLE / "codings.csv"]


def sample_project(folder: Path) -> Path:
    from qodex.host import get_host
    from qodex.importing import import_files
    from qodex.project import Project

    path = folder / "gp.qodex"
    with Project.create(path, coder="astrid", host=get_host()) as project:
        import_files(project, SAMPLE_FILES, get_host().registry)
    return path


def bench_serve(folder: Path, presses: int) -> list[tuple]:
    """Seconds from starting `qodex serve` to the sources list in the browser; keypress round trips."""
    from playwright.sync_api import sync_playwright

    project = sample_project(folder)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1200, "height": 760})
        page.route("**/fonts.googleapis.com/**", lambda route: route.abort())
        terminal = Terminal(page)
        start = time.perf_counter()
        with serving(project, "bench", folder / "serve.log") as (_, found):
            page.goto(found.group(1))
            terminal.wait_for("P22-louise")
            first = time.perf_counter() - start
            page.focus(".xterm-helper-textarea")
            trips = []
            for i in range(presses):
                mark = len(terminal.frames)
                pressed = time.perf_counter()
                page.keyboard.press("ArrowDown" if i % 2 == 0 else "ArrowUp")
                while len(terminal.frames) == mark:
                    page.wait_for_timeout(1)
                trips.append(time.perf_counter() - pressed)
        browser.close()
    return [("serve start to first screen", f"{first:.2f} s", ""),
            ("keypress round trip (median)", f"{statistics.median(trips) * 1000:.0f} ms", "< 100 ms"),
            ("keypress round trip (max)", f"{max(trips) * 1000:.0f} ms", "")]


def bench_matrix(folder: Path, codings: int) -> list[tuple]:
    """Datasette answering the canned code x case matrix (JSON), on a project of `codings` codings."""
    project = build(folder / "big.qodex", codings)
    with project.transaction():
        sources = [s.id for s in project.sources]
        cases = project.cases.add_many([(f"Case {i:03d}", None, None) for i in range(100)])
        project.cases.link_many([(cases[i % 100], source) for i, source in enumerate(sources)])
    project.close()
    with datasette(folder / "big.qodex", folder / "datasette.log") as (_, found):
        url = found.group(1) + "big/code_case_matrix.json?_shape=array"
        seconds = best_of(lambda: urllib.request.urlopen(url, timeout=60).read())
    return [(f"Datasette code x case matrix, {codings:,} codings", f"{seconds:.3f} s", "< 1 s")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--codings", type=int, default=1_000_000)
    parser.add_argument("--presses", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        rows = bench_serve(Path(tmp), args.presses) + bench_matrix(Path(tmp), args.codings)
    report("qodex on the web", rows, ("what", "measured", "goal"))


if __name__ == "__main__":
    main()
