"""TUI speed: first screen vs a bare Textual app, opening, scrolling and coding a big transcript.

Run: .venv/bin/python bench/tui.py   (targets: < 0.5 s and < 2x bare; < 200 ms; < 30 ms; < 50 ms)
     .venv/bin/python bench/tui.py --first   (the first screen only, against the bare app)
"""

from __future__ import annotations

import asyncio
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import report, transcript  # noqa: E402

SIZE = (80, 24)
BARE = """
from textual.app import App
from textual.widgets import Static
class Bare(App):
    def compose(self):
        yield Static("hello")
async def main():
    async with Bare().run_test(size=(80, 24)) as pilot:
        await pilot.pause()
"""
QODEX = """
from qodex.tui import QodexApp
async def main():
    async with QodexApp({path!r}).run_test(size=(80, 24)) as pilot:
        await pilot.pause()
"""
FIRST = "import asyncio, time\nt, c = time.perf_counter(), time.process_time()\n{body}\n" \
        "asyncio.run(main())\nprint(time.perf_counter() - t, time.process_time() - c)\n"


def first_screens(bodies: list[str], cache: str, repeat: int = 7) -> list[tuple[float, ...]]:
    """Best and median seconds from the first import to an interactive first screen, and the median
    CPU seconds (all threads), for each program body. Each run is a fresh process that reads
    compiled modules (from `cache`, filled by an untimed first run), as an installed qodex does
    even where PYTHONDONTWRITEBYTECODE is set; the bodies take turns, so a change in the
    machine's load falls on each alike."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = cache

    def once(body: str) -> tuple[float, float]:
        out = subprocess.run([sys.executable, "-c", FIRST.format(body=body)], check=True,
                             capture_output=True, text=True, env=env).stdout.split()
        return float(out[-2]), float(out[-1])

    runs = [[once(body) for body in bodies] for _ in range(repeat + 1)][1:]
    return [(min(w for w, _ in column), statistics.median(w for w, _ in column),
             statistics.median(c for _, c in column)) for column in zip(*runs, strict=True)]


def build(folder: Path, words: int, codings: int, extra_codings: int = 0):
    """A study of 20 interviews plus one of `words` words with `codings` codings on it."""
    from qodex.bundle import SegmentData
    from qodex.project import Project

    project = Project.create(folder / f"bench-{words}-{codings}-{extra_codings}.qodex")
    for i in range(20):
        project.sources.add(f"P{i:02}", transcript(i, 2000))
    text = transcript(99, words)
    turns = [SegmentData("turn", m.start(), m.end(), m.group(1))
             for m in re.finditer(r"^(\w+): .*$", text, re.M)]
    big = project.sources.add("big", text, segments=turns)
    codes = [project.codes.add(f"code {i}").id for i in range(30)]
    step = max(1, len(text) // max(1, codings))
    project.codings.add_many((big.id, codes[i % 30], i * step, i * step + step // 2 + 40)
                             for i in range(codings) if i * step + step // 2 + 40 < len(text))
    small = project.sources.get("P00")
    project.codings.add_many((small.id, codes[i % 30], i % 1000, i % 1000 + 50)
                             for i in range(extra_codings))
    return project, big.id, codes


async def open_and_scroll(path: Path, source_id: int) -> tuple[float, float, float]:
    """Seconds to open the source, per scroll step (key), and to draw the visible lines."""
    from qodex.tui import QodexApp

    app = QodexApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        start = time.perf_counter()
        app.open_source(source_id)
        await pilot.pause()
        opened = time.perf_counter() - start
        view = app.screen.view
        await pilot.press("pagedown")
        steps = []
        for _ in range(30):
            start = time.perf_counter()
            view.scroll_to(y=view.scroll_offset.y + 1, animate=False, immediate=True)
            await pilot.pause()
            steps.append(time.perf_counter() - start)
        start = time.perf_counter()
        for y in range(view.size.height):
            view._draw(view.scroll_offset.y + y)
        draw = time.perf_counter() - start
    return opened, statistics.median(steps), draw


async def apply_code(path: Path, source_id: int, code_id: int) -> float:
    """Median seconds to code a selection (API write and the marks redrawn)."""
    from qodex.tui import QodexApp

    app = QodexApp(path)
    times = []
    async with app.run_test(size=SIZE) as pilot:
        app.open_source(source_id)
        await pilot.pause()
        for i in range(10):
            start = time.perf_counter()
            app.screen._apply(code_id, (i * 100, i * 100 + 30))
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def _first_row(times: tuple[float, ...], bare: tuple[float, ...] | None = None):
    """A report row for the first screen (best, median; CPU median), with qodex's ratios to the
    bare app."""
    figures = f"{ms(times[0])}, {ms(times[1])}; CPU {ms(times[2])}"
    if bare is None:
        return ("bare Textual app, first screen (best, median; CPU)", figures, "")
    ratios = " / ".join(f"{ours / theirs:.2f}x" for ours, theirs in zip(times, bare, strict=True))
    return ("qodex first screen (21 sources)", figures, f"{ratios} bare; < 500 ms, < 2x")


def main() -> None:
    os.environ.setdefault("XDG_CONFIG_HOME", tempfile.mkdtemp())
    with tempfile.TemporaryDirectory() as tmp:
        study, _, _ = build(Path(tmp), 2000, 100)
        study.close()
        bare, ours = first_screens([BARE, QODEX.format(path=str(study.path))], tmp)
        if "--first" in sys.argv[1:]:
            return report("qodex TUI", [_first_row(bare), _first_row(ours, bare)],
                          ("measure", "time", "target"))
        big, big_id, _ = build(Path(tmp), 50_000, 2000)
        chars = len(big.sources.get(big_id).text)
        big.close()
        opened, step, draw = asyncio.run(open_and_scroll(big.path, big_id))
        many, many_id, codes = build(Path(tmp), 50_000, 2000, extra_codings=98_000)
        total = many.codings.count()
        many.close()
        applied = asyncio.run(apply_code(many.path, many_id, codes[0]))
    report("qodex TUI", [
        _first_row(bare), _first_row(ours, bare),
        (f"open a 50,000-word source ({chars:,} chars, 2,000 codings)", ms(opened), "< 200 ms"),
        ("one scroll step on it (pilot round trip)", ms(step), "< 30 ms"),
        ("drawing its 24 visible lines", ms(draw), ""),
        (f"apply a code with {total:,} codings in the project", ms(applied), "< 50 ms"),
    ], ("measure", "time", "target"))


if __name__ == "__main__":
    main()
