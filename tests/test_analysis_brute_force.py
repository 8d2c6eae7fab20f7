"""Co-occurrence and matrices on random codings by two coders, some of them counter-instances,
agree with counting every pair and every coding one by one."""

import random
from collections import Counter
from itertools import combinations

import pytest

from qodex.bundle import SegmentData
from qodex.plugins.analysis.cooccurrence import cooccurrence
from qodex.plugins.analysis.matrix import matrix
from qodex.project import Project

LENGTH = 600


@pytest.fixture
def random_study(tmp_path, host):
    rng = random.Random(7)
    with Project.create(tmp_path / "random.qodex", coder="astrid", host=host) as project:
        codes = [project.codes.ensure(f"Top {i % 2}/Code {i}").id for i in range(6)]
        project.attributes.define("group", "category")
        for name in ("Ann", "Bo", "Cy"):
            project.cases.add(name)
            project.cases.set_values(name, {"group": "a" if name != "Cy" else "b"})
        for i in range(4):
            cuts = sorted(rng.sample(range(1, LENGTH), 6))
            turns = [SegmentData("turn", a, b, "S") for a, b in zip([0, *cuts], [*cuts, LENGTH],
                                                                     strict=True)][1:]
            source = project.sources.add(f"S{i}", "x" * LENGTH, segments=turns)
            for name in (["Ann", "Bo"] if i == 0 else [("Ann", "Bo", "Cy")[i - 1]]):
                project.cases.link(name, source)
        project.codings.add_many(_rows(rng, codes, project.coders.ensure("bjorn").id))
        yield project


def _rows(rng, codes, other):
    for _ in range(300):
        start = rng.randrange(LENGTH - 60)
        source_id = rng.randint(1, 4)
        yield (source_id, rng.choice(codes), start, start + rng.randint(1, 60), None,
               rng.choice([None, other]), None, None, rng.choice([None, None, None, "denial"]))


def _codings(project, which="counter IS NULL"):
    return project.rows('SELECT id, source_id, code_id, start, "end", coder_id, counter FROM codings'
                        f" WHERE {which}")


def _expected(project, meets) -> Counter:
    paths = project.codes.paths()
    found = Counter()
    for x, y in combinations(_codings(project), 2):
        if (x["source_id"] == y["source_id"] and x["code_id"] != y["code_id"]
                and x["coder_id"] == y["coder_id"] and meets(x, y)):
            found[tuple(sorted((paths[x["code_id"]], paths[y["code_id"]])))] += 1
    return found


def _touches(project):
    turns = project.rows("SELECT source_id, start, \"end\" FROM segments WHERE kind = 'turn'")

    def touched(c):
        return {(t["source_id"], t["start"]) for t in turns if t["source_id"] == c["source_id"]
                and t["start"] < c["end"] and c["start"] < t["end"]}
    return lambda x, y: bool(touched(x) & touched(y))


@pytest.mark.parametrize("mode", ["overlap", "near", "turn"])
def test_cooccurrence_counts_every_pair_once(random_study, mode):
    meets = {"overlap": lambda x, y: x["start"] < y["end"] and y["start"] < x["end"],
             "near": lambda x, y: max(x["start"], y["start"]) - min(x["end"], y["end"]) <= 25,
             "turn": _touches(random_study)}[mode]
    pairs = cooccurrence(random_study, mode, 25, occurrences=True)
    assert {(p.a, p.b): p.count for p in pairs} == _expected(random_study, meets)
    assert len(pairs) == 15 and sum(p.count for p in pairs) > 100
    assert all(len(set(p.occurrences)) == p.count for p in pairs)


@pytest.mark.parametrize("by", ["source", "case", "group"])
@pytest.mark.parametrize("aggregate", [False, True])
def test_matrix_cells_sum_the_codings_in_them(random_study, by, aggregate):
    owners = {}
    for r in random_study.rows("SELECT s.case_id, s.source_id, c.name, v.value FROM case_sources s"
                               " JOIN cases c ON c.id = s.case_id JOIN case_values v"
                               " ON v.case_id = s.case_id"):
        owners.setdefault(r["source_id"], []).append(r)
    names = dict(random_study.conn.execute("SELECT id, name FROM sources"))
    paths = random_study.codes.paths()
    expected: dict = {}
    for c in _codings(random_study, "1"):
        rows = [p for p in paths.values() if p == paths[c["code_id"]]
                or aggregate and paths[c["code_id"]].startswith(p + "/")]
        columns = {names[c["source_id"]]: set()} if by == "source" else {}
        for o in owners.get(c["source_id"], []):
            columns.setdefault(names[c["source_id"]] if by == "source" else o["name"] if by == "case"
                               else o["value"], set()).add(o["case_id"])
        for row in rows:
            for column, cases in columns.items():
                cell = expected.setdefault((row, column), [0, 0, set(), 0, set()])
                if c["counter"] is None:
                    cell[0], cell[1] = cell[0] + 1, cell[1] + c["end"] - c["start"]
                    cell[2] |= cases
                else:
                    cell[3] += 1
                    cell[4] |= cases
    found = matrix(random_study, by, aggregate=aggregate)
    assert found.cells == {key: (n, len(cases), chars, m, len(countered - cases))
                           for key, (n, chars, cases, m, countered) in expected.items()}
    assert sum(cell[3] for cell in found.cells.values()) > 0
