"""Codes: a tree of named, coloured codes. A code's path joins its ancestors' names with "/".

Names may contain "/" (other programs allow it); such a code is found by id or GUID, or by path
when it is at the top level.
"""

from __future__ import annotations

from qodex.errors import QodexError
from qodex.project.backup import snapshot
from qodex.project.history import delete_rows, joined, rows_by_id
from qodex.project.ids import new_guid, now
from qodex.project.nouns import Noun
from qodex.project.records import Code

SEPARATOR = "/"


class Codes(Noun):
    table, record, label = "codes", Code, "code"

    def find(self, ref) -> Code | None:
        """By id, GUID, or path ("Parent/Child"; a top-level code's path is its name)."""
        found = super().find(ref) if not isinstance(ref, str) else self._by_guid(ref)
        if found is None and isinstance(ref, str):
            found = self._by_path(ref)
        return found

    def resolve(self, ref) -> Code:
        """The code a user named: by path, GUID or id, or by a unique short name (the last part
        of one path). Otherwise an error listing the paths that exist, close matches first."""
        found = self.find(ref)
        if found is not None or not isinstance(ref, str):
            return found or self.get(ref)
        paths = self.paths()
        short = [i for i, p in paths.items() if p.rsplit(SEPARATOR, 1)[-1].strip() == ref.strip()]
        if len(short) == 1:
            return self.get(short[0])
        if short:
            raise QodexError(f"{ref!r} names {len(short)} codes in {self.project.path.name}; give "
                             f"the path: {', '.join(sorted(paths[i] for i in short))}")
        raise QodexError(f"no code {ref!r} in {self.project.path.name} ({_existing(ref, paths)})")

    def _by_guid(self, guid: str) -> Code | None:
        found = self._where("guid = ?", (guid,))
        return found[0] if found else None

    def _by_path(self, path: str) -> Code | None:
        top = self._where("parent_id IS NULL AND name = ?", (path,))
        if top:  # a top-level name that itself contains "/"
            return top[0]
        code = None
        for name in path.split(SEPARATOR):
            where = "parent_id IS NULL AND name = ?" if code is None else "parent_id = ? AND name = ?"
            params = (name.strip(),) if code is None else (code.id, name.strip())
            found = self._where(where, params)
            if not found:
                return None
            code = found[0]
        return code

    def path(self, code) -> str:
        """The code's names from the root down, joined by "/"."""
        return self.paths()[self.get(code).id]

    def paths(self) -> dict[int, str]:
        """Every code's path by id, in one query."""
        rows = self.project.rows("SELECT id, parent_id, name FROM codes")
        by_id = {r["id"]: r for r in rows}
        cache: dict[int, str] = {}

        def path(code_id: int) -> str:
            if code_id not in cache:
                row = by_id[code_id]
                parent = row["parent_id"]
                cache[code_id] = row["name"] if parent is None else path(parent) + SEPARATOR + row["name"]
            return cache[code_id]

        return {code_id: path(code_id) for code_id in by_id}

    def add(self, name: str, parent=None, colour: str | None = None,
            description: str | None = None, guid: str | None = None) -> Code:
        """Add a code under `parent` (a code, id or path); names are unique among siblings."""
        name = _check_name(name)
        with self.project.transaction():
            parent_id = self.get(parent).id if parent is not None else None
            self._refuse_sibling(parent_id, name)
            code_id = self.project.execute(
                "INSERT INTO codes (guid, parent_id, name, colour, description, position, created,"
                " coder_id) VALUES (?, ?, ?, ?, ?, (SELECT count(*) FROM codes WHERE"
                " parent_id IS ?), ?, ?)",
                (guid or new_guid(), parent_id, name, colour, description, parent_id, now(),
                 self.project.coder_id),
            ).lastrowid
            self.project.log("add_code", "codes", code_id,
                             after={"name": name, "parent_id": parent_id})
        return self.get(code_id)

    def ensure(self, path: str, colour: str | None = None) -> Code:
        """The code at `path`, creating it and any missing ancestors."""
        with self.project.transaction():
            code = None
            for name in path.split(SEPARATOR):
                found = self._where("parent_id IS ? AND name = ?",
                                    (code.id if code else None, name.strip()))
                code = found[0] if found else self.add(name.strip(), parent=code, colour=colour)
        return code

    def _refuse_sibling(self, parent_id: int | None, name: str) -> None:
        if self._where("parent_id IS ? AND name = ?", (parent_id, name)):
            where = "the top level" if parent_id is None else repr(self.path(parent_id))
            raise QodexError(f"a code called {name!r} already exists at {where}")

    def update(self, code, *, name: str | None = None, colour: str | None = None,
               description: str | None = None) -> Code:
        """Rename, recolour or describe a code; arguments left as None keep their value."""
        with self.project.transaction():
            old = self.get(code)
            new = {"name": _check_name(name) if name is not None else old.name,
                   "colour": old.colour if colour is None else _check_colour(colour),
                   "description": old.description if description is None else description}
            if new["name"] != old.name:
                self._refuse_sibling(old.parent_id, new["name"])
            self.project.execute(
                "UPDATE codes SET name = ?, colour = ?, description = ? WHERE id = ?",
                (new["name"], new["colour"], new["description"], old.id))
            before = {k: getattr(old, k) for k in new}
            self.project.log("update_code", "codes", old.id, before, new)
        return self.get(old.id)

    def move(self, code, parent) -> Code:
        """Put a code (with its children) under another parent, or at the top level (None)."""
        with self.project.transaction():
            old = self.get(code)
            parent_id = self.get(parent).id if parent is not None else None
            if parent_id is not None and old.id in self._ancestors(parent_id):
                raise QodexError(f"cannot move {self.path(old)!r} under its own descendant")
            self._refuse_sibling(parent_id, old.name)
            self.project.execute("UPDATE codes SET parent_id = ? WHERE id = ?", (parent_id, old.id))
            self.project.log("move_code", "codes", old.id, {"parent_id": old.parent_id},
                             {"parent_id": parent_id})
        return self.get(old.id)

    def merge(self, code, into) -> Code:
        """Fold `code` into `into`: its codings, children and memos move over, then it goes.

        Every coding is kept, even one that now duplicates a coding of `into`.
        """
        with self.project.transaction():
            old, target = self.get(code), self.get(into)
            if old.id in self._ancestors(target.id):
                raise QodexError(f"cannot merge {self.path(old)!r} into itself or its descendant")
            for child in self.children(old):
                self._refuse_sibling(target.id, child.name)
            moving = self._merge_ids(old.id)
            before = rows_by_id(self.project, moving)
            moved = self.project.execute("UPDATE codings SET code_id = ? WHERE code_id = ?",
                                         (target.id, old.id)).rowcount
            self.project.execute("UPDATE codes SET parent_id = ? WHERE parent_id = ?",
                                 (target.id, old.id))
            self.project.execute("UPDATE memos SET target_id = ? WHERE target = 'code'"
                                 " AND target_id = ?", (target.id, old.id))
            taken, left = delete_rows(self.project, "codes", [old.id])  # its suggestions...
            self.project.log("merge_code", "codes", old.id,
                             {"name": old.name, "guid": old.guid, "rows": joined(before, taken)},
                             {"into": target.id, "codings": moved,
                              "rows": joined(rows_by_id(self.project, moving), left)})
        return self.get(target.id)

    def _merge_ids(self, code_id: int) -> dict[str, list[int]]:
        """Ids of the rows merging a code changes: it, its children, codings and memos."""
        ids = {"codes": [code_id], "codings": [], "memos": []}
        for table, where in (("codes", "parent_id = ?"), ("codings", "code_id = ?"),
                             ("memos", "target = 'code' AND target_id = ?")):
            ids[table] += [r[0] for r in self.project.conn.execute(
                f"SELECT id FROM {table} WHERE {where}", (code_id,))]
        return ids

    def _ancestors(self, code_id: int) -> set[int]:
        seen = set()
        current: int | None = code_id
        while current is not None:
            seen.add(current)
            current = self.get(current).parent_id
        return seen

    def children(self, code=None) -> list[Code]:
        """The direct children of a code, or the top-level codes."""
        parent_id = self.get(code).id if code is not None else None
        return self._where("parent_id IS ?", (parent_id,), order="position, name")

    def delete(self, code) -> None:
        """Remove a code with its children and all that depends on them (after a snapshot, if coded)."""
        with self.project.transaction():
            old = self.get(code)
            codings = self.project.conn.execute(
                "SELECT count(*) FROM codings WHERE code_id = ?", (old.id,)).fetchone()[0]
            rows, left = delete_rows(self.project, "codes", [old.id])
            if rows.get("codings"):
                snapshot(self.project, "delete-code")  # of the file as last committed
            self.project.log("delete_code", "codes", old.id,
                             {"name": old.name, "guid": old.guid, "codings": codings, "rows": rows},
                             {"rows": left})


def _existing(ref: str, paths: dict[int, str], shown: int = 8) -> str:
    """The paths of the codes that exist, those closest to `ref` (by path or last part) first."""
    from difflib import SequenceMatcher

    if not paths:
        return "it has no codes yet"

    def likeness(path: str) -> float:
        return max(SequenceMatcher(None, ref.casefold(), part.casefold()).ratio()
                   for part in (path, path.rsplit(SEPARATOR, 1)[-1]))

    names = sorted(paths.values(), key=lambda p: (-likeness(p), p.casefold()))
    lead = "did you mean: " if likeness(names[0]) >= 0.6 else "it has: "
    more = f", ... ({len(names)} in all)" if len(names) > shown else ""
    return lead + ", ".join(names[:shown]) + more


def _check_colour(colour: str) -> str:
    import re

    if not re.fullmatch(r"#[0-9A-Fa-f]{6}", colour.strip()):
        raise QodexError(f"{colour!r} is not a colour; give one as #rrggbb, such as #0072B2")
    return colour.strip()


def _check_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise QodexError("a code needs a name")
    return name
