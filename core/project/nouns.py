"""What every noun of the project API shares: lookup by id, GUID or name, and typed listing."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from qodex.errors import QodexError


class Noun:
    """A table of the project, read as records and written through its methods."""

    table: str
    record: type
    label: str
    lookup = ("guid", "name")

    def __init__(self, project):
        self.project = project

    def _where(self, where: str = "1", params: Any = (), order: str = "id") -> list:
        return list(self._each(where, params, order))

    def _each(self, where: str = "1", params: Any = (), order: str = "id") -> Iterator:
        """The records matching `where`, read from the cursor one at a time."""
        cursor = self.project.conn.execute(
            f"SELECT * FROM {self.table} WHERE {where} ORDER BY {order}", params)
        names = [d[0] for d in cursor.description]
        for row in cursor:
            yield self.record.from_row(dict(zip(names, row, strict=True)))

    def find(self, ref) -> Any | None:
        """The record whose id (an int or a record), GUID or name is `ref`, or None."""
        if hasattr(ref, "id"):
            ref = ref.id
        if isinstance(ref, int):
            found = self._where("id = ?", (ref,))
            return found[0] if found else None
        for column in self.lookup:
            found = self._where(f"{column} = ?", (ref,))
            if found:
                return found[0]
        return None

    def get(self, ref):
        """Like `find`, but a missing record is a `QodexError` that says what exists."""
        found = self.find(ref)
        if found is None:
            raise QodexError(f"no {self.label} {ref!r} in {self.project.path.name}{self._hint()}")
        return found

    def _hint(self) -> str:
        if "name" not in self.lookup:
            return ""
        names = [r["name"] for r in self.project.rows(
            f"SELECT name FROM {self.table} ORDER BY id LIMIT 6")]
        if not names:
            return f" (it has no {self.label}s yet)"
        more = ", ..." if len(names) > 5 else ""
        return f" (it has: {', '.join(names[:5])}{more})"

    def count(self) -> int:
        return self.project.conn.execute(f"SELECT count(*) FROM {self.table}").fetchone()[0]

    def __iter__(self):
        return iter(self._where())

    def __len__(self) -> int:
        return self.count()


def counted(n: int, kinds: str) -> str:
    """"1 source", "2 sources", "1 case link": `kinds` is the plural, ending in "s"."""
    return f"{n} {kinds[:-1] if n == 1 and kinds.endswith('s') else kinds}"
