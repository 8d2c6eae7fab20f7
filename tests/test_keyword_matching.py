"""The keyword matcher's rules at their edges: word boundaries, case, phrases, overlapping patterns."""

from __future__ import annotations

from qodex.plugins.strategies.matching import Matcher, Pattern
from qodex.units import labelled_turns, paragraphs, sentences


def hits(text: str, *patterns: str, by: str = "sentence", **rules) -> dict[str, list[str]]:
    """Each unit's text with the patterns matched in it (all under one code)."""
    units = paragraphs(text) if by == "paragraph" else sentences(text, labelled_turns(text))
    found = Matcher([Pattern("C", p) for p in patterns], **rules).in_units(text, units)
    return {text[u.start:u.end]: sorted(codes["C"]) for u, codes in found}


def test_whole_words_at_the_ends_of_the_text_and_between_punctuation():
    assert hits("trust", "trust") == {"trust": ["trust"]}
    assert hits("Trust me. I distrust him. Trusting, trust!", "trust") == {
        "Trust me.": ["trust"], "Trusting, trust!": ["trust"]}
    assert hits("I trust-worthy", "trust") == {"I trust-worthy": ["trust"]}
    assert hits("trust", "trust", whole_word=False) == {"trust": ["trust"]}
    assert hits("I distrust him.", "trust", whole_word=False) == {"I distrust him.": ["trust"]}


def test_a_word_is_a_whole_token_and_a_prefix_starts_one():
    assert hits("I don't know. Don was here.", "don") == {"Don was here.": ["don"]}
    assert hits("I don't know.", "don't") == {"I don't know.": ["don't"]}
    assert hits("Trusting him. Distrust.", "trust*") == {"Trusting him.": ["trust*"]}


def test_case_is_folded_unless_asked_and_a_regex_with_capitals_ignores_case():
    assert hits("TRUST him.", "trust") == {"TRUST him.": ["trust"]}
    assert hits("TRUST him. Trust me.", "Trust", case=True) == {"Trust me.": ["Trust"]}
    assert hits("I trust him.", "/Trust/") == {"I trust him.": ["/Trust/"]}
    assert hits("I trust him.", "/Trust/", case=True) == {}
    assert hits("ÖDEM here.", "ödem") == {"ÖDEM here.": ["ödem"]}


def test_phrases_take_any_white_space_and_count_where_they_start():
    assert hits("I trust \t him.", "trust him") == {"I trust \t him.": ["trust him"]}
    assert hits("I trust\nhim\n", "trust him", by="paragraph") == {"I trust": ["trust him"]}
    assert hits("ha\nha ha\n", "ha ha", by="paragraph") == {"ha": ["ha ha"], "ha ha": ["ha ha"]}
    assert hits("trust himself. trust him's.", "trust him") == {"trust him's.": ["trust him"]}
    assert hits("my doctor's advice. my doctors.", "my doctor") == {"my doctor's advice.": ["my doctor"]}
    assert hits("o'my doctor.", "my doctor") == {"o'my doctor.": ["my doctor"]}
    assert hits("mmy doctor.", "my doctor") == {}


def test_phrases_of_words_with_punctuation_and_prefix_phrases():
    assert hits("The co-op shop. Coop.", "co-op") == {"The co-op shop.": ["co-op"]}
    assert hits("(laughs) yes. Yes.", "(laughs) yes") == {"(laughs) yes.": ["(laughs) yes"]}
    assert hits("I trust himself. I trust.", "trust him*") == {"I trust himself.": ["trust him*"]}
    assert hits("She co-opted us.", "co-op*") == {"She co-opted us.": ["co-op*"]}


def test_overlapping_patterns_each_count_once_per_unit():
    found = hits("I trust him, trust him. Nothing.", "trust", "trust him", "tru*", "/trust/", "him")
    assert found == {"I trust him, trust him.": ["/trust/", "him", "tru*", "trust", "trust him"]}
    matcher = Matcher([Pattern("A", "trust"), Pattern("B", "trust him"), Pattern("A", "trust")])
    text = "I trust him."
    ((unit, codes),) = matcher.in_units(text, sentences(text, labelled_turns(text)))
    assert codes == {"A": {"trust"}, "B": {"trust him"}}


def test_only_matches_inside_the_units_count():
    text = "Anne: I trust him.\nInterviewer: Trust?\n"
    units = [u for u in sentences(text, labelled_turns(text)) if u.speaker == "Anne"]
    found = Matcher([Pattern("C", "trust"), Pattern("C", "anne")]).in_units(text, units)
    assert [(text[u.start:u.end], dict(c)) for u, c in found] == [("I trust him.", {"C": {"trust"}})]
