"""Undo, redo and the history of who changed what, driven by the change log.

Every logged change reads as two *images*: the rows it touched as they were before and after, by
table (`images`). Deletes and edits log their rows (``{"rows": image}``); an addition logs its ids
and its rows are read when it is undone; an update logs the columns it changed. Undoing a batch
(one transaction's changes) writes back each change's before-image, last change first, and logs that
as "undo" changes carrying both images, so redo is undoing the undo. Each coder undoes their own
batches; a new change of theirs clears what they could redo. A row someone changed since is a
conflict: nothing is written and the error says which row.
"""

from __future__ import annotations

import json
import sqlite3
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
        "insert_row": None}
RANGES = {"add_codings", "add_cases"}  # additions logged as a range of ids
UPDATES = {"rename_source", "update_code", "move_code", "update_coding", "update_memo",
           "widen_attribute", "update_row"}
NOTES = {"merge"}  # changes that only describe others in their batch
STACKS = {"undo": "redo", "redo": "undo"}


# images of rows ------------------------------------------------------------------------------
def _ids(ids) -> str:
    return json.dumps(list(ids))


def rows_of(project, table: str, ids) -> Image:
    """The rows of `table` with these ids, and every row that depends on them."""
    image: Image = {}

    def take(name: str, where: str, *params) -> list[dict[str, Any]]:
        found = project.rows(f"SELECT * FROM {name} WHERE {where}", params)
        if found:
            image.setdefault(name, []).extend(found)
        return found

    inside = "IN (SELECT value FROM json_each(?))"
    ids = _ids(ids)
    if table == "codes":
        ids = _ids(r["id"] for r in project.rows(
            "WITH RECURSIVE tree(id) AS (SELECT value FROM json_each(?) UNION SELECT codes.id"
            " FROM codes JOIN tree ON codes.parent_id = tree.id) SELECT id FROM tree", (ids,)))
    take(table, f"id {inside}", ids)
    codings = ids if table == "codings" else None
    if table in ("sources", "codes"):
        column = "source_id" if table == "sources" else "code_id"
        codings = _ids(r["id"] for r in take("codings", f"{column} {inside}", ids))
    if table == "sources":
        for name in ("segments", "case_sources", "source_values"):
            take(name, f"source_id {inside}", ids)
    if table == "cases":
        for name in ("case_sources", "case_values"):
            take(name, f"case_id {inside}", ids)
    if table == "attributes":
        for name in ("case_values", "source_values"):
            take(name, f"attribute_id {inside}", ids)
    if table in ("sources", "codes", "cases"):
        take("memos", f"target = ? AND target_id {inside}", table[:-1], ids)
    if codings is not None:
        take("memos", f"target = 'coding' AND target_id {inside}", codings)
    return image


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
    if op in ADDS:
        ids = (range(after["first_id"], after["last_id"] + 1) if op in RANGES
               else [change.row_id])
        return {}, rows_of(project, ADDS[op] or table, ids)
    if op in UPDATES:
        return _updated(project, change, _encoded(before), _encoded(after))
    if op == "delete_row":
        return {table: [before]}, {}
    if op == "link_case":
        return {}, {"case_sources": [after]}
    if op == "set_meta":
        (key, old), = before.items()
        now = _current(project, "meta", {"key": key})
        return ({"meta": [{"key": key, "value": old}]} if old is not None else {},
                {"meta": [now]} if now else {})
    if op == "set_case_values":
        return _case_values(project, change.row_id, before)
    if op in NOTES:
        return {}, {}
    raise QodexError(f"cannot undo change {change.id} ({op}): it does not record enough to reverse")


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
def replace(project, old: Image, new: Image) -> None:
    """Turn the rows of image `old` into those of `new`: update, insert, then delete by key.

    Refuses (a `QodexError`, nothing written) when a row of `old` was changed since, a row only in
    `new` already exists differently, or a row in both was deleted since.
    """
    tables = sorted(set(old) | set(new), key=_order)
    plan = {t: _plan(project, t, old.get(t, []), new.get(t, [])) for t in tables}
    project.execute("PRAGMA defer_foreign_keys = ON")
    try:
        for table in tables:  # rows kept move away from rows deleted before they go
            for row in plan[table][1]:
                _update(project, table, row)
            for row in plan[table][2]:
                project.execute(f"INSERT INTO {table} ({', '.join(map(_q, row))}) VALUES"
                                f" ({', '.join('?' * len(row))})", list(row.values()))
        for table in reversed(tables):
            project.executemany(f"DELETE FROM {table} WHERE {_where(table)}", plan[table][0])
    except sqlite3.IntegrityError as exc:
        raise QodexError(f"cannot write the rows back: {exc}") from exc


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


def undo(project) -> str:
    """Take back the current coder's latest batch; returns what it did."""
    return _reverse(project, "undo")


def redo(project) -> str:
    """Put back what the current coder last undid; returns what that was."""
    return _reverse(project, "redo")


def _reverse(project, action: str) -> str:
    with project.transaction():
        pending = stacks(project)[action]
        if not pending:
            raise QodexError(f"nothing to {action} for {project.coder_name} in {project.path.name}")
        batch = pending[-1]
        changes = [Change.from_row(r) for r in project.rows(
            "SELECT * FROM changes WHERE batch = ? ORDER BY id DESC", (batch,))]
        for change in changes:
            before, after = images(project, change)
            replace(project, after, before)
            project.log(action, None, batch, {"rows": after}, {"rows": before})
    return describe(project, [c.operation for c in reversed(changes)], batch)


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
    """What a batch did, in a few words: "undo of 12", "add_source x3, add_codings"."""
    if operations[0] in STACKS:
        target = project.rows("SELECT row_id FROM changes WHERE id = ?", (batch,))[0]["row_id"]
        return f"{operations[0]} of {target}"
    counts: dict[str, int] = {}
    for op in operations:
        counts[op] = counts.get(op, 0) + 1
    return ", ".join(op if n == 1 else f"{op} x{n}" for op, n in counts.items())

