"""The CLI of working together: undo, redo, history, backup, restore, check, edit, merge (happy paths;
what must never be destroyed is in test_never_destroys.py)."""

from __future__ import annotations

from qodex.project import Project
from qodex.project.backup import backup


def make(tmp_path, name="study.qodex"):
    project = Project.create(tmp_path / name)
    project.sources.add("P01", "Anne: I trust Dr Krogh. He knows me.\n")
    project.codings.add("P01", project.codes.add("Trust"), 6, 22)
    project.close()
    return tmp_path / name


def test_undo_and_redo_from_the_cli_show_in_history(run, tmp_path):
    path = make(tmp_path)
    assert run("code", path, "P01", "Known", "--match", "He knows me", "--create").exit_code == 0
    result = run("undo", path)
    assert result.exit_code == 0 and "undone: add code" in result.output
    assert "Known" not in run("codes", path).output
    assert run("redo", path).exit_code == 0
    assert "Known" in run("codes", path).output
    history = run("history", path, "--csv").output.splitlines()
    assert history[0] == "batch,at,coder,changes,what" and "redo of" in history[1]
    assert run("redo", path).exit_code == 1


def test_restore_from_a_backup_takes_back_later_work(run, tmp_path):
    path = make(tmp_path)
    assert run("backup", path).exit_code == 0
    assert run("backup", path, tmp_path / "copy.qodex").exit_code == 0
    snapshots = run("backup", path, "--list", "--json").output
    assert "manual" in snapshots
    run("code", path, "P01", "Known", "--match", "He knows me", "--create")
    assert run("restore", path, tmp_path / "copy.qodex").exit_code == 0
    assert "Known" not in run("codes", path).output
    result = run("check", path)
    assert result.exit_code == 0 and result.output.startswith("ok:")


def test_merge_after_an_edit_keeps_both_coders_work(run, tmp_path):
    path = make(tmp_path)
    with Project.open(path) as project:
        backup(project, tmp_path / "other.qodex")
    with Project.open(tmp_path / "other.qodex", coder="bjorn") as other:
        other.codings.add("P01", other.codes.add("Known"), 24, 35)
    result = run("edit", path, "P01", "--match", "Krogh", "--to", "Hansen")
    assert result.exit_code == 0 and "1 resized" in result.output
    dry = run("merge", path, tmp_path / "other.qodex", "--dry-run")
    assert "would merge: added 1 code, 1 coding" in dry.output
    result = run("merge", path, tmp_path / "other.qodex")
    assert "conflict: source 'P01' differs" in result.output
    codings = run("codings", path, "--csv").output
    assert "I trust Dr Hansen" in codings and "He knows me" in codings
    assert run("check", path).exit_code == 0
    refused = run("edit", path, "P01", "--match", "He knows me", "--to", "")
    assert refused.exit_code == 1 and "would lose 1 coding" in refused.output


def test_merge_from_a_qdpx_adds_the_other_coders_codings(run, tmp_path):
    path = make(tmp_path)
    with Project.open(path) as project:
        backup(project, tmp_path / "other.qodex")
    with Project.open(tmp_path / "other.qodex", coder="bjorn") as other:
        other.codings.add("P01", other.codes.add("Known"), 24, 35)
    assert run("export", tmp_path / "other.qodex", tmp_path / "other.qdpx").exit_code == 0
    result = run("merge", path, tmp_path / "other.qdpx")
    assert result.exit_code == 0, result.output
    assert "added 1 code, 1 coding" in result.output
    codings = run("codings", path, "--csv").output
    assert "He knows me" in codings and "bjorn" in codings
    assert run("check", path).exit_code == 0
