"""A small IPA study built through the API: four cases, their statements, themes and links."""

from __future__ import annotations

from qodex.plugins.ipa import clustering, crosscase, notes, statements, theory

CASES = [  # name, age, consulted GP, words
    ("Anne", 67, "regular", "He knows me.\nI trust him completely.\nHe retires soon, I dread it.\n"),
    ("Poul", 74, "regular", "We go back years.\nA new face would frighten me.\n"),
    ("Inger", 61, "unfamiliar", "The trainee was kind.\nStill, I want my own doctor.\n"),
    ("Mads", 24, "unfamiliar", "Whoever is free.\nI changed once, it was awkward.\n"),
]
# subtheme of "The need for attachment": the cases whose personal theme it is built from
PERSPECTIVES = {"Personal relationship": ("Anne", "Poul", "Inger"),
                "Vulnerability": ("Anne",), "Change of doctor": ("Poul", "Mads")}


def build(project) -> dict:
    """The study, with one grounded statement and personal theme per case and perspective."""
    project.attributes.define("age", "number")
    project.attributes.define("gp", "category", ["regular", "unfamiliar"])
    for name, age, gp, text in CASES:
        source = project.sources.add(f"{name}-interview", text)
        project.cases.add(name)
        project.cases.link(name, source)
        project.cases.set_values(name, {"age": age, "gp": gp})
    project.codes.ensure("Attachment theory/Secure base")
    trust = CASES[0][3].index("I trust him")
    project.codings.add("Anne-interview", "Attachment theory/Secure base", trust, trust + 23)
    note = notes.add(project, "Anne-interview", trust, trust + 23, "conceptual", "trust as surrender")
    top = crosscase.add(project, "The need for attachment")
    ids = {"top": top}
    for perspective, names in PERSPECTIVES.items():
        ids[perspective] = crosscase.add(project, perspective, parent=top)
        for name in names:
            text = project.cases.sources(name)[0].text
            line = text.splitlines()[1 if perspective != "Change of doctor" else -1]
            start = text.index(line)
            grounds = {"notes": [note]} if (name, perspective) == ("Anne", "Personal relationship") \
                else {"passages": [(f"{name}-interview", start, start + len(line))]}
            statement = statements.add(project, name, f"{perspective} for {name}", **grounds)
            pet = clustering.cluster(project, name, f"{name}: {perspective}", [statement], "abstraction")
            crosscase.add_members(project, ids[perspective], [pet])
    theory.link(project, ids["Personal relationship"], "Attachment theory/Secure base")
    return ids
