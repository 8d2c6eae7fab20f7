"""Editing text moves the spans plugins hold (the IPA plugin's notes, statement passages and key
quotes) as it moves codings: a note ends on the same words as a coding that was on its words."""

from __future__ import annotations

import pytest

from qodex.errors import QodexError
from qodex.plugins.ipa import clustering, notes, statements
from qodex.project import history
from qodex.project.edit import Edit, edit_source

TEXT = "Interviewer: Who is your doctor?\nAnne: Dr Krogh. I trust him, he knows me.\n"
NOTED = ("Dr Krogh", "I trust him", "he knows me")


def span(words: str) -> tuple[int, int]:
    start = TEXT.index(words)
    return start, start + len(words)


@pytest.fixture
def study(project):
    """A coding and an IPA note on each of `NOTED`, a statement grounded in the first note and a
    passage (he knows me), and its theme's key quote (Dr Krogh)."""
    source = project.sources.add("P01", TEXT)
    project.cases.add("Anne")
    project.cases.link("Anne", source)
    code = project.codes.ensure("Trust")
    for words in NOTED:
        project.codings.add(source, code, *span(words))
    first, *_ = [notes.add(project, source, *span(words), "descriptive", words) for words in NOTED]
    statement = statements.add(project, "Anne", "Known", notes=[first],
                               passages=[(source, *span("he knows me"))])
    theme = clustering.cluster(project, "Anne", "Being known", [statement])
    clustering.set_key(project, theme, source, *span("Dr Krogh"))
    return project


def on(project, table: str, source="source_id", start="start", end="end") -> list[str]:
    """The words each row of a plugin table is on, by id."""
    text = project.sources.get("P01").text
    return [text[r[start]:r[end]] if r[source] is not None else None
            for r in project.plugin_table(table).rows()]


def held(project) -> dict[str, list]:
    return {"codings": [project.codings.quote(c) for c in project.codings.list()],
            "notes": on(project, "ipa_notes"), "passages": on(project, "ipa_passages"),
            "key": on(project, "ipa_themes", "key_source_id", "key_start", "key_end"),
            "grounds": [(r["statement_id"], r["note_id"])
                        for r in project.plugin_table("ipa_statement_notes").rows()]}


def test_qodex_edit_moves_notes_inside_and_after_the_edit_as_codings(study, run):
    before = held(study)
    assert before["notes"] == before["codings"] == list(NOTED)
    result = run("edit", study.path, "P01", "--match", "Krogh", "--to", "Hansen")
    assert result.exit_code == 0, result.output
    after = held(study)
    assert after["notes"] == after["codings"] == ["Dr Hansen", "I trust him", "he knows me"]
    assert (after["passages"], after["key"]) == (["he knows me"], ["Dr Hansen"])
    assert run("undo", study.path).exit_code == 0
    assert held(study) == before


def test_a_note_whose_words_all_go_is_refused_unless_forced_then_goes_as_the_coding(study):
    start, _ = span("Dr Krogh")
    deleted = [Edit(start, start + len("Dr Krogh. "), "")]
    before = held(study)
    with pytest.raises(QodexError, match=r"would lose 1 coding\(s\) and 2 other span\(s\): .*"
                                         r"IPA note on P01 \d+:\d+ 'Dr Krogh'"):
        edit_source(study, "P01", deleted)
    assert held(study) == before
    report = edit_source(study, "P01", deleted, force=True)
    assert len(report.lost) == 3
    after = held(study)
    assert after["notes"] == after["codings"] == ["I trust him", "he knows me"]
    assert after["key"] == [None]  # the theme stays, without its key quote
    assert after["grounds"] == [] and before["grounds"] == [(1, 1)]  # the note's link went with it
    assert [t["name"] for t in study.plugin_table("ipa_themes").rows()] == ["Being known"]
    history.undo(study)
    assert held(study) == before


def test_a_note_swallowed_by_a_larger_replacement_covers_it_as_the_coding_does(study):
    start, end = span("Dr Krogh")
    report = edit_source(study, "P01", [Edit(start - 1, end + 1, " my GP.")], force=True)
    assert len(report.lost) == 3
    after = held(study)
    assert after["notes"] == after["codings"] == [" my GP.", "I trust him", "he knows me"]
    assert after["key"] == [" my GP."]
