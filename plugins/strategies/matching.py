"""Words, phrases and regular expressions found in text, by the unit (sentence, turn) they fall in.

A pattern is a word (``worry``), a phrase (``trust him``, any white space between its words), a
prefix (``worr*``) or a regular expression between slashes (``/afraid|scared/``). Whole-word
matching and case-blindness are options; the whole-word rule does not apply to regular expressions.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterator
from functools import partial
from operator import methodcaller
from typing import NamedTuple

from qodex.extensions import Suggestion
from qodex.plugins.strategies.units import Unit, by_role, locator, units

TOKEN = re.compile(r"\w+(?:['’]\w+)*")


class Pattern(NamedTuple):
    """A pattern as the researcher wrote it, and the code it stands for."""

    code: str
    text: str


def compile_pattern(text: str, whole_word: bool, flags: int = 0) -> re.Pattern:
    """The regular expression for a word, phrase, prefix* or /regex/. The whole-word look-behind
    comes after the first word, so that the regex engine can scan for that word's letters."""
    if is_regex(text):
        return re.compile(text[1:-1], flags)
    prefix = text.endswith("*")
    words = [re.escape(w) for w in text.rstrip("*").split()]
    if not words:
        raise ValueError("an empty pattern")
    first = rf"{words[0]}(?<!\w{words[0]})" if whole_word else words[0]
    body = r"\s+".join([first, *words[1:]]) + (r"\w*" if prefix else "")
    return re.compile(rf"{body}(?!\w)" if whole_word else body, flags)


def is_regex(text: str) -> bool:
    return len(text) > 2 and text.startswith("/") and text.endswith("/")


def fold(text: str) -> str:
    """`text` in lower case, position for position (a letter whose lower case is longer stays)."""
    low = text.lower()
    return low if len(low) == len(text) else "".join(c if len(c.lower()) > 1 else c.lower() for c in text)


class Matcher:
    """Finds many patterns at once. Plain words and prefixes are looked up per token (each
    distinct token once); phrases and regular expressions run over the whole text, words and
    phrases over its lower-cased copy, which lets the regex engine scan fast."""

    def __init__(self, patterns: list[Pattern], whole_word: bool = True, case: bool = False):
        self.case = case
        self.words: dict[str, list[Pattern]] = defaultdict(list)
        self.prefixes: list[tuple[str, Pattern]] = []
        self.others: list[tuple[Pattern, re.Pattern, bool]] = []  # (pattern, regex, on folded text)
        self.tokens: dict[str, list[Pattern]] = {}  # each token seen: the patterns it matches
        self.hits: set[str] = set()  # the tokens some pattern matches
        for p in patterns:
            text = p.text.strip()
            folded = not case and not (is_regex(text) and _has_capitals(text))
            text = text.lower() if folded and not is_regex(text) else text
            if whole_word and TOKEN.fullmatch(text):
                self.words[text].append(p)
            elif whole_word and text.endswith("*") and TOKEN.fullmatch(text[:-1]):
                self.prefixes.append((text[:-1], p))
            else:
                try:
                    flags = 0 if case or folded else re.IGNORECASE
                    self.others.append((p, compile_pattern(text, whole_word, flags), folded))
                except (re.error, ValueError) as exc:
                    raise ValueError(f"pattern {p.text!r} for {p.code}: {exc}") from None

    def _hit_tokens(self, tokens: set[str]) -> set[str]:
        """Those of `tokens` that some word or prefix matches (each new token looked at once)."""
        for token in tokens - self.tokens.keys():
            self.tokens[token] = self.words.get(token, []) + [p for prefix, p in self.prefixes
                                                              if token.startswith(prefix)]
            if self.tokens[token]:
                self.hits.add(token)
        return tokens & self.hits

    def in_units(self, text: str, found: list[Unit]) -> list[tuple[Unit, dict[str, set[str]]]]:
        """Each unit holding a match, with the patterns matched in it by code (a phrase or
        regex counts in the unit where its match starts)."""
        hits: dict[int, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        if self.words or self.prefixes:
            for i, u in enumerate(found):
                piece = text[u.start:u.end]
                for token in self._hit_tokens(set(TOKEN.findall(piece if self.case else piece.lower()))):
                    for p in self.tokens[token]:
                        hits[i][p.code].add(p.text)
        bounds = [b for u in found for b in (u.start, u.end)]
        where = partial(bisect_right, bounds)  # odd: inside unit k // 2; even: between units
        folded = fold(text) if not self.case else text
        for p, regex, on_folded in self.others:
            starts = map(methodcaller("start"), regex.finditer(folded if on_folded else text))
            for k in set(map(where, starts)):
                if k % 2:
                    hits[k // 2][p.code].add(p.text)
        return [(found[i], hits[i]) for i in sorted(hits)]

    def matches(self, text: str) -> list[Unit]:
        """Every match as a unit of its own (for the ``match`` context)."""
        folded = fold(text) if not self.case else text
        every = [(compile_pattern(w, True), True) for w in self.words]
        every += [(compile_pattern(f"{w}*", True), True) for w, _ in self.prefixes]
        every += [(regex, on_folded) for _, regex, on_folded in self.others]
        spans = {m.span() for regex, on_folded in every
                 for m in regex.finditer(folded if on_folded else text)}
        return [Unit(a, b) for a, b in sorted(spans) if a < b]


def _has_capitals(regex: str) -> bool:
    r"""Whether a regex names capital letters (not counting escapes such as ``\W``)."""
    return any(c.isupper() for c in re.sub(r"\\.", "", regex))


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
            for code, matched in by_code.items():
                yield Suggestion(source.id, code, unit.start, unit.end, float(len(matched)),
                                 f"{why}: {', '.join(sorted(matched))}")
