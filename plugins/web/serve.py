"""``qodex serve``: the TUI in a browser through textual-serve, behind a token made at each start.

Every browser tab runs its own ``qodex --coder CODER open PROJECT`` process, so it is the TUI a
terminal gets (live reload, undo, themes). The page, its files and its websocket answer only a
request that carries the token, in the address (``?token=``) or in the cookie the page sets (one per port).
"""

from __future__ import annotations

import asyncio
import hmac
import secrets
import shlex
import socket
import sys
from pathlib import Path

from qodex.errors import QodexError

COOKIE = "qodex_token"
LOOPBACK = ("127.0.0.1", "localhost", "::1")
ANY = ("0.0.0.0", "::")  # every address of this machine: shown by its name


def tui_command(project: Path, coder: str) -> str:
    """The shell command each browser session runs: the same TUI as ``qodex open``."""
    return shlex.join([sys.executable, "-c", "from qodex.cli import main; main()",
                       "--coder", coder, "open", str(project.resolve())])


def new_token() -> str:
    return secrets.token_urlsafe(18)


def addresses(host: str, port: int, token: str) -> list[str]:
    """What to tell the user: the address with its token, and the SSH tunnel to reach it."""
    if host in ANY:
        host = socket.gethostname()
    shown = f"[{host}]" if ":" in host else host
    lines = [f"open http://{shown}:{port}/?token={token}"]
    if host in LOOPBACK:
        lines.append(f"from another machine: ssh -L {port}:localhost:{port} THIS-HOST, "
                     f"then open http://localhost:{port}/?token={token}")
    lines.append("Ctrl+C stops the server and ends every session (each change is already saved)")
    return lines


def check_free(host: str, port: int) -> None:
    """Refuse, in one line, a port another program listens on."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise QodexError(f"cannot listen on {host}:{port}: {exc.strerror}") from exc


async def _when_listening(host: str, port: int, then) -> None:
    """Call `then()` once the server accepts connections (aiohttp listens only after its startup)."""
    target = {"0.0.0.0": "127.0.0.1", "::": "::1"}.get(host, host)
    while True:
        try:
            _, writer = await asyncio.open_connection(target, port)
        except OSError:
            await asyncio.sleep(0.02)
            continue
        writer.close()
        return then()


def token_server(command: str, host: str, port: int, token: str, title: str, announce):
    """A textual-serve `Server` for `command` that refuses every request without `token`;
    `announce()` runs once the server listens."""
    from aiohttp import web
    from textual_serve.server import Server

    cookie = f"{COOKIE}_{port}"  # cookies ignore ports: one per server on this host

    @web.middleware
    async def require_token(request, handler):
        given = request.query.get("token") or request.cookies.get(cookie) or ""
        if not hmac.compare_digest(given.encode(), token.encode()):
            raise web.HTTPForbidden(text="qodex serve: open the address printed when the server "
                                    "started, with its token\n")
        response = await handler(request)
        if request.path == "/":
            response.set_cookie(cookie, token, httponly=True, samesite="Strict")
        return response

    class TokenServer(Server):
        async def _make_app(self):
            app = await super()._make_app()
            app.middlewares.append(require_token)
            return app

        async def handle_index(self, request):
            self.public_url = f"{request.scheme}://{request.host}"  # the address the browser used
            return await super().handle_index(request)

        async def on_startup(self, app) -> None:
            self.announcing = asyncio.ensure_future(_when_listening(host, port, announce))

    return TokenServer(command, host=host, port=port, title=title)
