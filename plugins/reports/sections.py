"""Building blocks of study reports: each computes one part of a report from the project and
returns its Markdown, adding a note on how its numbers were computed."""

from __future__ import annotations

import re
from pathlib import Path

from qodex.escape import bold, markdown
from qodex.plugins.analysis import scope
from qodex.plugins.analysis.matrix import value_order
from qodex.plugins.reports.markdown import Notes, quote, share, table
from qodex.text import merge_spans


class Study:
    """The project read as one coder's analysis of its cases."""

    def __init__(self, project, coder: str):
        self.project = project
        self.coder = coder
        self.who = markdown(coder)
        self.coder_id = project.coders.get(coder).id
        self.cases = {c.id: c.name for c in project.cases}
        self.owners = scope.source_cases(project)

    def has(self, attribute: str) -> bool:
        return self.project.attributes.find(attribute) is not None

    def values(self, attribute: str) -> dict[int, str]:
        return scope.case_values(self.project, attribute) if self.has(attribute) else {}

    def order(self, attribute: str) -> list[str]:
        return value_order(self.values(attribute).values())

    def coded(self, path: str) -> set[int]:
        """Cases coded with the code at `path` or one below it."""
        return {c.id for c in self.project.cases.coded_with(path, self.coder)}

    def codings_per_case(self, path: str) -> dict[int, int]:
        """How many codings of the code at `path` (or below) each case's sources hold."""
        codes = scope.descendants(self.project, self.project.codes.get(path).id)
        counts: dict[int, int] = {}
        for (source_id,) in self.project.conn.execute(
                f"SELECT source_id FROM codings WHERE coder_id = ? AND code_id IN"
                f" ({','.join('?' * len(codes))})", [self.coder_id, *codes]):
            for case_id in self.owners.get(source_id, []):
                counts[case_id] = counts.get(case_id, 0) + 1
        return counts

    def cite(self, source_id: int) -> str:
        """"Name, age" of the case a source belongs to."""
        ages = self.values("age")
        found = [f"{self.cases[c]}, {ages[c]}" if c in ages else self.cases[c]
                 for c in self.owners.get(source_id, [])]
        return "; ".join(found) or "unknown participant"


def main_coder(project) -> str:
    """The coder with the most codings."""
    rows = project.rows("SELECT k.name FROM codings c JOIN coders k ON k.id = c.coder_id"
                        " GROUP BY k.id ORDER BY count(*) DESC, k.name LIMIT 1")
    return rows[0]["name"] if rows else project.coder_name


def table_one(study: Study, notes: Notes, attributes: list[str], group: str,
              labels: dict[str, str]) -> tuple[str, str]:
    """Table I: a heading row per characteristic, then n per value, in total and per group."""
    from qodex.plugins.analysis.table_one import columns
    from qodex.plugins.analysis.table_one import table_one as count

    rows = count(study.project, [a for a in attributes if study.has(a)],
                 group if study.has(group) else None)
    keys = columns(rows)
    headers = ["Characteristic", *(f"{k if k == 'Total' else f'{group.capitalize()} {k}'}"
                                   f" (n = {rows[0][k]})" for k in keys)]
    shown, last = [], None
    for row in rows[1:]:
        if row["characteristic"] != last:
            last = row["characteristic"]
            shown.append({"label": bold(labels.get(last, last))})
        shown.append({"label": row["value"], **{k: row[k] for k in keys}})
    note = notes.add(f"Table I counts the project's {rows[0]['Total']} cases by their attribute "
                     f"values (each participant is one case); columns split them by “{markdown(group)}”.")
    return table(shown, ["label", *keys], headers), note


def guide(notes: Notes, path: Path) -> tuple[str, str]:
    """Table II from the interview guide: each numbered "## " topic with its example questions."""
    if not path.is_file():
        return f"*No interview guide at {markdown(path)} (set the report option guide=PATH).*", ""
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


def preference(study: Study, notes: Notes, code: str, attributes: list[str],
               labels: dict[str, str]) -> tuple[str, str]:
    """"k of n (p %)" cases coded with `code` (with its note), and the same per value of each
    attribute as tables."""
    coded, total = study.coded(code), len(study.cases)
    count = share(len(coded), total) + notes.add(
        f"Participants whose interview {study.who} coded with “{markdown(code)}”, out of all {total} cases.")
    marker = notes.add("The same count split by a case attribute: k of the n cases with that value.")
    tables = []
    for attribute in (a for a in attributes if study.has(a)):
        values = study.values(attribute)
        rows = [{"value": v, "k": share(sum(1 for c in coded if values.get(c) == v),
                                        sum(1 for x in values.values() if x == v))}
                for v in study.order(attribute)]
        tables.append(table(rows, ["value", "k"], [labels.get(attribute, attribute),
                                                    code.rsplit("/", 1)[-1] + marker]))
    return count, "\n\n".join(tables)


def perspectives(study: Study, notes: Notes, themes: dict[str, str]) -> str:
    """Each perspective (a code) and the codes below it: participants and codings."""
    total = len(study.cases)
    rows = []
    for label, path in themes.items():
        code = study.project.codes.get(path)
        children = study.project.codes.children(code)
        for sub, title in [(path, bold(label)), *((f"{path}/{c.name}", c.name) for c in children)]:
            per_case = study.codings_per_case(sub)
            rows.append({"code": title, "participants": share(len(study.coded(sub)), total),
                         "codings": sum(per_case.values())})
    marker = notes.add("Prevalence: cases with at least one coding of the code or a code below "
                       f"it by {study.who}; codings: how many such codings.")
    return table(rows, ["code", "participants", "codings"],
                 ["Perspective and its codes", f"Participants{marker}", "Codings"])


def gradient(study: Study, notes: Notes, codes: dict[str, str], attribute: str,
             levels: list[str]) -> str:
    """Whether the codes (label -> path, each with the codes below it) grow with the levels of
    `attribute`, ordered as `levels`: participants coded, codings per participant, and the share of
    each participant's own words the codes cover, with Kendall's tau-b over participants."""
    if not study.has(attribute):
        return f"*The cases have no attribute {markdown(attribute)}.*"
    present = {label: path for label, path in codes.items() if study.project.codes.find(path)}
    if not present:
        return ("*The project has none of the codes "
                + ", ".join(f"“{markdown(p)}”" for p in codes.values()) + ".*")
    codes = present
    values = study.values(attribute)
    order = [v for v in levels if v in values.values()] + [
        v for v in study.order(attribute) if v not in levels]
    members = {level: [c for c, v in values.items() if v == level] for level in order}
    named = " or ".join(f"“{markdown(path)}”" for path in codes.values())
    shown = markdown(attribute)
    coded = set().union(*(study.coded(path) for path in codes.values()))
    per_case = {label: study.codings_per_case(path) for label, path in codes.items()}
    shares = coded_share(study, list(codes.values()))
    rows, trends = [], {"coded": [], "share": [], **{label: [] for label in codes}}
    for level, cases in members.items():
        n = len(cases)
        row = {"level": level, "n": n, "coded": share(sum(1 for c in cases if c in coded), n)}
        trends["coded"].append(100 * sum(1 for c in cases if c in coded) / n)
        for label in codes:
            mean = sum(per_case[label].get(c, 0) for c in cases) / n
            trends[label].append(mean)
            row[label] = f"{mean:.1f}"
        found = [shares[c] for c in cases if c in shares]
        mean = 100 * sum(found) / len(found) if found else 0.0
        trends["share"].append(mean)
        row["share"] = ("–" if not found else f"{mean:.0f} %" if len(found) == 1
                        else f"{mean:.0f} % ({100 * min(found):.0f}–{100 * max(found):.0f} %)")
        rows.append(row)
    ranked = [(order.index(values[c]), shares[c]) for c in shares if values.get(c) in levels]
    tau = kendall_tau_b([r for r, _ in ranked], [s for _, s in ranked])
    m_coded = notes.add(f"Cases at each {shown} level with at least one coding of {named} "
                        f"(or a code below) by {study.who}.")
    m_count = notes.add(f"Codings per participant: {study.who}'s codings of the code or a code "
                        f"below it in a case's interviews, divided by the cases at that level. A long "
                        "passage and a short one count the same, hence the next measure.")
    m_share = notes.add(f"Share of participant text: for each case, the characters of its "
                        f"participants' speaker turns (interviewer turns left out) that at least one "
                        f"coding of {named} by {study.who} covers, overlaps counted once, divided by "
                        "all characters of its participants' turns; the mean over the cases at each "
                        "level, with the lowest and highest case in brackets.")
    m_tau = notes.add(f"Kendall's τ_b between each case's {shown} level (ranked "
                      f"{' < '.join(markdown(o) for o in order if o in levels)}) and its share of "
                      f"participant text, over the {len(ranked)} cases; ties corrected. Descriptive: "
                      "one coder, few participants, no test of significance.")
    if all(x == 100 for x in trends["coded"]):
        prevalence = (f"Every participant at every level has at least one coding of {named}{m_coded}, "
                      "so whether a participant is coded cannot show a gradient; how much of the "
                      "interview is coded can.")
    else:
        prevalence = f"The share of participants coded {named} {_trend(trends['coded'], ' %')}{m_coded}."
    counts = " and ".join(f"the number of “{markdown(label)}” codings per participant "
                          f"{_trend(trends[label], '')}" for label in codes)
    measures = [*(trends[label] for label in codes), trends["share"]]
    rising = [_trend(t, "").startswith("rises") for t in measures]
    verdict = ("every measure of how much is coded rises" if all(rising)
               else "no measure of how much is coded rises steadily" if not any(rising)
               else "the measures disagree: not all of them rise")
    return (f"{prevalence} From the least to the most serious level, {counts}{m_count}; the share of "
            f"the participants' own words coded {named} {_trend(trends['share'], ' %')}{m_share}, and "
            f"across participants Kendall's τ_b between {shown} and that share is {tau:.2f}"
            f"{m_tau}. **In short, with {shown} {verdict}.**"
            f"{_exceptions(study, members, shares)}\n\n"
            + table(rows, ["level", "n", "coded", *codes, "share"],
                    [attribute.capitalize(), "Participants", "Coded", *(
                        f"“{label}” codings per participant" for label in codes),
                     "Share of participant text coded, mean (range)"]))


def _exceptions(study: Study, members: dict[str, list[int]], shares: dict[int, float]) -> str:
    """The cases whose share of coded text is above the mean of the next level up."""
    found = []
    levels = list(members)
    for level, above in zip(levels, levels[1:], strict=False):
        higher = [shares[c] for c in members[above] if c in shares]
        if not higher:
            continue
        mean = sum(higher) / len(higher)
        names = sorted(f"{markdown(study.cases[c])} ({100 * shares[c]:.1f} %)" for c in members[level]
                       if shares.get(c, 0) > mean)
        if names:
            found.append(f"at the {markdown(level)} level {_listing(names)} "
                         f"{'has' if len(names) == 1 else 'have'} a larger share than the {markdown(above)} "
                         f"mean ({100 * mean:.1f} %)")
    return (" Not every participant follows the gradient: " + "; ".join(found) + ".") if found else ""


def _listing(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def coded_share(study: Study, paths: list[str]) -> dict[int, float]:
    """Each case's share of its participants' words (non-interviewer turns) that a coding of a code
    at `paths` or below covers; cases without participant turns are left out."""
    from qodex.plugins.strategies.units import by_role, turns

    project = study.project
    ids = sorted({i for path in paths for i in scope.descendants(project, project.codes.get(path).id)})
    spans: dict[int, list[tuple[int, int]]] = {}
    for source_id, start, end in project.conn.execute(
            f'SELECT source_id, start, "end" FROM codings WHERE coder_id = ? AND code_id IN'
            f" ({','.join('?' * len(ids))})", [study.coder_id, *ids]):
        spans.setdefault(source_id, []).append((start, end))
    totals: dict[int, list[int]] = {}
    for source_id, owners in study.owners.items():
        source = project.sources.get(source_id)
        own = by_role(turns(project, source), "participant")
        words = sum(u.end - u.start for u in own)
        covered = _covered(merge_spans(spans.get(source_id, [])), [(u.start, u.end) for u in own])
        for case_id in owners:
            total = totals.setdefault(case_id, [0, 0])
            total[0] += covered
            total[1] += words
    return {c: covered / words for c, (covered, words) in totals.items() if words}


def _covered(spans: list[tuple[int, int]], within: list[tuple[int, int]]) -> int:
    """Characters of (merged) `spans` inside the (non-overlapping) ranges `within`."""
    return sum(max(0, min(e, we) - max(s, ws)) for s, e in spans for ws, we in within)


def kendall_tau_b(x: list[float], y: list[float]) -> float:
    """Kendall's rank correlation tau-b (ties in either variable corrected); 0 when undefined."""
    concordant = discordant = ties_x = ties_y = 0
    for i in range(len(x)):
        for j in range(i + 1, len(x)):
            dx, dy = x[i] - x[j], y[i] - y[j]
            if dx == 0 and dy == 0:
                continue
            if dx == 0:
                ties_x += 1
            elif dy == 0:
                ties_y += 1
            elif (dx > 0) == (dy > 0):
                concordant += 1
            else:
                discordant += 1
    denominator = ((concordant + discordant + ties_x) * (concordant + discordant + ties_y)) ** 0.5
    return (concordant - discordant) / denominator if denominator else 0.0


def _trend(values: list[float], unit: str) -> str:
    """Says whether `values` rise, stay level or vary, and lists them."""
    listed = " → ".join(f"{v:.0f}{unit}" if unit else f"{v:.1f}" for v in values)
    if len(set(values)) == 1:
        return f"is the same at every level ({listed})"
    if all(a <= b for a, b in zip(values, values[1:], strict=False)):
        return f"rises ({listed})"
    return f"does not rise steadily ({listed})"


def constructs(study: Study, notes: Notes, root: str, themes: dict[str, str]) -> str:
    """Each attachment construct (a code below `root`): cases, and how often it co-occurs with
    each perspective, in the same speaker turn (or within 200 characters without turns)."""
    from qodex.plugins.analysis.cooccurrence import cooccurrence

    project = study.project
    has_turns = project.conn.execute("SELECT 1 FROM segments WHERE kind = 'turn' LIMIT 1").fetchone()
    mode, distance = ("turn", 0) if has_turns else ("near", 200)
    pairs = cooccurrence(project, mode, distance, coders=[study.coder])
    groups = themes
    construct_codes = project.codes.children(project.codes.get(root))
    rows = []
    for construct in construct_codes:
        path = f"{root}/{construct.name}"
        row = {"construct": construct.name, "participants": share(len(study.coded(path)), len(study.cases))}
        for label, theme in groups.items():
            row[label] = sum(p.count for p in pairs if _links(p, path, theme))
        best = max(groups, key=lambda label: row[label])
        row["most"] = best if row[best] else "–"
        rows.append(row)
    how = "in the same speaker turn" if mode == "turn" else f"within {distance} characters"
    marker = notes.add(f"Co-occurrences: pairs of codings by {study.who}, one of the construct "
                       f"(or below) and one of the perspective (or below), {how}.")
    return table(rows, ["construct", "participants", *groups, "most"],
                 ["Attachment construct", "Participants", *groups, f"Most linked to{marker}"])


def _links(pair, construct: str, theme: str) -> bool:
    inside = lambda code, root: code == root or code.startswith(root + "/")  # noqa: E731
    return ((inside(pair.a, construct) and inside(pair.b, theme))
            or (inside(pair.b, construct) and inside(pair.a, theme)))


def quotes(study: Study, notes: Notes, themes: dict[str, str], per_theme: int) -> str:
    """Quotes for each perspective, cited (Name, age): codings whose memo starts with "quote"
    first, then one passage per participant in interview order."""
    from qodex.plugins.analysis.codings import select

    parts = []
    for label, path in themes.items():
        found = select(study.project, [path], coders=[study.coder])
        memos = {c.id: (c.memo or "") for c in study.project.codings.list(coder=study.coder)}
        found.sort(key=lambda p: (not memos.get(p.coding_id, "").lower().startswith("quote"),
                                  p.source, p.start))
        chosen, seen = [], set()
        for passage in found:
            if passage.source_id not in seen and len(chosen) < per_theme:
                seen.add(passage.source_id)
                chosen.append(quote(passage.text, study.cite(passage.source_id)))
        parts.append(f"{bold(label)}\n\n" + "\n\n".join(chosen))
    marker = notes.add("Quotes: passages coded with the perspective's codes by "
                       f"{study.who}; codings with a memo starting “quote” first, then one "
                       "passage per participant in interview order; cited as (pseudonym, age).")
    return "\n\n".join(parts) + marker


def saturation(study: Study, notes: Notes) -> str:
    """New codes per interview with the Guest-Namey-Chen rule, and code frequencies, as figures."""
    from qodex.plugins.analysis import charts
    from qodex.plugins.analysis.cli import describe_stop
    from qodex.plugins.analysis.saturation import code_frequencies, steps, stopping_rule
    from qodex.reporting import figure

    order = "interview_date" if study.has("interview_date") else None
    found = steps(study.project, order, [study.coder])
    if not found:
        return "*No codings yet.*"
    stop = stopping_rule(found)
    frequencies = code_frequencies(study.project, [study.coder])
    curve, bars = charts.saturation_chart(found), charts.frequency_chart(frequencies)
    marker = notes.add(f"Interviews in order of {markdown(order or 'source name')}; a code is new "
                       f"in the first interview {study.who} used it in. Stopping rule of Guest, Namey & Chen "
                       "(2020): runs moved one interview at a time after the base; new codes in the "
                       "run divided by the codes in the base. Code frequencies as in Guest, Bunce & "
                       "Johnson (2006): interviews using each code.")
    return "\n\n".join([describe_stop(stop) + marker,
                        figure(charts.text(curve), charts.svg(curve)),
                        figure(charts.text(bars), charts.svg(bars))])
