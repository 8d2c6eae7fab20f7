"""What every workbench screen shares: the open project, reloading, and friendly errors."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.screen import Screen

from qodex.errors import QodexError


class QodexScreen(Screen):
    """A screen over the open project; `reload()` redraws it from the file."""

    @property
    def project(self):
        return self.app.project

    def on_screen_resume(self) -> None:
        self.reload()

    def reload(self) -> None:
        """Read the project again (after a write here or a change by another process)."""

    def attempt(self, write: Callable[..., Any], *args, **kwargs) -> Any:
        """Run one API write: its result (True for None), or None after an error toast."""
        try:
            result = write(*args, **kwargs)
        except QodexError as exc:
            self.notify(str(exc), title="Not done", severity="error")
            return None
        self.app.wrote()
        return True if result is None else result
