"""Code x source, code x case and code x attribute-value matrices: in each cell the number of
codings, of cases, and of characters coded (the summed length of the coded passages)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from qodex.plugins.analysis import scope

MEASURES = ("codings", "cases", "chars")


@dataclass
class Cell:
    codings: int = 0
    chars: int = 0
    case_ids: set[int] = field(default_factory=set)

    @property
    def cases(self) -> int:
        return len(self.case_ids)

    def add(self, other: Cell) -> None:
        self.codings += other.codings
        self.chars += other.chars
        self.case_ids |= other.case_ids


@dataclass
class Matrix:
    """Rows are code paths, columns sources, cases or attribute values; `n` is how many cases
    each column holds."""

    by: str
    rows: list[str]
    columns: list[str]
    cells: dict[tuple[str, str], Cell]
    n: dict[str, int]

    def cell(self, row: str, column: str) -> Cell:
        return self.cells.get((row, column), Cell())

    def long(self) -> list[dict]:
        """One dict per non-empty cell, with every measure."""
        return [{"code": r, self.by: c, "codings": cell.codings, "cases": cell.cases,
                 "chars": cell.chars, "n": self.n.get(c)}
                for r in self.rows for c in self.columns if (cell := self.cell(r, c)).codings]

    def wide(self, measure: str = "codings") -> list[dict]:
        """One dict per code: its path, then the measure in each column."""
        return [{"code": r, **{c: getattr(self.cell(r, c), measure) for c in self.columns}}
                for r in self.rows]


def matrix(project, by: str = "case", codes=(), coders=(), where=None,
           aggregate: bool = False) -> Matrix:
    """Codes (all, or those at `codes`) against `by`: "source", "case" or a case attribute.

    With `aggregate`, a code's row also counts the codings of every code below it."""
    sources = scope.sources_where(project, where or {})
    owners = scope.source_cases(project)
    columns_of, order, n = _columns(project, by, owners)
    base = _aggregate(project, scope.coder_ids(project, coders))
    paths = project.codes.paths()
    by_code: dict[int, dict[str, Cell]] = {}
    for (code_id, source_id), (count, chars) in base.items():
        if sources is not None and source_id not in sources:
            continue
        for column, case_ids in columns_of(source_id).items():
            by_code.setdefault(code_id, {}).setdefault(column, Cell()).add(
                Cell(count, chars, set(case_ids)))
    row_ids = scope.code_ids(project, codes, below=False) if codes else sorted(
        paths, key=lambda i: paths[i].casefold())
    cells: dict[tuple[str, str], Cell] = {}
    for code_id in row_ids:
        members = scope.descendants(project, code_id) if aggregate else [code_id]
        for member in members:
            for column, cell in by_code.get(member, {}).items():
                cells.setdefault((paths[code_id], column), Cell()).add(cell)
    return Matrix(by, [paths[i] for i in row_ids], order, cells, n)


def _aggregate(project, coders) -> dict[tuple[int, int], tuple[int, int]]:
    """(codings, characters) per (code, source): one indexed SQL aggregate."""
    where = f"WHERE coder_id IN ({','.join(map(str, coders))})" if coders else ""
    rows = project.conn.execute(
        f'SELECT code_id, source_id, count(*), sum("end" - start) FROM codings {where}'
        " GROUP BY code_id, source_id")
    return {(code, source): (count, chars) for code, source, count, chars in rows}


def _columns(project, by: str, owners: dict[int, list[int]]):
    """A function from a source id to {column: case ids}, the column order, and cases per column."""
    cases = {c.id: c.name for c in project.cases}
    if by == "source":
        names = dict(project.conn.execute("SELECT id, name FROM sources ORDER BY name"))
        n = {names[s]: len(owners.get(s, [])) for s in names}
        return (lambda s: {names[s]: owners.get(s, [])}), list(names.values()), n
    if by == "case":
        order = sorted(cases.values(), key=str.casefold)
        return (lambda s: {cases[c]: [c] for c in owners.get(s, [])}), order, dict.fromkeys(order, 1)
    values = scope.case_values(project, by)
    order = value_order(values.values())
    n = {v: sum(1 for x in values.values() if x == v) for v in order}

    def columns_of(source_id: int) -> dict[str, list[int]]:
        found: dict[str, list[int]] = {}
        for case_id in owners.get(source_id, []):
            if case_id in values:
                found.setdefault(values[case_id], []).append(case_id)
        return found

    return columns_of, order, n


def value_order(values) -> list[str]:
    """The distinct values, numbers by size ("2" before "10"), then text alphabetically."""
    return sorted(set(values), key=_sort_key)


def _sort_key(value: str):
    number = re.match(r"-?\d+(?:\.\d+)?", value)
    return (0, float(number.group()), value) if number else (1, 0.0, value.casefold())


def cell_passages(project, by: str, code: str, column: str, coders=(), aggregate: bool = False):
    """The passages behind one cell: codings of `code` in the sources of `column`."""
    from qodex.plugins.analysis.codings import select

    columns_of, _, _ = _columns(project, by, scope.source_cases(project))
    sources = {s for (s,) in project.conn.execute("SELECT id FROM sources")
               if column in columns_of(s)}
    return [p for p in select(project, [code], coders=coders, below=aggregate)
            if p.source_id in sources]
