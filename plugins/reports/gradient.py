"""Whether codes grow with the levels of an ordered attribute (e.g. the seriousness of illness):
participants coded, codings per participant and the share of their own words coded, with
Kendall's tau-b over participants and the participants who do not follow the gradient."""

from __future__ import annotations

from dataclasses import dataclass, field

from qodex.escape import markdown
from qodex.plugins.reports.markdown import Notes, share, table
from qodex.plugins.reports.sections import Study
from qodex.text import merge_spans


@dataclass
class Levels:
    """The cases at each level of the attribute, the measures per level and per case."""

    attribute: str
    order: list[str]
    members: dict[str, list[int]]
    codes: dict[str, str]
    shares: dict[int, float] = field(default_factory=dict)
    rows: list[dict] = field(default_factory=list)
    trends: dict[str, list[float]] = field(default_factory=dict)


def gradient(study: Study, notes: Notes, codes: dict[str, str], attribute: str,
             levels: list[str]) -> str:
    """The gradient section: a sentence per measure, the verdict, the exceptions and the table."""
    missing = _missing(study, codes, attribute)
    if missing:
        return missing
    data = _levels(study, {k: v for k, v in codes.items() if study.has_code(v)}, attribute, levels)
    _measure(study, data)
    named = " or ".join(f"“{markdown(path)}”" for path in data.codes.values())
    return (_sentences(study, notes, data, named) + _exceptions(study, data) + "\n\n"
            + _chart(data) + "\n\n" + table(data.rows, ["level", "n", "coded", *data.codes, "share"],
                    [attribute.capitalize(), "Participants", "Coded",
                     *(f"“{label}” codings per participant" for label in data.codes),
                     "Share of participant text coded, mean (range)"]))


def _chart(data: Levels) -> str:
    """The share of participant text coded at each level, as a figure."""
    from qodex.plugins.analysis import charts
    from qodex.reporting import figure

    chart = charts.Chart("bar", f"Share of participant text coded, by {data.attribute} (%)",
                         data.order, {"share (%)": [round(v, 1) for v in data.trends["share"]]})
    return figure(charts.text(chart), charts.svg(chart))


def _missing(study: Study, codes: dict[str, str], attribute: str) -> str:
    if not study.has(attribute):
        return f"*The cases have no attribute {markdown(attribute)}.*"
    if not any(study.has_code(path) for path in codes.values()):
        return ("*The project has none of the codes "
                + ", ".join(f"“{markdown(p)}”" for p in codes.values()) + ".*")
    return ""


def _levels(study: Study, codes: dict[str, str], attribute: str, levels: list[str]) -> Levels:
    values = study.values(attribute)
    order = [v for v in levels if v in values.values()] + [
        v for v in study.order(attribute) if v not in levels]
    members = {level: [c for c, v in values.items() if v == level] for level in order}
    return Levels(attribute, order, members, codes, coded_share(study, list(codes.values())))


def _measure(study: Study, data: Levels) -> None:
    """Fill the table rows and the per-level trends."""
    coded = set().union(*(study.coded(path) for path in data.codes.values()))
    per_case = {label: study.codings_per_case(path) for label, path in data.codes.items()}
    data.trends = {"coded": [], "share": [], **{label: [] for label in data.codes}}
    for level, cases in data.members.items():
        n, hit = len(cases), sum(1 for c in cases if c in coded)
        row = {"level": level, "n": n, "coded": share(hit, n)}
        data.trends["coded"].append(100 * hit / n)
        for label in data.codes:
            mean = sum(per_case[label].get(c, 0) for c in cases) / n
            data.trends[label].append(mean)
            row[label] = f"{mean:.1f}"
        found = [data.shares[c] for c in cases if c in data.shares]
        data.trends["share"].append(100 * sum(found) / len(found) if found else 0.0)
        row["share"] = _share_cell(found)
        data.rows.append(row)


def _share_cell(found: list[float]) -> str:
    if not found:
        return "–"
    mean = 100 * sum(found) / len(found)
    if len(found) == 1:
        return f"{mean:.0f} %"
    return f"{mean:.0f} % ({100 * min(found):.0f}–{100 * max(found):.0f} %)"


def _sentences(study: Study, notes: Notes, data: Levels, named: str) -> str:
    shown, levels = markdown(data.attribute), data.order
    values = study.values(data.attribute)
    ranked = [(levels.index(values[c]), s) for c, s in data.shares.items() if values.get(c) in levels]
    tau = kendall_tau_b([r for r, _ in ranked], [s for _, s in ranked])
    m_coded, m_count, m_share, m_tau = _notes(study, notes, data, named, len(ranked))
    counts = " and ".join(f"the number of “{markdown(label)}” codings per participant "
                          f"{_trend(data.trends[label], '')}" for label in data.codes)
    return (f"{_prevalence(data, named, m_coded)} From the first to the last level, {counts}{m_count}; "
            f"the share of the participants' own words coded {named} "
            f"{_trend(data.trends['share'], ' %')}{m_share}, and across participants Kendall's τ_b "
            f"between {shown} and that share is {tau:.2f}{m_tau}. "
            f"**In short, with {shown} {_verdict(data)}.**")


def _notes(study: Study, notes: Notes, data: Levels, named: str, n: int) -> list[str]:
    shown = markdown(data.attribute)
    return [
        notes.add(f"Cases at each {shown} level with at least one supporting coding of {named} "
                  f"(or a code below) by {study.who}."),
        notes.add(f"Codings per participant: {study.who}'s supporting codings of the code or a "
                  "code below it in a case's interviews, divided by the cases at that level. A "
                  "long passage and a short one count the same, hence the next measure."),
        notes.add("Share of participant text: for each case, the characters of its participants' "
                  f"speaker turns (interviewer turns left out) that at least one coding of {named} "
                  f"by {study.who} covers, overlaps counted once, divided by all characters of its "
                  "participants' turns; the mean over the cases at each level, with the lowest and "
                  "highest case in brackets."),
        notes.add(f"Kendall's τ_b between each case's {shown} level (ranked "
                  f"{' < '.join(markdown(o) for o in data.order)}) and its share of participant "
                  f"text, over the {n} cases; ties corrected. Descriptive: one coder, few "
                  "participants, no test of significance."),
    ]


def _prevalence(data: Levels, named: str, marker: str) -> str:
    if all(x == 100 for x in data.trends["coded"]):
        return (f"Every participant at every level has at least one coding of {named}{marker}, so "
                "whether a participant is coded cannot show a gradient; how much of the interview "
                "is coded can.")
    return f"The share of participants coded {named} {_trend(data.trends['coded'], ' %')}{marker}."


def _verdict(data: Levels) -> str:
    measures = [*(data.trends[label] for label in data.codes), data.trends["share"]]
    rising = [_rises(t) for t in measures]
    if all(rising):
        return "every measure of how much is coded rises"
    return "no measure of how much is coded rises steadily" if not any(rising) else (
        "the measures disagree: not all of them rise")


def _exceptions(study: Study, data: Levels) -> str:
    """The cases whose share of coded text is above the mean of the next level up."""
    found = []
    levels = list(data.members)
    for level, above in zip(levels, levels[1:], strict=False):
        higher = [data.shares[c] for c in data.members[above] if c in data.shares]
        if not higher:
            continue
        mean = sum(higher) / len(higher)
        names = sorted(f"{markdown(study.cases[c])} ({100 * data.shares[c]:.1f} %)"
                       for c in data.members[level] if data.shares.get(c, 0) > mean)
        if names:
            found.append(f"at the {markdown(level)} level {_listing(names)} "
                         f"{'has' if len(names) == 1 else 'have'} a larger share than the "
                         f"{markdown(above)} mean ({100 * mean:.1f} %)")
    return (" Not every participant follows the gradient: " + "; ".join(found) + ".") if found else ""


def _listing(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def coded_share(study: Study, paths: list[str]) -> dict[int, float]:
    """Each case's share of its participants' words (non-interviewer turns) that a coding of a code
    at `paths` or below covers (the codings read a source at a time); cases without participant
    turns are left out."""
    project = study.project
    ids = {i for path in paths for i in project.scopes.code_and_below(path)}
    turns = _participant_turns(project, list(study.owners))
    covered = {source_id: _covered(merge_spans((c.start, c.end) for c in codings), turns[source_id])
               for source_id, codings in project.spans.by_source(codes=ids, coders=[study.coder_id])
               if source_id in turns}
    totals: dict[int, list[int]] = {}
    for source_id, own in turns.items():
        words = sum(end - start for start, end in own)
        for case_id in study.owners[source_id]:
            total = totals.setdefault(case_id, [0, 0])
            total[0] += covered.get(source_id, 0)
            total[1] += words
    return {c: covered / words for c, (covered, words) in totals.items() if words}


def _participant_turns(project, source_ids: list[int]) -> dict[int, list[tuple[int, int]]]:
    """Each source's participant (non-interviewer) turns: its turn segments, else its text's
    ``Speaker:`` labels."""
    from qodex.units import Unit, by_role, labelled_turns

    found: dict[int, list[Unit]] = {i: [] for i in source_ids}
    for segment in project.spans.segments("turn", source_ids):
        found[segment.source_id].append(Unit(segment.start, segment.end, segment.label or None))
    bare = [i for i, units in found.items() if not units]
    for source_id, text in project.spans.texts(bare).items() if bare else ():
        found[source_id] = labelled_turns(text)
    return {i: [(u.start, u.end) for u in by_role(units, "participant")] for i, units in found.items()}


def _covered(spans: list[tuple[int, int]], within: list[tuple[int, int]]) -> int:
    """Characters of (merged, sorted) `spans` inside the (sorted, non-overlapping) ranges `within`,
    walking both lists once."""
    total = i = j = 0
    while i < len(spans) and j < len(within):
        (start, end), (low, high) = spans[i], within[j]
        total += max(0, min(end, high) - max(start, low))
        i, j = (i + 1, j) if end < high else (i, j + 1)
    return total


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


def _rises(values: list[float]) -> bool:
    return len(set(values)) > 1 and all(a <= b for a, b in zip(values, values[1:], strict=False))


def _trend(values: list[float], unit: str) -> str:
    """Says whether `values` rise, stay level or vary, and lists them."""
    listed = " → ".join(f"{v:.0f}{unit}" if unit else f"{v:.1f}" for v in values)
    if len(set(values)) == 1:
        return f"is the same at every level ({listed})"
    return f"rises ({listed})" if _rises(values) else f"does not rise steadily ({listed})"
