"""Moved to `qodex.units` (public core); this name stays until plugins/reports imports it from
there (issue 14 is rewriting plugins/reports)."""

from qodex.units import by_role, turns

__all__ = ["by_role", "turns"]
