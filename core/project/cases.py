"""Cases (units of analysis, e.g. participants), their typed attributes and their sources."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from qodex.bundle import ATTRIBUTE_TYPES
from qodex.errors import QodexError
from qodex.project.history import rows_of
from qodex.project.ids import new_guid, now
from qodex.project.nouns import Noun
from qodex.project.records import Attribute, Case, Source

TRUE, FALSE = {"true", "yes", "y", "1"}, {"false", "no", "n", "0"}


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
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        try:
            return _COERCE[attribute.type](value, attribute)
        except (ValueError, TypeError) as exc:
            raise QodexError(f"attribute {attribute.name!r} ({attribute.type}): {exc}") from exc


def _number(value, _):
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a number")
    if isinstance(value, int | float):
        return value
    text = str(value).strip().replace(",", ".")
    number = float(text)
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


def _category(value, attribute):
    text = str(value).strip()
    allowed = attribute.allowed_values
    if allowed and text not in allowed:
        raise ValueError(f"{text!r} is not one of {', '.join(allowed)}")
    return text


_COERCE = {"text": lambda v, _: str(v), "number": _number, "date": _date, "boolean": _boolean,
           "category": _category}


class Cases(Noun):
    table, record, label = "cases", Case, "case"

    def add(self, name: str, guid: str | None = None, description: str | None = None) -> Case:
        """Add a case with a unique name."""
        if not name.strip():
            raise QodexError("a case needs a name")
        with self.project.transaction():
            if self.find(name) is not None:
                raise QodexError(f"a case called {name!r} already exists")
            case_id = self.project.execute(
                "INSERT INTO cases (guid, name, description, created, coder_id)"
                " VALUES (?, ?, ?, ?, ?)",
                (guid or new_guid(), name, description, now(), self.project.coder_id)).lastrowid
            self.project.log("add_case", "cases", case_id, after={"name": name})
        return self.get(case_id)

    def link(self, case, source) -> bool:
        """Say that `source` belongs to `case`; False if it already did."""
        with self.project.transaction():
            case, source = self.get(case), self.project.sources.get(source)
            added = self.project.execute(
                "INSERT OR IGNORE INTO case_sources (case_id, source_id) VALUES (?, ?)",
                (case.id, source.id)).rowcount
            if added:
                self.project.log("link_case", "case_sources", case.id,
                                 after={"case_id": case.id, "source_id": source.id})
        return bool(added)

    def sources(self, case) -> list[Source]:
        """The sources that belong to a case."""
        rows = self.project.rows(
            "SELECT s.* FROM sources s JOIN case_sources cs ON cs.source_id = s.id"
            " WHERE cs.case_id = ? ORDER BY s.id", (self.get(case).id,))
        return [Source.from_row(r) for r in rows]

    def coded_with(self, code, coder: str | None = None) -> list[Case]:
        """Cases with a source holding a coding of `code` or of a code below it (by `coder`)."""
        code_id = self.project.codes.get(code).id
        by_coder = "AND c.coder_id = (SELECT id FROM coders WHERE name = ?)" if coder else ""
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
            case = self.get(case)
            old = self.values(case)
            for name, value in values.items():
                attribute = self.project.attributes.get(name)
                stored = self.project.attributes.coerce(attribute, value)
                self.project.execute(
                    "INSERT INTO case_values (attribute_id, case_id, value) VALUES (?, ?, ?)"
                    " ON CONFLICT DO UPDATE SET value = excluded.value",
                    (attribute.id, case.id, stored))
            self.project.log("set_case_values", "cases", case.id,
                             {k: old.get(k) for k in values}, values)

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
        """Remove a case with its values and links (its sources stay)."""
        with self.project.transaction():
            old = self.get(case)
            rows = rows_of(self.project, "cases", [old.id])
            self.project.execute("DELETE FROM memos WHERE target = 'case' AND target_id = ?",
                                 (old.id,))
            self.project.execute("DELETE FROM cases WHERE id = ?", (old.id,))
            self.project.log("delete_case", "cases", old.id,
                             {"name": old.name, "guid": old.guid, "rows": rows})
