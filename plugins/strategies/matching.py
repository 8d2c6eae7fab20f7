"""Words, phrases and regular expressions found in text, by the unit (sentence, turn) they fall in.

A pattern is a word (``worry``), a phrase (``trust him``, any white space between its words), a
prefix (``worr*``) or a regular expression between slashes (``/afraid|scared/``). Whole-word
matching and case-blindness are options; the whole-word rule does not apply to regular expressions.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterator
from functools import partial
from itertools import chain, compress, count, filterfalse, repeat
from operator import itemgetter, methodcaller
from typing import NamedTuple

from qodex.extensions import Suggestion
from qodex.plugins.strategies.words import STOP_WORDS
from qodex.units import Unit, by_role, locator, units

TOKEN = re.compile(r"\w+(?:['’]\w+)*")
SCAN = 1000  # a phrase whose anchor comes once in fewer characters of a text is scanned for in it


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


class Phrase(NamedTuple):
    """A whole-word phrase (or a word such as ``co-op``) found from one of its words, the anchor:
    `ahead` matches from the anchor on, `behind` over the reversed text back to the phrase's
    start; `whole` is the phrase's own regex, to scan a text where the anchor is common."""

    ahead: re.Pattern
    behind: re.Pattern
    whole: re.Pattern

    def start(self, text: str, backwards: str, at: int) -> int | None:
        """Where the phrase starts if its anchor at `at` is part of a match (`backwards` is `text`
        reversed)."""
        if self.ahead.match(text, at) and (back := self.behind.match(backwards, len(text) - at)):
            return len(text) - back.end()
        return None

    def starts(self, text: str) -> Iterator[int]:
        """Each position where the phrase starts (overlapping matches too, as from anchors)."""
        found = self.whole.search(text)
        while found:
            yield found.start()
            found = self.whole.search(text, found.start() + 1)


def anchored(text: str, whole: re.Pattern) -> tuple[str, Phrase] | None:
    """The anchor token (the first token of its rarest-looking word) and the `Phrase` for a
    whole-word pattern that is not a plain word or prefix; None if no word can anchor it (a word
    starting with punctuation cannot, nor a whole last word before ``*``)."""
    prefix, words = text.endswith("*"), text.rstrip("*").split()
    tokens = [(i, m.group()) for i, m in enumerate(map(TOKEN.match, words))
              if m and not (prefix and i == len(words) - 1 and m.end() == len(words[i]))]
    if not tokens:
        return None
    i, token = max(tokens, key=lambda t: (t[1].lower() not in STOP_WORDS, len(t[1])))
    ahead = r"\s+".join(map(re.escape, words[i:])) + (r"\w*" if prefix else "") + r"(?!\w)"
    behind = "".join(rf"\s+{re.escape(w[::-1])}" for w in reversed(words[:i])) + r"(?!\w)"
    return token, Phrase(re.compile(ahead), re.compile(behind), whole)


class Hit(NamedTuple):
    """A word or prefix matched at `offset` in a token or chunk, or a phrase to confirm there."""

    offset: int
    number: int  # the pattern's
    phrase: Phrase | None


def fold(text: str) -> str:
    """`text` in lower case, position for position (a letter whose lower case is longer stays)."""
    low = text.lower()
    return low if len(low) == len(text) else "".join(c if len(c.lower()) > 1 else c.lower() for c in text)


class Matcher:
    """Finds many patterns at once. The text is split at spaces once; each distinct chunk is
    read once for the words and prefixes its tokens match and the phrases they may anchor, and
    only the chunks with a hit are placed in the text. Regular expressions (and phrases that no
    word can anchor, or whose anchor is common in a text) run over the whole text. Words and
    phrases are matched in a lower-cased copy of the text."""

    def __init__(self, patterns: list[Pattern], whole_word: bool = True, case: bool = False):
        self.case = case
        self.words: dict[str, list[Pattern]] = defaultdict(list)
        self.prefixes: list[tuple[str, Pattern]] = []
        self.others: list[tuple[Pattern, re.Pattern, bool]] = []  # (pattern, regex, on folded text)
        self.anchored: dict[str, list[tuple[int, Phrase]]] = defaultdict(list)  # by anchor token
        self.scanned: list[tuple[int, re.Pattern, bool]] = []  # others run over the whole text
        self.tokens: dict[str, list[Hit]] = {}  # each token seen: its words, prefixes and anchors
        self.seen: set[str] = set()  # each chunk of text seen, and those with a hit:
        self.chunks: dict[str, tuple[frozenset[int], list[Hit]]] = {}
        self.patterns = list(dict.fromkeys(patterns))  # numbered, for cheap sets of matches
        self.number = {p: n for n, p in enumerate(self.patterns)}
        for p in self.patterns:
            self._add(p, whole_word)

    def _add(self, p: Pattern, whole_word: bool) -> None:
        text = p.text.strip()
        folded = not self.case and not (is_regex(text) and _has_capitals(text))
        text = text.lower() if folded and not is_regex(text) else text
        if whole_word and TOKEN.fullmatch(text):
            self.words[text].append(p)
        elif whole_word and text.endswith("*") and TOKEN.fullmatch(text[:-1]):
            self.prefixes.append((text[:-1], p))
        else:
            self._add_phrase(p, text, whole_word, folded)

    def _add_phrase(self, p: Pattern, text: str, whole_word: bool, folded: bool) -> None:
        """A phrase or regex: anchored on a word it must contain when it has one, else scanned."""
        try:
            regex = compile_pattern(text, whole_word, 0 if self.case or folded else re.IGNORECASE)
        except (re.error, ValueError) as exc:
            raise ValueError(f"pattern {p.text!r} for {p.code}: {exc}") from None
        self.others.append((p, regex, folded))
        anchor = whole_word and not is_regex(text) and anchored(text, regex)
        if anchor:
            self.anchored[anchor[0]].append((self.number[p], anchor[1]))
        else:
            self.scanned.append((self.number[p], regex, folded))

    def _token(self, token: str) -> list[Hit]:
        """The words and prefixes `token` matches, and the phrases it may anchor: as the whole
        token, or a part of it between apostrophes (``o'trust him``, ``trust him's``)."""
        if token not in self.tokens:
            words = self.words.get(token, []) + [p for w, p in self.prefixes if token.startswith(w)]
            cuts = [i for i, c in enumerate(token) if c in "'’"]
            self.tokens[token] = [Hit(0, self.number[p], None) for p in words] + [
                Hit(i, n, phrase) for i in [0, *(c + 1 for c in cuts)] for j in [*cuts, len(token)]
                if i < j for n, phrase in self.anchored.get(token[i:j], ())]
        return self.tokens[token]

    def _learn(self, chunks: set[str]) -> None:
        """Read each chunk not seen before; keep those with a hit: the words and prefixes matched
        at its start, and the rest (matched further in, or phrases anchored)."""
        for chunk in chunks:
            self.seen.add(chunk)
            if any(map(self._token, TOKEN.findall(chunk))):
                hits = [Hit(m.start() + h.offset, h.number, h.phrase)
                        for m in TOKEN.finditer(chunk) for h in self._token(m.group())]
                at_start = frozenset(h.number for h in hits if h.offset == 0 and h.phrase is None)
                self.chunks[chunk] = (at_start, [h for h in hits if h.offset or h.phrase])

    def _common(self, counts: Counter, length: int) -> dict[int, Phrase]:
        """The phrases whose anchors, by `counts` of chunks, are common in a text of `length`."""
        load, phrases = Counter(), {}
        for chunk, k in counts.items():
            for hit in self.chunks[chunk][1]:
                if hit.phrase:
                    load[hit.number] += k
                    phrases[hit.number] = hit.phrase
        return {n: phrases[n] for n, k in load.items() if k * SCAN > length}

    def _find(self, text: str, where) -> dict[int, set[int]]:
        """The numbers of the words, prefixes and phrases matched in `text`, by `where` they start
        (a chunk in the same place twice counts once)."""
        chunks = text.split(" ")
        self._learn(set(filterfalse(self.seen.__contains__, chunks)))
        mask = list(map(self.chunks.__contains__, chunks))
        hit, at = list(compress(chunks, mask)), list(_starts(chunks, compress(count(), mask)))
        found: dict[int, set[int]] = defaultdict(set)
        for k, chunk in set(zip(map(where, at), hit, strict=True)):
            found[k] |= self.chunks[chunk][0]
        for start, n in self._rest(text, hit, at):
            found[where(start)].add(n)
        return found

    def _rest(self, text: str, hit: list[str], at: list[int]) -> Iterator[tuple[int, int]]:
        """(start, pattern number) of the other matches in the `hit` chunks (which start `at`):
        words further in, and phrases, confirmed from their anchors or, in a text where their
        anchors are common, scanned for."""
        counts = Counter(hit)
        common = self._common(counts, len(text))
        rest = {c for c in counts
                if any(h.phrase is None or h.number not in common for h in self.chunks[c][1])}
        backwards = text[::-1] if self.anchored else ""
        chosen = zip(compress(at, map(rest.__contains__, hit)), filter(rest.__contains__, hit), strict=True)
        for start, chunk in chosen:
            for offset, n, phrase in self.chunks[chunk][1]:
                if phrase is None:
                    yield start + offset, n
                elif n not in common and (begin := phrase.start(text, backwards, start + offset)) is not None:
                    yield begin, n
        for n, phrase in common.items():
            yield from zip(phrase.starts(text), repeat(n))

    def in_units(self, text: str, found: list[Unit]) -> list[tuple[Unit, dict[str, set[str]]]]:
        """Each unit holding a match, with the patterns matched in it by code (a phrase or
        regex counts in the unit where its match starts)."""
        bounds = list(chain.from_iterable(map(itemgetter(0, 1), found)))
        where = partial(bisect_right, bounds)  # odd: inside unit k // 2; even: between units
        folded = fold(text) if not self.case else text
        numbers = self._find(folded, where)
        for n, regex, on_folded in self.scanned:
            starts = map(methodcaller("start"), regex.finditer(folded if on_folded else text))
            for k in set(map(where, starts)):
                numbers[k].add(n)
        hits = []
        for k in sorted(k for k, ns in numbers.items() if k % 2 and ns):
            by_code = defaultdict(set)
            for n in numbers[k]:
                by_code[self.patterns[n].code].add(self.patterns[n].text)
            hits.append((found[k // 2], by_code))
        return hits

    def matches(self, text: str) -> list[Unit]:
        """Every match as a unit of its own (for the ``match`` context)."""
        folded = fold(text) if not self.case else text
        every = [(compile_pattern(w, True), True) for w in self.words]
        every += [(compile_pattern(f"{w}*", True), True) for w, _ in self.prefixes]
        every += [(regex, on_folded) for _, regex, on_folded in self.others]
        spans = {m.span() for regex, on_folded in every
                 for m in regex.finditer(folded if on_folded else text)}
        return [Unit(a, b) for a, b in sorted(spans) if a < b]


def _starts(chunks: list[str], chosen: Iterator[int]) -> Iterator[int]:
    """Where each of the `chosen` chunks (in order) starts in the text they were split from."""
    at = done = 0
    for i in chosen:
        at += sum(map(len, chunks[done:i])) + i - done
        done = i
        yield at


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
