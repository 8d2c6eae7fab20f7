"""A small made-up study on another topic than the sample's (working from home), with its own
codes, attributes, study file and theory frame, built through the project API."""

from __future__ import annotations

from analysis_study import transcript

from qodex.project import Project

CODES = ["Boundaries/Home and work blur", "Boundaries/Always reachable", "Autonomy",
         "Isolation/Missing colleagues", "Competence/Learning alone"]
PEOPLE = [  # name, years in the job, team, workload
    ("Ada", 12, "sales", "high"), ("Bo", 3, "sales", "low"), ("Cy", 7, "support", "medium")]
TURNS = {
    "Ada": [("Interviewer", "How is working from home?"),
            ("Ada", "The kitchen is my office now, the laptop never closes. I decide my own hours."),
            ("Ada", "I miss the coffee machine chats with colleagues.")],
    "Bo": [("Interviewer", "How is working from home?"),
           ("Bo", "My manager rings at nine in the evening. I taught myself the new tools.")],
    "Cy": [("Interviewer", "How is working from home?"),
           ("Cy", "I choose when to take a walk. I never feel lonely, honestly; my neighbour does.")],
}
CODINGS = {  # quote, code, counter-instance kind
    "Ada": [("The kitchen is my office now", "Boundaries/Home and work blur", None),
            ("I decide my own hours", "Autonomy", None),
            ("I miss the coffee machine chats with colleagues", "Isolation/Missing colleagues", None)],
    "Bo": [("My manager rings at nine in the evening", "Boundaries/Always reachable", None),
           ("I taught myself the new tools", "Competence/Learning alone", None)],
    "Cy": [("I choose when to take a walk", "Autonomy", None),
           ("I never feel lonely, honestly; my neighbour does", "Isolation/Missing colleagues", "denial")],
}
FRAME = """name = "Self-determination theory"
root = "SDT"
description = "Three basic needs: autonomy, competence and relatedness."

[[code]]
path = "Autonomy need"
description = "Acting of one's own accord."

[[code]]
path = "Relatedness"
description = "Feeling connected to others."
"""
STUDY = """title = "Working from home: a pilot"
coder = "ines"
guide = "topics.md"

[participants]
group = "team"
note = "One support interview was held by phone."

[participants.characteristics]
years = "Years in the job"
workload = "Workload"

[finding]
code = "Autonomy"
label = "valued deciding their own hours"
by = ["team"]

[gradient]
attribute = "workload"
levels = ["low", "medium", "high"]
codes = ["Boundaries"]

[theory]
frame = "sdt.toml"

[[theory.link]]
construct = "Autonomy need"
themes = ["Autonomy"]
argument = "Choosing one's hours is the need for autonomy met."
quotes = [{source = "Ada.txt", quote = "I decide my own hours"}]
"""
GUIDE = "# Topics\n\n## 1. The home office\n\n- Where do you work?\n"


def build(folder, host) -> Project:
    """The project ``wfh.qodex`` in `folder` with its study file, frame and guide beside it."""
    path = folder / "wfh.qodex"
    with Project.create(path, coder="ines", host=host) as project:
        for code_path in CODES:
            project.codes.ensure(code_path)
        for attribute, kind in (("years", "number"), ("team", "category"), ("workload", "category")):
            project.attributes.define(attribute, kind)
        for name, years, team, workload in PEOPLE:
            text, segments = transcript(TURNS[name])
            source = project.sources.add(f"{name}.txt", text, segments=segments)
            project.cases.add(name)
            project.cases.link(name, source)
            project.cases.set_values(name, {"years": years, "team": team, "workload": workload})
            for phrase, code_path, counter in CODINGS[name]:
                start = text.index(phrase)
                project.codings.add(source, code_path, start, start + len(phrase), counter=counter)
    (folder / "report.toml").write_text(STUDY, encoding="utf-8")
    (folder / "sdt.toml").write_text(FRAME, encoding="utf-8")
    (folder / "topics.md").write_text(GUIDE, encoding="utf-8")
    return path
