"""What a query can be narrowed to or grouped by: the cases each source belongs to, the cases'
values of one attribute, the codes below a code (`project.scopes`)."""

from __future__ import annotations

from typing import Any


class Scopes:
    """Reads of the project's groupings, read-only."""

    def __init__(self, project):
        self.project = project

    def cases_of_sources(self) -> dict[int, list[int]]:
        """The ids of the cases each source belongs to, by source id (sources in no case left out)."""
        found: dict[int, list[int]] = {}
        for source_id, case_id in self.project.conn.execute(
                "SELECT source_id, case_id FROM case_sources ORDER BY case_id"):
            found.setdefault(source_id, []).append(case_id)
        return found

    def case_values(self, attribute: str) -> dict[int, Any]:
        """Each case's value of the case attribute called `attribute`, by case id (cases without
        one left out); an error if no attribute has that name."""
        self.project.attributes.get(attribute)
        return dict(self.project.conn.execute(
            "SELECT v.case_id, v.value FROM case_values v JOIN attributes a ON a.id = v.attribute_id"
            " WHERE a.name = ? AND a.scope = 'case' AND v.value IS NOT NULL", (attribute,)))

    def code_and_below(self, code) -> list[int]:
        """The id of `code` and of every code below it."""
        return [row[0] for row in self.project.conn.execute(
            "WITH RECURSIVE tree(id) AS (SELECT ? UNION SELECT codes.id FROM codes JOIN tree"
            " ON codes.parent_id = tree.id) SELECT id FROM tree", (self.project.codes.get(code).id,))]
