"""Creating and opening projects."""

from __future__ import annotations

from pathlib import Path

import click

from qodex.cli.context import PROJECT, open_project
from qodex.cli.output import say


@click.command()
@PROJECT
@click.option("--name", help="The project's name (default: the file name).")
@click.pass_context
def init(ctx, project: Path, name: str | None):
    """Create an empty project file PROJECT (e.g. study.qodex)."""
    from qodex.project import Project

    Project.create(project, name=name, coder=ctx.obj["coder"]).close()
    say(f"created {project}")


@click.command(name="open")
@click.argument("project", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--summary", is_flag=True, help="Print what the project holds instead of opening it.")
@click.pass_context
def open_(ctx, project: Path | None, summary: bool):
    """Open PROJECT (default: the only *.qodex file here) in the coding workbench."""
    project = project or only_project_here()
    if summary:
        with open_project(project) as opened:
            counts = opened.summary()
        say(f"{counts['name']} ({project})")
        for key in ("sources", "cases", "codes", "codings", "memos", "coders"):
            say(f"  {key:<8} {counts[key]}")
        return
    from qodex.host import get_host
    from qodex.tui import QodexApp

    QodexApp(project, coder=ctx.find_root().obj.get("coder"), host=get_host()).run()


def only_project_here() -> Path:
    """The one *.qodex file in the current folder; an error naming what is there otherwise."""
    from qodex.errors import QodexError

    found = sorted(Path.cwd().glob("*.qodex"))
    if len(found) != 1:
        names = ", ".join(p.name for p in found) or "none"
        raise QodexError(f"name the project to open (*.qodex files here: {names})")
    return found[0]


COMMANDS = (init, open_)
