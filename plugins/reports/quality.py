"""How trustworthy the analysis is, from what the project recorded: agreement between coders,
the audit trail of the change log, and a methods paragraph generated from what was done."""

from __future__ import annotations

from qodex.escape import markdown
from qodex.plugins.reports.markdown import Notes, table
from qodex.plugins.reports.sections import Study


def facts(project) -> dict:
    """What the methods paragraph and the COREQ checklist state: counts from the project."""
    kinds = project.activity.formats()
    return {"sources": sum(kinds.values()), "cases": project.cases.count(), "kinds": kinds,
            "coders": project.activity.coders(), "codes": project.codes.count(),
            "memos": project.memos.count(), "since": (project.activity.since() or "")[:10]}


def agreement(study: Study, notes: Notes) -> str:
    """Per pair of coders, per code and pooled: agreement and kappa with its 95 % CI on the
    segments of the sources both coded, the code's prevalence and why kappa may mislead; alpha
    for all coders when there are more than two (as `qodex query agreement` gives them)."""
    from qodex.errors import QodexError
    from qodex.plugins.analysis.agreement import POOLED, Coding, summary

    try:
        data = Coding(study.project)
    except QodexError:
        return "*One coder only: no agreement between coders to report.*"
    if not data.source_ids:
        return "*No source was coded by two coders: no agreement to report.*"
    shown = [{"coders": r["coders"], "code": "Pooled over all codes" if r["code"] == POOLED else r["code"],
              "units": r["units"], "agreement": _number(r["agreement"], " %"),
              "kappa": _kappa(r), "alpha": _number(r["alpha_segments"]),
              "prevalence": _number(r["prevalence"], " %"), "note": r["note"]}
             for r in summary(data, alpha_u=False)]
    marker = notes.add(
        f"Coders {', '.join(markdown(c) for c in data.coders)}, each pair on the sources both "
        "coded, supporting codings only. Units are speaker turns (a source without turns is one "
        "unit): did each coder code the unit with the code? Cohen's κ with its analytic 95 % "
        "confidence interval; the pooled row takes the units of every code together (it is not a "
        "mean of the codes). α: Krippendorff's alpha over the units, for all coders together when "
        "there are more than two. κ is unstable where a code is on under 5 % or over 95 % of units.")
    return table(shown, ["coders", "code", "units", "agreement", "kappa", "alpha", "prevalence", "note"],
                 ["Coders", "Code", "Units", "Agreement", f"κ (95 % CI){marker}", "α", "Prevalence",
                  "Note"])


def _kappa(row: dict) -> str:
    if row["kappa"] is None:
        return "–"
    if row["ci_low"] is None:
        return f"{row['kappa']:.2f}"
    return f"{row['kappa']:.2f} ({row['ci_low']:.2f} to {row['ci_high']:.2f})"


def _number(value, unit: str = "") -> str:
    return "–" if value is None else f"{value:.2f}{unit}" if unit else f"{value:.2f}"


def audit(study: Study, notes: Notes) -> str:
    """Who did what, when: the change log summed up per coder and kind of change."""
    rows = study.project.activity.changes()
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
