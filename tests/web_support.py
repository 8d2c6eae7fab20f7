"""Starting `qodex serve` / `qodex datasette` as a user does, in a subprocess, and stopping them with
Ctrl+C (SIGINT)."""

from __future__ import annotations

import re
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

QODEX = [sys.executable, "-c", "from qodex.cli import main; main()"]
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ESCAPES = re.compile(r"\x1b\[[0-9;?<>]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][0-9A-B]")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def started(args: list[str], log: Path, ready: str, deadline: float = 60):
    """Run ``qodex ARGS`` (stderr to `log`) until the regex `ready` matches a whole line of its
    stderr; yields (process, match). Leaving the block sends SIGINT and waits for the exit."""
    with log.open("w") as err:
        process = subprocess.Popen(QODEX + args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                   stderr=err, cwd=log.parent)
    try:
        end = time.monotonic() + deadline
        while not (found := re.search(ready, log.read_text(errors="replace"), re.M)):
            assert process.poll() is None, log.read_text()
            assert time.monotonic() < end, f"not ready after {deadline} s: {log.read_text()}"
            time.sleep(0.05)
        yield process, found
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            raise


def serving(project: Path, coder: str, log: Path):
    """`qodex serve` on `project`; the match's group 1 is the address with its token."""
    return started(["--coder", coder, "serve", str(project), "--port", str(free_port())], log,
                   r"^open (http://\S+)\n")


def datasette(project: Path, log: Path, *options: str):
    """`qodex datasette` on `project`; the match's group 1 is its address."""
    return started(["datasette", str(project), "--port", str(free_port()), *options], log,
                   r"at (http://\S+/) .*\n(?s:.*)Uvicorn running")


class Terminal:
    """What the served TUI has written to the browser, read from its websocket frames."""

    def __init__(self, page):
        self.page, self.frames = page, []
        page.on("websocket", lambda ws: ws.on("framereceived", lambda f: self.frames.append(f)))

    def text(self, since: int = 0) -> str:
        data = b"".join(f if isinstance(f, bytes) else f.encode() for f in self.frames[since:])
        return ESCAPES.sub("", data.decode("utf-8", "replace"))

    def wait_for(self, words: str, since: int = 0, deadline: float = 30) -> None:
        end = time.monotonic() + deadline
        while words not in self.text(since):
            assert time.monotonic() < end, f"{words!r} never appeared in the browser"
            self.page.wait_for_timeout(20)
