"""``qodex report coreq``: the COREQ checklist for reporting interview studies (32 items in three
domains), filled with what the project knows and the researcher's answers from the ``[coreq]``
table of the study file; the items still unanswered are listed at the end."""

from __future__ import annotations

from qodex import hookimpl
from qodex.extensions import Option, Report

DOMAINS = {1: "Research team and reflexivity", 2: "Study design", 3: "Analysis and findings"}
# (number, domain, key in the study file's [coreq] table, what the item asks, in our words)
ITEMS = (
    (1, 1, "interviewer", "Who held the interviews"),
    (2, 1, "credentials", "The researchers' qualifications"),
    (3, 1, "occupation", "What the researchers did for a living at the time"),
    (4, 1, "gender", "The researchers' gender"),
    (5, 1, "experience", "The researchers' experience and training in qualitative work"),
    (6, 1, "relationship", "Whether researchers and participants knew each other beforehand"),
    (7, 1, "participant_knowledge", "What participants knew of the researcher and the study's aims"),
    (8, 1, "interviewer_characteristics", "The interviewer's assumptions, interests and possible bias"),
    (9, 2, "orientation", "The method and theory the analysis rests on"),
    (10, 2, "sampling", "How participants were selected"),
    (11, 2, "approach", "How participants were approached"),
    (12, 2, "sample_size", "How many took part"),
    (13, 2, "non_participation", "Who declined or dropped out, and why"),
    (14, 2, "setting", "Where the data were collected"),
    (15, 2, "others_present", "Whether anyone else was present"),
    (16, 2, "sample", "The sample's important characteristics"),
    (17, 2, "guide", "The interview guide, and whether it was piloted"),
    (18, 2, "repeat_interviews", "Whether anyone was interviewed more than once"),
    (19, 2, "recording", "How the interviews were recorded"),
    (20, 2, "field_notes", "Whether field notes were taken"),
    (21, 2, "duration", "How long the interviews were"),
    (22, 2, "saturation", "Whether data saturation was discussed"),
    (23, 2, "transcripts_returned", "Whether transcripts went back to participants"),
    (24, 3, "coders", "How many coded the data"),
    (25, 3, "coding_tree", "A description of the coding tree"),
    (26, 3, "derivation", "Whether themes were set in advance or came from the data"),
    (27, 3, "software", "The software used to manage the data"),
    (28, 3, "participant_checking", "Whether participants commented on the findings"),
    (29, 3, "quotations", "Whether quotes illustrate the themes, each identified"),
    (30, 3, "consistency", "Whether data and findings agree"),
    (31, 3, "major_themes", "Whether the major themes are clearly presented"),
    (32, 3, "minor_themes", "Whether divergent cases and minor themes are described"),
)
OPTIONS = (Option("study", "The study file (default: report.toml beside the project).", ""),)


def build(project, options: dict) -> str:
    """The checklist as Markdown: a table per domain, then what the researcher must still add."""
    from qodex.escape import markdown
    from qodex.plugins.reports import studyfile
    from qodex.plugins.reports.markdown import table
    from qodex.reporting import stamp

    setting = studyfile.load(project, options["study"])
    known = known_answers(project, setting)
    parts = [f"# COREQ checklist: {markdown(project.name)}", f"*{stamp()}*",
             "Each item of the consolidated criteria for reporting qualitative research (COREQ, "
             "Tong, Sainsbury & Craig 2007), with what the project shows and what the study file's "
             "`[coreq]` table says."]
    missing = []
    for number, title in DOMAINS.items():
        rows = []
        for item, domain, key, asks in ITEMS:
            if domain != number:
                continue
            answer = setting.coreq.get(key) or known.get(key, "")
            where = "study file" if setting.coreq.get(key) else "project" if answer else ""
            rows.append({"n": item, "item": asks, "answer": answer or "–", "from": where})
            if not answer:
                missing.append(f"- {item}. {asks} (`{key}`)")
        parts += [f"## Domain {number}: {title}",
                  table(rows, ["n", "item", "answer", "from"], ["No", "Item", "Answer", "From"])]
    parts += ["## Still to add",
              "Write these in the `[coreq]` table of the study file (key in brackets):"
              if missing else "Every item is answered.", "\n".join(missing)]
    return "\n\n".join(p for p in parts if p) + "\n"


def known_answers(project, setting) -> dict[str, str]:
    """What the project itself says for the items it can answer."""
    from qodex.plugins.reports import quality, sections, structure

    facts = quality.facts(project)
    coder = setting.coder or sections.main_coder(project, facts["coders"])
    study = sections.Study(project, coder, setting.age)
    ipa = structure.ipa_groups(project)
    found = {
        "sample_size": f"{facts['cases']} participants, {facts['sources']} interviews",
        "sample": _attributes(study, setting),
        "duration": _lengths(project),
        "coders": "; ".join(f"{c['name']}: {c['n']} codings in {c['sources']} interviews"
                            for c in facts["coders"]),
        "coding_tree": _tree(project),
        "software": f"qodex {_version()}",
        "saturation": _saturation(study, setting.order),
        "quotations": "In the study report each quote is cited (pseudonym, age) with its source and "
                      "character offsets",
        "minor_themes": "The study report's case × theme matrix marks divergent cases (≠) and names "
                        "the exceptions to the key finding",
    }
    if setting.guide and setting.guide.is_file():
        found["guide"] = f"{setting.guide.name} (in the report's Table II)"
    if ipa:
        found["derivation"] = (f"From the data: {len(ipa)} group themes built from the "
                               "participants' personal themes (IPA)")
    if setting.frame:
        found["orientation"] = f"Themes read against the theory frame {setting.frame.name}"
    return found


def _version() -> str:
    from qodex import __version__

    return __version__


def _attributes(study, setting) -> str:
    from qodex.plugins.reports.sections import characteristics

    chosen = characteristics(study, setting.characteristics, setting.group)
    return "Table I of the study report: " + ", ".join(setting.label(a) for a in chosen) if chosen else ""


def _lengths(project) -> str:
    words = project.activity.words()
    if not words:
        return ""
    return f"Transcripts of {words[0]:,}–{words[-1]:,} words (median {words[len(words) // 2]:,})"


def _tree(project) -> str:
    paths = project.codes.paths().values()
    if not paths:
        return ""
    top = sum(1 for p in paths if "/" not in p)
    deepest = max(p.count("/") for p in paths) + 1
    return f"{len(paths)} codes in {top} top-level groups, up to {deepest} levels deep"


def _saturation(study, order: str) -> str:
    from qodex.plugins.reports.sections import saturated

    found = saturated(study, order)
    return " ".join(found.describe()[:3]) if found.steps else ""


@hookimpl
def register_reports(register):
    register(Report("coreq", build, "The COREQ checklist: what the project shows, what to add", OPTIONS))
