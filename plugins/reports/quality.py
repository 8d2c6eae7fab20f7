"""How trustworthy the analysis is, from what the project recorded: agreement between coders,
the audit trail of the change log, and a methods paragraph generated from what was done."""

from __future__ import annotations

from collections import Counter
from pathlib import PurePath

from qodex.escape import markdown
from qodex.plugins.reports.markdown import Notes, table
from qodex.plugins.reports.sections import Study

UNSTABLE = 0.05  # a code covering less than this share of the text (or more than 1 - it)


def facts(project) -> dict:
    """What the methods paragraph and the COREQ checklist state: counts from the project."""
    sources = project.rows("SELECT name, origin FROM sources")
    coders = project.rows("SELECT k.name, count(*) AS n, count(DISTINCT c.source_id) AS sources,"
                          " sum(c.counter IS NOT NULL) AS counter FROM codings c"
                          " JOIN coders k ON k.id = c.coder_id GROUP BY k.id ORDER BY n DESC")
    kinds = Counter(PurePath(s["origin"] or s["name"]).suffix.lstrip(".").lower() or "text"
                    for s in sources)
    first = project.rows("SELECT min(at) AS at FROM changes")[0]["at"]
    return {"sources": len(sources), "cases": len(list(project.cases)), "kinds": kinds,
            "coders": coders, "codes": len(project.codes.paths()),
            "memos": project.rows("SELECT count(*) AS n FROM memos")[0]["n"],
            "since": (first or "")[:10]}


def agreement(study: Study, notes: Notes) -> str:
    """Per code and pooled over all codes: agreement and kappa of the coders on the sources they
    all coded, with a warning where a code's prevalence makes kappa unstable."""
    from qodex.errors import QodexError
    from qodex.plugins.analysis.agreement import Coding, compare, summary

    try:
        data = Coding(study.project)
    except QodexError:
        return "*One coder only: no agreement between coders to report.*"
    if not data.source_ids:
        return "*No source was coded by every coder: no agreement to report.*"
    rows, prevalence = summary(data), _prevalence(compare(data))
    shown = [{"code": "Pooled over all codes" if r["code"] == "(all codes)" else r["code"],
              "sources": r["sources"], "agreement": _number(r["agreement"], " %"),
              "kappa": _number(r["kappa"]), "alpha": _number(r["alpha_u"]),
              "warning": _warning(prevalence.get(r["code"]))} for r in rows]
    marker = notes.add(
        f"Coders {', '.join(markdown(c) for c in data.coders)} on the {len(data.source_ids)} "
        "sources each of them coded. Per code and source over the characters, as NVivo's coding "
        "comparison: agreement = characters both coded or both left, Cohen's κ corrected for "
        "chance; the pooled row adds the characters of all codes and sources together (it is not "
        "a mean of the codes). α_U: Krippendorff's unitized alpha. Where a code covers under "
        f"{UNSTABLE:.0%} of the text, agreement is high by chance and κ is unstable: read both "
        "with care.")
    return table(shown, ["code", "sources", "agreement", "kappa", "alpha", "warning"],
                 ["Code", "Sources", "Agreement", f"κ{marker}", "α_U", "Prevalence"])


def _prevalence(comparisons) -> dict[str, float]:
    """Each code's share of the compared characters the coders coded (mean of the two)."""
    totals: dict[str, list[int]] = {}
    for c in comparisons:
        total = totals.setdefault(c.code, [0, 0])
        total[0] += c.a + c.b
        total[1] += 2 * c.length
    return {code: coded / length for code, (coded, length) in totals.items() if length}


def _warning(share: float | None) -> str:
    if share is None:
        return ""
    low = share < UNSTABLE or share > 1 - UNSTABLE
    return f"{100 * share:.1f} % coded" + (": κ unstable" if low else "")


def _number(value, unit: str = "") -> str:
    return "–" if value is None else f"{value:.2f}{unit}" if unit else f"{value:.2f}"


def audit(study: Study, notes: Notes) -> str:
    """Who did what, when: the change log summed up per coder and kind of change."""
    rows = study.project.rows(
        "SELECT coalesce(k.name, '?') AS coder, c.operation, count(*) AS n, min(c.at) AS first,"
        " max(c.at) AS last FROM changes c LEFT JOIN coders k ON k.id = c.coder_id"
        " GROUP BY c.coder_id, c.operation ORDER BY min(c.at), c.operation")
    if not rows:
        return "*The change log is empty.*"
    for row in rows:
        row["first"], row["last"] = row["first"][:16].replace("T", " "), row["last"][:16].replace("T", " ")
    marker = notes.add("From the project's change log, which records every change with its author "
                       "and time (UTC); `qodex history PROJECT` lists each change.")
    return table(rows, ["coder", "operation", "n", "first", "last"],
                 ["Who", "What", f"Changes{marker}", "First (UTC)", "Last (UTC)"])


def methods(study: Study, known: dict, order: str, ipa: int, frame: str) -> str:
    """A methods paragraph stating what the project shows was done."""
    from qodex import __version__

    formats = ", ".join(f"{n} {kind}" for kind, n in sorted(known["kinds"].items()))
    lines = [f"{known['sources']} interview transcripts ({formats}) of {known['cases']} "
             f"participants were analysed in qodex {__version__}"
             + (f", the project begun on {known['since']}." if known["since"] else ".")]
    for i, coder in enumerate(known["coders"]):
        marked = coder["counter"]
        counter = f", {marked} marked as counter-instance{'s' * (marked > 1)}" if marked else ""
        lines.append(f"{markdown(coder['name'])} {'coded' if i == 0 else 'also coded'} "
                     f"{coder['sources']} of them ({coder['n']} codings{counter}).")
    lines.append(f"The codebook holds {known['codes']} codes, each counted by participants with a "
                 "supporting coding; denials, hypotheticals and other people's experiences are "
                 "counted apart as counter-instances.")
    if ipa:
        lines.append(f"The analysis followed interpretative phenomenological analysis: {ipa} group "
                     "themes built from the participants' personal themes.")
    if frame:
        lines.append(f"The themes were then read against {markdown(frame)} (see the theory reading).")
    lines.append(f"Saturation was described with interviews in order of {markdown(order)}, "
                 f"codings by {study.who}.")
    return " ".join(lines)
