"""``qodex memos``: add, list and show memos on the project, a source, a code, a case or a coding."""

from __future__ import annotations

from pathlib import Path

import click
from click_default_group import DefaultGroup

from qodex.cli.context import PROJECT, open_project
from qodex.cli.output import emit, output_options, say

TARGETS = ("source", "code", "case", "coding")
ON = click.option("--on", "on", nargs=2, metavar="KIND NAME",
                  help=f"What the memo is on: KIND is one of {', '.join(TARGETS)} (default: the "
                       "project); NAME a source, code path, case or coding id.")


def _target(opened, on: tuple[str, str] | None) -> tuple[str, object]:
    """The memo target `--on KIND NAME` names, as ``(target, ref)`` for the memos API."""
    if not on:
        return "project", None
    kind, name = on
    if kind == "code":
        return kind, opened.codes.resolve(name)
    if kind == "coding" and name.isdigit():
        return kind, int(name)
    return kind, name


@click.group(cls=DefaultGroup, default="list")
def memos():
    """Add, list and show memos (``qodex memos PROJECT`` lists them)."""


@memos.command(name="add")
@PROJECT
@click.argument("body")
@click.option("--title", help="A short title.")
@ON
def add_memo(project: Path, body, title, on):
    """Write a memo with BODY (Markdown) in PROJECT."""
    with open_project(project) as opened:
        target, ref = _target(opened, on)
        memo = opened.memos.add(body, title=title, target=target, ref=ref)
    say(f"added memo {memo.id}" + (f" on {on[0]} {on[1]}" if on else ""))


@memos.command(name="list")
@PROJECT
@ON
@output_options
def list_memos(project: Path, on, fmt: str):
    """List the memos in PROJECT, newest first, with what each is on and who wrote it."""
    with open_project(project) as opened:
        about = {row["id"]: row["about"] for row in opened.overview.memos()}
        coders = {c.id: c.name for c in opened.coders}
        found = opened.memos.list(*_target(opened, on)) if on else list(opened.memos)
        rows = [{"id": m.id, "on": m.target, "about": about[m.id], "title": m.title,
                 "coder": coders.get(m.coder_id), "modified": m.modified, "body": m.body}
                for m in sorted(found, key=lambda m: (m.modified, m.id), reverse=True)]
    emit(rows, fmt, clip={"body": 40, "about": 24})


@memos.command(name="show")
@PROJECT
@click.argument("memo")
def show_memo(project: Path, memo):
    """Print one memo (by id, GUID or title) with what it is on."""
    with open_project(project) as opened:
        found = opened.memos.get(int(memo) if memo.isdigit() else memo)
        about = {row["id"]: row["about"] for row in opened.overview.memos()}[found.id]
        coder = opened.coders.find(found.coder_id) if found.coder_id else None
    say(f"memo {found.id}" + (f": {found.title}" if found.title else ""))
    say(f"on {found.target}" + (f" {about}" if about else "") +
        (f", by {coder.name}" if coder else "") + f", {found.modified}")
    say("")
    say(found.body)


COMMANDS = (memos,)
