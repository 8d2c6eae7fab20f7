"""Consistent pseudonyms: the edits that replace every name of the key in a text.

A name matches as whole words; a multi-word name also matches by its parts ("Krogh" alone), each
part replaced by the pseudonym's part in the same place when both have as many parts. With the
GPs-as-men policy, female pronouns and titles after a GP's name, to the end of the line, become male.
"""

from __future__ import annotations

import re

from qodex.project.edit import Edit

MALE = {"she": "he", "She": "He", "herself": "himself", "Herself": "Himself", "hers": "his",
        "Hers": "His", "Mrs": "Mr", "Ms": "Mr", "woman": "man", "lady": "man"}
OBJECT_FOLLOWERS = {"", "and", "but", "or", "to", "that", "about", "for", "again", "too", "at", "in",
                    "on", "up", "out", "so", "when", "because", "if", "then", "now", "there", "very"}


def forms(entries) -> dict[str, tuple[str, str]]:
    """Each text to look for -> (its replacement, the entry's role)."""
    found = {}
    for entry in entries:
        parts, pseudo = entry.name.split(), entry.pseudonym.split()
        if len(parts) > 1:
            for i, part in enumerate(parts):
                replacement = pseudo[i] if len(pseudo) == len(parts) else entry.pseudonym
                found.setdefault(part, (replacement, entry.role))
        found[entry.name] = (entry.pseudonym, entry.role)
    return found


def pattern(found: dict) -> re.Pattern | None:
    names = sorted(found, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(map(re.escape, names)) + r")\b") if names else None


def edits(text: str, entries, gp_as_men: bool = False) -> list[Edit]:
    """The edits pseudonymising `text`, in order, none overlapping."""
    found = forms(entries)
    regex = pattern(found)
    if regex is None:
        return []
    result, gp_lines = [], set()
    for match in regex.finditer(text):
        replacement, role = found[match.group()]
        result.append(Edit(match.start(), match.end(), replacement))
        if role == "gp":
            gp_lines.add(match.end())
    if gp_as_men:
        result = sorted(result + _male(text, gp_lines))
    return result


def _male(text: str, after: set[int]) -> list[Edit]:
    """Male pronouns and titles from each GP mention (at offsets `after`) to the end of its line."""
    changes = []
    for start in sorted(after):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        for match in re.finditer(r"\b(?:[Ss]he|[Hh]erself|[Hh]ers?|Mrs|Ms|woman|lady)\b", text[start:end]):
            word = match.group()
            if word.lower() == "her":
                following = re.match(r"\s*(\w*)", text[start + match.end():end]).group(1)
                male = "him" if following.lower() in OBJECT_FOLLOWERS else "his"
                male = male.capitalize() if word[0].isupper() else male
            else:
                male = MALE[word]
            changes.append(Edit(start + match.start(), start + match.end(), male))
    return sorted(set(changes))
