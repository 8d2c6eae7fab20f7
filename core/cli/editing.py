"""``qodex edit``: correct a source's text after coding; codings follow their words."""

from __future__ import annotations

from pathlib import Path

import click

from qodex.cli.context import open_project
from qodex.cli.options import PROJECT, SPAN
from qodex.cli.output import say
from qodex.errors import QodexError
from qodex.text import choose, find_quote, parse_span


@click.command()
@PROJECT
@click.argument("source")
@SPAN
@click.option("--match", "quote", help="The words to replace, as they stand in the source.")
@click.option("--occurrence", type=int, default=None, help="Which occurrence of --match.")
@click.option("--all", "every", is_flag=True, help="Replace every occurrence of --match.")
@click.option("--to", "replacement", required=True, help="The new text (may be empty).")
@click.option("--force", is_flag=True, help="Go on even if a coding's words all go.")
def edit(project: Path, source, span, quote, occurrence, every, replacement, force):
    """Replace part of SOURCE's text in PROJECT; codings, memos and turns follow their words.

    Plugins' spans (IPA notes, passages, key quotes) follow as codings do. An edit that would lose
    all the words of a coding or such a span is refused unless --force. A snapshot is taken first,
    and `qodex undo` takes the edit back.
    """
    from qodex.project.edit import Edit, edit_source
    from qodex.text import normalize

    if (span is None) == (quote is None):
        raise QodexError("give exactly one of --span START:END or --match TEXT")
    with open_project(project) as opened:
        text = opened.sources.get(source).text
        spans = [parse_span(span)] if span else choose(find_quote(text, quote), quote, occurrence,
                                                       every, where=source)
        report = edit_source(opened, source, [Edit(s, e, normalize(replacement)) for s, e in spans],
                             force)
    say(report.describe())
    for lost in report.lost:
        say(f"lost: {lost}", err=True)


COMMANDS = (edit,)
