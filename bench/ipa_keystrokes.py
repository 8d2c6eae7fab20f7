"""IPA by keyboard: a whole case at 80x24, keystrokes counted and each step timed, in a project of
22 cases with 1,000 notes and 500 statements; and the reading screen on a 10,000-word transcript
with 200 notes.

Run: .venv/bin/python bench/ipa_keystrokes.py   (targets: < 400 keystrokes beyond typed words;
every step < 50 ms; first paint < 200 ms; scroll step < 30 ms)
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import report, transcript  # noqa: E402

SIZE = (80, 24)
KINDS = "dlc"


def build(folder: Path):
    """22 cases of 2,000-word interviews: 21 with 1,000 notes and 500 statements among them, one
    ("Target") untouched; and a 10,000-word transcript with 200 notes in a case of its own."""
    from qodex.host import get_host
    from qodex.plugins.ipa import notes, statements
    from qodex.project import Project

    project = Project.create(folder / "ipa-bench.qodex", host=get_host())
    with project.transaction():
        for i in range(22):
            name = "Target" if i == 21 else f"P{i:02}"
            source = project.sources.add(f"{name}-interview", transcript(i, 2000))
            project.cases.add(name)
            project.cases.link(name, source)
            if name == "Target":
                continue
            note_ids = [notes.add(project, source, k * 200, k * 200 + 60, ("descriptive", "linguistic",
                                  "conceptual")[k % 3], f"note {k} of {name}")
                        for k in range(50 if i < 20 else 0)]
            for k in range(25 if i < 20 else 0):
                statements.add(project, name, f"statement {k} of {name}", notes=note_ids[2 * k:2 * k + 2])
        counts = project.rows("SELECT (SELECT count(*) FROM ipa_notes) AS notes,"
                              " (SELECT count(*) FROM ipa_statements) AS statements")[0]
        big = project.sources.add("Long-interview", transcript(99, 10_000))
        project.cases.add("Long")
        project.cases.link("Long", big)
        step = len(big.text) // 200
        for k in range(200):
            notes.add(project, big, k * step, k * step + 40, ("descriptive", "linguistic",
                      "conceptual")[k % 3], f"a note on this passage, {k}, long enough to wrap")
    project.close()
    return project.path, counts


class Keyboard:
    """Presses keys through the pilot, counting those beyond typed words and timing each step
    (a key and everything it sets off, until the app is idle)."""

    def __init__(self, pilot):
        self.pilot, self.count, self.steps = pilot, 0, []

    async def keys(self, *keys: str) -> None:
        for key in keys:
            start = time.perf_counter()
            await self.pilot.press(key)
            await self.pilot.pause()
            self.steps.append((time.perf_counter() - start, key))
            self.count += 1

    async def type(self, words: str) -> None:
        """Typed words: not counted, not timed."""
        await self.pilot.press(*words)


async def whole_case(path: Path) -> tuple[int, list, dict]:
    """Open the target case's transcript, 20 notes, 10 statements of 2 notes each, 4 personal
    themes with one sub-theme, a key quote each; returns keystrokes, step times and what was made."""
    from qodex.plugins.ipa import clustering, model
    from qodex.plugins.ipa.board import BoardScreen
    from qodex.tui import QodexApp

    app = QodexApp(path)
    async with app.run_test(size=SIZE) as pilot:
        keyboard = Keyboard(pilot)
        target = app.project.cases.get("Target").id
        app.push_screen(BoardScreen(target))  # from the palette: ctrl+p, "ipa board", enter, ] ...
        keyboard.count += 3
        await pilot.pause()
        await keyboard.keys("o")
        for k in range(20):  # a note on each of 20 passages: a turn, or three words of it
            await keyboard.keys("down", "down", *(["s"] if k % 2 else ["w", "w", "w"]), "n")
            await keyboard.type(f"{KINDS[k % 3]} what is said here, reading {k}")
            await keyboard.keys("enter")
        await keyboard.keys("g")
        for k in range(10):  # each statement from two notes, in order
            await keyboard.keys("j", "space", "j", "space", "S")
            await keyboard.type(f"experience {k} of the target case")
            await keyboard.keys("enter")
        await keyboard.keys("escape", "ctrl+home")
        for name, size in (("Being cared for", 3), ("Fear of loss", 3), ("Being known", 2),
                           ("Change", 2)):  # the board lists the statements in order
            await keyboard.keys(*(["space", "down"] * (size - 1)), "space", "g")
            await keyboard.type(name)
            await keyboard.keys("enter", "m", "K", "down")
        await keyboard.keys("ctrl+home", "space", "x")  # the first statement of the first theme
        await keyboard.type("Being cared for at home")
        await keyboard.keys("enter", "U")
        await keyboard.type("Being cared for")
        await keyboard.keys("enter", "K")
        made = {"notes": len(model.table(app.project, "notes").rows(
            source_id=app.project.sources.get("Target-interview").id)),
            "statements": len(model.table(app.project, "statements").rows(case_id=target)),
            "themes": clustering.personal_themes(app.project, target)}
    return keyboard.count, keyboard.steps, made


async def reading(path: Path) -> tuple[float, float]:
    """Seconds to the first paint of the reading screen on the long transcript, and per scroll step."""
    from qodex.plugins.ipa.reading import ReadingScreen
    from qodex.tui import QodexApp

    app = QodexApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        source = app.project.sources.get("Long-interview").id
        start = time.perf_counter()
        app.push_screen(ReadingScreen(source))
        await pilot.pause()
        painted = time.perf_counter() - start
        view, steps = app.screen.view, []
        for _ in range(30):
            start = time.perf_counter()
            view.scroll_to(y=view.scroll_offset.y + 1, animate=False, immediate=True)
            await pilot.pause()
            steps.append(time.perf_counter() - start)
    return painted, statistics.median(steps)


def main() -> None:
    os.environ.setdefault("XDG_CONFIG_HOME", tempfile.mkdtemp())
    with tempfile.TemporaryDirectory() as tmp:
        path, counts = build(Path(tmp))
        keys, steps, made = asyncio.run(whole_case(path))
        painted, scroll = asyncio.run(reading(path))
    ms = lambda s: f"{s * 1000:.1f} ms"  # noqa: E731
    times = sorted(t for t, _ in steps)
    slowest = max(steps)
    themes = made["themes"]
    report(f"IPA by keyboard at 80x24 ({counts['notes']:,} notes, {counts['statements']:,} statements"
           " in 22 cases before the case; 200 more on the long transcript)", [
        (f"a whole case: {made['notes']} notes, {made['statements']} statements, {len(themes)} themes"
         f" ({sum(t['parent_id'] is not None for t in themes)} sub-theme,"
         f" {sum(t['key_source_id'] is not None for t in themes)} key quotes)",
         f"{keys} keys", "< 400 beyond typed words"),
        ("a step (key to idle): median", ms(statistics.median(times)), "< 50 ms"),
        ("a step: 95th percentile", ms(times[int(len(times) * 0.95)]), "< 50 ms"),
        (f"a step: slowest ({slowest[1]!r})", ms(slowest[0]), "< 50 ms"),
        ("reading screen, 10,000 words and 200 notes: first paint", ms(painted), "< 200 ms"),
        ("reading screen: one scroll step", ms(scroll), "< 30 ms"),
    ], ("measure", "result", "target"))


if __name__ == "__main__":
    main()
