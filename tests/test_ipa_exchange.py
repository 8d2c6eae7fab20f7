"""IPA notes and statements travel in a .qdpx as memos anchored to their passages, and come back."""

from fixtures.ipa_support import build

from qodex.plugins.ipa import model, notes, statements
from qodex.project import Project


def ok(result):
    assert result.exit_code == 0, result.output
    return result


def ipa_state(project) -> dict:
    """Notes and statements as a reader sees them: kinds, words, cases and quoted passages."""
    found_notes = sorted((n["case"], n["kind"], n["body"], n["quote"]) for n in notes.listing(project))
    rows = model.table(project, "statements").rows()
    quoted = {}
    for span in model.spans(project, [s["id"] for s in rows]):
        quoted.setdefault(span["statement_id"], set()).add(span["quote"])
    return {"notes": found_notes,
            "statements": sorted((project.cases.get(s["case_id"]).name, s["text"],
                                  tuple(sorted(quoted[s["id"]]))) for s in rows)}


def test_notes_and_statements_round_trip_through_qdpx(run, tmp_path, host):
    with Project.create(tmp_path / "a.qodex", host=host) as project:
        build(project)
        notes.add(project, "Poul-interview", 0, 17, "linguistic", "'years': a shared past")
        statements.add(project, "Poul", "A long bond", notes=[2],
                       passages=[("Poul-interview", 18, 46)])
        before = ipa_state(project)
    ok(run("export", tmp_path / "a.qodex", tmp_path / "a.qdpx"))
    ok(run("init", tmp_path / "b.qodex"))
    ok(run("import", tmp_path / "b.qodex", tmp_path / "a.qdpx"))
    with Project.open(tmp_path / "b.qodex", host=host) as back:
        titles = sorted({m.title for m in back.memos.list() if (m.title or "").startswith("IPA")})
        assert titles == ["IPA conceptual note", "IPA linguistic note", "IPA statement"]
    made = ok(run("ipa", "adopt", tmp_path / "b.qodex"))
    assert "made 2 notes and 7 statements" in made.stderr
    with Project.open(tmp_path / "b.qodex", host=host) as back:
        assert ipa_state(back) == before
        assert not [m for m in back.memos.list() if (m.title or "").startswith("IPA")]
