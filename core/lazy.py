"""Public names imported on first use, so that importing a package stays cheap."""

from __future__ import annotations

import importlib


def lazy_exports(namespace: dict, exports: dict[str, str]):
    """A module ``__getattr__`` that imports each name of `exports` (name -> module) on first use
    and keeps it in the module's `namespace`."""

    def __getattr__(name: str):
        if name not in exports:
            raise AttributeError(f"module {namespace['__name__']!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(exports[name]), name)
        namespace[name] = value
        return value

    return __getattr__
