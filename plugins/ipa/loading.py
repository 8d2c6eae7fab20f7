"""What a screen last loaded from, so that one shown again (after a prompt whose answer it already
shows) reads the project again only when something moved."""

from __future__ import annotations


class LoadState:
    """The project's changes, whose codings are shown, the palette, and what else a screen names."""

    def __init__(self):
        self.last: tuple | None = None

    def changed(self, screen, *more) -> bool:
        """Whether any of it moved since the last call, which it remembers."""
        now = (screen.project.overview.changes(), screen.app.by_coder, screen.app.palette, *more)
        moved, self.last = now != self.last, now
        return moved
