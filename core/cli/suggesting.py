"""``qodex strategies``, ``qodex suggest`` and ``qodex review``: proposed codings, then decisions."""

from __future__ import annotations

import textwrap
from collections import Counter
from pathlib import Path

import click

from qodex.cli.context import open_project
from qodex.cli.options import PROJECT, plugin_options
from qodex.cli.output import emit, output_options, say, shorten

CHOICES = {"a": "accept", "r": "reject", "s": "skip", "A": "accept all for this code", "q": "quit"}


@click.command()
@output_options
def strategies(fmt: str):
    """List the coding strategies with their options (give them to suggest as -O NAME=VALUE)."""
    from qodex.host import get_host

    rows = [{"name": s.name, "description": s.description,
             "options": [f"{o.name}={_shown(o.default)}: {o.help}" for o in s.options]}
            for s in sorted(get_host().registry.strategies.values(), key=lambda s: s.name)]
    emit(rows, fmt, ["name", "description", "options"])


@click.command()
@PROJECT
@click.argument("strategy")
@plugin_options("strategy")
@click.option("--source", "sources", multiple=True, help="Only this source; repeat for more.")
@click.option("--preview", is_flag=True, help="Count what would be proposed per code; store nothing.")
@output_options
def suggest(project: Path, strategy, options, sources, preview, fmt):
    """Run STRATEGY over PROJECT and store what it proposes, for `qodex review`."""
    from qodex.extensions import parse_options

    with open_project(project) as opened:
        chosen = opened.host.registry.named("strategies", strategy)
        values = parse_options(chosen.options, list(options), strategy)
        picked = [opened.sources.get(s) for s in sources] or list(opened.sources)
        found = opened.suggestions.propose(chosen, picked, values)
        per_code = Counter(s.code for s in found)
        spread = {code: len({s.source_id for s in found if s.code == code}) for code in per_code}
        if not preview:
            given = dict(o.partition("=")[::2] for o in options)
            added = opened.suggestions.add(strategy, found, given)
            say(f"{added} new suggestion(s) from {len(found)} proposed; "
                       f"review them with `qodex review {project}`", err=True)
    emit([{"code": c, "proposed": n, "sources": spread[c]} for c, n in sorted(per_code.items())],
         fmt, ["code", "proposed", "sources"])


@click.command()
@PROJECT
@click.option("--code", help="Only suggestions for this code.")
@click.option("--strategy", help="Only suggestions from this strategy.")
@click.option("--list", "listing", is_flag=True, help="List the open suggestions and stop.")
@click.option("--accept", "accept_ids", multiple=True, type=int, help="Accept suggestion ID (repeat).")
@click.option("--reject", "reject_ids", multiple=True, type=int, help="Reject suggestion ID (repeat).")
@click.option("--accept-all", is_flag=True, help="Accept every open suggestion (after --code/--strategy).")
@click.option("--reject-all", is_flag=True, help="Reject every open suggestion (after --code/--strategy).")
@output_options
def review(project: Path, code, strategy, listing, accept_ids, reject_ids, accept_all, reject_all, fmt):
    """Decide on the open suggestions in PROJECT: one by one, or with the flags, for scripts.

    Accepted suggestions become codings by you (--coder); rejected ones are never proposed again.
    """
    with open_project(project) as opened:
        found = opened.suggestions.list(code=code, strategy=strategy)
        if listing:
            emit(describe(opened, found), fmt,
                 ["id", "source", "code", "score", "strategy", "explanation", "quote"])
        elif accept_ids or reject_ids or accept_all or reject_all:
            accepted = opened.suggestions.accept(found if accept_all else accept_ids)
            rejected = opened.suggestions.reject(found if reject_all else reject_ids)
            say(f"accepted {accepted}, rejected {rejected}", err=True)
        else:
            one_by_one(opened, found)


def describe(project, found) -> list[dict]:
    paths, names = project.codes.paths(), project.overview.source_names()
    return [{"id": s.id, "source": names[s.source_id], "code": paths[s.code_id], "score": s.score,
             "strategy": s.strategy, "explanation": s.explanation,
             "quote": shorten(project.suggestions.quote(s), 200)} for s in found]


def one_by_one(project, found) -> None:
    """Ask about each suggestion in turn; 'A' accepts that code's others not yet seen, at once."""
    done, tally = set(), Counter()
    for number, (s, row) in enumerate(zip(found, describe(project, found), strict=True), 1):
        if s.id in done:
            continue
        say(f"\n[{number}/{len(found)}] {row['source']} · {row['code']} · score {s.score:g}"
                   f" · {s.strategy}\n  {s.explanation}")
        say(textwrap.indent(textwrap.fill(project.suggestions.quote(s), 100), "  > "))
        try:
            answer = click.prompt(" / ".join(f"[{k}] {v}" for k, v in CHOICES.items()),
                                  type=click.Choice(list(CHOICES)), show_choices=False)
        except click.Abort:  # end of input
            answer = "q"
        if answer == "q":
            break
        if answer == "A":
            same = [t for t in found if t.code_id == s.code_id and t.id not in done]
            tally["accepted"] += project.suggestions.accept(same)
            done |= {t.id for t in same}
        elif answer != "s":
            decide = project.suggestions.accept if answer == "a" else project.suggestions.reject
            tally["accepted" if answer == "a" else "rejected"] += decide([s.id])
        done.add(s.id)
    say(f"accepted {tally['accepted']}, rejected {tally['rejected']}", err=True)


def _shown(default) -> str:
    """An option's default as it would be typed: sets as sorted comma-separated names."""
    if default is None:
        return ""
    if isinstance(default, set | frozenset):
        return ",".join(sorted(default))
    return str(default)


COMMANDS = (strategies, suggest, review)

