"""What the analyst built, as the report shows it: the IPA themes when the project has them
(master → group → personal themes → statements → passages), else the code tree; and the case ×
theme matrix with presence, absence and divergence.

The IPA structure is read only through the IPA plugin's public functions:
`crosscase.tree`, `crosscase.members`, `crosscase.statement_ids`, `model.spans`, `model.cite`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from qodex.escape import markdown
from qodex.plugins.reports.markdown import Notes, table
from qodex.plugins.reports.sections import DEPTH, Study

PRESENT, ABSENT, DIVERGENT = "✓", "–", "≠"
WIDE = 30  # with more cases than this, the matrix has a row per case


@dataclass
class Theme:
    """A theme as the report shows it: its name, depth, and per case present/absent/divergent
    with the number of supporting codings or personal themes."""

    name: str
    depth: int
    code: str | None = None
    ipa_id: int | None = None
    cells: dict[int, str] = field(default_factory=dict)
    weight: dict[int, int] = field(default_factory=dict)


def ipa_groups(project) -> list[tuple[dict, int]]:
    """The project's IPA group themes with their depth (none without the IPA plugin)."""
    from qodex.errors import QodexError
    from qodex.plugins.ipa import crosscase

    try:
        return crosscase.tree(project)
    except QodexError:  # the IPA plugin's tables are not in this project
        return []


def themes(study: Study, chosen: list[str], frame_root: str) -> list[Theme]:
    """The IPA group themes if any, else the codes named in the study file, else the top-level
    codes (the theory frame's root left out), each with its cells per case."""
    groups = ipa_groups(study.project)
    if groups:
        return [_ipa_theme(study, row, depth) for row, depth in groups]
    from qodex.plugins.reports.sections import code_tree

    paths = [p for p in chosen if study.has_code(p)] or [
        study.project.codes.path(c) for c in study.project.codes.children(None)
        if c.name != frame_root]
    return [_code_theme(study, path, depth) for top in paths
            for path, depth in [(top, 0), *((p, p.count("/") - top.count("/"))
                                            for _, p in code_tree(study.project, top, top))]]


def _ipa_theme(study: Study, row: dict, depth: int) -> Theme:
    from qodex.plugins.ipa import crosscase

    theme = Theme(row["name"], depth, ipa_id=row["id"])
    for member in crosscase.members(study.project, row["id"]):
        theme.weight[member["case_id"]] = theme.weight.get(member["case_id"], 0) + 1
    theme.cells = {c: PRESENT if c in theme.weight else ABSENT for c in study.cases}
    return theme


def _code_theme(study: Study, path: str, depth: int) -> Theme:
    from qodex.plugins.reports.counts import divergent

    found = study.counted(path)
    apart = divergent(found)
    theme = Theme(path.rsplit("/", 1)[-1], depth, code=path, weight=dict(found["support"]))
    theme.cells = {c: PRESENT if c in theme.weight else DIVERGENT if c in apart else ABSENT
                   for c in study.cases}
    return theme


def outline(study: Study, found: list[Theme], quotes_per_theme: int) -> str:
    """The IPA structure (each group theme, its personal themes, statements and passages) or
    the code tree with the number of cases each theme is present in."""
    if not found or found[0].ipa_id is None:
        return "\n".join(f"{'  ' * t.depth}- **{markdown(t.name)}** ({_tally(t)})" for t in found)
    return "\n".join(_ipa_outline(study, t, quotes_per_theme) for t in found)


def _tally(theme: Theme) -> str:
    present = sum(1 for v in theme.cells.values() if v == PRESENT)
    apart = sum(1 for v in theme.cells.values() if v == DIVERGENT)
    return f"present in {present} of {len(theme.cells)} cases" + (
        f", divergent in {apart}" if apart else "")


def _ipa_outline(study: Study, theme: Theme, per_theme: int) -> str:
    from qodex.plugins.ipa import crosscase
    from qodex.plugins.ipa.model import cite, spans

    pad = "  " * theme.depth
    lines = [f"{pad}- **{markdown(theme.name)}** ({_tally(theme)})"]
    for personal in crosscase.members(study.project, theme.ipa_id, below=False):
        cited = cite(study.project, personal["case_id"], study.age)
        lines.append(f"{pad}  - {markdown(personal['name'])} {markdown(cited)}")
        for passage in spans(study.project, crosscase.statement_ids(study.project, personal))[:per_theme]:
            lines.append(f"{pad}    - “{markdown(passage['quote'])}” ({markdown(passage['source'])} "
                         f"{passage['start']}–{passage['end']}, line {passage['line']})")
    return "\n".join(lines)


def matrix(study: Study, notes: Notes, found: list[Theme]) -> str:
    """The case × theme table: ✓ present, – absent, ≠ divergent (counter-instances only)."""
    cases = list(study.cases)
    rows = [{"theme": (DEPTH * t.depth) + t.name, **{str(c): t.cells[c] for c in cases},
             "n": f"{sum(1 for v in t.cells.values() if v == PRESENT)}/{len(cases)}"} for t in found]
    how = ("a theme is present in a case when one of the case's personal themes belongs to it or "
           "to a theme below it" if found and found[0].ipa_id is not None else
           f"a theme (a code) is present in a case when {study.who} coded it, or a code below it, "
           "there at least once without marking the coding as a counter-instance; divergent when "
           "every coding there is a counter-instance (a denial, a hypothetical, someone else's "
           "experience)")
    marker = notes.add(f"{PRESENT} present, {ABSENT} absent, {DIVERGENT} divergent: {how}.")
    if len(cases) > WIDE:
        return _by_case(study, [t for t in found if t.depth == 0], marker)
    return table(rows, ["theme", *map(str, cases), "n"],
                 ["Theme", *(study.cases[c] for c in cases), f"Present{marker}"])


def _by_case(study: Study, found: list[Theme], marker: str) -> str:
    """The matrix turned round for many cases: a row per case, a column per top-level theme."""
    rows = [{"case": name, **{str(i): t.cells[c] for i, t in enumerate(found)}}
            for c, name in study.cases.items()]
    return table(rows, ["case", *map(str, range(len(found)))],
                 [f"Case{marker}", *(t.name for t in found)])


def heatmap(study: Study, found: list[Theme]) -> str:
    """The matrix as a figure: one cell per case and theme, darker with more codings."""
    from qodex.plugins.reports.svg import heat
    from qodex.reporting import figure

    names = list(study.cases.values())
    grid = [[t.weight.get(c, 0) for c in study.cases] for t in found]
    marks = [[t.cells[c] == DIVERGENT for c in study.cases] for t in found]
    labels = [t.name for t in found]
    text = "\n".join(f"{label[:28]:<28} " + "".join(
        DIVERGENT if m else ("█" if v else "·") for v, m in zip(row, mark, strict=True))
        for label, row, mark in zip(labels, grid, marks, strict=True))
    return figure(text, heat("Case × theme: codings per case", labels, names, grid, marks))


def passages(study: Study, theme: Theme) -> list:
    """The passages a theme rests on: its code's supporting codings, or the grounding of its
    personal themes' statements."""
    from qodex.plugins.reports.sections import Candidate, coded_passages

    if theme.ipa_id is None:
        return coded_passages(study, theme.code, first=True)
    from qodex.plugins.ipa import crosscase
    from qodex.plugins.ipa.model import spans

    ids = [i for m in crosscase.members(study.project, theme.ipa_id)
           for i in crosscase.statement_ids(study.project, m)]
    return [Candidate(s["source_id"], s["source"], s["start"], s["end"], s["quote"])
            for s in spans(study.project, ids)]
