"""qodex: qualitative data analysis in the terminal, in one open SQLite file.

What plugins and scripts use is importable from here; it is loaded on first use, so that
``import qodex`` stays fast.
"""

from qodex.lazy import lazy_exports

__version__ = "0.1.0"

_EXPORTS = {
    "Project": "qodex.project",
    "ProjectView": "qodex.project",
    "QodexError": "qodex.errors",
    "hookimpl": "qodex.hookspecs",
    "Importer": "qodex.extensions",
    "Exporter": "qodex.extensions",
    "Strategy": "qodex.extensions",
    "Suggestion": "qodex.extensions",
    "Report": "qodex.extensions",
    "ReportResult": "qodex.extensions",
    "Screen": "qodex.extensions",
    "Option": "qodex.extensions",
    "ImportBundle": "qodex.bundle",
    "SourceData": "qodex.bundle",
    "SegmentData": "qodex.bundle",
    "AttributeData": "qodex.bundle",
    "CaseData": "qodex.bundle",
    "CodeData": "qodex.bundle",
    "CodingData": "qodex.bundle",
    "MemoData": "qodex.bundle",
    "Migrations": "qodex.project.migrations",
    "Spans": "qodex.project.migrations",
    "normalize": "qodex.text",
}

__all__ = ["__version__", *_EXPORTS]


__getattr__ = lazy_exports(globals(), _EXPORTS)
