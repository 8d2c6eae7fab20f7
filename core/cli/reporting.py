"""``qodex report PROJECT NAME``: run any registered report and render it."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from qodex.cli.context import open_project
from qodex.cli.options import PROJECT, output_file, plugin_options
from qodex.cli.output import say


class ListsReports(click.Command):
    """A command whose help ends with the reports it can build, and their options."""

    def format_epilog(self, ctx, formatter):
        from qodex.host import get_host

        reports = sorted(get_host().registry.reports.values(), key=lambda r: r.name)
        with formatter.section("Reports"):
            formatter.write_dl([(r.name, " ".join(filter(None, [r.description, _options(r)])))
                                for r in reports])
        super().format_epilog(ctx, formatter)


def _options(report) -> str:
    return f"(-O {', '.join(o.name for o in report.options)})" if report.options else ""


@click.command(cls=ListsReports)
@PROJECT
@click.argument("name")
@click.option("--format", "fmt", type=click.Choice(["md", "html", "term", "docx"]),
              help="Output format (default: by FILE's extension, else term).")
@output_file
@plugin_options("report")
def report(project: Path, name: str, fmt, output, force, options):
    """Build report NAME from PROJECT as Markdown, HTML, Word (.docx, to a file) or terminal text."""
    from qodex import destination
    from qodex.extensions import ReportResult, parse_options
    from qodex.host import get_host
    from qodex.reporting import render

    chosen = get_host().registry.named("reports", name)
    if output:
        destination.check(output, force, [project])
    fmt = fmt or {".md": "md", ".html": "html", ".htm": "html", ".docx": "docx"}.get(
        output.suffix.lower() if output else "", "term")
    if fmt == "docx" and not output:
        raise click.UsageError("a .docx report goes to a file: give -o FILE.docx")
    with open_project(project) as opened, opened.view() as view:
        built = ReportResult.of(chosen.build(view, parse_options(chosen.options, list(options), name)))
        title = f"{chosen.description or name}: {opened.name}"
    for warning in built.warnings:
        say(f"warning: {warning}", err=True)
    text = render(built.markdown, fmt, title, colour=output is None and sys.stdout.isatty())
    if isinstance(text, bytes):
        destination.write_bytes(output, text, force, [project])
        say(f"wrote {output}", err=True)
    elif output:
        destination.write_text(output, text, force, [project])
        say(f"wrote {output}", err=True)
    else:  # terminal text is already safe (render escapes it before Rich adds its colours)
        (click.echo if fmt == "term" else say)(text, nl=False)


COMMANDS = (report,)
