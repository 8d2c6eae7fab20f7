"""`project.activity`: who coded how much, the change log summed up, the sources' formats and
lengths, each as a hand count gives it."""

from __future__ import annotations

from qodex.project import Project


def test_activity_counts_coders_changes_formats_and_words(tmp_path, host):
    path = tmp_path / "study.qodex"
    with Project.create(path, coder="ana", host=host) as project:
        first = project.sources.add("P01.docx", "one two  three\nfour", origin="/in/P01.docx")
        second = project.sources.add("P02", "five six")
        code = project.codes.add("Mood")
        project.codings.add(first, code, 0, 3)
        project.codings.mark(project.codings.add(second, code, 0, 4), "denial")
    with Project.open(path, coder="ben", host=host) as project:
        project.codings.add(first, code, 4, 7)
        with project.view() as view:
            activity = view.activity
            assert activity.coders() == [{"name": "ana", "n": 2, "sources": 2, "counter": 1},
                                         {"name": "ben", "n": 1, "sources": 1, "counter": 0}]
            assert activity.formats() == {"docx": 1, "text": 1}
            assert activity.words() == [2, 4]
            changes = {(r["coder"], r["operation"]): r["n"] for r in activity.changes()}
            assert changes[("ana", "add_coding")] == 2 and changes[("ben", "add_coding")] == 1
            assert activity.since()[:4].isdigit() and activity.since() == min(
                r["first"] for r in activity.changes())


def test_activity_of_an_empty_project(project):
    assert (project.activity.coders(), project.activity.words(), project.activity.since()) == ([], [], None)
