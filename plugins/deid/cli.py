"""``qodex deid``: the pseudonym key, leftover identifiers, and a redacted copy."""

from __future__ import annotations

from pathlib import Path

import click

from qodex.cli.options import PROJECT
from qodex.cli.output import emit, output_options, say

KEY = click.option("--key", "key_path", required=True, type=click.Path(dir_okay=False, path_type=Path),
                   help="The pseudonym key (a JSON file outside the project, mode 0600).")


@click.group()
def deid():
    """De-identification: consistent pseudonyms from a key kept outside the project."""


@deid.command()
@click.argument("key_path", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("name")
@click.argument("pseudonym")
@click.option("--gp", is_flag=True, help="NAME is a GP (for --gp-as-men).")
def key(key_path: Path, name: str, pseudonym: str, gp: bool):
    """Add NAME -> PSEUDONYM to the key file KEY_PATH (created with mode 0600)."""
    from qodex.plugins.deid.key import Entry, add

    entries = add(key_path, Entry(name, pseudonym, "gp" if gp else "person"))
    say(f"{key_path}: {len(entries)} name(s)")


@deid.command(name="check")
@PROJECT
@KEY
@output_options
def check_(project: Path, key_path: Path, fmt: str):
    """List identifiers left in PROJECT: names from the key (in any table, or anywhere in the file's
    bytes), phone numbers, e-mails, CPR numbers, addresses."""
    from qodex.cli.context import open_project
    from qodex.plugins.deid.detect import in_file, leftovers
    from qodex.plugins.deid.key import load

    entries = load(key_path)
    with open_project(project) as opened:
        found = leftovers(opened, entries) + in_file(project, entries)
    emit([finding._asdict() for finding in found], fmt, ["where", "kind", "text"])
    say(f"{len(found)} possible identifier(s) left", err=True)


@deid.command()
@click.argument("project", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("dest", type=click.Path(dir_okay=False, path_type=Path))
@KEY
@click.option("--gp-as-men", is_flag=True, help="Refer to every GP as a man (pronouns after the name).")
def export(project: Path, dest: Path, key_path: Path, gp_as_men: bool):
    """Write a pseudonymised copy of PROJECT to DEST, with the key and the change log kept out.

    DEST appears only when complete and checked for every name of the key."""
    from qodex.cli.context import open_project
    from qodex.plugins.deid.key import load
    from qodex.plugins.deid.redact import export as export_copy
    from qodex.plugins.deid.redact import leftover_parts

    entries = load(key_path)
    removed, kept = leftover_parts(dest)
    for part in removed:
        say(f"removed {part}, left by an interrupted export (it held only redacted text)",
                   err=True)
    for part in kept:
        say(f"left {part} alone: the export writing it is still running", err=True)
    with open_project(project) as opened:
        report, found = export_copy(opened, dest, entries, gp_as_men)
    say(f"wrote {dest}: {report.describe()}")
    for lost in report.lost:
        say(f"coding now covers only a pseudonym: {lost}", err=True)
    for finding in found:
        say(f"left: {finding.where}: {finding.kind}: {finding.text}", err=True)
