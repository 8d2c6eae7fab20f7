"""A small two-coder study built through the project API, for the analysis and report tests."""

from __future__ import annotations

from qodex.bundle import SegmentData
from qodex.project import Project

CODES = ["Personal relationship/Being known", "Personal relationship/Being recognised",
         "Vulnerability/Worry", "Change of doctor/Difficult to change GP",
         "Continuity preference/Prefers a regular GP", "Continuity preference/Indifferent to which GP",
         "Attachment theory/Safe haven", "Attachment theory/Secure base"]
PEOPLE = [  # name, age, practice, sex, consulted_gp, seriousness, interview_date
    ("Anne", 67, "1", "female", "regular", "incurable", "2006-03-06"),
    ("Poul", 74, "1", "male", "regular", "chronic", "2006-03-07"),
    ("Mads", 24, "2", "male", "unfamiliar", "less serious", "2006-03-20"),
    ("Sofie", 31, "2", "female", "unfamiliar", "less serious", "2006-03-10"),
]
TURNS = {
    "Anne": [("Interviewer", "Tell me about your doctor."),
             ("Anne", "He knows me and my family. When I am scared I go to him and I sleep again."),
             ("Interviewer", "Would you change?"),
             ("Anne", "You don't change doctor. I want my own doctor, always.")],
    "Poul": [("Interviewer", "Tell me about your doctor."),
             ("Poul", "He says hello and asks about my wife. I worry about my heart."),
             ("Poul", "I want my own doctor, the one who knows my heart.")],
    "Mads": [("Interviewer", "Does it matter who you see?"),
             ("Mads", "Whoever is free. It is all the same to me, really.")],
    "Sofie": [("Interviewer", "Does it matter who you see?"),
              ("Sofie", "I want my own doctor. He knows me, so I dare to get on with things.")],
}
ASTRID = {
    "Anne": [("He knows me and my family", "Personal relationship/Being known"),
             ("When I am scared I go to him and I sleep again", "Attachment theory/Safe haven"),
             ("When I am scared", "Vulnerability/Worry"),
             ("You don't change doctor", "Change of doctor/Difficult to change GP"),
             ("I want my own doctor, always", "Continuity preference/Prefers a regular GP")],
    "Poul": [("He says hello and asks about my wife", "Personal relationship/Being recognised"),
             ("I worry about my heart", "Vulnerability/Worry"),
             ("I want my own doctor", "Continuity preference/Prefers a regular GP")],
    "Mads": [("Whoever is free. It is all the same to me", "Continuity preference/Indifferent to which GP")],
    "Sofie": [("I want my own doctor", "Continuity preference/Prefers a regular GP"),
              ("He knows me", "Personal relationship/Being known"),
              ("so I dare to get on with things", "Attachment theory/Secure base")],
}
BJORN = {  # Anne and Poul only: one span longer, one code missed, one code of his own
    "Anne": [("He knows me and my family. When I am scared", "Personal relationship/Being known"),
             ("When I am scared I go to him and I sleep again", "Attachment theory/Safe haven"),
             ("You don't change doctor", "Change of doctor/Difficult to change GP"),
             ("I want my own doctor, always", "Continuity preference/Prefers a regular GP")],
    "Poul": [("He says hello and asks about my wife", "Personal relationship/Being recognised"),
             ("I worry about my heart", "Vulnerability/Worry"),
             ("I want my own doctor", "Continuity preference/Prefers a regular GP"),
             ("the one who knows my heart", "Personal relationship/Being known")],
}


def transcript(turns) -> tuple[str, list[SegmentData]]:
    """One paragraph per turn ("Speaker: words") and the turn segments."""
    text, segments = "", []
    for speaker, words in turns:
        line = f"{speaker}: {words}"
        segments.append(SegmentData("turn", len(text), len(text) + len(line), speaker))
        text += line + "\n\n"
    return text, segments


def code(project: Project, codings: dict) -> None:
    for name, found in codings.items():
        source = project.sources.get(f"{name}.txt")
        for phrase, path in found:
            start = source.text.index(phrase)
            project.codings.add(source, path, start, start + len(phrase))


def build(path, host) -> None:
    """Create the study at `path`: astrid codes all four interviews, bjorn Anne's and Poul's."""
    with Project.create(path, coder="astrid", host=host) as project:
        for code_path in CODES:
            project.codes.ensure(code_path)
        for attribute, kind in (("age", "number"), ("practice", "category"), ("sex", "category"),
                                ("consulted_gp", "category"), ("seriousness", "category"),
                                ("interview_date", "date")):
            project.attributes.define(attribute, kind)
        for name, age, practice, sex, gp, seriousness, date in PEOPLE:
            text, segments = transcript(TURNS[name])
            source = project.sources.add(f"{name}.txt", text, segments=segments)
            project.cases.add(name)
            project.cases.link(name, source)
            project.cases.set_values(name, {"age": age, "practice": practice, "sex": sex,
                                            "consulted_gp": gp, "seriousness": seriousness,
                                            "interview_date": date})
        code(project, ASTRID)
    with Project.open(path, coder="bjorn", host=host) as project:
        code(project, BJORN)
