"""End the app when its terminal goes away: SIGHUP, or a hang-up seen on stdin (a dropped SSH
connection, a killed tmux session), which would otherwise leave the input thread reading EOF in a loop."""

from __future__ import annotations

import asyncio
import select
import signal
import sys
import threading
from collections.abc import Callable


def watch(quit: Callable[[], None]) -> Callable[[], None]:
    """Call `quit` (on the running loop) on SIGHUP or when stdin's terminal hangs up; returns the
    function that stops watching."""
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGHUP, quit)
    if sys.stdin is not None and sys.stdin.isatty():
        threading.Thread(target=_wait_for_hangup, args=(sys.stdin.fileno(), loop, quit),
                         name="qodex-terminal-watch", daemon=True).start()
    return lambda: loop.remove_signal_handler(signal.SIGHUP)


def _wait_for_hangup(fd: int, loop: asyncio.AbstractEventLoop, quit: Callable[[], None]) -> None:
    """Sleep in poll() until `fd` reports a hang-up or error (no input wakes it), then quit."""
    poller = select.poll()
    poller.register(fd, 0)  # no events asked: only POLLHUP, POLLERR and POLLNVAL end the wait
    poller.poll()
    if not loop.is_closed():
        loop.call_soon_threadsafe(quit)
