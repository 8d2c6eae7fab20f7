"""``qodex serve`` and ``qodex datasette``: the workbench and the project on the web."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import click

from qodex.cli.context import PROJECT
from qodex.cli.output import say
from qodex.errors import QodexError

HOST = click.option("--host", default="127.0.0.1", show_default=True,
                    help="Address to listen on; anything but this machine's own exposes the project.")


def _need(module: str, command: str) -> None:
    if importlib.util.find_spec(module) is None:
        raise QodexError(f"qodex {command} needs {module}: pip install 'qodex[web]'")


def _warn_exposed(host: str) -> None:
    from qodex.plugins.web.serve import LOOPBACK

    if host not in LOOPBACK:
        say(f"warning: {host} exposes the project beyond this machine, over plain http (the token "
            "travels in clear); prefer the default, 127.0.0.1, and an SSH tunnel", err=True)


def _coder(ctx: click.Context) -> str:
    coder = ctx.find_root().obj.get("coder")
    if coder:
        return coder
    if not sys.stdin.isatty():
        raise QodexError("qodex serve needs to know who codes in the browser: qodex --coder NAME serve ...")
    return click.prompt("Who codes in the browser (coder name)")


@click.command()
@PROJECT
@HOST
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.pass_context
def serve(ctx: click.Context, project: Path, host: str, port: int):
    """Open PROJECT in a browser tab: the same TUI as `qodex open`, through textual-serve.

    Listens on this machine only and prints an address with a token made at each start; every write
    is attributed to --coder. Ctrl+C stops the server and ends every session."""
    from qodex.cli.context import open_project
    from qodex.plugins.web.serve import addresses, check_free, new_token, token_server, tui_command

    _need("textual_serve", "serve")
    coder = _coder(ctx)
    with open_project(project):
        pass  # refuses, in one line, anything that is not a qodex project
    check_free(host, port)
    _warn_exposed(host)
    token = new_token()

    def announce() -> None:
        say(f"serving {project} to the browser, coding as {coder}", err=True)
        for line in addresses(host, port, token):
            say(line, err=True)

    token_server(tui_command(project, coder), host, port, token, project.stem, announce).serve()
    say("stopped: every session ended", err=True)


@click.command()
@PROJECT
@click.option("--deid", "key_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Serve the copy `qodex deid export` makes with this pseudonym key, never the original.")
@click.option("--gp-as-men", is_flag=True, help="With --deid: refer to every GP as a man.")
@click.option("--write-to", "folder", type=click.Path(file_okay=False, path_type=Path),
              help="Write the copy and its metadata.json to this folder instead of serving them.")
@HOST
@click.option("--port", default=8001, show_default=True, type=click.IntRange(1, 65535))
def datasette(project: Path, key_path: Path | None, gp_as_men: bool, folder: Path | None,
              host: str, port: int):
    """Browse PROJECT in Datasette: read-only, every table described, canned queries and facets.

    What is served is a copy made at start (redacted with --deid), opened immutable."""
    import tempfile

    from qodex.plugins.web.publish import publish, run_datasette
    from qodex.plugins.web.serve import check_free

    if folder is not None:
        database, metadata = publish(project, folder, key_path, gp_as_men)
        say(f"wrote {database} and {metadata}", err=True)
        say(f"serve them with: datasette serve -i {database} --metadata {metadata}", err=True)
        return
    _need("datasette", "datasette")
    check_free(host, port)
    _warn_exposed(host)
    with tempfile.TemporaryDirectory(prefix="qodex-datasette-") as temporary:
        database, metadata = publish(project, Path(temporary), key_path, gp_as_men)
        say(f"{'redacted copy' if key_path else 'copy'} of {project} at http://{host}:{port}/ "
            "(Ctrl+C stops)", err=True)
        run_datasette(database, metadata, host, port)
