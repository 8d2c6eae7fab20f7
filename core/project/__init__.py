"""The project file API: `Project` and the typed records it hands out.

Loaded on first use, so that a plugin importing `qodex.project.migrations` (say) does not pay for
the whole API at start-up.
"""

_EXPORTS = {
    "ApplyResult": "qodex.project.apply",
    "Project": "qodex.project.project",
    **{name: "qodex.project.records" for name in (
        "Attribute", "Case", "Change", "Code", "Coder", "Coding", "Memo", "Segment", "Source")},
}

__all__ = list(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        import importlib

        value = getattr(importlib.import_module(_EXPORTS[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'qodex.project' has no attribute {name!r}")
