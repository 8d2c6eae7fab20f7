"""IPA's vocabulary, and the project's settings: which edition's words (2009 or 2022), the recurrence
rule."""

from __future__ import annotations

from qodex.errors import QodexError

KINDS = ("descriptive", "linguistic", "conceptual")  # of exploratory notes
METHODS = ("abstraction", "subsumption", "polarisation", "contextualisation", "numeration", "function")
LEVELS = ("personal", "group")  # of themes: within a case, across cases
TERMS = {
    "2009": {"statement": "emergent theme", "personal": "superordinate theme",
             "group": "master theme", "subtheme": "subordinate theme"},
    "2022": {"statement": "experiential statement", "personal": "personal experiential theme",
             "group": "group experiential theme", "subtheme": "subtheme"},
}
TERMS_KEY, RULE_KEY = "ipa.terms", "ipa.recurrence"
DEFAULT_EDITION, DEFAULT_RULE = "2022", 0.5


def edition(project) -> str:
    """The edition whose words the project uses."""
    return project.meta(TERMS_KEY) or DEFAULT_EDITION


def term(project, key: str) -> str:
    """The project's word for `key` (statement, personal, group, subtheme)."""
    return TERMS[edition(project)][key]


def set_edition(project, value: str) -> None:
    if value not in TERMS:
        raise QodexError(f"IPA terms are {' or '.join(TERMS)}, not {value!r}")
    project.set_meta(TERMS_KEY, value)


def rule(project) -> float:
    """A theme recurs when present in at least this share of the cases."""
    stored = project.meta(RULE_KEY)
    return DEFAULT_RULE if stored is None else float(stored)


def set_rule(project, share: float) -> None:
    if not 0 < share <= 1:
        raise QodexError(f"the recurrence rule is a share of cases in (0, 1], not {share}")
    project.set_meta(RULE_KEY, str(share))
