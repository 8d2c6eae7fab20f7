"""``qodex code``: apply a code to a span given by offsets or by the words it covers."""

from __future__ import annotations

from pathlib import Path

import click

from qodex.cli.context import open_project
from qodex.cli.options import PROJECT, SPAN
from qodex.cli.output import say, shorten
from qodex.errors import QodexError
from qodex.text import choose, find_quote, parse_span


@click.command()
@PROJECT
@click.argument("source")
@click.argument("code")
@SPAN
@click.option("--match", "quote", help="The words to code, as they stand in the source.")
@click.option("--occurrence", type=int, default=None,
              help="Which occurrence of --match to code (default: the only one).")
@click.option("--all", "every", is_flag=True, help="Code every occurrence of --match.")
@click.option("--memo", help="A memo on the new coding.")
@click.option("--counter", metavar="KIND", help="Code a counter-instance: denial, hypothetical,"
              " third-party or a label of your own (counted apart from supporting codings).")
@click.option("--create", is_flag=True, help="Create CODE (and its parents) if it does not exist.")
def code(project: Path, source, code, span, quote, occurrence, every, memo, counter, create):
    """Code part of SOURCE in PROJECT with CODE: a path like Parent/Child, or a code's name when
    no other code has it. An unknown CODE is an error unless --create."""
    if (span is None) == (quote is None):
        raise QodexError("give exactly one of --span START:END or --match TEXT")
    with open_project(project) as opened, opened.transaction():
        text = opened.sources.get(source).text
        spans = [parse_span(span)] if span else choose(find_quote(text, quote), quote, occurrence,
                                                       every, where=source)
        created = create and opened.codes.find(code) is None
        target = opened.codes.ensure(code) if created else opened.codes.resolve(code)
        for start, end in spans:
            coding = opened.codings.add(source, target, start, end, memo=memo, counter=counter)
            kind = f" ({coding.counter})" if coding.counter else ""
            say(f"coded {source} {coding.start}:{coding.end} with {code}{kind}: "
                f"{shorten(text[start:end])!r}")
    if created:
        say(f"created code {code}", err=True)


COMMANDS = (code,)
