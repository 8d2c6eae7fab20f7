"""Editing a source's text after coding: codings, memo anchors, segments and the spans plugins
hold (`qodex.project.migrations.Spans`) follow their words.

An edit replaces ``[start, end)`` with new text. A span the edit does not touch shifts; one the edit
overlaps keeps its surviving words and covers the replacement (so pseudonymising a coded name keeps
the coding on the pseudonym); a line break inserted inside a coding splits it in two. A coding whose
words would all go (deleted, or swallowed by a larger replacement) is *lost*: the edit is refused
unless forced, and then a deleted coding is removed, a swallowed one covers the replacement.
A plugin's span does the same, but a line break never splits it, and when its words are deleted its
row goes with what depends on it (an optional span is only cleared).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import NamedTuple

from qodex.errors import QodexError
from qodex.project.backup import snapshot
from qodex.project.history import delete_rows, joined, rows_by_id
from qodex.project.ids import new_guids
from qodex.project.migrations import registered
from qodex.project.sources import check_normalised
from qodex.text import text_hash


class Edit(NamedTuple):
    """Replace characters ``[start, end)`` of a source's text with `text`."""

    start: int
    end: int
    text: str


@dataclass
class EditReport:
    """What an edit did to the codings (counts by fate) and which spans it lost (codings and
    plugins' spans)."""

    sources: int = 0
    codings: Counter = field(default_factory=Counter)
    lost: list[str] = field(default_factory=list)

    def losses(self) -> str:
        """How many codings and other spans (a plugin's) it loses: "1 coding(s) and 2 other span(s)"."""
        counts = {"coding(s)": self.codings["lost"], "other span(s)": len(self.lost) - self.codings["lost"]}
        return " and ".join(f"{n} {what}" for what, n in counts.items() if n)

    def describe(self) -> str:
        fates = ", ".join(f"{n} {fate}" for fate, n in sorted(self.codings.items()) if n)
        return f"{self.sources} source(s) edited; codings: {fates or 'none touched'}"


def apply_edits(text: str, edits: list[Edit]) -> str:
    """`text` with `edits` (sorted, not overlapping) made."""
    for edit in reversed(edits):
        text = text[:edit.start] + edit.text + text[edit.end:]
    return text


def map_span(start: int, end: int, edit: Edit, split: bool = True) -> list[tuple[int, int]]:
    """Where ``[start, end)`` lies after `edit`: one span, two (split) or none (its words gone)."""
    s, e, new = edit
    delta = len(new) - (e - s)
    if e <= start:  # before it, or inserted where it starts
        return [(start + delta, end + delta)]
    if s >= end:
        return [(start, end)]
    if s == e and split and "\n" in new:  # a new line inside a coded passage is not coded
        return [(start, s), (s + len(new), end + delta)]
    first = start if s > start else s
    last = end + delta if e < end else s + len(new)
    return [(first, last)] if first < last else []


def diff_edits(old: str, new: str) -> list[Edit]:
    """Edits that turn `old` into `new`, found word by word (for a source edited in one copy)."""
    import difflib

    a, b = _tokens(old), _tokens(new)
    at_a, at_b = _starts(a), _starts(b)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return [Edit(at_a[i1], at_a[i2], new[at_b[j1]:at_b[j2]])
            for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"]


def _tokens(text: str) -> list[str]:
    return re.findall(r"\w+|\s+|[^\w\s]", text)


def _starts(tokens: list[str]) -> list[int]:
    starts = [0]
    for token in tokens:
        starts.append(starts[-1] + len(token))
    return starts


def swallowed(start: int, end: int, edit: Edit) -> bool:
    """Whether `edit` replaces every word of ``[start, end)`` and more (or deletes them all)."""
    s, e, new = edit
    covers = s <= start and e >= end and s < e
    return covers and (not new or s < start or e > end)


def edit_source(project, source, edits: list[Edit], force: bool = False) -> EditReport:
    """Make `edits` to one source's text, its codings, memo anchors and segments following."""
    return edit_sources(project, {source: edits}, force)


def edit_sources(project, edits: dict, force: bool = False, backup: bool = True) -> EditReport:
    """Edit several sources at once (one snapshot, one transaction); `edits` maps source to edits."""
    if backup:
        snapshot(project, "edit")
    report, span_tables = EditReport(), _span_tables(project)
    with project.transaction():
        for ref, changes in edits.items():
            source = project.sources.get(ref)
            changes = _checked(source, changes)
            if changes:
                _edit(project, source, changes, force, report, span_tables)
                report.sources += 1
    return report


def _checked(source, edits: list[Edit]) -> list[Edit]:
    edits = sorted(Edit(*e) for e in edits)
    for i, (s, e, _) in enumerate(edits):
        if not 0 <= s <= e <= len(source.text):
            raise QodexError(f"edit {s}:{e} is not inside {source.name!r} ({len(source.text)} characters)")
        if i and (s < edits[i - 1].end or s == edits[i - 1].start):
            raise QodexError(f"edits {edits[i - 1].start}:{edits[i - 1].end} and {s}:{e} of"
                             f" {source.name!r} overlap")
    return [e for e in edits if e.text != source.text[e.start:e.end]]


def _edit(project, source, edits: list[Edit], force: bool, report: EditReport,
          span_tables: list) -> None:
    text = _edited_text(source, edits)
    moved, segments, anchors = (_moves(project, sql, source.id, edits, split) for sql, split in (
        ('SELECT id, start, "end" FROM codings WHERE source_id = ?', True),
        ('SELECT id, start, "end" FROM segments WHERE source_id = ?', False),
        ("SELECT id, start, \"end\" FROM memos WHERE target = 'source' AND target_id = ?"
         " AND start IS NOT NULL", False)))
    held = {spans: _moves(project, _select(spans), source.id, edits, False) for spans in span_tables}
    _count(project, source, moved, report)
    report.lost += [_named(spans.label, source, *span) for spans, rows in held.items()
                    for _, fate, span in rows.values() if fate == "lost"]
    if report.lost and not force:
        raise QodexError(f"the edit would lose {report.losses()}: {'; '.join(report.lost[:5])};"
                         " nothing was changed (force it to go on)")
    removed = _removed(moved)
    touched = {"sources": [source.id], "codings": _changed(moved), "segments": _changed(segments),
               "memos": _changed(anchors),
               "suggestions": _ids(project, "suggestions", "coding_id", removed)}  # accepted, then lost
    for spans, rows in held.items():
        touched.setdefault(spans.table, []).extend(_changed(rows))
    before = rows_by_id(project, touched)
    project.execute("UPDATE sources SET text = ?, text_sha256 = ? WHERE id = ?",
                    (text, text_hash(text), source.id))
    touched["codings"] += _write_codings(project, moved)
    _write_spans(project, "segments", segments)
    _write_spans(project, "memos", anchors)
    taken, left = _write_held(project, held)
    project.log("edit_source", "sources", source.id, {"rows": joined(before, taken)},
                {"rows": joined(rows_by_id(project, touched), left), "edits": [list(e) for e in edits]})


def _edited_text(source, edits: list[Edit]) -> str:
    text = apply_edits(source.text, edits)
    try:
        check_normalised(text)
    except ValueError as exc:
        raise QodexError(f"the edit of {source.name!r} leaves text that is not normalised") from exc
    return text


def _moves(project, sql: str, source_id: int, edits: list[Edit], split: bool) -> dict:
    """Per row id (of the rows `sql` selects): its spans after the edits, its fate and where it was."""
    return {r["id"]: (*follow(r["start"], r["end"], edits, split), (r["start"], r["end"]))
            for r in project.rows(sql, (source_id,))}


def _count(project, source, moved: dict, report: EditReport) -> None:
    """Add the codings' fates to the report, naming each lost one."""
    for _, fate, _ in moved.values():
        report.codings[fate] += 1
    lost = [(i, span) for i, (_, fate, span) in moved.items() if fate == "lost"]
    if lost:
        paths = project.codes.paths()
        codes = dict(project.conn.execute("SELECT id, code_id FROM codings WHERE source_id = ?",
                                          (source.id,)))
        report.lost += [_named(paths[codes[i]], source, *span) for i, span in lost]


def _named(what: str, source, start: int, end: int) -> str:
    """A lost span in words: what it is, where, and the start of its text."""
    return f"{what} on {source.name} {start}:{end} {source.text[start:end][:40]!r}"


def _span_tables(project) -> list:
    """The `Spans` the project's plugins register, of tables the file has."""
    present = {name for (name,) in project.conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table'")}
    return [spans for migrations in registered(project.host) for spans in migrations.spans
            if spans.table in present]


def _select(spans) -> str:
    """The query of `_moves` for a plugin table's spans on a source."""
    return (f'SELECT id, "{spans.start}" AS start, "{spans.end}" AS "end" FROM "{spans.table}"'
            f' WHERE "{spans.source}" = ?')


def _changed(moved: dict) -> list[int]:
    return [i for i, (_, fate, _) in moved.items() if fate != "kept"]


def _removed(moved: dict) -> list[int]:
    """The codings the edit removes."""
    return [i for i, (spans, _, _) in moved.items() if not spans]


def _ids(project, table: str, column: str, coding_ids: list[int]) -> list[int]:
    """Ids of the rows of `table` whose `column` is one of `coding_ids`."""
    return [r["id"] for r in project.rows(
        f"SELECT id FROM {table} WHERE {column} IN (SELECT value FROM json_each(?))",
        (json.dumps(coding_ids),))]


def follow(start: int, end: int, edits: list[Edit], split: bool = True):
    """The spans ``[start, end)`` becomes after `edits`, and its fate: kept, shifted, resized,
    split or lost (lost spans keep the replacement that swallowed them, if any)."""
    spans, lost = [(start, end)], False
    for edit in reversed(edits):
        lost = lost or any(swallowed(a, b, edit) for a, b in spans)
        spans = [moved for a, b in spans for moved in map_span(a, b, edit, split)]
        if not spans and not split:  # an anchor or segment shrinks to where its text went
            spans = [(edit.start, edit.start)]
    if lost:
        fate = "lost"
    elif len(spans) > 1:
        fate = "split"
    elif spans == [(start, end)]:
        fate = "kept"
    else:
        fate = "shifted" if spans[0][1] - spans[0][0] == end - start else "resized"
    return spans, fate


def _write_codings(project, moved: dict) -> list[int]:
    """Move, remove or split the codings; returns the ids of codings a split added."""
    project.executemany('UPDATE codings SET start = ?, "end" = ? WHERE id = ?',
                        [(*spans[0], i) for i, (spans, fate, _) in moved.items()
                         if spans and fate != "kept"])
    gone = [(i,) for i, (spans, _, _) in moved.items() if not spans]
    project.executemany("DELETE FROM codings WHERE id = ?", gone)
    added = []
    for i, (spans, _, _) in moved.items():
        for (start, end), guid in zip(spans[1:], new_guids(len(spans[1:])), strict=True):
            added.append(project.execute(
                'INSERT INTO codings (guid, source_id, code_id, start, "end", coder_id, created, memo,'
                ' counter) SELECT ?, source_id, code_id, ?, ?, coder_id, created, memo, counter'
                ' FROM codings'
                " WHERE id = ?", (guid, start, end, i)).lastrowid)
    return added


def _write_spans(project, table: str, moved: dict, start: str = "start", end: str = "end") -> None:
    project.executemany(f'UPDATE "{table}" SET "{start}" = ?, "{end}" = ? WHERE id = ?',
                        [(*spans[0], i) for i, (spans, fate, _) in moved.items() if fate != "kept"])


def _write_held(project, held: dict):
    """Move the plugin tables' spans. A row whose words all went (a forced edit) is deleted with
    what depends on it, or has its span cleared if the span is optional. Returns the rows deleting
    took along, before and after (as `delete_rows`)."""
    taken: dict = {}
    left: dict = {}
    for spans, rows in held.items():
        gone = [i for i, (new, fate, _) in rows.items() if fate == "lost" and new[0][0] == new[0][1]]
        if gone and spans.optional:
            project.executemany(f'UPDATE "{spans.table}" SET "{spans.source}" = NULL,'
                                f' "{spans.start}" = NULL, "{spans.end}" = NULL WHERE id = ?',
                                [(i,) for i in gone])
        elif gone:
            before, after = delete_rows(project, spans.table, gone)
            taken, left = joined(taken, before), joined(left, after)
        _write_spans(project, spans.table, {i: r for i, r in rows.items() if i not in gone},
                     spans.start, spans.end)
    return taken, left
