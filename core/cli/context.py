"""What commands share: opening the project named on the command line."""

from __future__ import annotations

from pathlib import Path

import click

from qodex.cli.output import say

PROJECT = click.argument("project", type=click.Path(dir_okay=False, path_type=Path))
OUTPUT = click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
                      help="Write to this file instead of the terminal.")
FORCE = click.option("--force", is_flag=True, help="Replace the file written if it exists "
                     "(never a folder, the project or its snapshots).")


def open_project(path: Path, create: bool = False):
    """Open (or with `create`, create if missing) the project, as the coder given to ``qodex``."""
    from qodex.host import get_host
    from qodex.project import Project

    coder = click.get_current_context().find_root().obj.get("coder")
    if create and not path.exists():
        say(f"created {path}", err=True)
        return Project.create(path, coder=coder, host=get_host())
    return Project.open(path, coder=coder, host=get_host())
