"""The attachment-theory report of the sample study: why a regular GP matters.

A report is a Markdown template (`TEMPLATE`, ``$name`` placeholders) and a function computing what
fills it (`data`). To write one for another theory, copy this file into your study's ``plugins/``
folder, rename the report, and change the template and the code paths in the constants below.
"""

from __future__ import annotations

from pathlib import Path
from string import Template

from qodex import hookimpl
from qodex.extensions import Option, Report

MASTER_THEME = "The need for attachment"
PERSPECTIVES = {"A personal relationship": "Personal relationship",
                "Vulnerability": "Vulnerability",
                "The difficulty of changing GP": "Change of doctor"}
PREFERS = "Continuity preference/Prefers a regular GP"
# What the vulnerability perspective is measured by: the perspective and the activation of the
# attachment need by illness, worry and vulnerability (label -> code path, codes below included).
VULNERABILITY = {"Vulnerability": "Vulnerability", "Activation": "Attachment theory/Activation"}
CONSTRUCTS = "Attachment theory"
CHARACTERISTICS = {"sex": "Sex", "age_band": "Age", "consulted_gp": "Consulted GP",
                   "reason": "Reason for consultation", "seriousness": "Seriousness of illness"}

TEMPLATE = """\
# Why a regular GP matters: an attachment-theory reading

*$project: $participants participants, $sources interviews, coded by $coder.*

## Participants

$table1

**Table I.** Participant characteristics, n per $group.$table1_note

## Interview guide

$table2

**Table II.** The topics of the semi-structured interview guide.$table2_note

## The master theme: $master_theme

Every participant was interviewed about a consultation the researcher had observed;
$preferred participants preferred a regular GP, whether they had seen their own GP or a trainee:

$preference_tables

Behind the preference lies one master theme, *$master_theme*, seen from three perspectives:

$perspectives

### Vulnerability and the seriousness of illness

$vulnerability

### Links to attachment theory

$constructs

### In the participants' words

$quotes

## Saturation

$saturation

## How the numbers were computed

$notes
"""

OPTIONS = (
    Option("coder", "Whose codings count (default: the coder with the most codings).", ""),
    Option("group", "The attribute whose values are Table I's columns.", "practice"),
    Option("guide", "The interview guide (Markdown; default: interview_guide.md beside the project).", ""),
    Option("seriousness", "Seriousness levels from least to most serious, comma-separated.",
           "less serious,chronic,incurable"),
    Option("quotes", "Quotes shown per perspective.", 2, int),
)


def build(project, options: dict) -> str:
    """The report as Markdown."""
    return Template(TEMPLATE).substitute(data(project, options))


def data(project, options: dict) -> dict[str, str]:
    """Every value the template shows, computed from the project, as Markdown."""
    from qodex.escape import markdown
    from qodex.plugins.reports import sections
    from qodex.plugins.reports.markdown import Notes

    notes = Notes()
    coder = options["coder"] or sections.main_coder(project)
    study = sections.Study(project, coder)
    table1, table1_note = sections.table_one(study, notes, list(CHARACTERISTICS), options["group"],
                                             CHARACTERISTICS)
    table2, table2_note = sections.guide(notes, _guide_path(project, options["guide"]))
    preferred, preference_tables = sections.preference(study, notes, PREFERS,
                                                        ["consulted_gp", "seriousness"], CHARACTERISTICS)
    levels = [s.strip() for s in options["seriousness"].split(",") if s.strip()]
    return {
        "project": markdown(project.name), "participants": str(len(study.cases)),
        "sources": str(project.sources.count()), "coder": markdown(coder),
        "group": markdown(options["group"]),
        "table1": table1, "table1_note": table1_note, "table2": table2, "table2_note": table2_note,
        "master_theme": markdown(MASTER_THEME), "preferred": preferred,
        "preference_tables": preference_tables,
        "perspectives": sections.perspectives(study, notes, PERSPECTIVES),
        "vulnerability": sections.gradient(study, notes, VULNERABILITY, "seriousness", levels),
        "constructs": sections.constructs(study, notes, CONSTRUCTS, PERSPECTIVES),
        "quotes": sections.quotes(study, notes, PERSPECTIVES, options["quotes"]),
        "saturation": sections.saturation(study, notes),
        "notes": notes.render(),
    }


def _guide_path(project, given: str) -> Path:
    return Path(given) if given else project.path.resolve().parent / "interview_guide.md"


@hookimpl
def register_reports(register):
    register(Report("attachment", build, "Why a regular GP matters (attachment theory)", OPTIONS))
