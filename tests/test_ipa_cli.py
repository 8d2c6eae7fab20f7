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
