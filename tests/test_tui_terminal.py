"""`qodex open` in a real pseudo-terminal: it ends when the terminal goes away, losing nothing, and
uses next to no CPU while idle."""

from __future__ import annotations

import fcntl
import os
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from contextlib import contextmanager, suppress
from pathlib import Path

pytest_plugins = ["fixtures.tui_support"]
QODEX = Path(sys.executable).parent / "qodex"
TICKS = os.sysconf("SC_CLK_TCK")
IDLE_SECONDS = 5


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time of process `pid` so far (/proc/PID/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def read_for(master: int, seconds: float, until: bytes | None = None) -> bytes:
    """What the app draws in `seconds` (or until `until` appears); keeps its output flowing."""
    seen, deadline = b"", time.monotonic() + seconds
    while time.monotonic() < deadline and not (until and until in seen):
        if select.select([master], [], [], 0.1)[0]:
            try:
                seen += os.read(master, 65536)
            except OSError:
                break
    return seen


@contextmanager
def tui(project: Path, controlling: bool):
    """`qodex open project` on a new 80x24 pseudo-terminal, drawn; yields (process, master fd).
    With `controlling`, the terminal is the process's controlling terminal (so a hang-up sends it
    SIGHUP); without, it is like a shell that does not pass SIGHUP on: only stdin shows the loss."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    env = dict(os.environ, TERM="xterm-256color", COLUMNS="80", LINES="24")
    take = (lambda: fcntl.ioctl(0, termios.TIOCSCTTY, 0)) if controlling else None
    proc = subprocess.Popen([QODEX, "open", project], stdin=slave, stdout=slave, stderr=slave,
                            env=env, start_new_session=True, preexec_fn=take)
    os.close(slave)
    try:
        assert b"P01-anne" in read_for(master, 60, until=b"P01-anne"), "the TUI never drew"
        yield proc, master
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        with suppress(OSError):
            os.close(master)


def add_coding(project: Path) -> None:
    """Another coder codes from the CLI while the TUI is open."""
    subprocess.run([QODEX, "code", project, "P02-bjorn", "Trust", "--match", "whoever is free",
                    "--create"],
                   check=True, capture_output=True)


def assert_nothing_lost(project: Path) -> None:
    from qodex.project import Project

    check = subprocess.run([QODEX, "check", project], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    with Project.open(project) as opened:
        assert [c.source_id for c in opened.codings.list()].count(2) == 1
    assert not Path(f"{project}-wal").exists(), "the project was not closed cleanly"


def test_closing_the_terminal_ends_the_tui_within_two_seconds_losing_nothing(study):
    with tui(study, controlling=False) as (proc, master):
        add_coding(study)
        os.close(master)
        proc.wait(timeout=2)
    assert proc.returncode == 0
    assert_nothing_lost(study)


def test_sighup_ends_the_tui_cleanly_within_two_seconds(study):
    with tui(study, controlling=True) as (proc, master):
        add_coding(study)
        proc.send_signal(signal.SIGHUP)
        read_for(master, 2)
        proc.wait(timeout=2)
    assert proc.returncode == 0, "killed by the signal rather than closing the project"
    assert_nothing_lost(study)


def test_an_idle_tui_uses_under_two_percent_of_a_cpu(study):
    with tui(study, controlling=True) as (proc, master):
        read_for(master, 1)  # let the first screen settle
        before, started = cpu_seconds(proc.pid), time.monotonic()
        read_for(master, IDLE_SECONDS)
        share = (cpu_seconds(proc.pid) - before) / (time.monotonic() - started)
    assert share < 0.02, f"idle TUI used {share:.1%} of a CPU"
