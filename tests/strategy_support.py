"""Shared by the strategy tests: a small interview study built through the project API."""

from __future__ import annotations

from qodex.bundle import SegmentData
from qodex.project import Project

GUIDE = """# Guide

## 1. About you
- Tell me about yourself, your age and your family.

## 2. The consultation
- Can you describe the consultation the other day?

## 3. Changing doctor
- Have you ever thought about changing doctor?
"""

ANNE = [
    ("Interviewer", "Could you tell me about yourself and your family?"),
    ("Anne", "I'm seventy-one. My husband died. I was so worried when he was ill."),
    ("Interviewer", "And how old are your children?"),
    ("Anne", "Forty and forty-two."),
    ("Interviewer", "Tell me about the consultation the other day."),
    ("Anne", "He listened. I trust him completely. After seeing him I could sleep again."),
    ("Anne", "He calmed me down."),
    ("Interviewer", "Have you ever thought about changing doctor?"),
    ("Anne", "Never. If he retired I would be lost. I trust him."),
]
BJORN = [
    ("I", "Tell me about yourself."),
    ("P", "I'm thirty-four and I work in Søhøj. Scared of nothing, me."),
    ("I", "Have you thought about changing doctor?"),
    ("P", "I see whoever is free. I trust the nurse more, to be honest."),
]


def interview(turns, title: str = "Interview") -> tuple[str, list[SegmentData]]:
    """A title heading, then one ``Speaker: words`` paragraph per turn, as segments."""
    text, segments = f"{title}\n", [SegmentData("heading", 0, len(title), "1")]
    for i, (speaker, words) in enumerate(turns):
        start = len(text) + len(speaker) + 2
        text += f"{speaker}: {words}\n"
        segments.append(SegmentData("turn", start, start + len(words), speaker, i * 10.0, i * 10.0 + 9))
        segments.append(SegmentData("cue", start, start + len(words), speaker, i * 10.0, i * 10.0 + 9))
    return text, segments


def build(path, host, guide: bool = True) -> Project:
    """P01 (Anne) and P02 (Bjorn), the guide beside the project, one coding of Safe haven."""
    project = Project.create(path, host=host)
    for name, turns in (("P01-anne", ANNE), ("P02-bjorn", BJORN)):
        text, segments = interview(turns, f"Interview {name}")
        project.sources.add(name, text, segments=segments)
    if guide:
        (path.parent / "interview_guide.md").write_text(GUIDE, encoding="utf-8")
    text = project.sources.get("P01-anne").text
    start = text.index("After seeing him")
    project.codings.add("P01-anne", project.codes.ensure("Attachment/Safe haven"), start,
                        start + len("After seeing him I could sleep again."))
    return project
