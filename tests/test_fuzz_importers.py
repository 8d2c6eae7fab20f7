"""Fuzzing every registered importer with random and mutated files.

Each importer the built-in plugins register gets random bytes and, when SEEDS has a valid file for
it, mutations of that seed (bytes flipped, cut, repeated; inside a zip, a member's bytes mutated and
the zip rebuilt). An import must either succeed or refuse with a `QodexError`, and a refused import
must leave the project unchanged.
A fixed random seed keeps CI deterministic; QODEX_FUZZ=N runs N cases per importer instead of 12.
"""

from __future__ import annotations

import io
import os
import random
import zipfile
from pathlib import Path

import pytest
from conftest import SAMPLE_STUDY
from fixtures.pdfs import write_pdf

from qodex.errors import QodexError
from qodex.exporting import export_project
from qodex.host import PluginHost
from qodex.importing import import_files
from qodex.project import Project

CASES = int(os.environ.get("QODEX_FUZZ", "12"))
TRANSCRIPTS = SAMPLE_STUDY / "transcripts"
SEEDS = {
    "txt": lambda folder: TRANSCRIPTS / "P05-mette.txt",
    "docx": lambda folder: TRANSCRIPTS / "P01-anne.docx",
    "vtt": lambda folder: TRANSCRIPTS / "P08-birgitte.vtt",
    "codebook-csv": lambda folder: SAMPLE_STUDY / "codebook.csv",
    "codings-csv": lambda folder: SAMPLE_STUDY / "codings.csv",
    "participants": lambda folder: SAMPLE_STUDY / "participants.csv",
    "srt": lambda folder: _write(folder / "cues.srt", "1\n00:00:01,000 --> 00:00:02,500\nAnne: Hello.\n\n"
                                 "2\n00:00:03,000 --> 00:00:04,000\nBo: Hi there.\n"),
    "pdf": lambda folder: write_pdf(folder / "seed.pdf", [["Anne: I trust him.", "Bo: Why?"]]),
    "qdpx": lambda folder: _exported(folder, "seed.qdpx"),
    "qdc": lambda folder: _exported(folder, "seed.qdc"),
}


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _exported(folder: Path, name: str) -> Path:
    host = PluginHost()
    host.load_builtins()
    with Project.create(folder / f"{name}.qodex") as project:
        source = project.sources.add("P01", "Anne: I trust him. He knows me.\n")
        project.codings.add(source, project.codes.ensure("Trust/Known"), 6, 17)
        export_project(project, folder / name, host.registry)
    return folder / name


def mutate(data: bytes, rng: random.Random) -> bytes:
    """A damaged copy of `data`: inside a zip a member is damaged, otherwise the bytes."""
    if data[:2] == b"PK" and rng.random() < 0.7:
        try:
            return _mutate_member(data, rng)
        except zipfile.BadZipFile:
            pass
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        kind = rng.choice(("flip", "cut", "repeat", "insert"))
        at = rng.randrange(len(out) or 1)
        if kind == "flip" and out:
            out[at] ^= 1 << rng.randrange(8)
        elif kind == "cut":
            del out[at:at + rng.randint(1, 64)]
        elif kind == "repeat":
            out[at:at] = out[at:at + rng.randint(1, 64)] * rng.randint(2, 5)
        else:
            out[at:at] = rng.randbytes(rng.randint(1, 16))
    return bytes(out)


def _mutate_member(data: bytes, rng: random.Random) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    names = source.namelist()
    victim = rng.choice(names)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for name in names:
            member = source.read(name)
            target.writestr(name, mutate(member, rng) if name == victim else member)
    return buffer.getvalue()


def state(project) -> tuple:
    return (project.summary(), project.conn.execute("SELECT max(id) FROM changes").fetchone())


def _registered() -> PluginHost:
    host = PluginHost()
    host.load_builtins()
    return host


HOST = _registered()


@pytest.mark.parametrize("name", sorted(HOST.registry.importers))
def test_importer_survives_random_and_mutated_files(name, tmp_path):
    """Importers without a seed file here get random bytes only."""
    importer = HOST.registry.importers[name]
    seed = SEEDS[name](tmp_path).read_bytes() if name in SEEDS else None
    rng = random.Random(f"qodex-{name}")
    suffix = importer.extensions[0]
    with Project.create(tmp_path / "fuzz.qodex", host=HOST) as project:
        project.sources.add("P05-mette", "Mette: already here.\n")
        for case in range(CASES):
            random_bytes = seed is None or case < 2
            data = rng.randbytes(rng.randint(0, 2048)) if random_bytes else mutate(seed, rng)
            path = tmp_path / f"case{case}{suffix}"
            path.write_bytes(data)
            before = state(project)
            try:
                import_files(project, [path], HOST.registry, fmt=name)
            except QodexError:
                assert state(project) == before, f"{name} case {case} changed the project"
