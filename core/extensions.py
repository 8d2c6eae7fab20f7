"""The things plugins register: each names itself, the host stores and calls it.

Named tuples rather than dataclasses: they are defined at every start of the CLI, and cheaply.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple


class Option(NamedTuple):
    """A setting of an importer, exporter, strategy or report, given as ``-O name=value``."""

    name: str
    help: str
    default: Any = None
    type: Callable[[str], Any] = str


class Importer(NamedTuple):
    """Reads one file into an `ImportBundle`; never touches the project.

    `read(path, options)` raises `QodexError` for a file it cannot read. `sniff(path)` may look at the
    file to claim it when its extension is ambiguous.
    """

    name: str
    extensions: tuple[str, ...]
    read: Callable[[Path, dict[str, Any]], Any]
    description: str = ""
    sniff: Callable[[Path], bool] | None = None
    options: tuple[Option, ...] = ()


class Exporter(NamedTuple):
    """Writes the project to a file or folder: `write(view, out, options)` reads a `ProjectView`,
    writes `out` (the host moves it into place once complete) and returns its warnings."""

    name: str
    extension: str
    write: Callable[[Any, Path, dict[str, Any]], list[str]]
    description: str = ""
    options: tuple[Option, ...] = ()


class Suggestion(NamedTuple):
    """One coding a strategy proposes: `code` is a code path (created when stored if missing),
    the span is ``[start, end)`` of source `source_id`; `score` orders the review (higher first)
    and `explanation` tells the reviewer why."""

    source_id: int
    code: str
    start: int
    end: int
    score: float = 1.0
    explanation: str = ""


class Strategy(NamedTuple):
    """Proposes codings for review: `propose(view, sources, options)` yields `Suggestion`s.

    `view` is a read-only `ProjectView` and `sources` the `Source` records to look at: the host
    stores what the strategy yields as suggestions, and only a coder's acceptance turns one into a
    coding. `prepare(project, options)`, if given, runs first with write access, to bring the
    strategy's own cache tables (`plugin_table`) up to date; it must store nothing else.
    """

    name: str
    propose: Callable[..., Any]
    description: str = ""
    options: tuple[Option, ...] = ()
    prepare: Callable[[Any, dict[str, Any]], None] | None = None


class ReportResult(NamedTuple):
    """What a report builds: Markdown (values escaped, see `qodex.escape.markdown`), its tables as
    rows by name (for ``--json`` and spreadsheets), and warnings about what it could not show."""

    markdown: str
    tables: Mapping[str, list[dict[str, Any]]] = MappingProxyType({})
    warnings: tuple[str, ...] = ()

    @classmethod
    def of(cls, built: ReportResult | str) -> ReportResult:
        """`built` as a result; a report may return bare Markdown."""
        return built if isinstance(built, ReportResult) else cls(built)


class Report(NamedTuple):
    """Builds a document from the project: `build(view, options)` reads a `ProjectView` and
    returns a `ReportResult` (or bare Markdown)."""

    name: str
    build: Callable[..., Any]
    description: str = ""
    options: tuple[Option, ...] = ()


class Screen(NamedTuple):
    """A TUI screen a plugin adds: `factory(app)` returns a Textual Screen, opened from the palette."""

    name: str
    factory: Callable[[Any], Any]
    description: str = ""
    key: str | None = None


def parse_options(declared: tuple[Option, ...], given: list[str], owner: str) -> dict[str, Any]:
    """Turn ``name=value`` strings into typed options, with defaults; unknown names are errors."""
    from qodex.errors import QodexError

    known = {o.name: o for o in declared}
    values = {o.name: o.default for o in declared}
    for item in given:
        name, sep, raw = item.partition("=")
        if not sep or name not in known:
            choices = ", ".join(known) or "none"
            raise QodexError(f"{owner} has no option {item!r} (options: {choices})")
        try:
            values[name] = known[name].type(raw)
        except ValueError as exc:
            raise QodexError(f"{owner} option {name}: {exc}") from exc
    return values


class Registry:
    """Everything the loaded plugins registered, by kind and name. Each kind is collected when it
    is first read (`collect(kind)` calls that kind's registration hook), so opening a screen
    imports no importer, and listing sources no registered implementation at all."""

    LABELS = {"importers": "importer", "exporters": "exporter", "strategies": "strategy",
              "reports": "report", "screens": "screen"}
    importers: dict[str, Importer]
    exporters: dict[str, Exporter]
    strategies: dict[str, Strategy]
    reports: dict[str, Report]
    screens: dict[str, Screen]

    def __init__(self, collect: Callable[[str], dict[str, Any]]):
        self._collect = collect

    def __getattr__(self, kind: str):
        if kind not in self.LABELS:
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {kind!r}")
        table = self._collect(kind)
        setattr(self, kind, table)
        return table

    def complete(self) -> Registry:
        """Collect every kind now (so that a plugin failing in a registration hook shows)."""
        for kind in self.LABELS:
            getattr(self, kind)
        return self

    def named(self, kind: str, name: str):
        """The one of `kind` ("importers", "strategies"...) called `name`; if none, an error
        that lists those there are."""
        from qodex.errors import QodexError

        table = getattr(self, kind)
        if name not in table:
            known = ", ".join(sorted(table)) or "none"
            raise QodexError(f"no {self.LABELS[kind]} {name!r} ({kind}: {known})")
        return table[name]
