"""The study report: any project's analysis as a report fit for an appendix, assembled from what
the project holds and from the study file beside it (see studyfile.py); nothing of a study's
findings lives here."""

from __future__ import annotations

from qodex import hookimpl
from qodex.extensions import Option, Report

OPTIONS = (
    Option("study", "The study file (default: report.toml beside the project).", ""),
    Option("coder", "Whose codings count (default: the study file's, else the coder with the most "
                    "codings).", ""),
    Option("group", "The attribute whose values are Table I's columns (default: the study file's).", ""),
    Option("guide", "The interview guide (Markdown; default: the study file's, else "
                    "interview_guide.md beside the project).", ""),
    Option("quotes", "Quotes shown per theme (default: the study file's, else 2).", 0, int),
)


def build(project, options: dict) -> str:
    """The report as Markdown."""
    from pathlib import Path

    from qodex.plugins.reports import studyfile

    setting = studyfile.load(project, options["study"])
    setting.coder = options["coder"] or setting.coder
    setting.group = options["group"] or setting.group
    setting.guide = Path(options["guide"]) if options["guide"] else setting.guide
    setting.quotes = options["quotes"] or setting.quotes
    return "\n\n".join(part for part in _parts(project, setting) if part) + "\n"


def _parts(project, setting) -> list[str]:
    """The report's sections, in order."""
    from qodex.escape import markdown
    from qodex.plugins.reports import gradient, quality, reading, sections, structure, studyfile
    from qodex.plugins.reports.markdown import Notes
    from qodex.reporting import stamp

    notes = Notes()
    facts = quality.facts(project)
    study = sections.Study(project, setting.coder or sections.main_coder(project, facts["coders"]),
                           setting.age)
    frame = studyfile.frame(setting)
    themes = structure.themes(study, setting.themes, frame.get("root", ""))
    ipa = sum(1 for t in themes if t.ipa_id is not None)
    attributes = sections.characteristics(study, setting.characteristics, setting.group)
    table1, note1, departure = sections.table_one(study, notes, attributes, setting.group,
                                       setting.characteristics, setting.group_note)
    table2, note2 = sections.guide(notes, setting.guide)
    sat = sections.saturated(study, setting.order)
    return [
        f"# {markdown(setting.title or project.name)}",
        f"*{markdown(project.name)}: {len(study.cases)} participants, {project.sources.count()} "
        f"interviews, coded by {study.who}. {stamp()}*",
        "## Methods", quality.methods(study, facts, sat.order, ipa,
                                      frame.get("name", "")),
        "## Participants", table1,
        "**Table I.** Participant characteristics"
        + (f", n per {markdown(setting.group)}" if study.has(setting.group) else "") + f".{note1}{departure}",
        "## Interview guide", table2,
        f"**Table II.** The topics of the semi-structured interview guide.{note2}",
        *_finding(study, notes, setting),
        "## Themes", structure.outline(study, themes, setting.quotes),
        "### Case × theme", structure.matrix(study, notes, themes), structure.heatmap(study, themes),
        "## Code frequencies", sections.frequencies(study, notes),
        *_gradient(study, notes, setting, gradient),
        "## Theory reading", reading.reading(study, notes, setting, frame),
        "## In the participants' words",
        sections.quotes(study, notes, {t.name: structure.passages(study, t) for t in themes
                                       if t.depth == 0}, setting.quotes),
        "## Agreement between coders", quality.agreement(study, notes),
        "## Saturation", sections.saturation(study, notes, sat),
        "## Audit trail", quality.audit(study, notes),
        "## How the numbers were computed", notes.render(),
    ]


def _finding(study, notes, setting) -> list[str]:
    from qodex.plugins.reports import sections

    found = setting.finding
    if not found.get("code"):
        return []
    return ["## " + (found.get("heading") or "The key finding"),
            sections.finding(study, notes, str(found["code"]), str(found.get("label", "coded so")),
                             [str(a) for a in found.get("by", [])], setting.characteristics)]


def _gradient(study, notes, setting, gradient) -> list[str]:
    found = setting.gradient
    if not found.get("attribute"):
        return []
    codes = {str(c).rsplit("/", 1)[-1]: str(c) for c in found.get("codes", [])}
    return ["## " + (found.get("heading") or f"By {found['attribute']}"),
            gradient.gradient(study, notes, codes, str(found["attribute"]),
                              [str(v) for v in found.get("levels", [])])]


@hookimpl
def register_reports(register):
    register(Report("study", build, "The study report: themes, matrix, frequencies, theory "
                                    "reading, quotes, agreement, saturation, audit trail", OPTIONS))
    # the sample study's former report name, now the same report read from its study file
    register(Report("attachment", build, "The study report (its former name)", OPTIONS))
