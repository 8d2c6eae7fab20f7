"""Building blocks of the study report: each computes one part from the project and returns its
Markdown, adding a note on how its numbers were computed."""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

from qodex.escape import bold, markdown
from qodex.plugins.analysis import scope
from qodex.plugins.analysis.matrix import value_order
from qodex.plugins.reports import counts
from qodex.plugins.reports.markdown import Notes, quote, share, table

DEPTH = "› "  # marks a code's depth in flat tables (cells lose their leading white space)


class Study:
    """The project read as one coder's analysis of its cases."""

    def __init__(self, project, coder: str, age: str = "age"):
        self.project = project
        self.coder = coder
        self.who = markdown(coder)
        self.coder_id = project.coders.get(coder).id
        self.cases = {c.id: c.name for c in project.cases}
        self.owners = scope.source_cases(project)
        self.age = age
        self._counted: dict[str, dict] = {}
        self._table = None

    def has(self, attribute: str) -> bool:
        return bool(attribute) and self.project.attributes.find(attribute) is not None

    def has_code(self, path: str) -> bool:
        return self.project.codes.find(path) is not None

    def values(self, attribute: str) -> dict[int, str]:
        return scope.case_values(self.project, attribute) if self.has(attribute) else {}

    def order(self, attribute: str) -> list[str]:
        return value_order(self.values(attribute).values())

    def counted(self, path: str) -> dict:
        """Supporting and counter-instance codings per case of the code at `path` (and below)."""
        if self._table is None:
            self._table = counts.by_case(self.project, self.coder)
        if path not in self._counted:
            ids = {name: case_id for case_id, name in self.cases.items()}
            self._counted[path] = counts.per_case(self._table, self.project.codes.path(path), ids)
        return self._counted[path]

    def coded(self, path: str) -> set[int]:
        """Cases with a supporting coding of the code at `path` or one below it."""
        return set(self.counted(path)["support"])

    def codings_per_case(self, path: str) -> dict[int, int]:
        """Supporting codings of the code at `path` (or below) in each case's sources."""
        return self.counted(path)["support"]

    def cite(self, source_id: int) -> str:
        """"Name, age" of the case a source belongs to."""
        ages = self.values(self.age)
        found = [f"{self.cases[c]}, {ages[c]}" if c in ages else self.cases[c]
                 for c in self.owners.get(source_id, [])]
        return "; ".join(found) or "unknown participant"


def main_coder(project, coders: list[dict]) -> str:
    """The coder with the most codings, from `coders` as `project.activity.coders()` (which
    `quality.facts` holds) lists them, most first; else the project's coder."""
    return coders[0]["name"] if coders else project.coder_name


def characteristics(study: Study, chosen: dict[str, str], group: str) -> list[str]:
    """The attributes Table I shows: those the study file names, else every case attribute but
    the grouping one and free-text ones."""
    if chosen:
        return [a for a in chosen if study.has(a)]
    return [a.name for a in study.project.attributes.list("case")
            if a.type not in ("text", "date") and a.name != group]


def table_one(study: Study, notes: Notes, attributes: list[str], group: str,
              labels: dict[str, str], departure: str = "") -> tuple[str, str, str]:
    """Table I: a heading row per characteristic, then n per value, in total and per group; its
    note marker, and the footnote on a deliberate departure (marked †) if there is one."""
    from qodex.plugins.analysis.table_one import columns
    from qodex.plugins.analysis.table_one import table_one as count

    grouped = group if study.has(group) else None
    rows = count(study.project, attributes, grouped)
    keys = columns(rows)
    headers = ["Characteristic", *(_column(k, group) + f" (n = {rows[0][k]})" for k in keys)]
    shown = _characteristic_rows(rows[1:], keys, labels)
    split = f"; columns split them by “{markdown(group)}”" if grouped else ""
    note = notes.add(f"Table I counts the project's {rows[0]['Total']} cases by their attribute "
                     f"values (each participant is one case){split}.")
    footnote = f"\n\n† {markdown(departure)}" if departure else ""
    return table(shown, ["label", *keys], headers), note + ("†" if departure else ""), footnote


def _column(key: str, group: str) -> str:
    return key if key == "Total" else f"{group.capitalize()} {key}"


def _characteristic_rows(rows: list[dict], keys: list[str], labels: dict[str, str]) -> list[dict]:
    shown, last = [], None
    for row in rows:
        if row["characteristic"] != last:
            last = row["characteristic"]
            shown.append({"label": bold(labels.get(last, last))})
        shown.append({"label": row["value"], **{k: row[k] for k in keys}})
    return shown


def guide(notes: Notes, path: Path | None) -> tuple[str, str]:
    """Table II from the interview guide: each numbered "## " topic with its example questions."""
    if path is None or not path.is_file():
        return (f"*No interview guide at {markdown(path)} (name it as `guide` in the study file "
                "or set the report option guide=PATH).*", "")
    topics: list[dict] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            topics.append({"topic": re.sub(r"^\d+\.\s*", "", line[3:].strip()), "questions": []})
        elif line.startswith("- ") and topics:
            topics[-1]["questions"].append(line[2:].strip())
    rows = [{"n": i, "topic": t["topic"], "questions": " • ".join(t["questions"])}
            for i, t in enumerate(topics, 1)]
    note = notes.add(f"Table II lists the topics and example questions of {markdown(path.name)}.")
    return table(rows, ["n", "topic", "questions"], ["", "Topic", "Example questions"]), note


def finding(study: Study, notes: Notes, code: str, label: str, attributes: list[str],
            labels: dict[str, str]) -> str:
    """The key finding: "k of n (p %)" cases with a supporting coding of `code`, the divergent
    cases by name, and the same count per value of each attribute as tables."""
    if not study.has_code(code):
        return f"*The project has no code “{markdown(code)}” (named as the finding in the study file).*"
    coded, total = study.coded(code), len(study.cases)
    apart = sorted(study.cases[c] for c in study.cases if c not in coded)
    marker = notes.add(f"Participants with at least one coding of “{markdown(code)}” (or a code "
                       f"below it) by {study.who} that is not marked as a counter-instance, out "
                       f"of all {total} cases.")
    text = f"{share(len(coded), total)}{marker} participants {markdown(label)}."
    if apart:
        text += (" The exceptions: " + ", ".join(markdown(n) for n in apart) + ".")
    tables = [text]
    split = notes.add("The same count split by a case attribute: k of the n cases with that value.")
    for attribute in (a for a in attributes if study.has(a)):
        values = study.values(attribute)
        rows = [{"value": v, "k": share(sum(1 for c in coded if values.get(c) == v),
                                        sum(1 for x in values.values() if x == v))}
                for v in study.order(attribute)]
        tables.append(table(rows, ["value", "k"], [labels.get(attribute, attribute),
                                                    code.rsplit("/", 1)[-1] + split]))
    return "\n\n".join(tables)


def frequencies(study: Study, notes: Notes) -> str:
    """Every code: supporting codings, cases and % of cases, counter-instances, and its definition
    from the codebook."""
    from qodex.escape import Markup

    total, rows = len(study.cases), []
    for code, path in code_tree(study.project):
        found = study.counted(path)
        rows.append({"code": Markup(DEPTH * path.count("/")) + markdown(code.name),
                     "codings": sum(found["support"].values()),
                     "cases": share(len(found["support"]), total),
                     "counter": sum(found["counter"].values()),
                     "definition": code.description or "–"})
    marker = notes.add(f"Codings by {study.who} of the code or a code below it, counter-instances "
                       "(denials, hypotheticals, other people's experiences) counted apart; cases: "
                       "participants with at least one supporting coding. Definitions from the codebook.")
    return table(rows, ["code", "codings", "cases", "counter", "definition"],
                 ["Code", f"Codings{marker}", "Cases (% of cases)", "Counter-instances", "Definition"])


class Candidate(NamedTuple):
    """A passage that may be quoted: where it is, its text, and whether the analyst flagged it."""

    source_id: int
    source: str
    start: int
    end: int
    text: str | None  # None until read (`worded`)
    flagged: bool = False


def coded_passages(study: Study, path: str, first: bool = False) -> list[Candidate]:
    """The supporting codings of the code at `path` (or below) by the study's coder, without their
    words (see `worded`); codings whose memo starts with "quote" are flagged. With `first`, only
    the one of each source that `spread` could choose."""
    codes = study.project.scopes.code_and_below(path)
    return [Candidate(source_id, source, start, end, None, flagged) for source_id, source, start, end,
            flagged in study.project.excerpts.coded(codes, study.coder_id, first)]


def worded(study: Study, passages: list[Candidate]) -> list[Candidate]:
    """The passages with their words read from their sources."""
    found = study.project.excerpts.of((p.source_id, p.start, p.end) for p in passages if p.text is None)
    words = iter(x.quote for x in found)
    return [p if p.text is not None else p._replace(text=next(words)) for p in passages]


def code_tree(project, parent=None, above: str = "") -> list[tuple]:
    """Every code below `parent` with its path, each parent before its children."""
    found = []
    for code in project.codes.children(parent):
        path = f"{above}/{code.name}" if above else code.name
        found += [(code, path), *code_tree(project, code, path)]
    return found


def quotes(study: Study, notes: Notes, themes: dict[str, list[Candidate]], per_theme: int) -> str:
    """Quotes for each theme, cited (Name, age) and linked to their source and offsets: flagged
    passages first, then those of the participants quoted least so far, so that the quotes
    spread across participants."""
    quoted: dict[int, int] = {}
    parts = []
    for label, found in themes.items():
        lines = [quote(p.text, f"{study.cite(p.source_id)}; {p.source} {p.start}–{p.end}")
                 for p in worded(study, spread(found, quoted, per_theme))]
        parts.append(f"{bold(label)}\n\n" + ("\n\n".join(lines) or "*No passage.*"))
    marker = notes.add(f"Quotes: passages of each theme ({study.who}'s codings of its code or one "
                       "below it, counter-instances left out, or the passages grounding an IPA "
                       "theme); codings with a memo starting “quote” first, then passages of the "
                       "participants quoted least so far; cited as (pseudonym, age; source "
                       "start–end in characters).")
    return "\n\n".join(parts) + marker


def spread(found: list[Candidate], quoted: dict[int, int], wanted: int) -> list[Candidate]:
    """Up to `wanted` passages from different sources, flagged ones first, then the least quoted."""
    chosen, seen = [], set()
    for passage in sorted(found, key=lambda p: (not p.flagged, quoted.get(p.source_id, 0),
                                                p.source, p.start)):
        if passage.source_id not in seen and len(chosen) < wanted:
            seen.add(passage.source_id)
            quoted[passage.source_id] = quoted.get(passage.source_id, 0) + 1
            chosen.append(passage)
    return chosen


def saturation(study: Study, notes: Notes, found) -> str:
    """New codes per interview with the Guest-Namey-Chen rule, and code frequencies, as figures,
    with the order, the coder and the note on IPA, as `qodex query saturation` gives them."""
    from qodex.plugins.analysis import charts
    from qodex.plugins.analysis.saturation import code_frequencies
    from qodex.reporting import figure

    if not found.steps:
        return "*No codings yet.*"
    bars = charts.frequency_chart(code_frequencies(study.project, [study.coder]))
    curve = charts.saturation_chart(found.steps)
    marker = notes.add("A code is new in the first interview it is used in (supporting codings "
                       "only). Stopping rule of Guest, Namey & Chen (2020): runs moved one interview "
                       "at a time after the base; new codes in the run divided by the codes in the "
                       "base. Code frequencies as in Guest, Bunce & Johnson (2006): interviews using "
                       "each code. The same as `qodex query saturation` with the same order and coder.")
    return "\n\n".join([" ".join(markdown(line) for line in found.describe()) + marker,
                        figure(charts.text(curve), charts.svg(curve)),
                        figure(charts.text(bars), charts.svg(bars))])


def saturated(study: Study, order: str):
    """The saturation analysis of the study's coder in the order named, else the one the
    analysis plugin chooses (the interview date), else by source name, which is then stated."""
    from dataclasses import replace

    from qodex.errors import QodexError
    from qodex.plugins.analysis.saturation import BY_NAME, saturation

    try:
        return saturation(study.project, order or None, [study.coder])
    except QodexError:
        if order:
            raise
        return replace(saturation(study.project, BY_NAME, [study.coder]),
                       why="the cases have no interview date")
