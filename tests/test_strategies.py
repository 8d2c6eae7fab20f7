"""The built-in strategies, each run through the registry as the CLI runs them (`prepare` with
write access, then `propose` on a read-only view)."""

from __future__ import annotations

import pytest
from fixtures.strategy_support import build

from qodex import QodexError
from qodex.extensions import parse_options

REPO_FRAME = "sample_study/attachment_frame.toml"


@pytest.fixture
def study(tmp_path, host):
    project = build(tmp_path / "study.qodex", host)
    yield project
    project.close()


def run(project, name, *options, sources=None):
    strategy = project.host.registry.strategies[name]
    chosen = parse_options(strategy.options, list(options), name)
    found = project.suggestions.propose(strategy, sources or list(project.sources), chosen)
    return [(project.sources.get(s.source_id).name, s.code,
             project.sources.get(s.source_id).text[s.start:s.end], s) for s in found]


def test_the_guide_puts_each_question_and_its_answer_under_its_topic(study):
    found = run(study, "guide")
    topics = [(source, code.split("/")[-1], quote.split("\n")[0]) for source, code, quote, _ in found]
    assert topics == [
        ("P01-anne", "1. About you", "Could you tell me about yourself and your family?"),
        ("P01-anne", "1. About you", "And how old are your children?"),
        ("P01-anne", "2. The consultation", "Tell me about the consultation the other day."),
        ("P01-anne", "3. Changing doctor", "Have you ever thought about changing doctor?"),
        ("P02-bjorn", "1. About you", "Tell me about yourself."),
        ("P02-bjorn", "3. Changing doctor", "Have you thought about changing doctor?"),
    ]
    consultation = found[2][2]
    assert consultation.endswith("He calmed me down.")  # the answer runs over both of Anne's turns
    assert found[0][1] == "Interview guide/1. About you"


def test_a_missing_guide_is_an_error_naming_the_file(tmp_path, host):
    project = build(tmp_path / "study.qodex", host, guide=False)
    with pytest.raises(QodexError, match="interview_guide.md"):
        run(project, "guide")


def test_speaker_codes_whole_turns_by_speaker_or_role(study):
    by_speaker = {(code, quote) for _, code, quote, _ in run(study, "speaker", "speaker=Anne")}
    assert ("Speakers/Anne", "He calmed me down.") in by_speaker and len(by_speaker) == 5
    roles = [(source, code) for source, code, _, _ in run(study, "speaker", "by=role")]
    assert roles.count(("P02-bjorn", "Roles/Interviewer")) == 2
    assert roles.count(("P01-anne", "Roles/Participant")) == 5


def test_speaker_codes_sections_by_heading_and_cues_by_time(study):
    (section,) = run(study, "speaker", "by=heading", sources=[study.sources.get("P02-bjorn")])
    assert section[1] == "Sections/Interview P02-bjorn" and section[2].endswith("honest.")
    found = run(study, "speaker", "by=time", "code=Opening", "start=0:00", "end=0:15",
                sources=[study.sources.get("P01-anne")])
    assert [(code, quote.split("\n")[-1]) for _, code, quote, _ in found] == [
        ("Opening", "Anne: I'm seventy-one. My husband died. I was so worried when he was ill.")]
    with pytest.raises(QodexError, match="code=PATH"):
        run(study, "speaker", "by=time")


def test_keywords_match_words_phrases_prefixes_and_regexes_by_sentence(study):
    found = run(study, "keywords", "code=Trust", "words=trust him;/scar(ed|y)/;worr*")
    quotes = sorted(quote for _, _, quote, _ in found)
    assert quotes == ["I trust him completely.", "I trust him.", "I was so worried when he was ill.",
                      "Scared of nothing, me."]
    why = {quote: s.explanation for _, _, quote, s in found}
    assert why["I trust him."] == "matched: trust him"
    assert why["Scared of nothing, me."] == "matched: /scar(ed|y)/"


def test_keywords_whole_word_case_and_context_rules(study, tmp_path):
    table = tmp_path / "patterns.csv"
    table.write_text("code,pattern\nTrust,trust\nNurse,NURSE\n", encoding="utf-8")
    turns = run(study, "keywords", f"patterns={table}", "context=turn", "speakers=participant")
    assert {(s, c) for s, c, _, _ in turns} == {("P01-anne", "Trust"), ("P02-bjorn", "Trust"),
                                               ("P02-bjorn", "Nurse")}
    assert [q for _, c, q, _ in turns if c == "Trust" and "Never" in q][0].startswith("Never.")
    exact = run(study, "keywords", f"patterns={table}", "case=true", "code=X", "words=Trust")
    assert [c for _, c, _, _ in exact] == ["Trust"] * 3  # neither NURSE nor Trust occurs as written
    parts = run(study, "keywords", "code=T", "words=tru", "whole_word=false", "context=match")
    assert {q for _, _, q, _ in parts} == {"tru"} and len(parts) == 3
    assert run(study, "keywords", "code=T", "words=tru") == []


def test_keywords_report_a_bad_regex_and_missing_patterns(study):
    with pytest.raises(QodexError, match="pattern '/scar\\(/'"):
        run(study, "keywords", "code=T", "words=/scar(/")
    with pytest.raises(QodexError, match="patterns=FILE"):
        run(study, "keywords")


def test_the_theory_frame_proposes_its_codes_from_indicators_in_participant_speech(study):
    found = run(study, "theory", f"frame={REPO_FRAME}")
    by_code = {(code, quote) for _, code, quote, _ in found}
    assert ("Attachment theory/GP perceived as/Trusted", "I trust him completely.") in by_code
    assert ("Attachment theory/Separation distress", "If he retired I would be lost.") in by_code
    assert ("Attachment theory/Activation/Worry", "I was so worried when he was ill.") in by_code
    assert not any(quote.startswith("Have you") for _, _, quote, _ in found)  # not the interviewer


def test_a_frame_file_is_found_beside_the_project(study, tmp_path):
    (tmp_path / "mini.toml").write_text(
        'root = "Mini"\n[[code]]\npath = "Sleep"\nindicators = ["sleep"]\n', encoding="utf-8")
    assert [(c, q) for _, c, q, _ in run(study, "theory", "frame=mini.toml")] == [
        ("Mini/Sleep", "After seeing him I could sleep again.")]
    (tmp_path / "broken.toml").write_text("root = \n", encoding="utf-8")
    with pytest.raises(QodexError, match="broken.toml: not a valid frame"):
        run(study, "theory", "frame=broken.toml")


def test_similar_passages_rank_like_passages_and_skip_the_coded_one(study):
    found = run(study, "similar", "code=Attachment/Safe haven", "top=2")
    (source, code, quote, suggestion), = found
    assert (source, code, quote) == ("P02-bjorn", "Attachment/Safe haven", "I see whoever is free.")
    assert suggestion.explanation == "like 1 passage(s) coded 'Safe haven'; shares see"
    assert not run(study, "similar", "code=Attachment/Safe haven", "speakers=interviewer")


def test_similar_caches_units_in_its_own_table_and_refreshes_a_changed_source(study):
    run(study, "similar", "code=Attachment/Safe haven")
    cached = study.rows("SELECT source_id, kind, text_sha256 FROM similar_units ORDER BY source_id")
    assert [(r["source_id"], r["kind"]) for r in cached] == [(1, "sentence"), (2, "sentence")]
    logged = study.rows("SELECT count(*) AS n FROM changes WHERE table_name = 'similar_units'")
    run(study, "similar", "code=Attachment/Safe haven")
    assert study.rows("SELECT count(*) AS n FROM changes WHERE table_name = 'similar_units'") == logged
    with pytest.raises(QodexError, match="nothing is coded"):
        run(study, "similar", "code=" + study.codes.add("Empty").name)
