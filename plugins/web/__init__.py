"""Colleagues without a terminal: ``qodex serve`` (the TUI in a browser, through textual-serve) and
``qodex datasette`` (the project as a read-only web database). Both need ``pip install qodex[web]``."""

from qodex import hookimpl


@hookimpl
def register_commands(cli):
    from qodex.plugins.web.cli import datasette, serve

    cli.add_command(serve)
    cli.add_command(datasette)
