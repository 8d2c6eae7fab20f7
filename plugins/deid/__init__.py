"""De-identification: pseudonyms from a key outside the project, leftover detection, redacted export."""

from qodex import hookimpl


@hookimpl
def register_commands(cli):
    from qodex.plugins.deid.cli import deid

    cli.add_command(deid)
