"""At scale (a million codings), each screen reads a page or one aggregate, never the codings row
by row (home and the codebook read the counts kept per source and per code); `qodex codings --json`
streams, so its memory does not grow with the project.

Work is counted in SQLite virtual-machine steps (a progress handler on every connection), not in
seconds, so the checks hold on a loaded machine: a screen's reads are compared with one plain
scan of the codings table in the same project: a paged screen reads under a twentieth of it, an
aggregate screen (counts per source or code) at most a few such passes, never a read per item.
"""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import sys

import pytest

from qodex.project import Project

pytest_plugins = ["fixtures.tui_support"]

CODINGS, SOURCES, CODES = 1_000_000, 200, 100
TEXT = "Well, I think we talked about it at work, and then nobody asked again. " * 40
STEP = 100  # VM instructions per progress call


def build(path, codings: int) -> None:
    """SOURCES sources, CODES codes and `codings` codings (spread evenly), added in bulk."""
    with Project.create(path, coder="ana") as project:
        with project.transaction():
            sources = [project.sources.add(f"T{i:03d}", TEXT).id for i in range(SOURCES)]
            codes = [project.codes.add(f"Code {i:03d}").id for i in range(CODES)]
            coder = project.coder_id
        room = len(TEXT) - 60
        project.codings.add_many(
            (sources[i * SOURCES // codings], codes[i % CODES], (i * 7919) % room, (i * 7919) % room + 40,
             None, coder, f"00000000-0000-4000-8000-{i:012d}", "2026-01-01T00:00:00", None)
            for i in range(codings))


@pytest.fixture(scope="module")
def million(tmp_path_factory):
    """A project of a million codings, built once for this module (about 25 s on 2 busy cores)."""
    path = tmp_path_factory.mktemp("scale") / "million.qodex"
    build(path, CODINGS)
    with Project.open(path) as project, project.transaction():
        first = project.conn.execute("SELECT min(id) FROM codings").fetchone()[0]
        project.codings.update(first, memo="The one coding with a memo.")
    return path


class Work:
    """Counts VM steps on every SQLite connection opened while it is installed."""

    def __init__(self):
        self.steps = 0

    def tick(self) -> int:
        self.steps += STEP
        return 0

    def connect(self, real):
        def connect(*args, **kwargs):
            conn = real(*args, **kwargs)
            conn.set_progress_handler(self.tick, STEP)
            return conn
        return connect


@pytest.fixture
def work(monkeypatch):
    counter = Work()
    monkeypatch.setattr(sqlite3, "connect", counter.connect(sqlite3.connect))
    return counter


def scan_steps(path) -> int:
    """The VM steps of one plain read of every coding (the unit the screens are measured in)."""
    counter = Work()
    with sqlite3.connect(path) as conn:
        conn.set_progress_handler(counter.tick, STEP)
        conn.execute('SELECT max("end" - start) FROM codings').fetchone()
    return counter.steps


async def settle(app, pilot) -> None:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def steps_to_show(app, pilot, work, show) -> int:
    """The VM steps it takes to `show` a screen and load what it reads."""
    await settle(app, pilot)
    work.steps = 0
    show()
    await settle(app, pilot)
    return work.steps


@pytest.mark.asyncio
async def test_screens_read_pages_or_one_aggregate_at_a_million_codings(million, work, host):
    from qodex.tui import QodexApp

    scan = scan_steps(million)
    app = QodexApp(million, host=host)
    with Project.open(million) as project:
        source_id = project.conn.execute("SELECT min(id) FROM sources").fetchone()[0]
        code_id = project.conn.execute("SELECT min(id) FROM codes").fetchone()[0]
    async with app.run_test(size=(100, 30)) as pilot:
        paged = {
            "transcript": lambda: app.open_source(source_id),
            "retrieval": lambda: app.retrieve([code_id]),
            "memos": lambda: app.action_place("memos"),
            "review": lambda: app.action_plugin_screen("Review suggestions"),
            "home": lambda: app.action_place("sources"),  # counts kept per source and per code
            "codebook": lambda: app.action_place("codebook"),
        }
        aggregates = {
            "matrix": lambda: app.action_plugin_screen("Matrix"),
        }
        costs = {}
        for name, show in {**paged, **aggregates}.items():
            app.action_place("cases")  # a screen that reads no codings, between each
            costs[name] = await steps_to_show(app, pilot, work, show)
    assert all(0 < costs[name] < scan / 20 for name in paged), (costs, scan)
    assert all(0 < costs[name] < 4 * scan for name in aggregates), (costs, scan)


@pytest.mark.asyncio
async def test_retrieval_reads_the_next_page_as_the_list_nears_its_end(million, host):
    from qodex.project.retrieval import PAGE
    from qodex.tui import QodexApp

    app = QodexApp(million, host=host)
    with Project.open(million) as project:
        code_id = project.conn.execute("SELECT min(id) FROM codes").fetchone()[0]
    async with app.run_test(size=(100, 30)) as pilot:
        app.retrieve([code_id])
        await settle(app, pilot)
        screen = app.screen
        assert len(screen.found) == PAGE and screen.sub_title == f"{CODINGS // CODES} quotes"
        await pilot.press("end")
        await settle(app, pilot)
        assert len(screen.found) == 2 * PAGE
        keys = [q.key for q in screen.found]
        assert keys == sorted(set(keys))


REPORT_PEAK = ("import atexit, sys; atexit.register(lambda: sys.stderr.write(open('/proc/self/status')"
               ".read())); from qodex.cli import main; main()")


def peak_mib(*args: str, out) -> float:
    """The peak memory (VmHWM) of ``qodex ARGS`` in its own process, its output to `out`."""
    done = subprocess.run([sys.executable, "-c", REPORT_PEAK, *args], stdout=out,
                          stderr=subprocess.PIPE, text=True, check=True)
    return int(re.search(r"VmHWM:\s+(\d+) kB", done.stderr).group(1)) / 1024


def test_codings_json_streams_in_bounded_memory(tmp_path):
    """100k codings listed as JSON from a list of rows took 336 MiB at peak; streamed, the
    command stays near its start-up size (37 MiB)."""
    path = tmp_path / "big.qodex"
    build(path, 100_000)
    with open(tmp_path / "codings.json", "w") as out:
        mib = peak_mib("codings", str(path), "--json", out=out)
    with open(tmp_path / "codings.json") as written:
        rows = json.load(written)
    assert len(rows) == 100_000 and rows[0]["quote"] == TEXT[rows[0]["start"]:rows[0]["end"]]
    assert mib < 100, f"peak {mib:.0f} MiB"
