"""Writing a plugin's own tables through the host: one transaction and one logged change per write.

A plugin creates its tables with its own `Migrations` (named after the plugin; each table named
``<plugin>_...`` with an ``id INTEGER PRIMARY KEY``) and writes them only through
``project.plugin_table(name)``, which refuses any table not prefixed by a migrated plugin's name:

    notes = project.plugin_table("ipa_notes")
    note_id = notes.insert(body="first reading", kind="descriptive")
    notes.update(note_id, body="second reading")
    notes.rows(kind="descriptive", order_by="created DESC"), notes.count(kind=["linguistic", "conceptual"])
    notes.delete(id=note_id)

Each call is a transaction (a savepoint inside an open one) and an ``insert_row``, ``update_row`` or
``delete_row`` entry in `changes`, with the row before and after. A delete logs, and undo restores,
the rows its foreign keys' ``ON DELETE CASCADE`` (or ``SET NULL``) take along, in any table; so do
the host's deletes of sources, codes, cases and codings, whose rows a plugin table's foreign keys
may reach (declare them with ``REFERENCES ... ON DELETE CASCADE``).
"""

from __future__ import annotations

import json
import re
from typing import Any

from qodex.errors import QodexError
from qodex.project.history import delete_rows
from qodex.project.migrations import RECORD_TABLE

NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


class PluginTable:
    """One plugin-owned table: read rows as dicts, write them logged."""

    def __init__(self, project, name: str):
        self.project, self.name = project, name
        self.columns = _check(project, name)

    def _names(self, values: dict[str, Any]) -> list[str]:
        unknown = sorted(set(values) - set(self.columns))
        if unknown:
            raise QodexError(f"table {self.name} has no column(s) {', '.join(unknown)}")
        return [f'"{c}"' for c in values]

    def _match(self, match: dict[str, Any]) -> tuple[str, list]:
        """A WHERE clause: each column equal to its value, or among its values if they are a list,
        tuple or set."""
        names, params = self._names(match), []
        tests = []
        for name, value in zip(names, match.values(), strict=True):
            if isinstance(value, list | tuple | set | frozenset):
                tests.append(f"{name} IN (SELECT value FROM json_each(?))")
                params.append(json.dumps(list(value)))
            else:
                tests.append(f"{name} IS ?")
                params.append(value)
        return " AND ".join(tests) or "1", params

    def rows(self, order_by: str = "id", **match) -> list[dict[str, Any]]:
        """The rows whose columns equal `match` (a list of values: any of them; all rows without
        it), ordered by the columns named in `order_by` (comma-separated; a name may end in
        `` DESC``), then by id."""
        where, params = self._match(match)
        return self.project.rows(f"SELECT * FROM {self.name} WHERE {where}"
                                 f" ORDER BY {self._order(order_by)}", params)

    def count(self, **match) -> int:
        """How many rows have columns equal to `match` (all rows without it)."""
        where, params = self._match(match)
        return self.project.conn.execute(f"SELECT count(*) FROM {self.name} WHERE {where}",
                                         params).fetchone()[0]

    def _order(self, order_by: str) -> str:
        terms = []
        for term in filter(None, (t.strip() for t in order_by.split(","))):
            column, _, direction = term.partition(" ")
            if direction.strip().upper() not in ("", "ASC", "DESC"):
                raise QodexError(f"table {self.name}: cannot order by {term!r}")
            terms.append(f"{self._names({column: None})[0]} {direction.strip().upper()}".rstrip())
        return ", ".join([*terms, "id"])

    def get(self, row_id: int) -> dict[str, Any] | None:
        """The row with this id, or None."""
        found = self.rows(id=row_id)
        return found[0] if found else None

    def insert(self, **values) -> int:
        """Add a row; returns its id."""
        names = self._names(values)
        with self.project.transaction():
            row_id = self.project.execute(
                f"INSERT INTO {self.name} ({', '.join(names)}) VALUES"
                f" ({', '.join('?' * len(names))})", list(values.values())).lastrowid
            self.project.log("insert_row", self.name, row_id, after=values)
        return row_id

    def update(self, row_id: int, **values) -> dict[str, Any]:
        """Change columns of the row with this id; returns the row as it now is."""
        names = self._names(values)
        with self.project.transaction():
            before = self.get(row_id)
            if before is None:
                raise QodexError(f"no row {row_id} in {self.name}")
            self.project.execute(
                f"UPDATE {self.name} SET {', '.join(f'{n} = ?' for n in names)} WHERE id = ?",
                [*values.values(), row_id])
            self.project.log("update_row", self.name, row_id,
                             {k: before[k] for k in values}, values)
        return self.get(row_id)

    def delete(self, **match) -> int:
        """Remove the rows whose columns equal `match` (at least one column); returns how many."""
        if not match:
            raise QodexError(f"say which rows of {self.name} to delete")
        with self.project.transaction():
            old = self.rows(**match)
            for row in old:
                rows, left = delete_rows(self.project, self.name, [row["id"]])
                self.project.log("delete_row", self.name, row["id"], {"rows": rows}, {"rows": left})
        return len(old)


def _check(project, name: str) -> list[str]:
    """The table's columns, if it belongs to a plugin with applied migrations; else an error."""
    owners = [o for (o,) in project.conn.execute(
        f"SELECT DISTINCT owner FROM {RECORD_TABLE} WHERE owner != 'qodex'")]
    exists = NAME.match(name) and project.conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)).fetchone()
    if not exists or not any(name.startswith(f"{owner}_") for owner in owners):
        raise QodexError(f"{name!r} is not a table of a plugin migrated into {project.path.name}")
    columns = [row[1] for row in project.conn.execute(f"PRAGMA table_info({name})")]
    if "id" not in columns:
        raise QodexError(f"plugin table {name} has no id column")
    return columns
