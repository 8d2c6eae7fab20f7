"""`qodex ipa ...` end to end: from notes to a master theme, its tables, audit and code export."""

import csv
import io
import json

import pytest

from qodex.host import PluginHost
from qodex.project import Project


@pytest.fixture
def study(tmp_path):
    host = PluginHost()
    host.load_builtins()
    with Project.create(tmp_path / "s.qodex", host=host) as project:
        project.attributes.define("age", "number")
        project.attributes.define("gp", "category", ["regular", "unfamiliar"])
        for name, age, gp, text in (("Anne", 67, "regular", "He knows me.\nI trust him completely.\n"),
                                    ("Mads", 24, "unfamiliar", "Whoever is free.\nI don't mind.\n")):
            project.sources.add(name.lower(), text)
            project.cases.add(name)
            project.cases.link(name, name.lower())
            project.cases.set_values(name, {"age": age, "gp": gp})
        project.codes.ensure("Attachment theory/Safe haven")
    return tmp_path / "s.qodex"


def ok(result):
    assert result.exit_code == 0, result.output
    return result.stdout


def test_from_notes_to_a_master_theme(run, study):
    assert ok(run("ipa", "note", "add", study, "anne", "conceptual", "trust as surrender",
                  "--quote", "I trust him completely.")) == "1\n"
    assert ok(run("ipa", "statement", "add", study, "Anne", "Trusting the known doctor",
                  "--note", "1")) == "1\n"
    assert ok(run("ipa", "statement", "add", study, "Mads", "Any doctor will do",
                  "--quote", "I don't mind.")) == "2\n"
    assert ok(run("ipa", "cluster", study, "Anne", "Being known", "1", "--method", "abstraction")) == "1\n"
    assert ok(run("ipa", "cluster", study, "Mads", "Indifference", "2", "--method", "polarisation")) == "2\n"
    top = ok(run("ipa", "theme", "add", study, "The need for attachment")).strip()
    ok(run("ipa", "theme", "add", study, "Personal relationship", "--parent", top, "--from", "1"))
    ok(run("ipa", "theme", "members", study, "The need for attachment", "2"))
    ok(run("ipa", "theme", "link", study, "Personal relationship", "Attachment theory/Safe haven"))

    listed = json.loads(ok(run("ipa", "statement", "list", study, "--json")))
    assert [(s["case"], s["theme"], s["location"]) for s in listed] == [
        ("Anne", "Being known", "anne, line 2"), ("Mads", "Indifference", "mads, line 2")]
    prevalence = list(csv.DictReader(io.StringIO(ok(run("ipa", "table", study, "prevalence",
                                                         "--format", "csv")))))
    assert [(r["theme"], r["Anne"], r["Mads"], r["n (%)"], r["recurs"]) for r in prevalence] == [
        ("The need for attachment", "✓", "✓", "2 (100%)", "yes"),
        ("› Personal relationship", "✓", "", "1 (50%)", "yes")]
    regular = ok(run("ipa", "table", study, "prevalence", "--where", "gp=regular"))
    assert "| Anne |" in regular.splitlines()[2] and "Mads" not in regular
    master = ok(run("ipa", "table", study, "master"))
    assert "| Anne | Being known | \u201cI trust him completely.\u201d (Anne, 67) |" in master
    assert "<caption>" in ok(run("ipa", "table", study, "theory", "--format", "html"))
    assert "Being known" in ok(run("ipa", "table", study, "case", "--case", "Anne"))
    assert "conceptual note 1 (anne, line 2): trust as surrender" in ok(run("ipa", "audit", study))


def test_terms_files_codes_and_errors(run, study, tmp_path):
    ok(run("ipa", "statement", "add", study, "Anne", "Known", "--quote", "He knows me."))
    ok(run("ipa", "cluster", study, "Anne", "Being known", "1"))
    assert ok(run("ipa", "config", study, "--terms", "2009", "--recurrence", "0.6")) == (
        "terms: 2009\nrecurrence: 0.6\n")
    ok(run("ipa", "table", study, "case", "--case", "Anne", "-o", tmp_path / "anne.md"))
    assert (tmp_path / "anne.md").read_text().startswith("## superordinate themes: Anne")
    ok(run("ipa", "codes", study))
    assert "IPA/Anne/Being known" in ok(run("codes", study))
    bad = run("ipa", "note", "add", study, "anne", "descriptive", "x", "--quote", "not there")
    assert bad.exit_code == 1 and "'not there' does not occur in anne" in bad.stderr
    assert run("ipa", "theme", "set", study, "99", "--name", "x").exit_code == 1


def test_every_step_by_names_never_by_ids(run, study):
    assert ok(run("ipa", "note", "add", study, "Anne", "conceptual", "trust as surrender",
                  "--quote", "I trust him completely.")) == "1\n"
    ok(run("ipa", "note", "add", study, "Anne", "linguistic", "'knows me': present tense",
           "--span", "0:12"))
    ok(run("ipa", "statement", "add", study, "Anne", "Trusting the known doctor", "--note", "trust as"))
    ok(run("ipa", "statement", "add", study, "Anne", "Being known as a person", "--note", "'knows"))
    ok(run("ipa", "statement", "add", study, "Mads", "Any doctor will do", "--quote", "I don't mind."))
    ok(run("ipa", "cluster", study, "Anne", "Being known", "Trusting", "being known as"))
    ok(run("ipa", "cluster", study, "Mads", "Being known", "Any doctor"))
    ok(run("ipa", "theme", "add", study, "The need for attachment", "--from", "Anne/Being known"))
    ok(run("ipa", "theme", "members", study, "The need", "Mads/being known"))

    ambiguous = run("ipa", "theme", "set", study, "Being known", "--name", "Known")
    assert ambiguous.exit_code == 1
    assert "2 IPA themes match 'Being known' in s.qodex: 'Anne/Being known'; 'Mads/Being known'" \
        in ambiguous.stderr
    ambiguous = run("ipa", "statement", "delete", study, "Tr")
    assert ambiguous.exit_code == 0  # the one statement starting with "Tr"
    rows = json.loads(ok(run("ipa", "statement", "list", study, "--json")))
    assert [(r["case"], r["statement"], r["theme"]) for r in rows] == [
        ("Anne", "Being known as a person", "Being known"), ("Mads", "Any doctor will do", "Being known")]
    notes = json.loads(ok(run("ipa", "note", "list", study, "--case", "Anne", "--json")))
    assert [(n["kind"], n["quote"]) for n in notes] == [
        ("linguistic", "He knows me."), ("conceptual", "I trust him completely.")]
    themes = json.loads(ok(run("ipa", "theme", "list", study, "--json")))
    assert themes[-1]["theme"] == "The need for attachment" and themes[-1]["case"] == ["Anne", "Mads"]
    missing = run("ipa", "statement", "add", study, "Anne", "x", "--note", "no such note")
    assert missing.exit_code == 1 and "no IPA note 'no such note'" in missing.stderr


def test_each_analytic_step_is_logged_with_date_analyst_and_reason(run, study):
    for words in ("He knows me.", "I trust him completely."):
        ok(run("ipa", "statement", "add", study, "Anne", f"On: {words}", "--quote", words))
    ok(run("ipa", "statement", "add", study, "Mads", "Indifference", "--quote", "I don't mind."))
    ok(run("--coder", "karen", "ipa", "cluster", study, "Anne", "Being known", "On: He", "On: I",
           "--reason", "both about continuity"))
    ok(run("ipa", "cluster", study, "Anne", "Trust", "--reason", "to split into"))
    ok(run("--coder", "karen", "ipa", "theme", "merge", study, "Anne/Being known", "Anne/Trust"))
    ok(run("ipa", "theme", "split", study, "Anne/Being known", "Trust", "On: I",
           "--reason", "trust is more than being known"))
    ok(run("ipa", "theme", "set", study, "Anne/Trust", "--name", "Surrender"))
    ok(run("ipa", "cluster", study, "Mads", "Any doctor", "Indifference"))
    ok(run("ipa", "theme", "add", study, "Attachment", "--from", "Anne/Being known", "--from", "Mads/Any"))
    ok(run("ipa", "theme", "link", study, "Attachment", "Attachment theory/Safe haven",
           "--reason", "Bowlby"))
    ok(run("ipa", "theme", "delete", study, "Anne/Surrender", "--reason", "too thin"))

    log = json.loads(ok(run("ipa", "decisions", study, "--json")))
    assert [(d["action"], d["theme"], d["reason"]) for d in log] == [
        ("clustered", "Being known", "both about continuity"), ("clustered", "Trust", "to split into"),
        ("merged", "Being known", None), ("split", "Being known", "trust is more than being known"),
        ("renamed", "Surrender", None), ("clustered", "Any doctor", None), ("made", "Attachment", None),
        ("clustered", "Attachment", None), ("linked to theory", "Attachment", "Bowlby"),
        ("dropped", "Surrender", "too thin")]
    assert log[0]["analyst"] == "karen"
    assert log[0]["detail"] == "On: He knows me.; On: I trust him completely."
    assert log[3]["detail"] == "into 'Trust': On: I trust him completely."
    assert log[4]["detail"] == "was 'Trust'" and log[0]["at"][:2] == "20"
    markdown = ok(run("ipa", "audit", study))
    assert "## Decision log" in markdown
    assert "linked to theory 'Attachment' (Attachment theory/Safe haven); because Bowlby" in markdown
    audited = json.loads(ok(run("ipa", "audit", study, "Attachment", "--json")))
    assert [m["case"] for m in audited["themes"][0]["members"]] == ["Anne", "Mads"]
    assert [d["action"] for d in audited["decisions"]] == ["made", "clustered", "linked to theory"]


def test_the_analyst_chooses_the_key_quote_and_records_a_divergent_case(run, study):
    ok(run("ipa", "statement", "add", study, "Anne", "Known", "--quote", "He knows me.",
           "--quote", "I trust him completely."))
    ok(run("ipa", "statement", "add", study, "Mads", "Indifference", "--quote", "I don't mind."))
    ok(run("ipa", "cluster", study, "Anne", "Being known", "Known"))
    ok(run("ipa", "cluster", study, "Mads", "Any doctor", "Indifference"))
    ok(run("ipa", "theme", "add", study, "Continuity", "--from", "Anne/Being known"))
    ok(run("ipa", "theme", "members", study, "Continuity", "Mads/Any doctor", "--divergent",
           "--reason", "he wants whoever is free"))
    assert "| Anne | Being known | \u201cHe knows me.\u201d (Anne, 67) |" in ok(
        run("ipa", "table", study, "master"))
    ok(run("ipa", "theme", "key", study, "Anne/Being known", "--quote", "trust him completely"))
    assert "| Anne | Being known | \u201ctrust him completely\u201d (Anne, 67) |" in ok(
        run("ipa", "table", study, "master"))
    (row,) = json.loads(ok(run("ipa", "table", study, "prevalence", "--format", "json")))
    assert (row["Anne"], row["Mads"], row["n (%)"], row["recurs"]) == ("✓", "≠", "1 (50%), 1 divergent",
                                                                        "yes")
    ok(run("ipa", "theme", "members", study, "Continuity", "Mads/Any doctor"))
    (row,) = json.loads(ok(run("ipa", "table", study, "prevalence", "--format", "json")))
    assert (row["Mads"], row["n (%)"]) == ("✓", "2 (100%)")
    log = json.loads(ok(run("ipa", "decisions", study, "Continuity", "--json")))
    assert [(d["action"], d["detail"], d["reason"]) for d in log[1:]] == [
        ("clustered", "Anne/Being known", None),
        ("clustered divergent", "Mads/Any doctor", "he wants whoever is free"),
        ("marked convergent", "Mads/Any doctor", None)]
    keyed = json.loads(ok(run("ipa", "decisions", study, "Anne/Being known", "--json")))
    assert keyed[-1]["action"] == "chose the key quote of"
    assert keyed[-1]["detail"] == "\u201ctrust him completely\u201d"
