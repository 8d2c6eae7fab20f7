"""The decision log: every analytic step on a theme (clustered, renamed, merged, split, dropped,
linked to theory ...) with its date, the analyst and, when given, the reason."""

from __future__ import annotations

from qodex.errors import QodexError
from qodex.plugins.ipa.model import table
from qodex.project.ids import now


def record(project, action: str, theme: dict, detail: str | None = None,
           reason: str | None = None) -> int:
    """Log `action` on `theme` (a theme row; its name is kept should the theme go)."""
    return table(project, "decisions").insert(
        at=now(), analyst=project.coder_name, action=action, theme_id=theme["id"],
        theme=theme["name"], detail=detail, reason=(reason or "").strip() or None)


def listing(project, theme_id: int | None = None, ids: bool = False) -> list[dict]:
    """The log, oldest first (of one theme when `theme_id` is given), with each step's id if `ids`."""
    rows = table(project, "decisions").rows(**({"theme_id": theme_id} if theme_id else {}))
    keys = ("id",) * ids + ("at", "analyst", "action", "theme", "detail", "reason")
    return [{k: r[k] for k in keys} for r in rows]


def explain(project, decision_id: int, reason: str) -> None:
    """Give a step logged without a reason its reason (a reason given is never changed)."""
    row = table(project, "decisions").get(decision_id)
    if row is None or row["reason"]:
        raise QodexError("only a logged step without a reason can be given one")
    table(project, "decisions").update(decision_id, reason=reason.strip() or None)


def line(row: dict) -> str:
    """One decision as a sentence: date, analyst, action, theme, detail, reason."""
    text = f"{row['at'][:10]} {row['analyst']}: {row['action']} {row['theme']!r}"
    text += f" ({row['detail']})" if row["detail"] else ""
    return text + (f"; because {row['reason']}" if row["reason"] else "")
