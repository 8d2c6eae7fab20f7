"""Krippendorff's alpha: for coded units (nominal) and for unitized continua (alpha_U).

Pure arithmetic, no project: `agreement` feeds it the coders' codings. Validated against the
worked examples in Krippendorff (2011, "Computing Krippendorff's alpha-reliability") and
Krippendorff (2004, "Content analysis", 2nd ed., pp. 251-256).
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Hashable, Sequence
from itertools import combinations, permutations

Span = tuple[int, int]


def nominal_alpha(units: Sequence[Sequence[Hashable | None]]) -> float | None:
    """Alpha for nominal values: `units` holds one row per unit, one value per coder (None if
    missing). Units with fewer than two values are not pairable and are left out.
    None when there is nothing to compare or only one value was ever used."""
    return counted_alpha(Counter(map(tuple, units)))


def counted_alpha(units: Counter) -> float | None:
    """`nominal_alpha` of units given as how many units have each row of values."""
    pairs: Counter = Counter()  # the coincidence matrix o_ck
    for row, count in units.items():
        values = [v for v in row if v is not None]
        if len(values) < 2:
            continue
        for c, k in permutations(values, 2):
            pairs[c, k] += count / (len(values) - 1)
    totals: Counter = Counter()
    for (c, _), weight in pairs.items():
        totals[c] += weight
    n = sum(totals.values())
    if n <= 1 or len(totals) < 2:
        return None
    observed = sum(w for (c, k), w in pairs.items() if c != k)
    expected = sum(totals[c] * totals[k] for c in totals for k in totals if c != k) / (n - 1)
    return 1 - observed / expected


def unitized_alpha(coders: Sequence[dict[str, list[Span]]], length: int, begin: int = 0):
    """Alpha_U of Krippendorff (2004) over a continuum ``[begin, begin + length)``.

    `coders` holds, per coder, the spans each category was marked on; a coder's spans of one
    category must not overlap. Returns (alpha, {category: (observed, expected, alpha)});
    an alpha is None where no disagreement could be expected.
    """
    categories = sorted({c for coder in coders for c in coder})
    per_category = {}
    for category in categories:
        sections = [_sections(coder.get(category, []), begin, length) for coder in coders]
        observed = _observed(sections, len(coders), length)
        expected = _expected(sections, len(coders), length)
        alpha = None if expected == 0 else 1 - observed / expected
        per_category[category] = (observed, expected, alpha)
    return pooled_alpha(per_category), per_category


def pooled_alpha(per_category: dict) -> float | None:
    """Alpha_U over all categories from each one's (observed, expected, alpha): one minus the
    summed observed over the summed expected disagreement; None if none was expected."""
    total_expected = sum(e for _, e, _ in per_category.values())
    total_observed = sum(o for o, _, _ in per_category.values())
    return None if total_expected == 0 else 1 - total_observed / total_expected


def _sections(spans: list[Span], begin: int, length: int) -> list[tuple[int, int, bool]]:
    """A coder's continuum cut into (start, length, is_unit) sections: units and the gaps."""
    found, at = [], begin
    for start, end in sorted(spans):
        if start < at:
            raise ValueError(f"spans of one coder and category overlap at {start}")
        if start > at:
            found.append((at, start - at, False))
        found.append((start, end - start, True))
        at = end
    if at < begin + length:
        found.append((at, begin + length - at, False))
    return found


def _distance(a: tuple[int, int, bool], b: tuple[int, int, bool]) -> int:
    """Squared distance of two sections of different coders (Krippendorff 2004, p. 252)."""
    (b1, len1, unit1), (b2, len2, unit2) = a, b
    if unit1 and unit2 and -len1 < b1 - b2 < len2:
        return (b1 - b2) ** 2 + (b1 + len1 - b2 - len2) ** 2
    if unit1 and not unit2 and 0 <= b1 - b2 <= len2 - len1:
        return len1 ** 2
    if unit2 and not unit1 and 0 <= b2 - b1 <= len1 - len2:
        return len2 ** 2
    return 0


def _observed(sections, m: int, length: int) -> float:
    """Observed disagreement: over ordered pairs of coders, twice the sum over unordered ones
    (the distance is symmetric)."""
    total = 2 * sum(_distance(a, b) for i, j in combinations(range(m), 2)
                    for a, b in _intersecting(sections[i], sections[j]))
    return total / (m * (m - 1) * length ** 2)


def _intersecting(xs, ys):
    """Pairs of sections of two partitions of one continuum that share a point (only such
    pairs can have a distance above 0), in one pass over both."""
    j = 0
    for x in xs:
        while j < len(ys) and ys[j][0] + ys[j][1] <= x[0]:
            j += 1
        k = j
        while k < len(ys) and ys[k][0] < x[0] + x[1]:
            yield x, ys[k]
            k += 1


def _expected(sections, m: int, length: int) -> float:
    units = [size for coder in sections for _, size, unit in coder if unit]
    gaps = sorted(size for coder in sections for _, size, unit in coder if not unit)
    n_units, room = len(units), _room(gaps)
    numerator = sum((n_units - 1) / 3 * (2 * u ** 3 - 3 * u ** 2 + u)
                    + u ** 2 * room(u) for u in units)
    denominator = m * length * (m * length - 1) - sum(u * (u - 1) for u in units)
    return 2 / length * numerator / denominator if denominator else 0.0


def _room(gaps: list[int]):
    """For the sorted `gaps`: the places a unit of a size fits in them, the sum of
    ``gap - size + 1`` over the gaps at least that long, by bisection into suffix sums."""
    suffix = [0] * (len(gaps) + 1)
    for i in range(len(gaps) - 1, -1, -1):
        suffix[i] = suffix[i + 1] + gaps[i]

    def fits(size: int) -> int:
        at = bisect_left(gaps, size)
        return suffix[at] - (len(gaps) - at) * (size - 1)
    return fits
