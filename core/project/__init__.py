"""The project file API: `Project` and the typed records it hands out."""

from qodex.project.apply import ApplyResult
from qodex.project.project import Project
from qodex.project.records import Attribute, Case, Change, Code, Coder, Coding, Memo, Segment, Source

__all__ = ["ApplyResult", "Attribute", "Case", "Change", "Code", "Coder", "Coding", "Memo",
           "Project", "Segment", "Source"]
