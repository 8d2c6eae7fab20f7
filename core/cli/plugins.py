"""``qodex plugins``: what is loaded, from where, and what failed."""

from __future__ import annotations

import click

from qodex.cli.output import emit, output_options


@click.command()
@output_options
def plugins(fmt: str):
    """List the plugins: name, version, where each came from, its hooks, and any failure."""
    from qodex.host import get_host

    host = get_host()
    host.registry  # noqa: B018 - calling the registration hooks reveals plugins that fail there
    rows = [{"name": p.name, "version": p.version, "origin": p.origin, "hooks": p.hooks,
             "error": None} for p in host.plugins()]
    rows += [{"name": f.name, "version": None, "origin": f.origin, "hooks": [],
              "error": f"{f.stage}: {f.error}"} for f in host.failures]
    columns = ["name", "version", "origin", "hooks", "error"]
    emit(rows, fmt, columns)


COMMANDS = (plugins,)
