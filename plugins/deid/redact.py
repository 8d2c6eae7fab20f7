"""Pseudonymising a project through the API, and exporting a redacted copy that is safe to crash.

The copy is redacted in memory, written without change log or free pages to a temporary file beside
the destination (``.NAME.PID.deid-part``), checked for every name of the key in its bytes, and only
then renamed into place. So the destination never holds an unredacted or unfinished file, and a
temporary file left by a killed export holds only redacted text.
"""

from __future__ import annotations

import glob
import os
from pathlib import Path

from qodex.errors import QodexError
from qodex.plugins.deid.detect import Finding, in_file, leftovers
from qodex.plugins.deid.pseudonyms import edits
from qodex.project.edit import EditReport, apply_edits, edit_sources

PART = ".deid-part"


def pseudonymise(project, entries, gp_as_men: bool = False) -> EditReport:
    """Replace every name of the key in every text of `project`, core and plugin tables alike.

    Source texts are edited so codings, segments, memo anchors and the spans plugins declare (such
    as IPA notes) follow their words; every other text (names, origins, speaker labels, memos,
    notes, suggestions...) is rewritten; the plugins' caches are emptied and the full-text index is
    rebuilt from the new text.
    """
    from qodex.project.redaction import clear_caches, rewrite_text
    from qodex.project.search import rebuild_index

    plan = {s.id: edits(s.text, entries, gp_as_men) for s in project.sources}
    report = edit_sources(project, {k: v for k, v in plan.items() if v}, force=True, backup=False)
    clear_caches(project)
    rewrite_text(project, lambda text: apply_edits(text, edits(text, entries, gp_as_men)))
    rebuild_index(project)
    return report


def export(project, dest: Path, entries, gp_as_men: bool = False) -> tuple[EditReport, list[Finding]]:
    """Write a pseudonymised copy of `project` to the new file `dest`: no key, no change log, no
    old text left. Returns what the edits did and the identifiers (not key names) still found.
    """
    from qodex.project.redaction import memory_copy, write_clean

    dest = Path(dest)
    _refuse_existing(dest)
    part = dest.with_name(f".{dest.name}.{os.getpid()}{PART}")
    copy = memory_copy(project)
    try:
        report = pseudonymise(copy, entries, gp_as_men)
        write_clean(copy, part)
        found = leftovers(copy, entries)
        _sync(part)
        _verify(part, dest, found + in_file(part, entries))
        _refuse_existing(dest)
        os.replace(part, dest)
        _sync(dest.parent)
    finally:
        copy.close()
        part.unlink(missing_ok=True)
    return report, found


def _refuse_existing(dest: Path) -> None:
    if dest.exists():
        raise QodexError(f"{dest} already exists; choose another name")
    if not dest.parent.is_dir():
        raise QodexError(f"cannot write {dest}: folder {dest.parent} does not exist")


def _verify(part: Path, dest: Path, found: list[Finding]) -> None:
    """Refuse the copy if any name of the key is left in it."""
    names = sorted({f.text for f in found if f.kind == "name from the key"})
    if names:
        raise QodexError(f"the redacted copy still holds {', '.join(map(repr, names[:5]))}"
                         f"{' ...' if len(names) > 5 else ''}; nothing was written at {dest}")


def _sync(path: Path) -> None:
    """Flush a file (or a folder's entries) to the disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def leftover_parts(dest: Path) -> tuple[list[Path], list[Path]]:
    """Temporary files of earlier exports to `dest`: (removed, as their export was killed;
    kept, as the export that writes them still runs)."""
    removed, kept = [], []
    for part in sorted(Path(dest).parent.glob(glob.escape(f".{Path(dest).name}.") + f"*{PART}*")):
        pid = part.name[len(Path(dest).name) + 2:].split(".")[0]
        if pid.isdigit() and int(pid) != os.getpid() and _running(int(pid)):
            kept.append(part)
        else:
            part.unlink(missing_ok=True)
            removed.append(part)
    return removed, kept


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
