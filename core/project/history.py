"""Undo, redo and the history of who changed what, driven by the change log.

Every logged change reads as two *images*: the rows it touched as they were before and after, by
table (`images`). Deletes and edits log their rows (``{"rows": image}``); an addition logs its ids
and its rows are read when it is undone; an update logs the columns it changed. Undoing a batch
(one transaction's changes) writes back each change's before-image, last change first, and logs that
as "undo" changes carrying both images, so redo is undoing the undo. Each coder undoes their own
batches; a new change of theirs clears what they could redo. A row someone changed since is a
conflict: nothing is written and the error says which row.

A delete removes more than its rows: whatever reaches them by a foreign key (``ON DELETE CASCADE``,
or ``SET NULL``), in core and plugin tables alike, and memos on them. `rows_of` finds those rows from
the schema, so deletes log them and undo writes them all back. An undo or redo that would remove
rows its change did not log (rows added since) takes them along when they are the coder's own, and
otherwise refuses, naming whose rows they are: nothing is written, unless forced (then after a
snapshot of the file).
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from dataclasses import dataclass
from typing import Any

from qodex.errors import QodexError
from qodex.project.records import Change

Image = dict[str, list[dict[str, Any]]]

KEYS = {"meta": ("key",), "case_sources": ("case_id", "source_id"),
        "case_values": ("attribute_id", "case_id"), "source_values": ("attribute_id", "source_id")}
PARENTS_FIRST = ("sources", "codes", "cases", "attributes", "segments", "case_sources",
                 "case_values", "source_values", "codings", "memos", "meta")
ADDS = {"add_source": "sources", "add_code": "codes", "add_coding": "codings", "add_codings": "codings",
        "add_memo": "memos", "add_case": "cases", "add_cases": "cases", "define_attribute": "attributes",
        "add_suggestions": "suggestions", "insert_row": None}
RANGES = {"add_codings", "add_cases", "add_suggestions"}  # additions logged as a range of ids
UPDATES = {"rename_source", "update_code", "move_code", "update_coding", "update_memo",
           "widen_attribute", "update_row"}
MEMO_TARGETS = {"sources": "source", "codes": "code", "cases": "case", "codings": "coding"}
CODER_COLUMNS = ("coder_id", "decided_by")  # who made a row, who changed it
NOTES = {"merge"}  # changes that only describe others in their batch
STACKS = {"undo": "redo", "redo": "undo"}


# images of rows ------------------------------------------------------------------------------
def _ids(ids) -> str:
    return json.dumps(list(ids))


def rows_of(project, table: str, ids) -> Image:
    """The rows of `table` with these ids, and every row deleting them removes or changes.

    Those are found from the schema: rows whose foreign key reaches them with ``ON DELETE CASCADE``
    (and, in turn, their own dependents) or ``SET NULL``, in any table, and memos on them.
    """
    return _walk(project, {table: ids})


def _walk(project, roots: dict[str, Any]) -> Image:
    """`rows_of` for the rows with these ids of several tables at once."""
    children = _children(project)
    image: dict[str, dict[tuple, dict[str, Any]]] = {}
    walked: set[tuple[str, tuple]] = set()
    pending = [(table, "id IN (SELECT value FROM json_each(?))", (_ids(ids),), True)
               for table, ids in roots.items()]
    while pending:
        name, where, params, deleted = pending.pop()
        found = image.setdefault(name, {})
        rows = project.rows(f"SELECT * FROM {_q(name)} WHERE {where}", params)
        for row in rows:
            found.setdefault(_key(name, row), row)
        if deleted:  # their own dependents go too (each row's once)
            rows = [r for r in rows if (name, _key(name, r)) not in walked]
            walked.update((name, _key(name, r)) for r in rows)
            pending += _dependents(name, rows, children)
    return {name: list(rows.values()) for name, rows in image.items() if rows}


def _dependents(table: str, rows: list[dict[str, Any]], children) -> list[tuple]:
    """(table, where, params, deleted) queries for the rows that depend on `rows` of `table`."""
    if not rows:
        return []
    queries = [(child, f"{_q(column)} IN (SELECT value FROM json_each(?))",
                (_ids(r[parent] for r in rows),), deleted)
               for child, column, parent, deleted in children.get(table, ())]
    if table in MEMO_TARGETS:
        queries.append(("memos", "target = ? AND target_id IN (SELECT value FROM json_each(?))",
                        (MEMO_TARGETS[table], _ids(r["id"] for r in rows)), True))
    return queries


def _children(project) -> dict[str, list[tuple[str, str, str, bool]]]:
    """For each table, the foreign keys that act when its rows are deleted:
    (child table, its column, the parent's column, whether the child row is deleted too)."""
    children: dict[str, list[tuple[str, str, str, bool]]] = {}
    tables = project.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    for (name,) in tables:
        for _, _, parent, column, to, _, on_delete, _ in project.conn.execute(
                f"PRAGMA foreign_key_list({_q(name)})"):
            if on_delete in ("CASCADE", "SET NULL", "SET DEFAULT"):
                children.setdefault(parent, []).append((name, column, to or "id",
                                                        on_delete == "CASCADE"))
    return children


def delete_rows(project, table: str, ids) -> tuple[Image, Image]:
    """Delete rows of `table` with all that depends on them; returns the images to log.

    Before: every row the delete removes or changes (see `rows_of`); after: those still there,
    as a foreign key's ``SET NULL`` left them.
    """
    before = rows_of(project, table, ids)
    project.executemany("DELETE FROM memos WHERE id = ?", [(m["id"],) for m in before.get("memos", [])])
    project.executemany(f"DELETE FROM {_q(table)} WHERE id = ?", [(i,) for i in ids])
    return before, surviving(project, before)


def surviving(project, image: Image) -> Image:
    """The rows of `image` that a delete left in the project (by a foreign key's ``SET NULL``)."""
    kept = {child for links in _children(project).values() for child, _, _, deleted in links
            if not deleted}
    now = {table: list(_rows_by_key(project, table, {_key(table, r) for r in rows}).values())
           for table, rows in image.items() if table in kept}
    return {table: rows for table, rows in now.items() if rows}


def pack(columns, rows) -> dict[str, list]:
    """Rows (tuples in `columns` order) as an image table of a bulk change: the names said once."""
    return {"columns": list(columns), "values": rows}


def _unpack(image: dict[str, Any]) -> Image:
    """An image with its packed tables (see `pack`) as lists of rows."""
    return {table: [dict(zip(rows["columns"], row, strict=True)) for row in rows["values"]]
            if isinstance(rows, dict) else rows for table, rows in image.items()}


def rows_by_id(project, ids: dict[str, list[int]]) -> Image:
    """The rows of each table with the given ids (and nothing that depends on them)."""
    image = {table: project.rows(f"SELECT * FROM {table} WHERE id IN (SELECT value FROM json_each(?))",
                                 (_ids(wanted),)) for table, wanted in ids.items()}
    return {table: rows for table, rows in image.items() if rows}


def images(project, change: Change) -> tuple[Image, Image]:
    """The rows `change` touched, as they were before it and as it left them."""
    before, after = _load(change.before), _load(change.after)
    op, table = change.operation, change.table_name
    if "rows" in before or "rows" in after:
        return _unpack(before.get("rows", {})), _unpack(after.get("rows", {}))
    if op in ADDS and (op not in RANGES or "first_id" in after):
        return _added(project, change, after)
    if op in UPDATES:
        return _updated(project, change, _encoded(before), _encoded(after))
    if op == "delete_row":
        return {table: [before]}, {}
    if op == "link_case":
        return {}, {"case_sources": [after]}
    if op == "set_meta":
        return _meta(project, before)
    if op == "set_case_values":
        return _case_values(project, change.row_id, before)
    if op in NOTES:
        return {}, {}
    raise QodexError(f"cannot undo change {change.id} ({op}): it does not record enough to reverse")


def _added(project, change: Change, after: dict) -> tuple[Image, Image]:
    """No rows before an addition, and the rows it added (a range of ids, or its one row)."""
    op = change.operation
    ids = range(after["first_id"], after["last_id"] + 1) if op in RANGES else [change.row_id]
    return {}, rows_by_id(project, {ADDS[op] or change.table_name: list(ids)})


def _meta(project, before: dict) -> tuple[Image, Image]:
    """The meta value a `set_meta` change replaced, and the value there now."""
    (key, old), = before.items()
    now = _current(project, "meta", {"key": key})
    return ({"meta": [{"key": key, "value": old}]} if old is not None else {},
            {"meta": [now]} if now else {})


def _updated(project, change: Change, before: dict, after: dict) -> tuple[Image, Image]:
    """The row as it is, and with the columns the change set put back (if nobody changed them)."""
    table = change.table_name
    row = _current(project, table, {"id": change.row_id})
    if row is None:
        raise QodexError(f"cannot undo: {table} {change.row_id} was deleted since")
    changed = {k: v for k, v in before.items() if v != after.get(k)}
    if any(row[k] != after.get(k) for k in changed):
        raise QodexError(f"cannot undo: {table} {change.row_id} was changed since")
    return {table: [{**row, **changed}]}, {table: [row]}


def _case_values(project, case_id: int, old: dict[str, Any]) -> tuple[Image, Image]:
    then, now = [], []
    for name, value in old.items():
        attribute = project.rows("SELECT id FROM attributes WHERE scope = 'case' AND name = ?",
                                 (name,))[0]["id"]
        key = {"attribute_id": attribute, "case_id": case_id}
        if value is not None:
            then.append({**key, "value": value})
        current = _current(project, "case_values", key)
        if current:
            now.append(current)
    return ({"case_values": then} if then else {}), ({"case_values": now} if now else {})


def _load(text: str | None) -> dict[str, Any]:
    value = json.loads(text) if text else {}
    return value if isinstance(value, dict) else {}


def _encoded(values: dict[str, Any]) -> dict[str, Any]:
    """Logged values as the columns store them (lists and objects as JSON text)."""
    return {k: json.dumps(v) if isinstance(v, list | dict) else v for k, v in values.items()}


def _key(table: str, row: dict[str, Any]) -> tuple:
    return tuple(row[c] for c in KEYS.get(table, ("id",)))


def _where(table: str) -> str:
    return " AND ".join(f'"{c}" = ?' for c in KEYS.get(table, ("id",)))


def _current(project, table: str, key: dict[str, Any]) -> dict[str, Any] | None:
    found = project.rows(f"SELECT * FROM {table} WHERE {_where(table)}", tuple(key.values()))
    return found[0] if found else None


# writing an image back -----------------------------------------------------------------------
@dataclass
class Guard:
    """What an undo or redo may take along: `action` names it; rows changed after change `since`
    by other coders only when `force` (then after one snapshot, `snapped`)."""

    action: str
    since: int
    force: bool = False
    snapped: bool = False


def replace(project, old: Image, new: Image, guard: Guard) -> tuple[Image, Image]:
    """Turn the rows of image `old` into those of `new`: update, insert, then delete by key.

    Returns the two images as written: with the rows deleting took along that `old` did not list
    (rows added since: see `_taken`). Refuses (a `QodexError`, nothing written) when a row of `old`
    was changed since, a row only in `new` already exists differently, a row in both was deleted
    since, or deleting would take rows of another coder.
    """
    tables = sorted(set(old) | set(new), key=_order)
    plan = {t: _plan(project, t, old.get(t, []), new.get(t, [])) for t in tables}
    taken = _taken(project, plan, old, new, guard)
    old = joined(old, taken)
    tables = sorted(set(tables) | set(taken), key=_order)
    project.execute("PRAGMA defer_foreign_keys = ON")
    try:
        for table in tables:  # rows kept move away from rows deleted before they go
            updates, inserts = plan[table][1:] if table in plan else ([], [])
            for row in updates:
                _update(project, table, row)
            for row in inserts:
                project.execute(f"INSERT INTO {table} ({', '.join(map(_q, row))}) VALUES"
                                f" ({', '.join('?' * len(row))})", list(row.values()))
        for table in reversed(tables):
            project.executemany(f"DELETE FROM {table} WHERE {_where(table)}",
                                plan[table][0] if table in plan else [])
    except sqlite3.IntegrityError as exc:
        raise QodexError(f"cannot write the rows back: {exc}") from exc
    return old, joined(new, surviving(project, taken))


def _taken(project, plan, old: Image, new: Image, guard: Guard) -> Image:
    """The rows the planned deletes would remove or change that neither image lists.

    Refused when another coder made or changed any of them (unless forced: then snapshot first).
    """
    taken = _unlisted(project, plan, old, new)
    _check_others(project, taken, guard)
    return taken


def _unlisted(project, plan, old: Image, new: Image) -> Image:
    """The rows the planned deletes would remove or change that neither image lists."""
    listed = {(t, _key(t, r)) for image in (old, new) for t, rows in image.items() for r in rows}
    roots = {table: [k[0] for k in deletes] for table, (deletes, _, _) in plan.items()
             if deletes and table not in KEYS}
    taken = {name: [r for r in rows if (name, _key(name, r)) not in listed]
             for name, rows in (_walk(project, roots) if roots else {}).items()}
    return {t: rows for t, rows in taken.items() if rows}


def _check_others(project, taken: Image, guard: Guard) -> None:
    """Refuse if another coder made or changed rows of `taken`, unless forced (then snapshot)."""
    others = _others(project, taken, guard.since)
    if others and not guard.force:
        raise QodexError(f"cannot {guard.action}: it would delete {others}, added or changed since;"
                         f" nothing was written (`qodex {guard.action} --force` takes them too,"
                         " after a snapshot)")
    if others and not guard.snapped:
        from qodex.project.backup import snapshot

        snapshot(project, guard.action)
        guard.snapped = True


def _others(project, image: Image, since: int) -> str:
    """What of `image` other coders made or changed after change `since`: "2 codings by bjorn"."""
    me = project.coder_id
    names = dict(project.conn.execute("SELECT id, name FROM coders").fetchall())
    counts: dict[str, Counter] = {}
    for table, rows in image.items():
        logged = _logged_by(project, table, rows, since)
        for row in rows:
            for coder in {row.get(c) for c in CODER_COLUMNS} | logged.get(row.get("id"), set()):
                if coder is not None and coder != me:
                    counts.setdefault(names.get(coder, "?"), Counter())[table] += 1
    return "; ".join(", ".join(f"{n} {table[:-1] if n == 1 else table}" for table, n
                               in sorted(tables.items())) + f" by {who}"
                     for who, tables in sorted(counts.items()))


def _logged_by(project, table: str, rows: list[dict[str, Any]], since: int) -> dict:
    """The coders of changes to `table` after change `since`, by row id: of each row when the
    table says who made its rows (`CODER_COLUMNS`), else of any change to the table (for all rows)."""
    if any(c in rows[0] for c in CODER_COLUMNS):
        found = project.conn.execute(
            "SELECT row_id, coder_id FROM changes WHERE id > ? AND table_name = ?"
            " AND row_id IN (SELECT value FROM json_each(?))",
            (since, table, _ids(r["id"] for r in rows))).fetchall()
        logged: dict = {}
        for row_id, coder in found:
            logged.setdefault(row_id, set()).add(coder)
        return logged
    coders = {c for (c,) in project.conn.execute(
        "SELECT DISTINCT coder_id FROM changes WHERE id > ? AND table_name = ?", (since, table))}
    return {r.get("id"): coders for r in rows}


def joined(image: Image, more: Image) -> Image:
    """The rows of both images, each key once (as `image` has it, if both do)."""
    seen = {(t, _key(t, r)) for t, rows in image.items() for r in rows}
    return {t: image.get(t, []) + [r for r in more.get(t, []) if (t, _key(t, r)) not in seen]
            for t in {**image, **more}}


def _update(project, table: str, row: dict[str, Any]) -> None:
    columns = [c for c in row if c not in KEYS.get(table, ("id",))]
    if columns:
        project.execute(f"UPDATE {table} SET {', '.join(f'{_q(c)} = ?' for c in columns)}"
                        f" WHERE {_where(table)}", [row[c] for c in columns] + list(_key(table, row)))


def _order(table: str) -> int:
    return PARENTS_FIRST.index(table) if table in PARENTS_FIRST else len(PARENTS_FIRST)


def _q(column: str) -> str:
    return f'"{column}"'


def _plan(project, table: str, old: list[dict], new: list[dict]):
    """(keys to delete, rows to update, rows to insert) for one table, after checking each row."""
    old_by = {_key(table, r): r for r in old}
    new_by = {_key(table, r): r for r in new}
    current = _rows_by_key(project, table, set(old_by) | set(new_by))
    deletes, updates, inserts = [], [], []
    for key, row in old_by.items():
        now = current.get(key)
        if now is not None and now != _plain(row):
            raise QodexError(f"cannot undo: {table} {key} was changed since")
        if key not in new_by:
            deletes.append(key)
        elif now is None:
            raise QodexError(f"cannot undo: {table} {key} was deleted since")
        else:
            updates.append(new_by[key])
    for key, row in new_by.items():
        if key in old_by:
            continue
        if key in current and current[key] != _plain(row):
            raise QodexError(f"cannot undo: {table} {key} exists again, added since")
        if key not in current:
            inserts.append(row)
    return deletes, updates, inserts


def _rows_by_key(project, table: str, keys: set[tuple]) -> dict[tuple, dict[str, Any]]:
    if not keys:
        return {}
    if table in KEYS:
        found = (_current(project, table, dict(zip(KEYS[table], k, strict=True))) for k in keys)
        rows = [r for r in found if r]
    else:
        rows = project.rows(f"SELECT * FROM {table} WHERE id IN (SELECT value FROM json_each(?))",
                            (_ids(k[0] for k in keys),))
    return {_key(table, r): _plain(r) for r in rows}


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    """A row as it reads back from the change log's JSON."""
    return json.loads(json.dumps(row, default=str))


# undo and redo -------------------------------------------------------------------------------
def stacks(project) -> dict[str, list[int]]:
    """The current coder's batches that can be undone and redone, the next one last."""
    coder = project.coders.find(project.coder_name)
    done: dict[str, list[int]] = {"undo": [], "redo": []}
    if coder is None:
        return done
    for row in project.rows("SELECT batch, operation, row_id FROM changes WHERE coder_id = ?"
                            " AND id = batch ORDER BY batch", (coder.id,)):
        op = row["operation"]
        if op in STACKS:  # an undo takes its target off the undo stack and makes it redoable
            if row["row_id"] in done[op]:
                done[op].remove(row["row_id"])
            done[STACKS[op]].append(row["batch"])
        else:
            done["undo"].append(row["batch"])
            done["redo"].clear()
    return done


def undo(project, force: bool = False) -> str:
    """Take back the current coder's latest batch; returns what it did.

    `force` lets it delete rows other coders added or changed since (after a snapshot).
    """
    return _reverse(project, "undo", force)


def redo(project, force: bool = False) -> str:
    """Put back what the current coder last undid; returns what that was (`force` as for `undo`)."""
    return _reverse(project, "redo", force)


def _reverse(project, action: str, force: bool) -> str:
    with project.transaction():
        pending = stacks(project)[action]
        if not pending:
            raise QodexError(f"nothing to {action} for {project.coder_name} in {project.path.name}")
        batch = pending[-1]
        changes = [Change.from_row(r) for r in project.rows(
            "SELECT * FROM changes WHERE batch = ? ORDER BY id DESC", (batch,))]
        guard = Guard(action, changes[0].id, force)
        for change in changes:
            before, after = images(project, change)
            after, before = replace(project, after, before, guard)
            project.log(action, None, batch, {"rows": after}, {"rows": before})
    return undone(project, batch)


# history ---------------------------------------------------------------------------------------
def recent(project, limit: int = 20, coder: str | None = None) -> list[dict[str, Any]]:
    """The latest batches, newest first: when, who, and what they did."""
    where, params = ("WHERE c.coder_id = (SELECT id FROM coders WHERE name = ?)", (coder,)) \
        if coder else ("", ())
    batches = project.rows(
        f"SELECT c.batch, min(c.at) AS at, k.name AS coder, count(*) AS changes,"
        f" group_concat(c.operation, ' ') AS operations FROM changes c LEFT JOIN coders k"
        f" ON k.id = c.coder_id {where} GROUP BY c.batch ORDER BY c.batch DESC LIMIT ?",
        (*params, limit))
    for row in batches:
        row["what"] = describe(project, row.pop("operations").split(), row["batch"])
    return batches


def describe(project, operations: list[str], batch: int) -> str:
    """What a batch did, in words: "add source (3 times), add codings", "undo of add code"."""
    if operations[0] in STACKS:
        return f"{operations[0]} of {undone(project, batch)}"
    counts: dict[str, int] = {}
    for op in operations:
        counts[op] = counts.get(op, 0) + 1
    return ", ".join(op.replace("_", " ") + (f" ({n} times)" if n > 1 else "")
                     for op, n in counts.items())


def undone(project, batch: int) -> str:
    """What the change an undo or redo batch goes back to did, in words ("add code")."""
    while True:
        first = project.rows("SELECT operation, row_id FROM changes WHERE id = ?", (batch,))[0]
        if first["operation"] not in STACKS:
            break
        batch = first["row_id"]
    operations = [r["operation"] for r in project.rows(
        "SELECT operation FROM changes WHERE batch = ? ORDER BY id", (batch,))]
    return describe(project, operations, batch)
