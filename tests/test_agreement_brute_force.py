"""Agreement on random codings by three coders, some of them counter-instances, equals counting
character by character and unit by unit: the per-source comparison, kappa and alpha per pair and
code, alpha_U's expected disagreement, and the disagreeing stretches."""

import random
from collections import Counter
from itertools import combinations, product

import pytest

from qodex.bundle import SegmentData
from qodex.plugins.analysis import alpha
from qodex.plugins.analysis.agreement import POOLED, Coding, compare, disagreements, kappa, summary
from qodex.project import Project

CODERS, CODES = ("astrid", "bjorn", "carl"), ("A", "B", "C")


@pytest.fixture(params=[3, 11])
def random_study(tmp_path, host, request):
    """Five sources, three with turns; carl never codes the first source."""
    rng = random.Random(request.param)
    with Project.create(tmp_path / "random.qodex", coder="astrid", host=host) as project:
        codes = [project.codes.ensure(name).id for name in CODES]
        coders = [project.coders.ensure(name).id for name in CODERS]
        sources = []
        for i in range(5):
            length = rng.randint(150, 400)
            cuts = sorted(rng.sample(range(1, length), 5))
            turns = [SegmentData("turn", a, b, "S")
                     for a, b in zip([0, *cuts], [*cuts, length], strict=True)] if i % 2 else []
            sources.append(project.sources.add(f"S{i}", "x" * length, segments=turns))
        rows = []
        for _ in range(200):
            source, coder = rng.choice(sources), rng.choice(coders)
            if not (source is sources[0] and coder == coders[2]):
                start = rng.randrange(len(source.text) - 5)
                rows.append((source.id, rng.choice(codes), start,
                             min(len(source.text), start + rng.randint(1, 70)), None, coder, None,
                             None, rng.choice([None, None, None, "denial"])))
        project.codings.add_many(rows)
        yield project


def _marks(project) -> dict:
    """Per source: its length, turns and, per (coder, code), the set of characters coded."""
    rows = project.rows('SELECT s.name, s.text, k.name AS coder, c.name AS code, g.start, g."end"'
                        " FROM codings g JOIN sources s ON s.id = g.source_id JOIN coders k"
                        " ON k.id = g.coder_id JOIN codes c ON c.id = g.code_id"
                        " WHERE g.counter IS NULL")
    found = {}
    for row in rows:
        marks = found.setdefault(row["name"], {"length": len(row["text"]), "coded": {}})
        marks["coded"].setdefault(row["coder"], {}).setdefault(row["code"], set()).update(
            range(row["start"], row["end"]))
    for name, marks in found.items():
        turns = project.rows('SELECT g.start, g."end" FROM segments g JOIN sources s ON s.id = g.source_id'
                             " WHERE s.name = ? AND g.kind = 'turn' ORDER BY g.start", [name])
        marks["units"] = [range(t["start"], t["end"]) for t in turns] or [range(marks["length"])]
    return found


def _chars(marks, coder, code) -> set:
    return marks["coded"].get(coder, {}).get(code, set())


def test_comparison_counts_every_character(random_study):
    found = {(c.coder_a, c.coder_b, c.code, c.source): (c.length, c.a, c.b, c.both)
             for c in compare(Coding(random_study))}
    expected = {}
    for name, marks in _marks(random_study).items():
        for (a, b), code in product(combinations(CODERS, 2), CODES):
            x, y = _chars(marks, a, code), _chars(marks, b, code)
            if a in marks["coded"] and b in marks["coded"] and (x or y):
                expected[a, b, code, name] = (marks["length"], len(x), len(y), len(x & y))
    assert found == expected


def _nominal_alpha(units) -> float | None:
    """Krippendorff's alpha by its definition: disagreeing pairs within units over those expected
    from all pairable values."""
    pairable = [[v for v in unit if v is not None] for unit in units]
    pairable = [values for values in pairable if len(values) > 1]
    counts = Counter(v for values in pairable for v in values)
    n = sum(counts.values())
    expected = sum(counts[c] * counts[k] for c in counts for k in counts if c != k) / (n * (n - 1))
    if not expected:
        return None
    observed = sum(sum(x != y for x, y in combinations(values, 2)) * 2 / (len(values) - 1)
                   for values in pairable) / n
    return 1 - observed / expected


def _close(value, expected) -> bool:
    return value is None and expected is None or abs(value - expected) < 1e-4


def test_kappa_and_alpha_per_pair_and_code_count_every_unit(random_study):
    marks = _marks(random_study)
    rows = {(r["coders"], r["code"]): r for r in summary(Coding(random_study))}
    for pair in combinations(CODERS, 2):
        shared = [m for m in marks.values() if all(c in m["coded"] for c in pair)]
        pooled = []
        for code in CODES:
            units = [[int(bool(_chars(m, c, code) & set(unit))) for c in pair]
                     for m in shared for unit in m["units"]]
            row = rows.get((" & ".join(pair), code))
            if row is None:
                assert not any(sum(u) for u in units)
                continue
            pooled += units
            a, b = (sum(u[i] for u in units) for i in (0, 1))
            both = sum(u[0] and u[1] for u in units)
            assert row["units"] == len(units)
            assert _close(row["kappa"], kappa(len(units), a, b, both))
            assert _close(row["alpha_segments"], _nominal_alpha(units))
        assert _close(rows[" & ".join(pair), POOLED]["alpha_segments"], _nominal_alpha(pooled))


def test_pooled_rows_and_alpha_for_all_coders_count_every_unit(random_study):
    marks = _marks(random_study)
    rows = {(r["coders"], r["code"]): r for r in summary(Coding(random_study))}
    for pair in combinations(CODERS, 2):
        units = [[int(bool(_chars(m, c, code) & set(unit))) for c in pair] for code in CODES
                 if (" & ".join(pair), code) in rows
                 for m in marks.values() if all(c in m["coded"] for c in pair) for unit in m["units"]]
        a, b = (sum(u[i] for u in units) for i in (0, 1))
        both = sum(u[0] and u[1] for u in units)
        row = rows[" & ".join(pair), POOLED]
        assert (row["units"], row["prevalence"]) == (len(units), round(100 * (a + b) / (2 * len(units)), 2))
        assert _close(row["kappa"], kappa(len(units), a, b, both))
    shared = [m for m in marks.values() if len(m["coded"]) > 1]
    pooled = []
    for code in CODES:
        units = [[int(bool(_chars(m, c, code) & set(unit))) if c in m["coded"] else None
                  for c in CODERS] for m in shared for unit in m["units"]]
        row = rows.get(("(all coders)", code))
        if row is None:
            assert not any(_chars(m, c, code) for m in shared for c in CODERS)
            continue
        pooled += units
        assert row["units"] == len(units)
        assert _close(row["alpha_segments"], _nominal_alpha(units))
    assert _close(rows["(all coders)", POOLED]["alpha_segments"], _nominal_alpha(pooled))


def test_alpha_u_expected_disagreement_sums_every_unit_and_gap():
    rng = random.Random(5)
    for _ in range(50):
        sections = [alpha._sections(_disjoint(rng), 0, 300) for _ in range(rng.randint(2, 4))]
        units = [size for coder in sections for _, size, unit in coder if unit]
        gaps = [size for coder in sections for _, size, unit in coder if not unit]
        m = len(sections)
        numerator = sum((len(units) - 1) / 3 * (2 * u ** 3 - 3 * u ** 2 + u)
                        + u ** 2 * sum(g - u + 1 for g in gaps if g >= u) for u in units)
        denominator = m * 300 * (m * 300 - 1) - sum(u * (u - 1) for u in units)
        assert alpha._expected(sections, m, 300) == pytest.approx(2 / 300 * numerator / denominator)


def _disjoint(rng) -> list[tuple[int, int]]:
    cuts = sorted(rng.sample(range(300), 2 * rng.randint(0, 8)))
    return list(zip(cuts[::2], cuts[1::2], strict=True))


def test_disagreements_are_the_characters_some_coders_coded(random_study):
    found = set()
    for item in disagreements(Coding(random_study)):
        found |= {(item["source"], item["code"], item["coded_by"], i)
                  for i in range(item["start"], item["end"])}
    expected = set()
    for name, marks in _marks(random_study).items():
        coders = [c for c in CODERS if c in marks["coded"]]
        for code, i in product(CODES, range(marks["length"])):
            who = [c for c in coders if i in _chars(marks, c, code)]
            if len(coders) > 1 and who and len(who) < len(coders):
                expected.add((name, code, ", ".join(who), i))
    assert found == expected
