"""Creating and opening projects."""

from __future__ import annotations

from pathlib import Path

import click

from qodex.cli.context import PROJECT, open_project


@click.command()
@PROJECT
@click.option("--name", help="The project's name (default: the file name).")
@click.pass_context
def init(ctx, project: Path, name: str | None):
    """Create an empty project file PROJECT (e.g. study.qodex)."""
    from qodex.project import Project

    Project.create(project, name=name, coder=ctx.obj["coder"]).close()
    click.echo(f"created {project}")


@click.command(name="open")
@click.argument("project", required=False, type=click.Path(dir_okay=False, path_type=Path))
def open_(project: Path | None):
    """Open PROJECT (default: the only *.qodex file here) and show what it holds."""
    from qodex.errors import QodexError

    if project is None:
        found = sorted(Path.cwd().glob("*.qodex"))
        if len(found) != 1:
            names = ", ".join(p.name for p in found) or "none"
            raise QodexError(f"name the project to open (*.qodex files here: {names})")
        project = found[0]
    with open_project(project) as opened:
        summary = opened.summary()
    click.echo(f"{summary['name']} ({project})")
    for key in ("sources", "cases", "codes", "codings", "memos", "coders"):
        click.echo(f"  {key:<8} {summary[key]}")


COMMANDS = (init, open_)
