"""``qodex code``: apply a code to a span given by offsets or by the words it covers."""

from __future__ import annotations

import re
from pathlib import Path

import click

from qodex.cli.context import PROJECT, open_project
from qodex.cli.output import say, shorten
from qodex.errors import QodexError


def parse_span(value: str) -> tuple[int, int]:
    """``START:END`` as two integers."""
    start, sep, end = value.partition(":")
    try:
        return int(start), int(end)
    except ValueError:
        raise QodexError(f"--span takes START:END in characters, e.g. 120:245, not {value!r}") from None


def find_matches(text: str, quote: str) -> list[tuple[int, int]]:
    """Every place `quote` occurs in `text`, whatever the white space between its words."""
    pattern = r"\s+".join(map(re.escape, quote.split()))
    if not pattern:
        raise QodexError("--match needs some text")
    return [m.span() for m in re.finditer(pattern, text)]


@click.command()
@PROJECT
@click.argument("source")
@click.argument("code")
@click.option("--span", help="Characters START:END (end excluded) to code.")
@click.option("--match", "quote", help="The words to code, as they stand in the source.")
@click.option("--occurrence", type=int, default=None,
              help="Which occurrence of --match to code (default: the only one).")
@click.option("--all", "every", is_flag=True, help="Code every occurrence of --match.")
@click.option("--memo", help="A memo on the new coding.")
def code(project: Path, source, code, span, quote, occurrence, every, memo):
    """Code part of SOURCE in PROJECT with CODE (a path like Parent/Child; created if new)."""
    if (span is None) == (quote is None):
        raise QodexError("give exactly one of --span START:END or --match TEXT")
    with open_project(project) as opened, opened.transaction():
        text = opened.sources.get(source).text
        spans = [parse_span(span)] if span else _choose(find_matches(text, quote), quote,
                                                        occurrence, every)
        target = opened.codes.find(code)
        created = target is None
        if created:
            target = opened.codes.ensure(code)
        for start, end in spans:
            coding = opened.codings.add(source, target, start, end, memo=memo)
            say(f"coded {source} {coding.start}:{coding.end} with {code}: "
                       f"{shorten(text[start:end])!r}")
    if created:
        say(f"created code {code}", err=True)


def _choose(spans: list[tuple[int, int]], quote: str, occurrence: int | None, every: bool):
    if not spans:
        raise QodexError(f"{shorten(quote)!r} does not occur in the source")
    if every:
        return spans
    if occurrence is None:
        if len(spans) > 1:
            raise QodexError(f"{shorten(quote)!r} occurs {len(spans)} times; choose one with "
                             f"--occurrence N or code them all with --all")
        return spans
    if not 1 <= occurrence <= len(spans):
        raise QodexError(f"--occurrence {occurrence}: the text occurs {len(spans)} time(s)")
    return [spans[occurrence - 1]]


COMMANDS = (code,)
