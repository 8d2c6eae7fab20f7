"""Similar passages: propose the sentences (or turns) most like those already coded with a code.

Lexical, and nothing leaves the machine: BM25 over the content words (`words`) of every unit,
the query being all passages coded with the code. Each source's units and word counts are cached
in the project (table ``similar_units``, one row per source and unit kind, rebuilt when the
source's text changes) by `prepare`, which the host runs with write access before `propose`
reads the cache through its read-only view.
"""

from __future__ import annotations

import json
import math
from collections import Counter, defaultdict

from qodex import Option, QodexError, Strategy, Suggestion, hookimpl
from qodex.plugins.strategies.options import choice, labels
from qodex.plugins.strategies.similar_cache import TABLE, migrations
from qodex.units import INTERVIEWERS

NAME = "similar"
K1, B = 1.2, 0.75

OPTIONS = (
    Option("code", "the code whose coded passages to match"),
    Option("unit", "what to propose: sentence or turn", "sentence", choice("sentence", "turn")),
    Option("top", "how many passages to propose", 20, int),
    Option("speakers", "whose turns: participant, interviewer or all", "participant",
           choice("all", "participant", "interviewer")),
    Option("interviewer", "speaker labels of the interviewer, comma-separated",
           INTERVIEWERS, labels),
)


def _units(project, source, kind: str) -> list:
    """A source's units of `kind` as [start, end, speaker, {word: count}]."""
    from qodex.plugins.strategies.words import terms
    from qodex.units import units

    return [[u.start, u.end, u.speaker, Counter(terms(source.text[u.start:u.end]))]
            for u in units(project, source, kind)]


def _stored(project, kind: str) -> dict[int, dict]:
    return {r["source_id"]: r for r in project.plugin_table(TABLE).rows(kind=kind)}


def prepare(project, options) -> None:
    """Bring the cache up to date: compute and store the units of new or changed sources (the host
    runs this with write access before `propose`)."""
    kind, table = options["unit"], project.plugin_table(TABLE)
    stored = _stored(project, kind)
    for source in project.sources:
        row = stored.get(source.id)
        if row is None or row["text_sha256"] != source.text_sha256:
            found = _units(project, source, kind)
            with project.transaction():
                table.delete(source_id=source.id, kind=kind)
                table.insert(source_id=source.id, kind=kind, text_sha256=source.text_sha256,
                             units=json.dumps(found, ensure_ascii=False))


def cached_units(view, kind: str) -> dict[int, list]:
    """Every source's units of `kind` as [start, end, speaker, {word: count}]: from the cache, or
    computed (not stored) for a source `prepare` has not seen."""
    stored = _stored(view, kind)
    found = {}
    for source in view.sources:
        row = stored.get(source.id)
        fresh = row is not None and row["text_sha256"] == source.text_sha256
        found[source.id] = json.loads(row["units"]) if fresh else _units(view, source, kind)
    return found


class BM25:
    """Okapi BM25 over units given as word counts."""

    def __init__(self, documents: list[dict[str, int]]):
        self.documents = documents
        self.lengths = [sum(d.values()) for d in documents]
        self.average = sum(self.lengths) / max(len(documents), 1) or 1.0
        self.postings: dict[str, list[int]] = defaultdict(list)
        for i, document in enumerate(documents):
            for word in document:
                self.postings[word].append(i)
        n = len(documents)
        self.idf = {w: math.log(1 + (n - len(p) + 0.5) / (len(p) + 0.5)) for w, p in self.postings.items()}

    def scores(self, query: dict[str, float]) -> dict[int, float]:
        """Each document sharing a word with the weighted `query`, with its score."""
        found: dict[int, float] = defaultdict(float)
        for word, weight in query.items():
            for i in self.postings.get(word, ()):
                tf = self.documents[i][word]
                norm = tf + K1 * (1 - B + B * self.lengths[i] / self.average)
                found[i] += weight * self.idf[word] * tf * (K1 + 1) / norm
        return found


def _seeds(project, options) -> tuple:
    """The code named by the options and the codings made with it; refused if there are none."""
    if not options["code"]:
        raise QodexError("similar: name the code with -O code=PATH")
    code = project.codes.get(options["code"])
    seeds = project.codings.list(code=code)
    if not seeds:
        raise QodexError(f"similar: nothing is coded with {options['code']!r} yet")
    return code, seeds


def _candidates(project, options) -> list[tuple]:
    """Every unit of the chosen kind and speakers as (source id, start, end, {word: count})."""
    from qodex.units import in_role

    return [(source_id, start, end, words)
            for source_id, found in cached_units(project, options["unit"]).items()
            for start, end, speaker, words in found
            if in_role(speaker, options["speakers"], options["interviewer"])]


def _best(candidates: list[tuple], scores: dict[int, float], wanted: set[int], seeds, top: int):
    """The `top` candidates by score, as indices: in `wanted` sources and overlapping no seed."""
    coded = defaultdict(list)
    for s in seeds:
        coded[s.source_id].append((s.start, s.end))
    best = (i for i in sorted(scores, key=scores.get, reverse=True)
            if candidates[i][0] in wanted
            and not any(a < candidates[i][2] and candidates[i][1] < b for a, b in coded[candidates[i][0]]))
    for _, i in zip(range(top), best, strict=False):
        yield i


def propose(project, sources, options):
    """The `top` passages most like those coded with `code` (see the module's docstring)."""
    from qodex.plugins.strategies.words import terms

    code, seeds = _seeds(project, options)
    query = Counter(w for s in seeds for w in set(terms(project.codings.quote(s))))
    candidates = _candidates(project, options)
    ranking = BM25([c[3] for c in candidates])
    scores = ranking.scores({w: n / len(seeds) for w, n in query.items()})
    path = project.codes.path(code)
    for i in _best(candidates, scores, {s.id for s in sources}, seeds, options["top"]):
        source_id, start, end, words = candidates[i]
        shared = sorted(set(words) & query.keys(), key=lambda w: -query[w] * ranking.idf[w])[:5]
        yield Suggestion(source_id, path, start, end, round(scores[i], 3),
                         f"like {len(seeds)} passage(s) coded {code.name!r}; shares {', '.join(shared)}")


@hookimpl
def register_migrations(register):
    register(migrations)


@hookimpl
def register_strategies(register):
    register(Strategy(NAME, propose, "Propose passages like those already coded with a code", OPTIONS,
                      prepare))
