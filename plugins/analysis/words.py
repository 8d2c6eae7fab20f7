"""Word frequencies and keyword in context, over whole sources or only the text coded with
some codes, optionally leaving out turns by some speakers (the interviewer)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import asdict, dataclass

from qodex.plugins.analysis import scope

WORD = re.compile(r"\w+(?:['’]\w+)*")
STOPWORDS = frozenset([
    "a", "about", "after", "again", "all", "also", "am", "an", "and", "any", "are", "as", "at",
    "be", "because", "been", "before", "being", "but", "by", "can", "could", "did", "do", "does",
    "doing", "don't", "down", "for", "from", "had", "has", "have", "having", "he", "he's", "her",
    "here", "him", "his", "how", "i", "i'd", "i'm", "i've", "if", "in", "into", "is", "it", "it's",
    "its", "just", "me", "more", "most", "my", "no", "not", "now", "of", "off", "on", "once", "one",
    "only", "or", "other", "our", "out", "over", "own", "really", "so", "some", "such", "than",
    "that", "that's", "the", "their", "them", "then", "there", "they", "this", "those", "through",
    "to", "too", "up", "very", "was", "we", "well", "were", "what", "when", "where", "which",
    "while", "who", "why", "will", "with", "would", "yeah", "you", "your",
])
CONTEXT = 40


@dataclass(frozen=True)
class Line:
    """One keyword in context: `left` and `right` are `CONTEXT` characters either side."""

    source_id: int
    source: str
    start: int
    end: int
    left: str
    keyword: str
    right: str

    def row(self) -> dict:
        return asdict(self)


def texts(project, codes=(), where=None, skip_speakers=(), coders=()) -> list[tuple[int, str, int, str]]:
    """The stretches of text a query reads, as (source id, source name, offset, text)."""
    names = project.overview.source_names()
    full = project.spans.texts(scope.sources_where(project, where or {}))
    if codes:
        from qodex.plugins.analysis.codings import select

        spans = _merge((p.source_id, p.start, p.end) for p in select(project, codes, coders=coders))
    else:
        spans = [(s, 0, len(full[s])) for s in sorted(full, key=names.__getitem__)]
    skipped = _speaker_spans(project, skip_speakers)
    found = []
    for source_id, start, end in spans:
        if source_id not in full:
            continue
        for a, b in _minus([(start, end)], skipped.get(source_id, [])):
            found.append((source_id, names[source_id], a, full[source_id][a:b]))
    return found


def frequencies(project, min_length: int = 3, stopwords: bool = True, limit: int | None = 50,
                **query) -> list[dict]:
    """The most frequent words (lower-cased) with their count and how many sources use them."""
    counts: Counter = Counter()
    sources: dict[str, set[int]] = {}
    for source_id, _, _, text in texts(project, **query):
        for word in WORD.findall(text.casefold()):
            if len(word) >= min_length and not (stopwords and word in STOPWORDS):
                counts[word] += 1
                sources.setdefault(word, set()).add(source_id)
    return [{"word": w, "count": n, "sources": len(sources[w])} for w, n in counts.most_common(limit)]


def kwic(project, keyword: str, width: int = CONTEXT, **query) -> list[Line]:
    """Every place a word starting with `keyword` (a regular expression is allowed) occurs."""
    pattern = re.compile(rf"\b(?:{keyword})\w*", re.IGNORECASE)
    full = project.spans.texts()
    lines = []
    for source_id, name, offset, text in texts(project, **query):
        for found in pattern.finditer(text):
            start, end = offset + found.start(), offset + found.end()
            whole = full[source_id]
            lines.append(Line(source_id, name, start, end, _flat(whole[max(0, start - width):start]),
                              found.group(), _flat(whole[end:end + width])))
    return lines


def _flat(text: str) -> str:
    return " ".join(text.split()) if text.strip() else ""


def _merge(spans) -> list[tuple[int, int, int]]:
    merged: list[list[int]] = []
    for source_id, start, end in sorted(spans):
        if merged and merged[-1][0] == source_id and start <= merged[-1][2]:
            merged[-1][2] = max(merged[-1][2], end)
        else:
            merged.append([source_id, start, end])
    return [tuple(m) for m in merged]


def _speaker_spans(project, speakers) -> dict[int, list[tuple[int, int]]]:
    found: dict[int, list[tuple[int, int]]] = {}
    speakers = {s.casefold() for s in speakers}
    if not speakers:
        return found
    for turn in project.spans.segments("turn"):
        if (turn.label or "").casefold() in speakers:
            found.setdefault(turn.source_id, []).append((turn.start, turn.end))
    return found


def _minus(spans: list[tuple[int, int]], holes: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """`spans` with the `holes` cut out."""
    for a, b in sorted(holes):
        spans = [piece for s, e in spans
                 for piece in ((s, min(e, a)), (max(s, b), e)) if piece[0] < piece[1]]
    return spans
