"""The sample study imports whole and reproduces the published design's counts and findings."""

import json
from collections import Counter

import pytest
from conftest import copy_sample

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
    assert sorted(c.name for c in indifferent) == ["Julie", "Mads"]
    listed = run("cases", study.path, "--coded-with", "Continuity preference/Prefers a regular GP",
                 "--coder", "astrid", "--json")
    assert len(json.loads(listed.stdout)) == 20


def test_two_coders_with_the_second_on_six_interviews(study):
    rows = study.rows("SELECT k.name, count(*) AS n, count(DISTINCT c.source_id) AS sources"
                      " FROM codings c JOIN coders k ON k.id = c.coder_id GROUP BY k.name")
    by_coder = {r["name"]: r for r in rows}
    assert by_coder["astrid"]["sources"] == 22
    assert by_coder["bjorn"]["sources"] == 6
