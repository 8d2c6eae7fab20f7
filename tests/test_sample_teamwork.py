"""The sample study coded by two coders at once, merged from two copies, and de-identified."""

from __future__ import annotations

import csv
import subprocess
import sys

import pytest
from conftest import SAMPLE_STUDY

from qodex.host import get_host
from qodex.importing import import_files
from qodex.plugins.deid.key import Entry
from qodex.plugins.deid.redact import export
from qodex.project import Project
from qodex.project.backup import backup
from qodex.project.check import check
from qodex.project.history import undo
from qodex.project.merge import merge

MATERIAL = [SAMPLE_STUDY / "codebook.csv", *sorted((SAMPLE_STUDY / "transcripts").iterdir()),
            SAMPLE_STUDY / "participants.csv"]
QODEX = [sys.executable, "-c", "from qodex.cli import main; main()"]
DOCTORS = ("Krogh", "Dahl", "Bæk", "Holt", "Friis", "Lyng")


def spans(project) -> set[tuple]:
    """Every coding as (source, code path, start, end, coder)."""
    paths = project.codes.paths()
    return {(r["source"], paths[r["code_id"]], r["start"], r["end"], r["coder"]) for r in project.rows(
        'SELECT s.name AS source, c.code_id, c.start, c."end", d.name AS coder FROM codings c'
        " JOIN sources s ON s.id = c.source_id JOIN coders d ON d.id = c.coder_id")}


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    """The study imported without codings, and each coder's codings as a CSV of their own."""
    folder = tmp_path_factory.mktemp("team")
    with Project.create(folder / "base.qodex", coder="astrid", host=get_host()) as project:
        import_files(project, MATERIAL, get_host().registry)
    with open(SAMPLE_STUDY / "codings.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for coder in ("astrid", "bjorn"):
        with open(folder / f"{coder}-codings.csv", "w", encoding="utf-8", newline="") as out:
            writer = csv.DictWriter(out, rows[0].keys())
            writer.writeheader()
            writer.writerows(r for r in rows if r["coder"] == coder)
    with Project.open(folder / "base.qodex") as project:
        backup(project, folder / "reference.qodex")
    with Project.open(folder / "reference.qodex", host=get_host()) as project:
        import_files(project, [SAMPLE_STUDY / "codings.csv"], get_host().registry)
    return folder


def test_two_coders_code_one_file_at_once(folder):
    shared = folder / "shared.qodex"
    with Project.open(folder / "base.qodex") as project:
        backup(project, shared)
    procs = [subprocess.Popen([*QODEX, "--coder", coder, "import", shared,
                               folder / f"{coder}-codings.csv"], stderr=subprocess.PIPE, text=True)
             for coder in ("astrid", "bjorn")]
    errors = [p.communicate()[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], errors
    with Project.open(shared) as project, Project.open(folder / "reference.qodex") as reference:
        assert spans(project) == spans(reference)
        assert check(project) == []


def test_two_copies_merge_with_nothing_lost(folder):
    copies = {}
    for coder in ("astrid", "bjorn"):
        with Project.open(folder / "base.qodex") as project:
            copies[coder] = backup(project, folder / f"{coder}.qodex")
        with Project.open(copies[coder], coder=coder, host=get_host()) as project:
            import_files(project, [folder / f"{coder}-codings.csv"], get_host().registry)
    with Project.open(copies["astrid"], coder="astrid") as mine, Project.open(copies["bjorn"]) as theirs, \
            Project.open(folder / "reference.qodex") as reference:
        report = merge(mine, theirs)
        assert report.conflicts == [] and report.added["codings"] == 88
        assert spans(mine) == spans(reference)
        assert len(mine.codings) == len(reference.codings) == 579
        assert check(mine) == []
        undo(mine)
        assert len(mine.codings) == 491


def test_the_study_exports_de_identified_with_codings_on_their_words(folder):
    entries = [Entry(name, pseudonym, "gp") for name, pseudonym in zip(
        DOCTORS, ("Ager", "Bang", "Carl", "Dam", "Eng", "Falk"), strict=True)]
    with Project.open(folder / "reference.qodex") as project:
        before = {c.guid: project.codings.quote(c) for c in project.codings.list()}
        report, _ = export(project, folder / "redacted.qodex", entries, gp_as_men=True)
    with Project.open(folder / "redacted.qodex") as copy:
        after = {c.guid: copy.codings.quote(c) for c in copy.codings.list()}
        assert set(after) == set(before)
        changed = [g for g in before if before[g] != after[g]]
        assert changed and all(not any(d in after[g] for d in DOCTORS) for g in changed)
        assert check(copy) == []
    raw = (folder / "redacted.qodex").read_bytes()
    assert not any(d.encode() in raw for d in DOCTORS)
