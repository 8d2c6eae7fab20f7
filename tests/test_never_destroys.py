"""No command deletes or overwrites anything it did not create (issue 21, "Commands that destroy").

`--force` replaces only a file, never a folder, the project, its -wal/-shm files or its snapshots;
every `-o` refuses an existing file without `--force`; an unwritable folder is one line.
"""

from __future__ import annotations

import os
import zipfile

import pytest
from analysis_study import build

from qodex.destination import write_text
from qodex.errors import QodexError
from qodex.exporting import export_project
from qodex.extensions import Exporter
from qodex.project import Project
from qodex.project.backup import snapshot


def make(folder, name="study.qodex"):
    """A project with a coded source and one snapshot in .qodex-backups/ beside it."""
    folder.mkdir(exist_ok=True)
    with Project.create(folder / name) as project:
        project.sources.add("P01", "Anne: I trust Dr Krogh. He knows me.\n")
        project.codings.add("P01", project.codes.add("Trust"), 6, 22)
        snapshot(project, "manual")
    return folder / name


def contents(folder):
    """Every file under `folder` with its bytes."""
    return {p.relative_to(folder): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def refused(result, *words):
    """One line on stderr, exit 1, naming `words`."""
    lines = result.stderr.strip().splitlines()
    return (result.exit_code == 1 and len(lines) == 1 and lines[0].startswith("Error: ")
            and all(w in lines[0] for w in words))


def test_export_force_into_the_project_folder_keeps_the_project_and_its_snapshots(run, tmp_path):
    path = make(tmp_path / "study")
    before = contents(tmp_path / "study")
    assert any(".qodex-backups" in str(p) for p in before)
    result = run("export", "study/study.qodex", "study", "--force")
    assert refused(result, "contains the project")
    assert contents(tmp_path / "study") == before
    assert run("check", path).exit_code == 0


def test_export_force_to_the_current_folder_is_one_line(run, tmp_path, monkeypatch):
    make(tmp_path)
    before = contents(tmp_path)
    monkeypatch.chdir(tmp_path)
    result = run("export", "study.qodex", ".", "--force")
    assert refused(result, "contains the project")
    assert contents(tmp_path) == before


def test_export_force_never_replaces_a_folder_with_other_content(run, tmp_path):
    path = make(tmp_path)
    assert run("export", path, "out").exit_code == 0
    (tmp_path / "out" / "my notes.txt").write_text("mine", encoding="utf-8")
    before = contents(tmp_path / "out")
    result = run("export", path, "out", "--force")
    assert refused(result, "is a folder")
    assert contents(tmp_path / "out") == before


def test_export_force_replaces_an_existing_file(run, tmp_path):
    path = make(tmp_path)
    (tmp_path / "study.qdpx").write_text("an old export", encoding="utf-8")
    assert refused(run("export", path, "study.qdpx"), "exists", "--force")
    assert run("export", path, "study.qdpx", "--force").exit_code == 0
    assert "project.qde" in zipfile.ZipFile(tmp_path / "study.qdpx").namelist()


@pytest.mark.parametrize("target", ["study.qodex", "study.qodex-wal", "study.qodex-shm"])
def test_export_never_writes_over_the_project_or_its_side_files(run, tmp_path, target):
    path = make(tmp_path)
    with Project.open(path) as project:  # open: the -wal and -shm files exist
        project.codes.add("Worry")
        before = contents(tmp_path)
        result = run("export", path, target, "--format", "json", "--force")
        assert refused(result, "never writes over it")
        assert contents(tmp_path) == before


def test_export_never_writes_over_the_project_through_a_link(run, tmp_path):
    path = make(tmp_path)
    os.link(path, tmp_path / "hard.json")
    os.symlink(path, tmp_path / "soft.json")
    before = contents(tmp_path)
    for link in ("hard.json", "soft.json"):
        assert refused(run("export", path, link, "--force"), "never writes over it")
    assert contents(tmp_path) == before


def test_convert_force_never_replaces_a_project_open_elsewhere(run, tmp_path, corpus):
    path = make(tmp_path)
    with Project.open(path) as project:
        project.codes.add("Worry")
        before = contents(tmp_path)
        result = run("convert", corpus / "atlas23-blank.qdpx", "study.qodex", "--force")
        assert refused(result, "open elsewhere")
        assert contents(tmp_path) == before


def test_export_never_writes_into_the_snapshots_folder(run, tmp_path):
    path = make(tmp_path)
    snapshot = next((tmp_path / ".qodex-backups").iterdir())
    before = contents(tmp_path)
    assert refused(run("export", path, snapshot, "--format", "json", "--force"), ".qodex-backups")
    assert refused(run("export", path, ".qodex-backups", "--force"), ".qodex-backups")
    assert contents(tmp_path) == before


def test_report_output_refuses_an_existing_file_without_force(run, tmp_path, host):
    path = tmp_path / "study.qodex"
    build(path, host)  # a study the attachment report can be built from
    (tmp_path / "existing.html").write_text("my own page", encoding="utf-8")
    result = run("report", "attachment", path, "-o", "existing.html")
    assert refused(result, "existing.html exists", "--force")
    assert (tmp_path / "existing.html").read_text(encoding="utf-8") == "my own page"
    assert run("report", "attachment", path, "-o", "existing.html", "--force").exit_code == 0
    assert "<svg" in (tmp_path / "existing.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("target", ["study.qodex", "study.qodex-wal"])
def test_report_output_never_replaces_the_project_even_with_force(run, tmp_path, target):
    path = make(tmp_path)
    with Project.open(path):
        before = contents(tmp_path)
        result = run("report", "attachment", path, "--format", "html", "-o", target, "--force")
        assert refused(result, "never writes over it")
        assert contents(tmp_path) == before
    assert run("check", path).exit_code == 0


def test_ipa_table_and_audit_outputs_follow_the_same_rule(run, tmp_path):
    path = make(tmp_path)
    (tmp_path / "table.md").write_text("mine", encoding="utf-8")
    assert refused(run("ipa", "table", path, "master", "-o", "table.md"), "exists")
    assert refused(run("ipa", "audit", path, "-o", "table.md"), "exists")
    assert refused(run("ipa", "audit", path, "-o", path, "--force"), "never writes over it")
    assert (tmp_path / "table.md").read_text(encoding="utf-8") == "mine"
    assert run("ipa", "table", path, "master", "-o", "table.md", "--force").exit_code == 0
    assert (tmp_path / "table.md").read_text(encoding="utf-8") != "mine"


def test_backup_never_writes_over_a_file(run, tmp_path):
    path = make(tmp_path)
    (tmp_path / "copy.qodex").write_text("mine", encoding="utf-8")
    assert refused(run("backup", path, "copy.qodex"), "already exists")
    assert refused(run("backup", path, path), "never writes over it")
    assert (tmp_path / "copy.qodex").read_text(encoding="utf-8") == "mine"


def test_a_failed_export_leaves_the_old_file(project, host, tmp_path):
    def broken(project, out, options):
        out.write_text("half an export", encoding="utf-8")
        raise QodexError("the exporter gave up")

    host.registry.exporters["broken"] = Exporter("broken", ".broken", broken)
    old = tmp_path / "out.broken"
    old.write_text("the last good export", encoding="utf-8")
    with pytest.raises(QodexError, match="gave up"):
        export_project(project, old, host.registry, "broken", overwrite=True)
    assert old.read_text(encoding="utf-8") == "the last good export"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary left


def test_a_write_the_system_refuses_midway_is_one_error_and_leaves_the_old_file(project, host, tmp_path):
    def into_a_missing_folder(project, out, options):
        (out / "sources" / "P01.txt").write_text("text", encoding="utf-8")

    host.registry.exporters["careless"] = Exporter("careless", ".careless", into_a_missing_folder)
    old = tmp_path / "out.careless"
    old.write_text("the last good export", encoding="utf-8")
    with pytest.raises(QodexError, match="cannot write to .*out.careless: no such file or directory"):
        export_project(project, old, host.registry, "careless", overwrite=True)
    assert old.read_text(encoding="utf-8") == "the last good export"


def test_a_name_as_long_as_the_file_system_allows_is_written(project, host, tmp_path):
    out = tmp_path / f"{'x' * 245}.json"
    export_project(project, out, host.registry)
    assert out.is_file()


@pytest.mark.parametrize("command", [("export", "{p}", "notes.txt/out.qdpx"),
                                     ("backup", "{p}", "notes.txt/copy.qodex"),
                                     ("report", "attachment", "{p}", "-o", "notes.txt/r.html")])
def test_writing_under_a_file_is_one_line(run, tmp_path, command):
    path = make(tmp_path)
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    result = run(*(part.format(p=path) for part in command))
    assert refused(result, "cannot write to", "is not a folder")


@pytest.mark.parametrize("command", [("export", "{p}", "{long}.qdpx"), ("backup", "{p}", "{long}.bak"),
                                     ("report", "attachment", "{p}", "-o", "{long}.html")])
def test_a_write_the_system_refuses_is_one_line(run, tmp_path, command):
    path = make(tmp_path)  # a name too long for the file system: refused even to root
    result = run(*(part.format(p=path, long="x" * 300) for part in command))
    assert refused(result, "cannot write to", "file name too long")
    assert sorted(p.name for p in tmp_path.iterdir()) == [".qodex-backups", "study.qodex"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a folder without write permission")
@pytest.mark.parametrize("command", [("export", "{p}", "locked/out.qdpx"),
                                     ("backup", "{p}", "locked/copy.qodex"),
                                     ("report", "attachment", "{p}", "-o", "locked/r.html")])
def test_writing_into_an_unwritable_folder_is_one_line(run, tmp_path, command):
    path = make(tmp_path)
    (tmp_path / "locked").mkdir(mode=0o555)
    try:
        result = run(*(part.format(p=path) for part in command))
    finally:
        (tmp_path / "locked").chmod(0o755)
    assert refused(result, "cannot write to", "permission denied")
    assert list((tmp_path / "locked").iterdir()) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a folder without write permission")
def test_a_snapshot_into_an_unwritable_folder_is_one_line(run, tmp_path):
    path = make(tmp_path / "study")
    (tmp_path / "study" / ".qodex-backups").chmod(0o555)
    try:
        result = run("backup", path)
    finally:
        (tmp_path / "study" / ".qodex-backups").chmod(0o755)
    assert refused(result, "cannot write to", "permission denied")


def test_write_text_replaces_only_through_the_rule(tmp_path):
    target = tmp_path / "table.md"
    write_text(target, "first")
    with pytest.raises(QodexError, match="exists"):
        write_text(target, "second")
    write_text(target, "second", force=True)
    assert target.read_text(encoding="utf-8") == "second"
    assert [p.name for p in tmp_path.iterdir()] == ["table.md"]
