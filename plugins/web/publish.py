"""A project copy (or its redacted copy) with Datasette metadata beside it, and Datasette serving it."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

from qodex.errors import QodexError


def publish(project: Path, folder: Path, key_path: Path | None = None,
            gp_as_men: bool = False) -> tuple[Path, Path]:
    """Write to `folder` a copy of `project` (pseudonymised with the key at `key_path`, if given) and
    its ``metadata.json``; returns both paths. The original is only read."""
    from qodex.cli.context import open_project
    from qodex.plugins.web.metadata import build

    if not folder.is_dir():
        raise QodexError(f"cannot write to {folder}: no such folder")
    metadata = folder / "metadata.json"
    if metadata.exists():
        raise QodexError(f"{metadata} already exists; choose another folder")
    database = folder / project.name
    with open_project(project) as opened:
        if key_path is None:
            from qodex.project.backup import backup

            backup(opened, database)
        else:
            from qodex.plugins.deid.key import load
            from qodex.plugins.deid.redact import export

            export(opened, database, load(key_path), gp_as_men)
    metadata.write_text(json.dumps(build(database), indent=2, ensure_ascii=False), encoding="utf-8")
    return database, metadata


STOP_SECONDS = 5  # how long Ctrl+C lets Datasette finish before it is stopped


def datasette_command(database: Path, metadata: Path, host: str, port: int) -> list[str]:
    """Datasette serving `database` immutable, described by `metadata`."""
    return [sys.executable, "-m", "datasette", "serve", "-i", str(database), "--metadata", str(metadata),
            "--host", host, "--port", str(port), "--setting", "max_returned_rows", "10000"]


def run_datasette(database: Path, metadata: Path, host: str, port: int) -> None:
    """Serve until Datasette stops or Ctrl+C (which Datasette, in the same process group, gets too)."""
    process = subprocess.Popen(datasette_command(database, metadata, host, port))
    try:
        status = process.wait()
    except KeyboardInterrupt:
        process.send_signal(signal.SIGINT)
        try:  # it waits for browsers' open connections to close: serving a copy, stop it anyway
            process.wait(timeout=STOP_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        return
    if status:
        raise QodexError(f"datasette stopped with exit status {status} (its message is above)")
