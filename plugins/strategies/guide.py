"""Interview guide: put each interviewer question, with the answer that follows, under its topic.

The guide is Markdown: each ``## Topic`` heading is a topic, the list items under it its example
questions (the sample study's ``interview_guide.md``). A question is matched to the topic whose
words it shares most (rarer words weigh more), along the most likely path through the topics in
their order: a follow-up sharing no words ("Can you say more?") stays with the topic before it.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from pathlib import Path

from qodex import Option, QodexError, Strategy, Suggestion, hookimpl
from qodex.plugins.strategies.options import labels
from qodex.units import INTERVIEWERS, is_interviewer, turns

NAME = "guide"
HEADING = re.compile(r"^##\s+(.+?)\s*$", re.M)
ITEM = re.compile(r"^\s*[-*+]\s+(.+)$", re.M)
NEXT, SKIP, BACK = 0.3, 1.0, 2.5  # the cost of moving on to the next topic, per topic skipped, of going back
OPTIONS = (
    Option("guide", "the interview guide (Markdown); default interview_guide.md beside the project",
           None, Path),
    Option("code", "the parent code of the topics", "Interview guide"),
    Option("interviewer", "speaker labels of the interviewer, comma-separated",
           INTERVIEWERS, labels),
)


def read_guide(text: str) -> dict[str, Counter]:
    """Each topic heading with the content words of its heading and questions."""
    from qodex.plugins.strategies.words import terms

    headings = list(HEADING.finditer(text))
    ends = [h.start() for h in headings[1:]] + [len(text)]
    return {h.group(1): Counter(terms(h.group(1) + " " + " ".join(ITEM.findall(text, h.end(), end))))
            for h, end in zip(headings, ends, strict=True)}


class TopicMatcher:
    """Assigns an interview's questions to topics: each question scores the summed rarity of the
    words it shares with a topic; moving on to the next topic costs a little, skipping topics more,
    going back most (the guide was followed roughly in order), and the best path wins."""

    def __init__(self, topics: dict[str, Counter]):
        self.names = list(topics)
        self.words = [set(words) for words in topics.values()]
        spread = Counter(word for words in self.words for word in words)
        self.weight = {w: math.log(1 + len(topics) / n) for w, n in spread.items()}

    def scores(self, question: str) -> list[float]:
        from qodex.plugins.strategies.words import terms

        asked = set(terms(question))
        return [sum(self.weight[w] for w in asked & words) for words in self.words]

    def assign(self, questions: list[str]) -> list[str]:
        """The topic of each question, in order (a Viterbi path through the topics)."""
        if not questions:
            return []
        topics = range(len(self.names))
        rows = [self.scores(q) for q in questions]
        best = [score - SKIP * j for j, score in enumerate(rows[0])]
        back = []
        for row in rows[1:]:
            came = [max(topics, key=lambda i, j=j: best[i] - move(i, j)) for j in topics]
            best = [best[came[j]] - move(came[j], j) + row[j] for j in topics]
            back.append(came)
        path = [max(topics, key=best.__getitem__)]
        for came in reversed(back):
            path.append(came[path[-1]])
        return [self.names[j] for j in reversed(path)]


def move(i: int, j: int) -> float:
    """The cost of going from topic `i` to topic `j`."""
    if j < i:
        return BACK
    return 0.0 if j == i else NEXT + SKIP * (j - i - 1)


def exchanges(project, source, interviewers):
    """Each interviewer turn with the end of the answer that follows it."""
    found = turns(project, source)
    for i, turn in enumerate(found):
        if is_interviewer(turn.speaker, interviewers):
            answer = turn
            for later in found[i + 1:]:
                if is_interviewer(later.speaker, interviewers):
                    break
                answer = later
            yield turn, answer.end


def propose(project, sources, options):
    path = options["guide"] or project.path.resolve().parent / "interview_guide.md"
    try:
        topics = read_guide(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise QodexError(f"{path}: cannot read the interview guide ({exc.strerror})") from exc
    if not topics:
        raise QodexError(f"{path}: no '## Topic' headings in the guide")
    matcher = TopicMatcher(topics)
    for source in sources:
        found = list(exchanges(project, source, options["interviewer"]))
        chosen = matcher.assign([source.text[q.start:q.end] for q, _ in found])
        for (question, end), topic in zip(found, chosen, strict=True):
            yield Suggestion(source.id, f"{options['code']}/{topic}", question.start, end, 1.0,
                             f"question and answer under the guide topic {topic!r}")


@hookimpl
def register_strategies(register):
    register(Strategy(NAME, propose, "Put each interview question and its answer under a guide topic",
                      OPTIONS))
