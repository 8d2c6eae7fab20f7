"""Exporting a project through the exporter plugins, and converting a file without a project.

Shared by ``qodex export``, ``qodex convert`` and the TUI. The target obeys `qodex.destination.check`
(``--force`` replaces a file, never a folder, the project or its snapshots); an exporter writes into a
temporary path beside it, which replaces the target only once the export is complete.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from qodex import destination
from qodex.errors import QodexError
from qodex.extensions import Exporter, Registry, parse_options

FOLDER = "/"  # the extension of an exporter that writes a folder


def choose_exporter(out: Path, registry: Registry, fmt: str | None = None) -> Exporter:
    """The exporter named by `fmt`, else the one for `out`'s extension (a folder if it has none)."""
    if fmt:
        return registry.named("exporters", fmt)
    suffix = out.suffix.lower() if not out.is_dir() else ""
    wanted = suffix or FOLDER
    for exporter in registry.exporters.values():
        if exporter.extension == wanted:
            return exporter
    known = ", ".join(sorted(e.extension for e in registry.exporters.values()))
    raise QodexError(f"{out.name}: no exporter writes {suffix or 'folders'} (known: {known}); "
                     "choose one with --format")


def export_project(project, out: Path, registry: Registry, fmt: str | None = None,
                   options: list[str] = (), overwrite: bool = False) -> list[str]:
    """Write `project` to `out` with the chosen exporter; returns its warnings."""
    destination.check(out, overwrite, [project.path])
    exporter = choose_exporter(out, registry, fmt)
    values = parse_options(exporter.options, list(options), f"exporter {exporter.name}")
    with destination.staged(out) as written, project.view() as view:
        warnings = exporter.write(view, written, values) or []
    return list(warnings)


@dataclass
class Conversion:
    """What `convert` did: what was imported, its warnings and losses, the export's warnings, counts."""

    imported: str
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


def convert(source: Path, out: Path, registry: Registry, fmt: str | None = None,
            import_options: list[str] = (), export_options: list[str] = (), overwrite: bool = False,
            progress: Callable[[str], None] = lambda stage: None) -> Conversion:
    """Import `source` into a fresh project and write it to `out`: a ``.qodex`` file or any export.

    Nothing is left at `out` unless the whole conversion succeeds.
    """
    from qodex.importing import read_file
    from qodex.project import Project

    exporter = None if out.suffix.lower() == ".qodex" and not fmt else choose_exporter(out, registry, fmt)
    if exporter:
        parse_options(exporter.options, list(export_options), f"exporter {exporter.name}")
    destination.check(out, overwrite, [source])
    progress(f"reading {source.name} ({source.stat().st_size / 2**20:.1f} MiB)")
    bundle = read_file(source, registry, None, list(import_options))
    with _scratch(out) as folder:
        staged = Path(folder) / out.name
        with Project.create(staged, name=source.stem) as project:
            progress(f"storing {len(bundle.sources)} sources, {len(bundle.codes)} codes, "
                     f"{len(bundle.codings)} codings")
            result = project.apply(bundle)
            counts = {k: v for k, v in project.summary().items() if isinstance(v, int)}
            warnings = []
            if exporter:
                progress(f"writing {out}")
                warnings = export_project(project, out, registry, exporter.name, export_options, overwrite)
        if not exporter:
            progress(f"writing {out}")
            with destination.staged(out) as written:
                staged.replace(written)
    return Conversion(result.describe(), result.warnings, warnings, counts)


def _scratch(out: Path) -> tempfile.TemporaryDirectory:
    try:
        return tempfile.TemporaryDirectory(prefix=".qodex-convert-", dir=out.resolve().parent)
    except OSError as exc:
        raise destination.unwritable(out.resolve().parent, exc) from exc
