"""Suggestions: stored with provenance, only accepted ones become codings, decisions remembered."""

import json

import pytest

from qodex import QodexError, Suggestion

TEXT = "I trust him. He knows me. I was worried sick.\n"


@pytest.fixture
def source(project):
    return project.sources.add("P01", TEXT)


def spans(*words):
    return [(TEXT.index(w), TEXT.index(w) + len(w)) for w in words]


def propose(source, code="Trust", *words):
    return [Suggestion(source.id, code, a, b, 0.5, f"found {TEXT[a:b]!r}") for a, b in spans(*words)]


def test_added_suggestions_keep_provenance_and_create_missing_codes(project, source):
    added = project.suggestions.add("keywords", propose(source, "Attachment/Trusted", "I trust him."),
                                    {"words": "trust"})
    assert added == 1 and project.codings.count() == 0
    (stored,) = project.suggestions.list()
    assert project.codes.path(stored.code_id) == "Attachment/Trusted"
    assert (stored.strategy, json.loads(stored.params), stored.score) == ("keywords", {"words": "trust"}, 0.5)
    assert project.suggestions.quote(stored) == "I trust him."
    assert project.rows("SELECT operation FROM changes")[-1]["operation"] == "add_suggestions"


def test_accepting_codes_the_span_as_the_accepting_coder(tmp_path, project, source):
    from qodex.project import Project

    project.suggestions.add("keywords", propose(source, "Trust", "I trust him.", "He knows me."))
    first, second = project.suggestions.list()
    with Project.open(project.path, coder="astrid") as reviewer:
        assert reviewer.suggestions.accept([first.id]) == 1
        (coding,) = reviewer.codings.list()
        assert reviewer.coders.get(coding.coder_id).name == "astrid"
        accepted = reviewer.suggestions.get(first.id)
        assert (accepted.status, accepted.coding_id) == ("accepted", coding.id)
        assert reviewer.coders.get(accepted.decided_by).name == "astrid"
        assert reviewer.coders.get(accepted.coder_id).name == "tester"
        with pytest.raises(QodexError, match="already accepted"):
            reviewer.suggestions.accept([first.id])
    assert [s.id for s in project.suggestions.list()] == [second.id]


def test_a_rerun_does_not_propose_rejected_accepted_or_coded_spans_again(project, source):
    project.codings.add(source, project.codes.add("Worry"), *spans("I was worried sick.")[0])
    project.suggestions.add("kw", propose(source, "Trust", "I trust him.", "He knows me."))
    trust, knows = project.suggestions.list()
    project.suggestions.reject([trust.id])
    project.suggestions.accept([knows.id])
    rerun = propose(source, "Trust", "I trust him.", "He knows me.") + propose(
        source, "Worry", "I was worried sick.")
    assert project.suggestions.add("kw", rerun) == 0
    assert project.suggestions.add("other", propose(source, "Trust", "I trust him.")) == 0
    assert project.suggestions.list() == []
    assert {(r["code"], r["accepted"], r["rejected"]) for r in project.suggestions.tally()} == {
        ("Trust", 1, 1)}


def test_accept_all_for_one_code_leaves_the_others_open(project, source):
    project.suggestions.add("kw", propose(source, "Trust", "I trust him.", "He knows me.")
                            + propose(source, "Worry", "I was worried sick."))
    assert project.suggestions.accept_all(code="Trust") == 2
    assert [project.codes.path(s.code_id) for s in project.suggestions.list()] == ["Worry"]
    assert len(project.codings.list(code="Trust")) == 2


def test_a_span_outside_the_source_is_refused_and_nothing_is_stored(project, source):
    bad = [*propose(source, "Trust", "I trust him."), Suggestion(source.id, "Trust", 5, 500)]
    with pytest.raises(QodexError, match="not inside"):
        project.suggestions.add("kw", bad)
    assert project.suggestions.count() == 0 and project.codes.count() == 0
