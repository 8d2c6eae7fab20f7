"""``qodex trust``: say which study folders may run their own plugins (see qodex.trust)."""

from __future__ import annotations

from pathlib import Path

import click

from qodex.cli.output import emit, output_options


@click.command()
@click.argument("folder", required=False, default=".",
                type=click.Path(file_okay=False, path_type=Path))
@click.option("--list", "listing", is_flag=True, help="List the trusted folders instead.")
@click.option("--revoke", is_flag=True, help="Stop trusting FOLDER.")
@click.option("--other-owner", is_flag=True,
              help="Trust FOLDER though another user owns it or one of its plugins.")
@output_options
def trust(folder: Path, listing: bool, revoke: bool, other_owner: bool, fmt: str):
    """Let the plugins/*.py of study FOLDER (default: here) run, as they are now.

    A study's plugins are code that runs as you, so qodex loads them only from a folder you
    trust; editing, adding or removing a plugin file makes the folder untrusted until you run
    this again.
    """
    from qodex import trust as trusting

    if listing:
        rows = [{"folder": name, "plugins": sorted(record.get("files", {})),
                 "status": trusting.check(Path(name)).problem or "trusted"}
                for name, record in sorted(trusting.trusted().items())]
        emit(rows, fmt, ["folder", "plugins", "status"])
    elif revoke:
        found = trusting.revoke(folder)
        click.echo(f"{'no longer trusted' if found else 'was not trusted'}: {folder.resolve()}")
    else:
        names = trusting.trust(folder, other_owner)
        click.echo(f"trusted {folder.resolve()} with {len(names)} plugin file(s): "
                   f"{', '.join(names) or 'none'}")


COMMANDS = (trust,)
