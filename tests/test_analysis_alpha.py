"""Krippendorff's alpha and Cohen's kappa against published worked examples and the
`krippendorff` package."""

import random

import pytest

from qodex.plugins.analysis.agreement import kappa
from qodex.plugins.analysis.alpha import nominal_alpha, unitized_alpha

# Krippendorff (2004), Content Analysis, 2nd ed., p. 254: two coders on a continuum 150..450.
CODER_I = {"c": [(225, 295), (370, 400)], "k": [(180, 240), (300, 350)]}
CODER_J = {"c": [(220, 300), (355, 375), (400, 420)], "k": [(180, 240), (300, 350)]}

# Krippendorff (2011), "Computing Krippendorff's alpha-reliability": 4 observers, 12 units.
RELIABILITY = [[1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
               [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
               [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
               [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None]]


def stretched(spans, factor):
    return [(a * factor, b * factor) for a, b in spans]


def test_unitized_alpha_reproduces_krippendorff_2004():
    overall, per = unitized_alpha([CODER_I, CODER_J], length=300, begin=150)
    observed, expected, alpha = per["c"]
    assert observed == pytest.approx(0.0144, abs=1e-4)
    assert expected == pytest.approx(0.0532, abs=1e-4)
    assert alpha == pytest.approx(0.7286, abs=1e-4)
    assert per["k"][0] == 0 and per["k"][1] == pytest.approx(0.0490, abs=1e-4) and per["k"][2] == 1
    assert overall == pytest.approx(0.8591, abs=5e-4)


def test_unitized_alpha_reproduces_krippendorff_1995_observed_and_expected():
    # Krippendorff (1995), Sociological Methodology 25, p. 57: pairs of coders A-D on 24 units
    a = [{"A": [(2, 10), (14, 20)]}, {"A": [(4, 8), (15, 17)]}]
    b = [{"B": [(0, 18)]}, {"B": [(0, 2), (2, 3), (3, 4), (4, 5), (5, 6), (6, 9), (9, 10)]}]
    c = [{"C": [(2, 8), (10, 12), (14, 18), (20, 22)]},
         {"C": [(0, 2), (4, 8), (10, 14), (16, 18), (20, 22)]}]
    observed = {k: unitized_alpha(pair, 24)[1][k][0] for k, pair in zip("ABC", (a, b, c), strict=True)}
    assert observed == pytest.approx({"A": 0.03125, "B": 2.26736, "C": 0.02777}, abs=1e-5)
    big = [{"A": stretched(coder["A"], 50_000)} for coder in a]
    _, per = unitized_alpha(big, 24 * 50_000)
    assert per["A"][1] == pytest.approx(0.06990, abs=5e-3)
    assert per["A"][2] == pytest.approx(0.553, abs=0.02)


def test_unitized_alpha_refuses_overlapping_spans_of_one_coder():
    with pytest.raises(ValueError):
        unitized_alpha([{"c": [(0, 5), (3, 8)]}, {"c": [(0, 5)]}], 10)


def test_nominal_alpha_reproduces_krippendorff_2011():
    assert nominal_alpha(list(zip(*RELIABILITY, strict=True))) == pytest.approx(0.743, abs=5e-4)
    binary = list(zip([0, 1, 0, 0, 0, 0, 0, 0, 1, 0], [1, 1, 1, 0, 0, 1, 0, 0, 0, 0], strict=True))
    assert nominal_alpha(binary) == pytest.approx(0.095, abs=5e-4)


def test_nominal_alpha_is_none_without_variation():
    assert nominal_alpha([(1, 1), (1, 1)]) is None
    assert nominal_alpha([(1, None)]) is None


def test_nominal_alpha_matches_the_krippendorff_package():
    krippendorff = pytest.importorskip("krippendorff")
    np = pytest.importorskip("numpy")
    rng = random.Random(7)
    for _ in range(20):
        coders, units = rng.randint(2, 4), rng.randint(5, 40)
        data = [[rng.choice([None, 0, 1, 2, 2, 3]) for _ in range(units)] for _ in range(coders)]
        ours = nominal_alpha(list(zip(*data, strict=True)))
        if ours is None:
            continue
        matrix = np.array([[np.nan if v is None else v for v in row] for row in data], dtype=float)
        theirs = krippendorff.alpha(reliability_data=matrix, level_of_measurement="nominal")
        assert ours == pytest.approx(theirs, abs=1e-9)


def test_character_level_kappa_reproduces_krippendorff_1995():
    # Bertha and Bill (A) and Gerret and Gill (C), digitized per character: kappa .385 and .314
    assert kappa(24, a=14, b=6, both=6) == pytest.approx(0.385, abs=1e-3)
    assert kappa(24, a=14, b=14, both=10) == pytest.approx(0.314, abs=1e-3)


def test_kappa_as_nvivo_reports_complete_and_one_sided_coding():
    assert kappa(1000, 0, 0, 0) == 1.0  # neither coded: complete agreement
    assert kappa(1000, 200, 200, 200) == 1.0
    assert kappa(1000, 16, 0, 0) == 0.0  # one coder coded, the other nothing
