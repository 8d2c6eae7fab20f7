"""The project file API: `Project` and the typed records it hands out.

Loaded on first use, so that a plugin importing `qodex.project.migrations` (say) does not pay for
the whole API at start-up.
"""

from qodex.lazy import lazy_exports

_EXPORTS = {
    "ApplyResult": "qodex.project.apply",
    "Project": "qodex.project.project",
    "ProjectView": "qodex.project.view",
    **{name: "qodex.project.records" for name in (
        "Attribute", "Case", "Change", "Code", "Coder", "Coding", "Memo", "Segment", "Source")},
}

__all__ = list(_EXPORTS)


__getattr__ = lazy_exports(globals(), _EXPORTS)
