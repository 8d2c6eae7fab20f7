"""The decision log: every analytic step on a theme (clustered, renamed, merged, split, dropped,
linked to theory ...) with its date, the analyst and, when given, the reason."""

from __future__ import annotations

from qodex.plugins.ipa.model import table
from qodex.project.ids import now


def record(project, action: str, theme: dict, detail: str | None = None,
           reason: str | None = None) -> int:
    """Log `action` on `theme` (a theme row; its name is kept should the theme go)."""
    return table(project, "decisions").insert(
        at=now(), analyst=project.coder_name, action=action, theme_id=theme["id"],
        theme=theme["name"], detail=detail, reason=(reason or "").strip() or None)


def listing(project, theme_id: int | None = None) -> list[dict]:
    """The log, oldest first (of one theme when `theme_id` is given)."""
    rows = table(project, "decisions").rows(**({"theme_id": theme_id} if theme_id else {}))
    return [{k: r[k] for k in ("at", "analyst", "action", "theme", "detail", "reason")} for r in rows]


def line(row: dict) -> str:
    """One decision as a sentence: date, analyst, action, theme, detail, reason."""
    text = f"{row['at'][:10]} {row['analyst']}: {row['action']} {row['theme']!r}"
    text += f" ({row['detail']})" if row["detail"] else ""
    return text + (f"; because {row['reason']}" if row["reason"] else "")
