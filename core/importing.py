"""Importing files into a project: choose an importer per file, read, then apply all or nothing.

Shared by ``qodex import`` and the TUI. Importers only read; the project is written in one
transaction at the end, so a file that fails leaves the project as it was.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from qodex.errors import QodexError
from qodex.extensions import Importer, Registry, parse_options
from qodex.limits import check_source


@dataclass
class FileOutcome:
    """What became of one file: imported, skipped as a duplicate, or refused (with why)."""

    path: Path
    status: str
    detail: str


def expand(paths: Iterable[Path], registry: Registry,
           fmt: str | None) -> tuple[list[Path], list[FileOutcome]]:
    """Files to import: named files as given, folders walked for files an importer reads."""
    files, passed = [], []
    for path in paths:
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if any(part.startswith(".") for part in child.relative_to(path).parts):
                    continue
                if fmt or _by_extension(child, registry):
                    files.append(child)
                else:
                    passed.append(FileOutcome(child, "passed over", "no importer for this kind of file"))
        elif path.exists():
            files.append(path)
        else:
            raise QodexError(f"{path}: no such file or folder")
    return files, passed


def _by_extension(path: Path, registry: Registry) -> list[Importer]:
    suffix = path.suffix.lower()
    return [i for i in registry.importers.values() if suffix in i.extensions]


def choose_importer(path: Path, registry: Registry, fmt: str | None = None) -> Importer:
    """The importer named by `fmt`, else the one whose extension (and sniff test) claims the file."""
    if fmt:
        return registry.named("importers", fmt)
    candidates = _by_extension(path, registry)
    if len(candidates) > 1:  # a sniff test that claims the file wins, then importers without one
        sniffed = [i for i in candidates if i.sniff and i.sniff(path)]
        candidates = sniffed or [i for i in candidates if i.sniff is None] or candidates
    if not candidates:
        known = ", ".join(sorted({e for i in registry.importers.values() for e in i.extensions}))
        raise QodexError(f"{path.name}: no importer reads {path.suffix or 'files without an extension'}"
                         f" (known: {known}); choose one with --format")
    return candidates[0]


def read_file(path: Path, registry: Registry, fmt: str | None, options: list[str]):
    """Read one file into a bundle; any failure becomes a `QodexError` naming the file."""
    importer = choose_importer(path, registry, fmt)
    values = parse_options(importer.options, options, f"importer {importer.name}")
    try:
        bundle = importer.read(path, values)
        for source in bundle.sources:
            check_source(path.name, source.name, len(source.text))
        return bundle
    except QodexError as exc:
        message = str(exc)
        raise QodexError(message if path.name in message else f"{path.name}: {message}") from exc
    except (OSError, ValueError, KeyError, IndexError, UnicodeError) as exc:
        raise QodexError(f"{path.name}: cannot be read by the {importer.name} importer "
                         f"({type(exc).__name__}: {exc})") from exc
    except MemoryError:
        raise QodexError(f"{path.name}: too large for this computer's memory; refused") from None


def import_files(project, paths: list[Path], registry: Registry, fmt: str | None = None,
                 options: list[str] = (), keep_going: bool = False,
                 progress: Callable[[Path], None] = lambda path: None,
                 hooks: bool = True) -> list[FileOutcome]:
    """Read then apply each file; all or nothing unless `keep_going` (then each file alone).
    With `hooks`, plugins' `after_import` runs on each file's bundle in the same transaction.

    Raises `QodexError` listing every refused file when a file fails and `keep_going` is off.
    """
    bundles, outcomes = [], []
    for path in paths:
        try:
            bundles.append((path, read_file(path, registry, fmt, list(options))))
        except QodexError as exc:
            outcomes.append(FileOutcome(path, "refused", str(exc)))
        progress(path)
    if outcomes and not keep_going:
        raise QodexError(_refusals(outcomes))
    bundles.sort(key=lambda item: not item[1].sources)  # sources first: others may refer to them
    with project.transaction():
        for path, bundle in bundles:
            outcomes.append(_apply_one(project, path, bundle, keep_going, hooks))
    order = {path: n for n, path in enumerate(paths)}
    return sorted(outcomes, key=lambda outcome: order[outcome.path])


def _apply_one(project, path: Path, bundle, keep_going: bool, hooks: bool) -> FileOutcome:
    try:
        with project.transaction():
            result = project.apply(bundle)
            if hooks:
                result.added.update(after_import(project, bundle))
    except QodexError as exc:
        if not keep_going:
            raise QodexError(f"{path.name}: {exc}; nothing was imported") from exc
        return FileOutcome(path, "refused", f"{path.name}: {exc}")
    if not any(n > 0 for n in result.added.values()) and result.skipped:
        return FileOutcome(path, "skipped", result.describe_skipped())
    notes = "; ".join(result.warnings)
    return FileOutcome(path, "imported", result.describe() + (f" ({notes})" if notes else ""))


def after_import(project, bundle) -> Counter:
    """Run plugins' `after_import` hooks on a stored bundle (a failure refuses it); the counts they
    return, summed by kind."""
    done: Counter = Counter()
    if project.host is not None:
        for counts in project.host.call("after_import", strict=True, project=project, imported=bundle):
            done.update(counts)
    return done


def _refusals(outcomes: list[FileOutcome]) -> str:
    refused = [o.detail for o in outcomes if o.status == "refused"]
    lines = "\n".join(refused)
    return (f"{lines}\n{len(refused)} file(s) refused; nothing was imported"
            " (use --keep-going to import the rest)")
