"""Coders: the people whose names every write carries."""

from __future__ import annotations

from qodex.project.ids import now
from qodex.project.nouns import Noun
from qodex.project.records import Coder


class Coders(Noun):
    table, record, label = "coders", Coder, "coder"
    lookup = ("name",)

    def ensure(self, name: str) -> Coder:
        """The coder called `name`, added if new (as when importing another coder's work)."""
        found = self.find(name)
        if found is not None:
            return found
        with self.project.transaction():
            self.project.execute("INSERT OR IGNORE INTO coders (name, created) VALUES (?, ?)",
                                 (name, now()))  # another process may add the same coder first
        return self.get(name)
