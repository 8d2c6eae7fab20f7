"""One rule for quotes everywhere: an ambiguous quote is refused with its count, never resolved to the
first match, whether it comes from `qodex code`, `qodex edit`, an IPA note or statement, or a
codings table."""

import pytest

from qodex.errors import QodexError
from qodex.project import Project
from qodex.text import choose, find_quote, locate, parse_span

TEXT = "He knows me. I said he knows me\nand he knows my wife."


def test_a_quote_is_found_whatever_the_white_space():
    assert find_quote(TEXT, "he   knows me and") == [(20, 35)]


def test_an_ambiguous_quote_is_refused_with_its_count():
    with pytest.raises(QodexError, match=r"occurs 2 times in P01; choose one with --occurrence N \(1-2\)"):
        locate(TEXT, "knows me", where="P01")
    assert locate(TEXT, "knows me", occurrence=2) == (23, 31)
    assert choose(find_quote(TEXT, "he knows"), "he knows", every=True) == [(20, 28), (36, 44)]


def test_a_missing_occurrence_is_named():
    with pytest.raises(QodexError, match="occurrence 3 of 'knows me' wanted; it occurs 2 time"):
        locate(TEXT, "knows me", occurrence=3)
    with pytest.raises(QodexError, match="does not occur"):
        locate(TEXT, "she knows")


def test_spans_parse_or_say_how_they_are_written():
    assert parse_span("3:9") == (3, 9)
    with pytest.raises(QodexError, match="--at takes START:END"):
        parse_span("3-9", "--at")


@pytest.fixture
def study(tmp_path, host):
    with Project.create(tmp_path / "s.qodex", host=host) as project:
        project.sources.add("anne", TEXT)
        project.cases.add("Anne")
        project.cases.link("Anne", "anne")
    return tmp_path / "s.qodex"


def test_every_command_refuses_the_same_ambiguity(run, study):
    for args in (("code", study, "anne", "Known", "--match", "knows me"),
                 ("edit", study, "anne", "--match", "knows me", "--to", "x"),
                 ("ipa", "note", "add", study, "anne", "descriptive", "x", "--quote", "knows me")):
        result = run(*args)
        assert result.exit_code == 1
        assert "'knows me' occurs 2 times in anne; choose one with --occurrence N" in result.stderr
    assert run("ipa", "note", "add", study, "anne", "descriptive", "known twice", "--quote",
               "knows me", "--occurrence", "2").exit_code == 0
    with Project.open(study) as project:
        note = project.rows("SELECT start, \"end\" FROM ipa_notes")[0]
        assert (note["start"], note["end"]) == (23, 31)
        assert project.codings.list() == []


def test_a_statement_must_cite_a_note_or_a_passage(run, study):
    bare = run("ipa", "statement", "add", study, "Anne", "Feeling known")
    assert bare.exit_code == 1 and "must cite a note" in bare.stderr
    ambiguous = run("ipa", "statement", "add", study, "Anne", "Feeling known", "--quote", "he knows")
    assert ambiguous.exit_code == 1 and "occurs 2 times in anne" in ambiguous.stderr


def test_a_codings_table_without_occurrence_refuses_an_ambiguous_quote(run, study, tmp_path):
    table = tmp_path / "codings.csv"
    table.write_text("source,code,quote\nanne,Known,knows me\n", encoding="utf-8")
    result = run("import", study, table)
    assert result.exit_code == 1 and "occurs 2 times in source 'anne'" in result.stderr
    table.write_text("source,code,quote,occurrence\nanne,Known,knows me,2\n", encoding="utf-8")
    assert run("import", study, table).exit_code == 0
    with Project.open(study) as project:
        assert [(c.start, c.end) for c in project.codings.list()] == [(23, 31)]
