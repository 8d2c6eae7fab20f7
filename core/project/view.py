"""`ProjectView`: the read-only project strategies, reports and exporters receive.

A view reads the committed project through a connection of its own that SQLite opens read-only;
every write the API offers (a noun's `add`, `plugin_table(...).insert`...) is refused with a
`QodexError` before anything is written. The host writes what a plugin returns: suggestions,
files, warnings (see docs/plugins.md).
"""

from __future__ import annotations

from qodex.project.project import Project

WHY = "a plugin's read-only view; the host writes what the plugin returns"


class ProjectView(Project):
    """The project's reads (nouns, `overview`, `contents`, `plugin_table(...).rows`), no writes."""

    @classmethod
    def of(cls, project: Project) -> ProjectView:
        """A view of `project` as last committed; close it (or use `with`) when done."""
        view = cls(project._reading_connection(), project.path, project.coder_name, project.host)
        view.read_only = WHY
        return view

    def close(self) -> None:
        self.conn.close()
