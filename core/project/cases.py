"""Cases (units of analysis, e.g. participants), their typed attributes and their sources."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable
from datetime import date, datetime
from operator import itemgetter
from typing import Any

from qodex.bundle import ATTRIBUTE_TYPES
from qodex.errors import QodexError
from qodex.project.history import delete_rows, pack
from qodex.project.ids import new_guids, now
from qodex.project.nouns import Noun
from qodex.project.records import Attribute, Case, Source

TRUE, FALSE = {"true", "yes", "y", "1"}, {"false", "no", "n", "0"}
INSIDE = "IN (SELECT value FROM json_each(?))"
VALUE_COLUMNS = ("attribute_id", "case_id", "value")
LINK_COLUMNS = ("case_id", "source_id")


class Attributes(Noun):
    table, record, label = "attributes", Attribute, "attribute"
    lookup = ("name",)

    def define(self, name: str, type: str = "text", allowed: list[str] | None = None,
               scope: str = "case") -> Attribute:
        """The attribute called `name`, created if new; a different type for it is an error."""
        if type not in ATTRIBUTE_TYPES:
            raise QodexError(f"unknown attribute type {type!r} (types: {', '.join(ATTRIBUTE_TYPES)})")
        with self.project.transaction():
            found = self._where("scope = ? AND name = ?", (scope, name))
            if found:
                return self._widen(found[0], type, allowed)
            attribute_id = self.project.execute(
                "INSERT INTO attributes (name, scope, type, allowed, position) VALUES"
                " (?, ?, ?, ?, (SELECT count(*) FROM attributes WHERE scope = ?))",
                (name, scope, type, json.dumps(allowed) if allowed else None, scope)).lastrowid
            self.project.log("define_attribute", "attributes", attribute_id,
                             after={"name": name, "type": type, "allowed": allowed})
        return self.get(attribute_id)

    def _widen(self, old: Attribute, type: str, allowed: list[str] | None) -> Attribute:
        if old.type != type:
            raise QodexError(f"attribute {old.name!r} is {old.type}, not {type}")
        known = old.allowed_values or []
        extra = [v for v in allowed or [] if v not in known]
        if not extra:
            return old
        self.project.execute("UPDATE attributes SET allowed = ? WHERE id = ?",
                             (json.dumps(known + extra), old.id))
        self.project.log("widen_attribute", "attributes", old.id, {"allowed": known},
                         {"allowed": known + extra})
        return self.get(old.id)

    def list(self, scope: str = "case") -> list[Attribute]:
        return self._where("scope = ?", (scope,), order="position, id")

    def coerce(self, attribute: Attribute, value: Any) -> Any:
        """`value` as the attribute's type stores it (None for a missing value)."""
        return self.coercer(attribute)(value)

    def coercer(self, attribute: Attribute) -> Callable[[Any], Any]:
        """`coerce` for one attribute, ready for many values."""
        convert, allowed = _COERCE[attribute.type], attribute.allowed_values

        def coerce(value: Any) -> Any:
            if value is None or (isinstance(value, str) and not value.strip()):
                return None
            try:
                return convert(value, allowed)
            except (ValueError, TypeError) as exc:
                raise QodexError(f"attribute {attribute.name!r} ({attribute.type}): {exc}") from exc

        return coerce


def _number(value, _):
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a number")
    if isinstance(value, int | float):
        return value
    text = str(value).strip().replace(",", ".")
    try:
        number = float(text)
    except ValueError:
        raise ValueError(f"{value!r} is not a number") from None
    return int(number) if number.is_integer() and "." not in text else number


def _date(value, _):
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return date.fromisoformat(str(value).strip()).isoformat()


def _boolean(value, _):
    if isinstance(value, bool):
        return int(value)
    text = str(value).strip().lower()
    if text in TRUE | FALSE:
        return int(text in TRUE)
    raise ValueError(f"{value!r} is not true or false")


def _category(value, allowed):
    text = str(value).strip()
    if allowed and text not in allowed:
        raise ValueError(f"{text!r} is not one of {', '.join(allowed)}")
    return text


_COERCE = {"text": lambda v, _: str(v), "number": _number, "date": _date, "boolean": _boolean,
           "category": _category}


class Cases(Noun):
    table, record, label = "cases", Case, "case"

    def add(self, name: str, guid: str | None = None, description: str | None = None) -> Case:
        """Add a case with a unique name."""
        return self.get(self.add_many([(name, guid, description)])[0])

    def add_many(self, cases: Iterable[tuple[str, str | None, str | None]]) -> list[int]:
        """Add cases from ``(name, guid, description)`` tuples, all or none; returns their ids.

        One change-log entry for them all: the range of their ids (undo reads the rows then).
        """
        rows = list(cases)
        if not rows:
            return []
        with self.project.transaction():
            self._check_names([name for name, _, _ in rows])
            created, coder_id = now(), self.project.coder_id
            self.project.insert_many("cases", ("guid", "name", "description", "created", "coder_id"), [
                (guid or fresh, name, description, created, coder_id)
                for fresh, (name, guid, description) in zip(new_guids(len(rows)), rows, strict=True)])
            last = self.project.conn.execute("SELECT max(id) FROM cases").fetchone()[0]
            first = last - len(rows) + 1  # ids grow by one within a write transaction
            self.project.log("add_cases", "cases", first,
                             after={"first_id": first, "last_id": last, "count": len(rows)})
        return list(range(first, last + 1))

    def _check_names(self, names: list[str]) -> None:
        """Refuse empty names and names already taken (in the project or earlier in `names`)."""
        if not all(name.strip() for name in names):
            raise QodexError("a case needs a name")
        taken = self.project.conn.execute(
            f"SELECT name FROM cases WHERE name {INSIDE} LIMIT 1", (json.dumps(names),)).fetchone()
        again = next((n for n, count in Counter(names).items() if count > 1), None)
        if taken or again:
            raise QodexError(f"a case called {(taken or [again])[0]!r} already exists")

    def ids(self) -> dict[str, int]:
        """Every case's id by its name and by its GUID (a GUID wins over an equal name)."""
        rows = self.project.conn.execute("SELECT id, guid, name FROM cases").fetchall()
        return {**{name: id_ for id_, _, name in rows}, **{guid: id_ for id_, guid, _ in rows}}

    def link(self, case, source) -> bool:
        """Say that `source` belongs to `case`; False if it already did."""
        with self.project.transaction():
            pair = (self.get(case).id, self.project.sources.get(source).id)
            return bool(self.link_many([pair]))

    def link_many(self, pairs: Iterable[tuple[int, int]]) -> int:
        """Link ``(case_id, source_id)`` pairs, skipping links that exist; returns how many are new."""
        wanted = list(dict.fromkeys(pairs))
        if not wanted:
            return 0
        with self.project.transaction():
            known = set(self.project.conn.execute(
                f"SELECT case_id, source_id FROM case_sources WHERE case_id {INSIDE}",
                (json.dumps([case_id for case_id, _ in wanted]),)))
            new = [pair for pair in wanted if pair not in known]
            if new:
                self.project.insert_many("case_sources", LINK_COLUMNS, new)
                self.project.log("link_cases", "case_sources", None,
                                 after={"rows": {"case_sources": pack(LINK_COLUMNS, new)}})
        return len(new)

    def sources(self, case) -> list[Source]:
        """The sources that belong to a case."""
        rows = self.project.rows(
            "SELECT s.* FROM sources s JOIN case_sources cs ON cs.source_id = s.id"
            " WHERE cs.case_id = ? ORDER BY s.id", (self.get(case).id,))
        return [Source.from_row(r) for r in rows]

    def coded_with(self, code, coder: str | None = None, counter: bool | None = False) -> list[Case]:
        """Cases with a source holding a coding of `code` or of a code below it (by `coder`):
        a supporting coding (the default: the cases where the code is present), a counter-instance
        (`counter` True) or any (None)."""
        code_id = self.project.codes.get(code).id
        by_coder = "AND c.coder_id = (SELECT id FROM coders WHERE name = ?)" if coder else ""
        by_coder += {False: " AND c.counter IS NULL", True: " AND c.counter IS NOT NULL"}.get(counter, "")
        rows = self.project.rows(
            "WITH RECURSIVE tree(id) AS (SELECT ? UNION SELECT codes.id FROM codes JOIN tree"
            " ON codes.parent_id = tree.id) SELECT DISTINCT k.* FROM cases k JOIN case_sources cs"
            " ON cs.case_id = k.id JOIN codings c ON c.source_id = cs.source_id"
            f" WHERE c.code_id IN (SELECT id FROM tree) {by_coder} ORDER BY k.id",
            (code_id, coder) if coder else (code_id,))
        return [Case.from_row(r) for r in rows]

    def set_values(self, case, values: dict[str, Any]) -> None:
        """Set attribute values of a case; each attribute must be defined first."""
        with self.project.transaction():
            self.set_many_values({self.get(case).id: values})

    def set_many_values(self, values: dict[int, dict[str, Any]]) -> None:
        """Set attribute values of many cases, by case id; each attribute must be defined first.

        One change-log entry for them all, carrying the rows before and after.
        """
        rows = sorted(self._typed(values), key=itemgetter(0))  # in key order: inserts a third faster
        if not rows:
            return
        with self.project.transaction():
            old = self._stored(rows, values)
            self.project.insert_many("case_values", VALUE_COLUMNS, rows,
                                     " ON CONFLICT DO UPDATE SET value = excluded.value")
            self.project.log("set_case_values", "case_values", None,
                             {"rows": {"case_values": pack(VALUE_COLUMNS, old)} if old else {}},
                             {"rows": {"case_values": pack(VALUE_COLUMNS, rows)}})

    def _typed(self, values: dict[int, dict[str, Any]]) -> list[tuple[int, int, Any]]:
        """``(attribute_id, case_id, value)`` rows of `values`, each value as its type stores it."""
        typed, rows = {}, []
        for case_id, named in values.items():
            for name, value in named.items():
                if name not in typed:
                    attribute = self.project.attributes.get(name)
                    typed[name] = attribute.id, self.project.attributes.coercer(attribute)
                attribute_id, coerce = typed[name]
                rows.append((attribute_id, case_id, coerce(value)))
        return rows

    def _stored(self, rows: list[tuple[int, int, Any]], case_ids) -> list[tuple[int, int, Any]]:
        """The ``case_values`` rows stored under the keys of `rows` (of these cases)."""
        found = self.project.conn.execute(  # through the (attribute_id, case_id) key
            f"SELECT attribute_id, case_id, value FROM case_values WHERE attribute_id {INSIDE}"
            f" AND case_id {INSIDE}", (json.dumps(list(dict.fromkeys(map(itemgetter(0), rows)))),
                                       json.dumps(list(case_ids)))).fetchall()
        keys = {row[:2] for row in rows} if found else set()
        return [row for row in found if row[:2] in keys]

    def values(self, case) -> dict[str, Any]:
        """A case's attribute values by attribute name."""
        rows = self.project.conn.execute(
            "SELECT a.name, v.value FROM attributes a CROSS JOIN case_values v ON v.attribute_id ="
            " a.id AND v.case_id = ? ORDER BY a.position", (self.get(case).id,))  # uses the key
        return dict(rows.fetchall())

    def overview(self) -> list[dict[str, Any]]:
        """One row per case: its name, its sources' names and every attribute value."""
        names = [a.name for a in self.project.attributes.list()]
        rows = []
        for case in self:
            values = self.values(case)
            rows.append({"case": case.name,
                         "sources": ", ".join(s.name for s in self.sources(case)),
                         **{n: values.get(n) for n in names}})
        return rows

    def delete(self, case) -> None:
        """Remove a case with its values, links and all else that depends on it (its sources stay)."""
        with self.project.transaction():
            old = self.get(case)
            rows, left = delete_rows(self.project, "cases", [old.id])
            self.project.log("delete_case", "cases", old.id,
                             {"name": old.name, "guid": old.guid, "rows": rows}, {"rows": left})
