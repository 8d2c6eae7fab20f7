"""Code x source, code x case and code x attribute-value matrices: in each cell the number of
supporting codings, of cases holding one (a case is present for a code only with a supporting
coding), of characters they cover, and apart from these the counter-instances and the cases that
hold counter-instances only."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from qodex.plugins.analysis import scope

MEASURES = ("codings", "cases", "chars", "counter", "counter_only")


class Cell(NamedTuple):
    """One cell: supporting codings, the cases behind them and the characters they cover; the
    counter-instances, and the cases with counter-instances and no supporting coding."""

    codings: int = 0
    cases: int = 0
    chars: int = 0
    counter: int = 0
    counter_only: int = 0


@dataclass
class Matrix:
    """Rows are code paths, columns sources, cases or attribute values; `cells` holds the
    non-empty cells' measures as plain tuples in `Cell` order; `n` is how many cases each column
    holds."""

    by: str
    rows: list[str]
    columns: list[str]
    cells: dict[tuple[str, str], tuple[int, int, int, int, int]]
    n: dict[str, int]

    def cell(self, row: str, column: str) -> Cell:
        return Cell(*self.cells.get((row, column), ()))

    def long(self) -> list[tuple]:
        """One tuple per non-empty cell, row by row: the values of `long_columns` (the code, the
        column, every measure and the column's `n`)."""
        cells, n = self.cells, self.n
        return [(r, c, *cells[r, c], n.get(c)) for r in self.rows for c in self.columns
                if (r, c) in cells]

    @property
    def long_columns(self) -> list[str]:
        return ["code", self.by, *MEASURES, "n"]

    def wide(self, measure: str = "codings") -> list[dict]:
        """One dict per code: its path, then the measure in each column."""
        index, empty = Cell._fields.index(measure), Cell()
        return [{"code": r, **{c: self.cells.get((r, c), empty)[index] for c in self.columns}}
                for r in self.rows]


def matrix(project, by: str = "case", codes=(), coders=(), where=None,
           aggregate: bool = False, chars: bool = True) -> Matrix:
    """Codes (all, or those at `codes`) against `by`: "source", "case" or a case attribute.

    With `aggregate`, a code's row also counts the codings of every code below it. One SQL
    aggregate counts the codings (`project.measures.code_source_counts`)."""
    paths = project.codes.paths()
    row_ids = scope.code_ids(project, codes, below=False) if codes else sorted(
        paths, key=lambda i: paths[i].casefold())
    counts = project.measures.code_source_counts(scope.coder_ids(project, coders),
                                                 scope.sources_where(project, where or {}), chars)
    columns_of, order, n = _columns(project, by, scope.source_cases(project))
    if by == "source" and not aggregate:  # each (code, source) count is a cell of its own
        keep = set(row_ids)
        cells = {(paths[c], column): (k, len(case_ids) if k else 0, length, counter,
                                      0 if k else len(case_ids))
                 for c, s, k, length, counter in counts if c in keep
                 for column, case_ids in columns_of[s]}
    else:
        merged = _merge(counts, _rows_of(project, row_ids, aggregate), columns_of)
        cells = {(paths[r], column): (k, len(present), length, counter, len(countered - present))
                 for (r, column), (k, length, present, counter, countered) in merged.items()}
    return Matrix(by, [paths[i] for i in row_ids], order, cells, n)


def _rows_of(project, row_ids, aggregate: bool) -> dict[int, list[int]]:
    """The rows each code counts in: its own, and with `aggregate` those of the codes above it."""
    found: dict[int, list[int]] = {}
    for row in row_ids:
        for member in scope.descendants(project, row) if aggregate else [row]:
            found.setdefault(member, []).append(row)
    return found


def _merge(counts, rows_of, columns_of) -> dict[tuple[int, str], list]:
    """{(row, column): [codings, characters, case ids, counter-instances, their case ids]} summed
    over the (code, source) counts."""
    none = frozenset()
    cells: dict[tuple[int, str], list] = {}
    for code_id, source_id, count, length, counter in counts:
        for row in rows_of.get(code_id, ()):
            for column, case_ids in columns_of.get(source_id, ()):
                cell = cells.setdefault((row, column), [0, 0, none, 0, none])
                cell[0] += count
                cell[1] += length
                cell[2] = cell[2] | case_ids if count else cell[2]
                cell[3] += counter
                cell[4] = cell[4] | case_ids if counter else cell[4]
    return cells


def _columns(project, by: str, owners: dict[int, list[int]]):
    """{source id: [(column, case ids)]}, the column order, and the cases in each column."""
    names = project.overview.source_names()
    cases = {c.id: c.name for c in project.cases}
    if by == "source":
        order = sorted(names.values(), key=str.casefold)
        n = {names[s]: len(owners.get(s, [])) for s in names}
        return {s: [(names[s], frozenset(owners.get(s, ())))] for s in names}, order, n
    if by == "case":
        order = sorted(cases.values(), key=str.casefold)
        return ({s: [(cases[c], frozenset([c])) for c in owners.get(s, [])] for s in names}, order,
                dict.fromkeys(order, 1))
    values = scope.case_values(project, by)
    order = value_order(values.values())
    n = {v: sum(1 for x in values.values() if x == v) for v in order}
    columns: dict[int, list] = {}
    for source_id in names:
        found: dict[str, list[int]] = {}
        for case_id in owners.get(source_id, []):
            if case_id in values:
                found.setdefault(values[case_id], []).append(case_id)
        columns[source_id] = [(value, frozenset(ids)) for value, ids in found.items()]
    return columns, order, n


def value_order(values) -> list[str]:
    """The distinct values, numbers by size ("2" before "10"), then text alphabetically."""
    return sorted(set(values), key=_sort_key)


def _sort_key(value: str):
    number = re.match(r"-?\d+(?:\.\d+)?", value)
    return (0, float(number.group()), value) if number else (1, 0.0, value.casefold())


def cell_passages(project, by: str, code: str, column: str, coders=(), aggregate: bool = False,
                  instances: str = "support"):
    """The passages behind one cell: codings of `code` in the sources of `column` (supporting
    ones, counter-instances or all, see `scope.instances`)."""
    from qodex.plugins.analysis.codings import select

    columns_of, _, _ = _columns(project, by, scope.source_cases(project))
    sources = {s for s, found in columns_of.items() if column in dict(found)}
    return [p for p in select(project, [code], coders=coders, below=aggregate, instances=instances)
            if p.source_id in sources]
