"""Pseudonymising a project through the API's edit path, and exporting a redacted copy."""

from __future__ import annotations

from pathlib import Path

from qodex.plugins.deid.detect import Finding, leftovers
from qodex.plugins.deid.pseudonyms import edits
from qodex.project.edit import EditReport, apply_edits, edit_sources


def pseudonymise(project, entries, gp_as_men: bool = False) -> EditReport:
    """Replace every name of the key in source texts (codings follow), names, memos and coding memos."""
    plan = {s.id: edits(s.text, entries, gp_as_men) for s in project.sources}
    report = edit_sources(project, {k: v for k, v in plan.items() if v}, force=True, backup=False)
    with project.transaction():
        for source in project.sources:
            name = _redacted(source.name, entries)
            if name != source.name:
                project.sources.rename(source, name)
        for memo in project.memos:
            body, title = _redacted(memo.body, entries), _redacted(memo.title, entries)
            if (body, title) != (memo.body, memo.title):
                project.memos.update(memo, body=body, title=title)
        for coding in project.codings.list():
            if coding.memo and _redacted(coding.memo, entries) != coding.memo:
                project.codings.update(coding, memo=_redacted(coding.memo, entries))
    return report


def _redacted(text: str | None, entries) -> str | None:
    return apply_edits(text, edits(text, entries)) if text else text


def export(project, dest: Path, entries, gp_as_men: bool = False) -> tuple[EditReport, list[Finding]]:
    """Write a pseudonymised copy of `project` to `dest`: no key, no change log, no old text left.

    Returns what the edits did and the identifiers still found in the copy.
    """
    from qodex.project import Project
    from qodex.project.backup import backup
    from qodex.project.history import forget

    backup(project, dest)
    try:
        with Project.open(dest, coder=project.coder_name) as copy:
            report = pseudonymise(copy, entries, gp_as_men)
            forget(copy)
            return report, leftovers(copy, entries)
    except BaseException:
        Path(dest).unlink(missing_ok=True)
        raise
