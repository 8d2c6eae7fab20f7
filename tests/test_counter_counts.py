"""Counts that separate support from counter-instances: prevalence, matrices, co-occurrence,
retrieval and `qodex cases --coded-with` count supporting codings, and show counter-instances
apart; checked against hand counts in SQL on a small made-up study and on the sample study."""

import json
import sqlite3

import analysis_study
import pytest

from qodex.plugins.analysis.cooccurrence import cooccurrence
from qodex.plugins.analysis.matrix import matrix
from qodex.plugins.analysis.prevalence import prevalence
from qodex.project import Project

HAND_COUNT = """
    WITH RECURSIVE tree(top, id) AS (SELECT id, id FROM codes
        UNION SELECT tree.top, codes.id FROM codes JOIN tree ON codes.parent_id = tree.id)
    SELECT tree.top AS code_id,
        count(DISTINCT CASE WHEN g.counter IS NULL THEN g.id END) AS codings,
        count(DISTINCT CASE WHEN g.counter IS NULL THEN cs.case_id END) AS cases,
        count(DISTINCT CASE WHEN g.counter IS NOT NULL THEN g.id END) AS counter
    FROM tree JOIN codings g ON g.code_id = tree.id
    LEFT JOIN case_sources cs ON cs.source_id = g.source_id GROUP BY tree.top"""


def hand_counts(path) -> dict[str, tuple[int, int, int]]:
    with Project.open(path) as project:
        paths = project.codes.paths()
    conn = sqlite3.connect(path)
    return {paths[code_id]: rest for code_id, *rest in conn.execute(HAND_COUNT)
            if rest != [0, 0, 0]}


def counted(path) -> dict[str, tuple[int, int, int]]:
    with Project.open(path) as project:
        return {p.code: [p.codings, p.cases, p.counter] for p in prevalence(project)
                if (p.codings, p.cases, p.counter) != (0, 0, 0)}


@pytest.fixture
def study(tmp_path, host):
    """The two-coder made-up study with three of astrid's codings marked as counter-instances:
    Mads's indifference is a hypothetical, Anne's "You don't change doctor" a denial, Sofie's
    "He knows me" someone else's (third-party)."""
    path = tmp_path / "study.qodex"
    analysis_study.build(path, host)
    with Project.open(path, coder="astrid", host=host) as project:
        for source, phrase, kind in (("Mads.txt", "Whoever is free", "hypothetical"),
                                     ("Anne.txt", "You don't change doctor", "denial"),
                                     ("Sofie.txt", "He knows me", "third-party")):
            text = project.sources.get(source).text
            (coding,) = [c for c in project.codings.list(source=source, coder="astrid")
                         if text[c.start:c.end].startswith(phrase)]
            project.codings.mark(coding, kind)
    return path


def test_prevalence_equals_a_hand_count_without_counter_instances(study):
    found = counted(study)
    assert found == hand_counts(study)
    assert found["Continuity preference/Indifferent to which GP"] == [0, 0, 1]
    assert found["Change of doctor"] == [1, 1, 1]  # bjorn's coding of Anne still supports it


def test_a_case_with_only_counter_instances_is_counted_apart(study):
    with Project.open(study) as project:
        rows = {p.code: p for p in prevalence(project, coders=["astrid"])}
        by_case = matrix(project, "case", coders=["astrid"], aggregate=True)
    known = rows["Personal relationship/Being known"]
    assert (known.cases, known.of, known.counter, known.counter_only) == (1, 4, 1, 1)
    assert by_case.cell("Personal relationship/Being known", "Sofie")[:2] == (0, 0)
    assert by_case.cell("Personal relationship/Being known", "Sofie").counter_only == 1
    assert by_case.cell("Personal relationship/Being known", "Anne").cases == 1


def test_cooccurrence_and_retrieval_leave_counter_instances_out_unless_asked(study, run):
    with Project.open(study) as project:
        pairs = {(p.a, p.b) for p in cooccurrence(project, "turn", coders=["astrid"])}
        counter = {(p.a, p.b) for p in cooccurrence(project, "turn", coders=["astrid"],
                                                    instances="all")}
    pair = ("Attachment theory/Secure base", "Personal relationship/Being known")
    assert pair not in pairs and pair in counter
    rows = json.loads(run("query", "codings", study, "--code", "Continuity preference",
                          "--instances", "counter", "--json").stdout)
    assert [(r["code"], r["counter"]) for r in rows] == [
        ("Continuity preference/Indifferent to which GP", "hypothetical")]


def test_cases_coded_with_counts_a_case_present_only_with_support(study, run):
    def cases(*options):
        result = run("cases", study, "--coded-with", "Continuity preference/Indifferent to which GP",
                     "--json", *options)
        return [r["case"] for r in json.loads(result.stdout)]

    assert cases() == []
    assert cases("--instances", "counter") == cases("--instances", "all") == ["Mads"]


def test_the_prevalence_command_prints_counts_apart(study, run):
    rows = json.loads(run("query", "prevalence", study, "--code", "Personal relationship",
                          "--coder", "astrid", "--json").stdout)
    assert rows == [{"code": "Personal relationship", "codings": 2, "cases": 2, "of": 4,
                     "percent": 50.0, "counter": 1, "counter_only": 1}]


def test_sample_study_prevalence_equals_a_hand_count(sample, host):
    """Whatever the sample marks itself, and with a few more marked here."""
    with Project.open(sample, coder="astrid", host=host) as project:
        for coding in project.codings.list(counter=False)[::17]:
            project.codings.mark(coding, "denial")
    found = counted(sample)
    assert found == hand_counts(sample)
    assert sum(counter for _, _, counter in found.values()) > 0
