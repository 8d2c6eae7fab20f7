"""``qodex report NAME PROJECT``: run any registered report and render it."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from qodex.cli.context import FORCE, OUTPUT, PROJECT, open_project
from qodex.cli.output import say


@click.command()
@click.argument("name")
@PROJECT
@click.option("--format", "fmt", type=click.Choice(["md", "html", "term", "docx"]),
              help="Output format (default: by FILE's extension, else term).")
@OUTPUT
@click.option("-O", "--option", "options", multiple=True, metavar="NAME=VALUE",
              help="A report option (repeatable).")
@FORCE
def report(name: str, project: Path, fmt, output, options, force):
    """Build report NAME (see `qodex plugins`) from PROJECT as Markdown, HTML, Word (.docx, to a
    file) or terminal text."""
    from qodex import destination
    from qodex.extensions import parse_options
    from qodex.host import get_host
    from qodex.reporting import render

    chosen = get_host().registry.named("reports", name)
    if output:
        destination.check(output, force, [project])
    fmt = fmt or {".md": "md", ".html": "html", ".htm": "html", ".docx": "docx"}.get(
        output.suffix.lower() if output else "", "term")
    if fmt == "docx" and not output:
        raise click.UsageError("a .docx report goes to a file: give -o FILE.docx")
    with open_project(project) as opened:
        markdown = chosen.build(opened, parse_options(chosen.options, list(options), name))
        title = f"{chosen.description or name}: {opened.name}"
    text = render(markdown, fmt, title, colour=output is None and sys.stdout.isatty())
    if isinstance(text, bytes):
        destination.write_bytes(output, text, force, [project])
        say(f"wrote {output}", err=True)
    elif output:
        destination.write_text(output, text, force, [project])
        say(f"wrote {output}", err=True)
    else:  # terminal text is already safe (render escapes it before Rich adds its colours)
        (click.echo if fmt == "term" else say)(text, nl=False)


COMMANDS = (report,)
