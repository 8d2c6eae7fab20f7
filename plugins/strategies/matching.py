"""Words, phrases and regular expressions found in text, by the unit (sentence, turn) they fall in.

A pattern is a word (``worry``), a phrase (``trust him``, any white space between its words), a
prefix (``worr*``) or a regular expression between slashes (``/afraid|scared/``). Whole-word
matching and case-blindness are options; the whole-word rule does not apply to regular expressions.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from typing import NamedTuple

from qodex.extensions import Suggestion
from qodex.plugins.strategies.units import Unit, by_role, locator, units

TOKEN = re.compile(r"\w+(?:['’]\w+)*")


class Pattern(NamedTuple):
    """A pattern as the researcher wrote it, and the code it stands for."""

    code: str
    text: str


def compile_pattern(text: str, whole_word: bool, flags: int) -> re.Pattern:
    """The regular expression for one pattern (a word or phrase gets no look-behind, so that the
    regex engine can scan for its first letters; `Matcher` checks the start of each match)."""
    if is_regex(text):
        return re.compile(text[1:-1], flags)
    prefix = text.endswith("*")
    body = r"\s+".join(map(re.escape, text.rstrip("*").split()))
    if not body:
        raise ValueError("an empty pattern")
    body += r"\w*" if prefix else ""
    return re.compile(rf"{body}(?!\w)" if whole_word else body, flags)


def is_regex(text: str) -> bool:
    return len(text) > 2 and text.startswith("/") and text.endswith("/")


def fold(text: str) -> str:
    """`text` in lower case, position for position (a letter whose lower case is longer stays)."""
    low = text.lower()
    return low if len(low) == len(text) else "".join(c if len(c.lower()) > 1 else c.lower() for c in text)


def starts_word(text: str, position: int) -> bool:
    return position == 0 or not (text[position - 1].isalnum() or text[position - 1] == "_")


class Matcher:
    """Finds many patterns at once: plain words by one set lookup per unit, the rest by regex
    (words and phrases over the lower-cased text, which lets the regex engine scan fast)."""

    def __init__(self, patterns: list[Pattern], whole_word: bool = True, case: bool = False):
        self.case, self.whole_word = case, whole_word
        self.words: dict[str, list[Pattern]] = defaultdict(list)
        self.others: list[tuple[Pattern, re.Pattern, bool]] = []
        for p in patterns:
            text = p.text.strip() if case or is_regex(p.text.strip()) else p.text.strip().lower()
            if whole_word and TOKEN.fullmatch(text):
                self.words[text].append(p)
                continue
            try:
                flags = 0 if case or not is_regex(text) else re.IGNORECASE
                self.others.append((p, compile_pattern(text, whole_word, flags), not is_regex(text)))
            except (re.error, ValueError) as exc:
                raise ValueError(f"pattern {p.text!r} for {p.code}: {exc}") from None

    def _hits(self, text: str, regexes) -> Iterator[tuple[Pattern, int, int]]:
        folded = text if self.case else fold(text)
        for p, regex, literal in regexes:
            haystack = folded if literal else text
            for m in regex.finditer(haystack):
                if not (literal and self.whole_word) or starts_word(haystack, m.start()):
                    yield p, m.start(), m.end()

    def in_units(self, text: str, found: list[Unit]) -> list[tuple[Unit, dict[str, Counter]]]:
        """Each unit holding a match, with the patterns matched in it by code."""
        hits: list[dict[str, Counter]] = [defaultdict(Counter) for _ in found]
        if self.words:
            for i, u in enumerate(found):
                piece = text[u.start:u.end]
                tokens = Counter(TOKEN.findall(piece if self.case else piece.lower()))
                for word in self.words.keys() & tokens.keys():
                    for p in self.words[word]:
                        hits[i][p.code][p.text] += tokens[word]
        at = locator(found)
        for p, start, end in self._hits(text, self.others):
            i = at(start)
            if i is not None and end <= found[i].end:
                hits[i][p.code][p.text] += 1
        return [(u, h) for u, h in zip(found, hits, strict=True) if h]

    def matches(self, text: str) -> list[Unit]:
        """Every match as a unit of its own (for the ``match`` context)."""
        words = [(p, compile_pattern(w, True, 0), True) for w, ps in self.words.items() for p in ps]
        spans = {(a, b) for _, a, b in self._hits(text, [*words, *self.others])}
        return [Unit(a, b) for a, b in sorted(spans) if a < b]


def suggest(project, sources, matcher: Matcher, context: str, role: str, interviewers,
            why: str) -> Iterator[Suggestion]:
    """One suggestion per unit and code matched; the score is how many distinct patterns hit."""
    for source in sources:
        if context == "match":
            found = matcher.matches(source.text)
            if role != "all":
                at = locator(by_role(units(project, source, "turn"), role, interviewers))
                found = [m for m in found if at(m.start) is not None]
        else:
            found = by_role(units(project, source, context), role, interviewers)
        for unit, by_code in matcher.in_units(source.text, found):
            for code, counts in by_code.items():
                said = ", ".join(f"{t} ×{n}" if n > 1 else t for t, n in counts.items())
                yield Suggestion(source.id, code, unit.start, unit.end, float(len(counts)),
                                 f"{why}: {said}")
