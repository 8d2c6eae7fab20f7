"""qodex check: integrity, foreign keys, spans inside their text, memo targets, stored text."""

from __future__ import annotations

import sqlite3

from qodex.project.check import check


def test_a_sound_project_passes(project):
    source = project.sources.add("P01", "some words here")
    project.codings.add(source, project.codes.add("C"), 0, 4)
    assert check(project) == []


def test_damage_is_reported(project):
    source = project.sources.add("P01", "some words here")
    code = project.codes.add("C")
    project.codings.add(source, code, 0, 4)
    project.memos.add("note", target="code", ref=code)
    raw = sqlite3.connect(project.path)  # damage the file behind the API's back
    raw.execute('UPDATE codings SET "end" = 99')
    raw.execute("UPDATE memos SET target_id = 42")
    raw.execute("UPDATE sources SET text = 'other'")
    raw.execute("INSERT INTO codings (guid, source_id, code_id, start, \"end\", created)"
                " VALUES ('g', 7, 1, 0, 1, 'now')")
    raw.commit()
    found = {p.check for p in check(project)}
    assert found == {"span", "memo", "text", "foreign key"}
