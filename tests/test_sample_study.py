"""The sample study imports whole and reproduces the published design's counts and findings."""

import json
import re
from collections import Counter

import pytest
from conftest import SAMPLE_STUDY, copy_sample

from qodex.project import Project

# Participant characteristics, total and (Practice 1, Practice 2); age split as documented.
TABLE = {
    ("sex", "male"): (10, 4, 6), ("sex", "female"): (12, 6, 6),
    ("age_band", "18-35"): (6, 2, 4), ("age_band", "36-54"): (8, 4, 4), ("age_band", "55-82"): (8, 4, 4),
    ("consulted_gp", "regular"): (12, 5, 7), ("consulted_gp", "unfamiliar"): (10, 5, 5),
    ("reason", "acute"): (11, 6, 5), ("reason", "non-acute"): (11, 4, 7),
}


@pytest.fixture(scope="module")
def study(sample_study_file, tmp_path_factory):
    project = Project.open(copy_sample(sample_study_file, tmp_path_factory.mktemp("study")))
    yield project
    project.close()


def test_22_sources_each_linked_to_one_of_22_cases(study):
    assert study.sources.count() == 22
    rows = study.cases.overview()
    assert len(rows) == 22
    assert all(row["sources"] and "," not in row["sources"] for row in rows)


def test_attribute_counts_reproduce_the_participant_table(study):
    rows = study.cases.overview()
    for (attribute, value), (total, first, second) in TABLE.items():
        by_practice = Counter(str(r["practice"]) for r in rows if r[attribute] == value)
        assert (sum(by_practice.values()), by_practice["1"], by_practice["2"]) == (total, first, second), (
            attribute, value)
    assert Counter(r["seriousness"] for r in rows) == {"incurable": 4, "chronic": 7, "less serious": 11}


def test_20_of_22_prefer_a_regular_gp_by_a_query_over_codes_and_cases(study, run):
    prefer = study.cases.coded_with("Continuity preference/Prefers a regular GP", coder="astrid")
    indifferent = study.cases.coded_with("Continuity preference/Indifferent to which GP", coder="astrid")
    assert len(prefer) == 20
    assert sorted(c.name for c in indifferent) == ["Cecilie", "Mads"]
    listed = run("cases", study.path, "--coded-with", "Continuity preference/Prefers a regular GP",
                 "--by-coder", "astrid", "--json")
    assert len(json.loads(listed.stdout)) == 20


def test_two_coders_with_the_second_on_six_interviews(study):
    rows = study.rows("SELECT k.name, count(*) AS n, count(DISTINCT c.source_id) AS sources"
                      " FROM codings c JOIN coders k ON k.id = c.coder_id GROUP BY k.name")
    by_coder = {r["name"]: r for r in rows}
    assert by_coder["astrid"]["sources"] == 22
    assert by_coder["bjorn"]["sources"] == 6


CASES_WITH = """WITH RECURSIVE tree(id) AS (SELECT id FROM codes WHERE name = ? AND parent_id IS NULL
    UNION SELECT codes.id FROM codes JOIN tree ON codes.parent_id = tree.id)
    SELECT DISTINCT k.name FROM codings c JOIN coders d ON d.id = c.coder_id
    JOIN case_sources cs ON cs.source_id = c.source_id JOIN cases k ON k.id = cs.case_id
    WHERE d.name = 'astrid' AND c.code_id IN (SELECT id FROM tree) {support}"""


def cases_with(study, top: str, support_only: bool) -> set[str]:
    sql = CASES_WITH.format(support="AND c.counter IS NULL" if support_only else "")
    return {r["name"] for r in study.rows(sql, (top,))}


def test_counter_instances_keep_the_themes_from_everyone(study):
    """Without denials, hypotheticals and third parties, the themes are not found in all 22."""
    kinds = Counter(r["counter"] for r in study.rows("SELECT counter FROM codings WHERE counter IS NOT NULL"))
    assert set(kinds) == {"denial", "hypothetical", "third-party"}
    assert len(cases_with(study, "Personal relationship", False)) == 22
    assert cases_with(study, "Personal relationship", True) == (
        cases_with(study, "Personal relationship", False) - {"Mads", "Cecilie"})
    change = cases_with(study, "Change of doctor", True)
    assert len(cases_with(study, "Change of doctor", False)) == 22 and len(change) < 20
    tolerated = study.cases.coded_with("Change of doctor/Poor relationship tolerated", coder="astrid")
    assert 3 <= len(tolerated) <= 11  # several, not everyone: a mother's and a neighbour's GP do not count


def test_the_two_exceptions_are_a_young_woman_and_a_young_man_who_imagine_wanting_a_gp(study):
    rows = {r["case"]: r for r in study.cases.overview()}
    exceptions = study.cases.coded_with("Continuity preference/Indifferent to which GP", coder="astrid")
    assert sorted(rows[c.name]["sex"] for c in exceptions) == ["female", "male"]
    assert all(rows[c.name]["age"] < 30 for c in exceptions)
    paths = study.codes.paths()
    for case in exceptions:
        (source,) = study.cases.sources(case)
        imagined = [study.codings.quote(c) for c in study.codings.list(source=source.name, coder="astrid")
                    if c.counter == "hypothetical"
                    and paths[c.code_id].startswith(("Continuity", "Attachment"))]
        assert any("baby" in q for q in imagined) and any("cancer" in q for q in imagined), case.name


def test_the_relationship_is_professional_not_a_friendship_in_participants_words(study):
    by_source: dict[int, str] = {}
    for c in study.codings.list(code="Personal relationship/Professional, not friendship", coder="astrid"):
        by_source[c.source_id] = by_source.get(c.source_id, "") + study.codings.quote(c)
    assert len(by_source) >= 5 and all("friend" in quotes for quotes in by_source.values())


def test_one_participant_changed_gp_after_years_and_a_humiliating_consultation(study):
    (kirsten,) = study.cases.coded_with("Change of doctor/Changed GP", coder="astrid")
    (source,) = study.cases.sources(kirsten)
    assert "Nineteen years I was with Dr Holm" in source.text and "Humiliating." in source.text


def test_interview_lengths_vary_like_real_ones(study):
    words = sorted(len(s.text.split()) for s in study.sources)
    assert words[0] >= 1500 and words[-1] > 2 * words[0] and words[-1] <= 7000


def test_the_guide_has_the_five_topics_and_no_question_that_names_a_finding():
    guide = (SAMPLE_STUDY / "interview_guide.md").read_text(encoding="utf-8")
    topics = re.findall(r"^## \d\. (.+)$", guide, flags=re.M)
    assert topics == ["Personal information", "The observed consultation",
                      "Experience with this GP and GPs in general",
                      "The importance of relational continuity",
                      "Comparison with the health system in general"]
    questions = " ".join(re.findall(r"^- (.+)$", guide, flags=re.M)).lower()
    themes = r"\b(know|knows|chang\w*|friend\w*|worr\w*|ill|serious\w*|leave|left|retir\w*|trust)\b"
    assert not re.search(themes, questions)


def test_the_readme_states_the_agreement_the_query_gives(study, run):
    pooled = json.loads(run("query", "agreement", study.path, "--json").stdout)[-1]
    readme = " ".join((SAMPLE_STUDY / "README.md").read_text(encoding="utf-8").split())
    assert pooled["code"] == "(all codes, pooled)"
    assert (f"agree on {pooled['agreement']:.1f} % of turns, Cohen's kappa is {pooled['kappa']:.2f} "
            f"(95 % CI {pooled['ci_low']:.2f}-{pooled['ci_high']:.2f})") in readme
    assert f"alpha_U, which compares the exact characters coded, is {pooled['alpha_u']:.2f}" in readme
