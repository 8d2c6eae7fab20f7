"""The coding counts the TUI holds (per code and per source), each kept with the project's change
marker it is valid at: shown again at once while nothing changed, adjusted by one for a coding
this TUI adds, removes or marks, and counted again (in the background) after any other change."""

from __future__ import annotations

from typing import Any

CODES, SOURCES = "codes", "sources"  # code id -> (supporting codings, sources); source id -> codings


class Counts:
    """Held counts by kind, each with its marker (`project.overview.changes()`)."""

    def __init__(self):
        self._held: dict[str, tuple[Any, dict]] = {}

    def get(self, kind: str, marker) -> dict | None:
        """The counts of `kind` if they are valid at `marker`, else None."""
        held = self._held.get(kind)
        return held[1] if held and held[0] == marker else None

    def put(self, kind: str, marker, counts: dict) -> None:
        self._held[kind] = (marker, counts)

    def changed(self, project, before, source_id: int | None = None, code_id: int | None = None,
                codings: int = 0, supporting: int = 0) -> None:
        """After this TUI's write (taken at marker `before`) that changed no count, or one coding of
        `code_id` in `source_id`: the held counts valid at `before` change by `codings` codings,
        `supporting` of them supporting (not counter-instances), and become valid now."""
        after = project.overview.changes()
        for kind, (marker, counts) in self._held.items():
            if marker == before:
                _adjust(kind, counts, project, source_id, code_id, codings, supporting)
                self._held[kind] = (after, counts)


def _adjust(kind: str, counts: dict, project, source_id: int, code_id: int, codings: int,
            supporting: int) -> None:
    if kind == SOURCES:
        counts[source_id] = counts.get(source_id, 0) + codings
    elif supporting:
        n, s = counts.get(code_id, (0, 0))
        now = project.overview.supporting_in(code_id, source_id)
        counts[code_id] = (n + supporting, s + (now > 0) - (now - supporting > 0))
