"""``qodex memos``: add, list and show memos on the project, a source, a code, a case or a coding."""

from __future__ import annotations

from pathlib import Path

import click
from click_default_group import DefaultGroup

from qodex.cli.context import PROJECT, open_project
from qodex.cli.output import emit, output_options, say

TARGETS = ("source", "code", "case", "coding")
ON = click.option("--on", "on", nargs=2, type=(click.Choice(TARGETS), str), metavar="KIND NAME",
                  help=f"What the memo is on: KIND is one of {', '.join(TARGETS)} (default: the "
                       "project); NAME a source, code path, case or coding id.")


def _target(opened, on: tuple[str, str] | None) -> tuple[str, object]:
    """What `--on KIND NAME` names, as ``(target, record)`` (the project: ``("project", None)``)."""
    if not on:
        return "project", None
    kind, name = on
    if kind == "code":
        return kind, opened.codes.resolve(name)
    nouns = {"source": opened.sources, "case": opened.cases, "coding": opened.codings}
    return kind, nouns[kind].get(int(name) if kind == "coding" and name.isdigit() else name)


@click.group(cls=DefaultGroup, default="list")
def memos():
    """Add, list and show memos (``qodex memos PROJECT`` lists them)."""


@memos.command(name="add")
@PROJECT
@click.argument("body")
@click.option("--title", help="A short title (not for a coding's memo, which has none).")
@ON
def add_memo(project: Path, body, title, on):
    """Write a memo with BODY (Markdown) in PROJECT; on a coding, BODY is added to its memo."""
    with open_project(project) as opened:
        target, ref = _target(opened, on)
        if target == "coding":
            opened.codings.add_memo(ref, body)
            say(f"added to the memo of coding {ref.id}")
            return
        memo = opened.memos.add(body, title=title, target=target, ref=ref)
    say(f"added memo {memo.id}" + (f" on {on[0]} {on[1]}" if on else ""))


@memos.command(name="list")
@PROJECT
@ON
@output_options
def list_memos(project: Path, on, fmt: str):
    """List the memos in PROJECT (codings' memos too), newest first, with what each is on and
    who wrote it."""
    with open_project(project) as opened:
        coders = {c.id: c.name for c in opened.coders}
        target, ref = _target(opened, on) if on else (None, None)
        ref_id = getattr(ref, "id", None)
        rows = [{"id": row["id"], "on": row["target"], "target_id": row["target_id"],
                 "about": row["about"], "title": row["title"], "coder": coders.get(row["coder_id"]),
                 "modified": row["modified"], "body": _body(opened, row)}
                for row in opened.overview.memos()
                if target is None or (row["target"], row["target_id"]) == (target, ref_id)]
    emit(rows, fmt, table=["id", "on", "about", "title", "coder", "body"],
         clip={"body": 40, "about": 30})


def _body(opened, row) -> str:
    if row["id"] is None:
        return opened.codings.get(row["target_id"]).memo
    return opened.memos.get(row["id"]).body


@memos.command(name="show")
@PROJECT
@click.argument("memo")
def show_memo(project: Path, memo):
    """Print one memo (by id, GUID or title; a coding's memo as coding:ID) with what it is on."""
    with open_project(project) as opened:
        rows = opened.overview.memos()
        if memo.startswith("coding:") and memo[7:].isdigit():
            found = opened.codings.get(int(memo[7:]))
            row = next(r for r in rows if r["id"] is None and r["target_id"] == found.id)
            head, body = f"memo on coding {found.id}", found.memo
        else:
            found = opened.memos.get(int(memo) if memo.isdigit() else memo)
            row = next(r for r in rows if r["id"] == found.id)
            head, body = f"memo {found.id}" + (f": {found.title}" if found.title else ""), found.body
        coder = opened.coders.find(row["coder_id"]) if row["coder_id"] else None
    say(head)
    say(f"on {row['target']}" + (f" {row['about']}" if row["about"] else "") +
        (f", by {coder.name}" if coder else "") + f", {row['modified']}")
    say("")
    say(body)


COMMANDS = (memos,)
