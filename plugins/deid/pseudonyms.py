"""Consistent pseudonyms: the edits that replace every name of the key in a text.

A name matches as a whole word in any case ("KROGH", "krogh" in a file name) and in ASCII ("soren"
for Søren), also before a possessive s ("Kroghs", "Krogh's"); a word is bounded by anything but a
letter, so "P01-anne" and "anne_jensen" match while "Hanne" does not. The replacement takes the
case of what it replaces. A multi-word name also matches by its parts ("Krogh" alone), each part
replaced by the pseudonym's part in the same place when both have as many parts. With the
GPs-as-men policy, female pronouns and titles after a GP's name, to the end of the line, become male.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from qodex.project.edit import Edit

MALE = {"she": "he", "She": "He", "herself": "himself", "Herself": "Himself", "hers": "his",
        "Hers": "His", "Mrs": "Mr", "Ms": "Mr", "woman": "man", "lady": "man"}
OBJECT_FOLLOWERS = {"", "and", "but", "or", "to", "that", "about", "for", "again", "too", "at", "in",
                    "on", "up", "out", "so", "when", "because", "if", "then", "now", "there", "very"}
NOT_AFTER_LETTER = r"(?<![^\W\d_])"
WORD_ENDS = r"(?=(?:['’]?s)?(?![^\W\d_]))"  # the name ends, or only a possessive s follows


# ASCII spellings of letters (as in file names: Søren -> soeren, soren); others lose their accents
ASCII = {"æ": ("ae", "ae"), "ø": ("oe", "o"), "å": ("aa", "a"), "ä": ("ae", "a"), "ö": ("oe", "o"),
         "ü": ("ue", "u"), "ß": ("ss", "ss")}


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def spellings(name: str) -> set[str]:
    """`name` in lower case, and its ASCII spellings."""
    low = nfc(name).lower()
    return {low} | {"".join(ASCII[c][k] if c in ASCII else _unaccented(c) for c in low) for k in (0, 1)}


def _unaccented(char: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))


def forms(entries) -> dict[str, tuple[str, str]]:
    """Each text to look for (every spelling, in lower case) -> (its replacement, the entry's role)."""
    found = {}
    for entry in entries:
        name, pseudonym = nfc(entry.name), nfc(entry.pseudonym)
        parts, pseudo = name.split(), pseudonym.split()
        if len(parts) > 1:
            for i, part in enumerate(parts):
                replacement = pseudo[i] if len(pseudo) == len(parts) else pseudonym
                for spelling in spellings(part):
                    found.setdefault(spelling, (replacement, entry.role))
        found.update(dict.fromkeys(spellings(name), (pseudonym, entry.role)))
    return found


@lru_cache(maxsize=16)
def compiled(entries: tuple) -> tuple[dict[str, tuple[str, str]], re.Pattern | None]:
    """The forms of `entries` and the pattern finding them, made once per key."""
    found = forms(entries)
    return found, pattern(found)


def pattern(names) -> re.Pattern | None:
    """Any of `names` as a whole word (or before a possessive s), in any case; None for no names."""
    names = sorted(names, key=len, reverse=True)
    if not names:
        return None
    firsts = "".join(sorted({c for n in names for c in (n[0].lower(), n[0].upper())}))
    return re.compile(f"(?=[{re.escape(firsts)}])"  # first: lets the search skip ahead fast
                      + NOT_AFTER_LETTER + "(?:" + "|".join(map(re.escape, names)) + ")" + WORD_ENDS,
                      re.IGNORECASE)


def shaped(replacement: str, original: str) -> str:
    """`replacement` in the case of `original` when that is all upper or all lower case."""
    if original.isupper():
        return replacement.upper()
    return replacement.lower() if original.islower() else replacement


def edits(text: str, entries, gp_as_men: bool = False) -> list[Edit]:
    """The edits pseudonymising `text`, in order, none overlapping."""
    found, regex = compiled(tuple(entries))
    if regex is None:
        return []
    result, gp_lines = [], set()
    for match in regex.finditer(text):
        replacement, role = found[match.group().lower()]
        result.append(Edit(match.start(), match.end(), shaped(replacement, match.group())))
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
