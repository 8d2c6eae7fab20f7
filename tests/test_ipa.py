"""IPA: prevalence counted from the links, tables, audit trail, terms, theory and the code export."""

import json
from pathlib import Path

import pytest
from fixtures.ipa_support import build

from qodex.errors import QodexError
from qodex.plugins.ipa import audit, clustering, crosscase, refi, render, statements, terms, theory

PLUGIN = Path(__file__).resolve().parent.parent / "plugins" / "ipa"


@pytest.fixture
def ids(project):
    return build(project)


def by_theme(rows):
    return {r["theme"].removeprefix("› "): r for r in rows}


def test_prevalence_counts_cases_from_the_links(project, ids):
    rows = by_theme(crosscase.prevalence(project))
    assert [rows[t]["n (%)"] for t in ("The need for attachment", "Personal relationship",
                                       "Vulnerability", "Change of doctor")] == [
        "4 (100%)", "3 (75%)", "1 (25%)", "2 (50%)"]
    assert [rows[t]["recurs"] for t in ("Vulnerability", "Change of doctor")] == ["no", "yes"]
    assert [rows["Change of doctor"][c] for c in ("Anne", "Poul", "Inger", "Mads")] == ["", "✓", "", "✓"]


def test_prevalence_filtered_by_attribute_and_under_a_stricter_rule(project, ids):
    rows = by_theme(crosscase.prevalence(project, {"gp": {"unfamiliar"}}))
    assert "Anne" not in rows["Vulnerability"]
    assert [rows[t]["n (%)"] for t in ("Personal relationship", "Vulnerability", "Change of doctor")] == [
        "1 (50%)", "0 (0%)", "1 (50%)"]
    terms.set_rule(project, 0.75)
    rows = by_theme(crosscase.prevalence(project))
    assert [rows[t]["recurs"] for t in ("Personal relationship", "Change of doctor")] == ["yes", "no"]
    with pytest.raises(QodexError, match="no case"):
        crosscase.prevalence(project, {"gp": {"neither"}})


def test_removing_a_member_changes_the_count(project, ids):
    (pet,) = [p for p in clustering.personal_themes(project, "Mads")]
    crosscase.remove_members(project, ids["Change of doctor"], [pet["id"]])
    rows = by_theme(crosscase.prevalence(project))
    assert rows["Change of doctor"]["n (%)"] == "1 (25%)"
    assert rows["The need for attachment"]["n (%)"] == "3 (75%)"


def test_case_table_and_master_table_cite_name_and_age(project, ids):
    (row,) = [r for r in clustering.case_table(project, "Poul") if r["theme"] == "Poul: Change of doctor"]
    assert row["location"] == "Poul-interview, line 2" and row["method"] == "abstraction"
    assert row["key quote"] == "A new face would frighten me."
    quotes = [r["quote"] for r in crosscase.master_table(project) if r["case"] == "Anne"]
    assert "\u201cI trust him completely.\u201d (Anne, 67)" in quotes


def test_theory_quotes_are_the_passages_coded_with_the_construct(project, ids):
    (row,) = theory.table_rows(project)
    assert row["construct"] == "Attachment theory/Secure base"
    assert row["quotes"] == ["\u201cI trust him completely.\u201d (Anne, 67)"]


def test_audit_trail_goes_down_to_notes_and_passages_in_either_vocabulary(project, ids):
    trail = audit.trail(project)
    assert "## The need for attachment (group experiential theme)" in trail
    assert "conceptual note 1 (Anne-interview, line 2): trust as surrender" in trail
    assert "passage (Poul-interview, line 2" in trail
    terms.set_edition(project, "2009")
    trail = audit.trail(project, ids["Vulnerability"])
    assert trail.startswith("## Vulnerability (subordinate theme)")
    assert "(superordinate theme, formed by abstraction)" in trail and "- Emergent theme" in trail


def test_statements_stay_within_their_case_and_move_between_themes(project, ids):
    (anne,) = [s for s in statements.listing(project, "Anne") if s["statement"].startswith("Vul")]
    with pytest.raises(QodexError, match="not of the case"):
        clustering.cluster(project, "Poul", "Borrowed", [anne["id"]])
    moved = clustering.cluster(project, "Anne", "Fear of loss", [anne["id"]], "polarisation")
    assert statements.listing(project, "Anne")[1]["theme_id"] == moved
    with pytest.raises(QodexError, match="not a note on this statement's case"):
        statements.ground(project, statements.listing(project, "Poul")[0]["id"], notes=[1])
    with pytest.raises(QodexError, match="formed by"):
        clustering.set_method(project, moved, "guesswork")


def test_every_write_is_logged_through_the_host(project, ids):
    tables = {r["table_name"] for r in project.rows("SELECT table_name FROM changes")}
    assert {"ipa_notes", "ipa_statements", "ipa_passages", "ipa_statement_notes", "ipa_themes",
            "ipa_theme_statements", "ipa_theme_members", "ipa_theory_links"} <= tables
    statements.delete(project, 1)
    assert project.rows("SELECT count(*) AS n FROM ipa_statement_notes")[0]["n"] == 0


def test_no_sql_writes_in_the_plugin():
    for path in PLUGIN.glob("*.py"):
        if path.name != "schema.py":
            text = path.read_text(encoding="utf-8")
            assert not any(w in text for w in ("INSERT ", "UPDATE ", "DELETE ")), path.name


def test_structure_as_codes_replaces_itself(project, ids):
    assert refi.as_codes(project) == refi.as_codes(project)
    paths = set(project.codes.paths().values())
    assert {"IPA/The need for attachment/Change of doctor", "IPA/Mads/Mads: Change of doctor"} <= paths
    assert len(project.codings.list(code="IPA/The need for attachment")) == 4  # one per passage


def test_tables_render_as_markdown_csv_html_and_json():
    rows = [{"theme": "A | B", "quote": "<b>"}]
    assert "| A \\| B | \\<b\\> |" in render.render(rows, "md", "T")
    assert render.render(rows, "csv") == "theme,quote\nA | B,<b>\n"
    assert "<td>&lt;b&gt;</td>" in render.render(rows, "html")
    assert json.loads(render.render(rows, "json")) == rows


def test_ipa_reads_work_on_a_read_only_view_and_give_what_the_project_gives(project, ids):
    from qodex.plugins.ipa import model, notes

    with project.view() as view:
        for read in (lambda p: statements.listing(p), lambda p: notes.listing(p, "Anne"),
                     lambda p: clustering.personal_themes(p), lambda p: crosscase.members(p, ids["top"]),
                     lambda p: crosscase.prevalence(p), lambda p: theory.table_rows(p),
                     lambda p: model.spans(p, [s["id"] for s in statements.listing(p)])):
            assert read(view) == read(project) and read(view)
    (note,) = notes.listing(project, "Anne")
    assert (note["source"], note["line"], note["quote"]) == ("Anne-interview", 2, "I trust him completely.")
    (row,) = theory.table_rows(project)
    assert row["quotes"] == ["\u201cI trust him completely.\u201d (Anne, 67)"]
