"""IPA by keyboard: a whole case at 80x24, keystrokes counted and each step timed, in a project of
22 cases with 1,000 notes and 500 statements; and the reading screen on a 10,000-word transcript
with 200 notes, beside the core coding view on one with 200 codings and a bare Textual app.

Each time is given twice: wall (the pilot's round trip, which waits for the app to be idle in 20 ms
sleeps, so a bare Textual app pays ~60 ms a key; on a shared machine also the wait for a core) and
CPU (what the app itself spent, the latency on a free core).

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
        coded = project.sources.add("Long-coded", transcript(98, 10_000))
        codes = [project.codes.add(f"code {i}").id for i in range(3)]
        step = len(coded.text) // 200
        project.codings.add_many((coded.id, codes[k % 3], k * step, k * step + 40) for k in range(200))
    project.close()
    return project.path, counts


class Clock:
    """Wall and CPU seconds of what runs inside ``with clock:`` (kept in `wall` and `cpu`)."""

    def __init__(self, wall: float = 0.0, cpu: float = 0.0):
        self.wall, self.cpu = wall, cpu

    def __enter__(self):
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc) -> None:
        self.wall, self.cpu = time.perf_counter() - self.wall, time.process_time() - self.cpu


class Keyboard:
    """Presses keys through the pilot, counting those beyond typed words and timing each step
    (a key and everything it sets off, until the app is idle) as (wall, cpu, key)."""

    def __init__(self, pilot):
        self.pilot, self.count, self.steps = pilot, 0, []

    async def keys(self, *keys: str) -> None:
        for key in keys:
            with Clock() as clock:
                await self.pilot.press(key)
                await self.pilot.pause()
            self.steps.append((clock.wall, clock.cpu, key))
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


async def first_paint_and_scroll(app, pilot, screen, times: int = 5) -> tuple[Clock, list[Clock]]:
    """The median clock of pushing a `screen()` until it is painted (`times` times, closing it
    between), and the clocks of 30 scroll steps of its `view`."""
    paints = []
    for time_ in range(times):
        if time_:
            app.pop_screen()
            await pilot.pause()
        with Clock() as painted:
            app.push_screen(screen())
            await pilot.pause()
        paints.append(painted)
    view, steps = app.screen.view, []
    for _ in range(30):
        with Clock() as step:
            view.scroll_to(y=view.scroll_offset.y + 1, animate=False, immediate=True)
            await pilot.pause()
        steps.append(step)
    return median(paints), steps


async def reading(path: Path, source: str = "Long-interview") -> tuple[Clock, list[Clock]]:
    """The reading screen on the long transcript (or, for `source` "Long-coded", the core coding
    view on one as long with 200 codings): its first paint (median of 5) and scroll steps."""
    from qodex.plugins.ipa.reading import ReadingScreen
    from qodex.tui import QodexApp
    from qodex.tui.screens.document import DocumentScreen

    app = QodexApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        source_id = app.project.sources.get(source).id
        screen = ReadingScreen if source == "Long-interview" else DocumentScreen
        return await first_paint_and_scroll(app, pilot, lambda: screen(source_id))


async def bare(text: str) -> tuple[list[Clock], Clock, list[Clock], list[Clock]]:
    """The floor: a bare Textual app's key steps (a key that updates a label), the first paint of
    a screen drawing `text` as plain lines (Line API), its scroll steps, and the steps of opening
    and answering a one-line prompt (a modal screen) over it."""
    import textwrap

    from rich.segment import Segment
    from textual.app import App
    from textual.geometry import Size
    from textual.screen import ModalScreen, Screen
    from textual.scroll_view import ScrollView
    from textual.strip import Strip
    from textual.widgets import Input, Label, Static

    class Lines(ScrollView):
        def __init__(self):
            super().__init__()
            self.lines = [line for paragraph in text.split("\n")
                          for line in textwrap.wrap(paragraph, SIZE[0] - 2) or [""]]
            self.virtual_size = Size(SIZE[0] - 2, len(self.lines))

        def render_line(self, y: int) -> Strip:
            index = y + self.scroll_offset.y
            return Strip([Segment(self.lines[index] if index < len(self.lines) else "")])

    class Reading(Screen):
        def compose(self):
            yield Lines()

        @property
        def view(self):
            return self.query_one(Lines)

    class Ask(ModalScreen):
        def compose(self):
            yield Label("A question")
            yield Input()

        def on_input_submitted(self, event: Input.Submitted) -> None:
            self.dismiss(event.value)

    class Bare(App):
        BINDINGS = [("x", "count", "Count"), ("p", "ask", "Ask")]

        def action_ask(self) -> None:
            self.push_screen(Ask())

        def compose(self):
            yield Static("0")

        def action_count(self) -> None:
            label = self.query_one(Static)
            label.update(str(int(str(label.render())) + 1))

    app = Bare()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        keyboard = Keyboard(pilot)
        await keyboard.keys(*"x" * 30)
        keys = [Clock(wall, cpu) for wall, cpu, _ in keyboard.steps]
        painted, steps = await first_paint_and_scroll(app, pilot, Reading)
        keyboard.steps = []
        for _ in range(10):
            await keyboard.keys("p")
            await keyboard.type("an answer")
            await keyboard.keys("enter")
    return keys, painted, steps, [Clock(wall, cpu) for wall, cpu, _ in keyboard.steps]


def median(clocks: list[Clock]) -> Clock:
    return Clock(statistics.median(c.wall for c in clocks), statistics.median(c.cpu for c in clocks))


def main() -> None:
    os.environ.setdefault("XDG_CONFIG_HOME", tempfile.mkdtemp())
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        path, counts = build(Path(tmp))
        keys, steps, made = asyncio.run(whole_case(path))
        painted, scrolls = asyncio.run(reading(path))
        core, core_scrolls = asyncio.run(reading(path, "Long-coded"))
        bare_keys, bare_painted, bare_scrolls, bare_prompt = asyncio.run(bare(transcript(99, 10_000)))
    load = (load + os.getloadavg()[0]) / 2

    def both(clock: Clock, *floors: Clock) -> str:
        """Wall / CPU in ms, then each as a ratio to the same of each of `floors`."""
        text = f"{clock.wall * 1000:.1f} / {clock.cpu * 1000:.1f} ms"
        return text + "".join(f"; {clock.wall / f.wall:.1f}x / {clock.cpu / f.cpu:.1f}x" for f in floors)

    clocks = [Clock(wall, cpu) for wall, cpu, _ in steps]
    by_cpu = sorted(clocks, key=lambda c: c.cpu)
    by_wall = sorted(clocks, key=lambda c: c.wall)
    p95 = int(len(clocks) * 0.95)
    slowest = max(steps, key=lambda s: s[1])
    per_key: dict[str, list[float]] = {}
    for _, cpu, key in steps:
        per_key.setdefault(key, []).append(cpu)
    costly = sorted(per_key, key=lambda k: -statistics.median(per_key[k]))[:4]
    bare_key, scroll, core_scroll, bare_scroll = map(median, (bare_keys, scrolls, core_scrolls, bare_scrolls))
    themes = made["themes"]
    report(f"IPA by keyboard at 80x24 ({counts['notes']:,} notes, {counts['statements']:,} statements"
           " in 22 cases before the case; 200 more on the long transcript), load average"
           f" {load:.1f}.\nTimes are wall / CPU; ratios are to the bare Textual app (and the core"
           " coding view)", [
        (f"a whole case: {made['notes']} notes, {made['statements']} statements, {len(themes)} themes"
         f" ({sum(t['parent_id'] is not None for t in themes)} sub-theme,"
         f" {sum(t['key_source_id'] is not None for t in themes)} key quotes)",
         f"{keys} keys", "< 400 beyond typed words"),
        ("bare Textual app: a key step (key to idle), median", both(bare_key), "(floor)"),
        ("a step: median", both(median(clocks), bare_key), "< 50 ms"),
        ("a step: 95th percentile", both(Clock(by_wall[p95].wall, by_cpu[p95].cpu), bare_key), "< 50 ms"),
        (f"a step: slowest by CPU ({slowest[2]!r})", both(Clock(*slowest[:2]), bare_key), "< 50 ms"),
        ("bare Textual app: opening or answering a prompt over a screen of text, median",
         both(median(bare_prompt)), "(floor)"),
        ("the costliest keys by median CPU", ", ".join(
            f"{k!r} {statistics.median(per_key[k]) * 1000:.0f} ms" for k in costly), ""),
        ("bare Textual app: first paint of 10,000 words as plain lines (median of 5)", both(bare_painted),
         "(floor)"),
        ("core coding view, 10,000 words and 200 codings: first paint (median)", both(core, bare_painted),
         ""),
        ("reading screen, 10,000 words and 200 notes: first paint (median)",
         both(painted, bare_painted, core),
         "< 200 ms"),
        ("bare Textual app: one scroll step", both(bare_scroll), "(floor)"),
        ("core coding view: one scroll step, median", both(core_scroll, bare_scroll), ""),
        ("reading screen: one scroll step, median", both(scroll, bare_scroll, core_scroll), "< 30 ms"),
    ], ("measure", "result (wall / CPU; x bare; x core view)", "target"))


if __name__ == "__main__":
    main()
