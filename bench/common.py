"""Helpers shared by the benchmarks: timing, a deterministic transcript generator, a results table."""

from __future__ import annotations

import itertools
import random
import statistics
import time
from collections.abc import Callable
from functools import cache

VOCABULARY = """
doctor patient know always time feel think because really years family worry ill appointment practice
trust change regular visit listen understand hospital pain tablets blood pressure remember nurse
daughter husband work sleep heart tired afraid kind Søhøj Ålunde Århus Næstved øh um well you yeah so
and the a of to in it that was
"""
WORDS = tuple(VOCABULARY.split())


def transcript(seed: int, words: int = 8000) -> str:
    """A synthetic interview of about `words` words with speaker turns, the same for a seed."""
    rng = random.Random(seed)
    turns, count = [], 0
    while count < words:
        speaker = "Interviewer" if len(turns) % 2 == 0 else f"Participant{seed}"
        n = rng.randint(8, 25) if speaker == "Interviewer" else rng.randint(40, 160)
        body = " ".join(rng.choice(WORDS) for _ in range(n))
        turns.append(f"{speaker}: {body[0].upper()}{body[1:]}.")
        count += n
    return "\n".join(turns) + "\n"


FUNCTION_WORDS = """I the and you to a it that was of in my he so but we is they what have not
with for on be me had just yeah do at this there all about then know when would like if she were
him can or one are no well your an because think his out been very really by get from her up more
could don't it's I'm who them time said our some go how did see get their said only which will now
back going over got things thing much because here why also even still any""".split()  # noqa: SIM905
CONTENT_WORDS = """doctor patient family worry ill appointment practice trust change regular visit listen
understand hospital pain tablets blood pressure remember nurse daughter husband work sleep heart
tired afraid kind anxious scared frightened lonely comfort safe reassured calm upset angry cancer
diabetes asthma surgery referral specialist waiting queue phone receptionist holiday retired locum
emergency ambulance night weekend prescription pharmacy insulin scan results letter email trusted
honest rushed ignored respected listened explained cared warm cold distant friendly rude busy
booked young old experienced trainee student familiar stranger history notes record children
grandchildren wife son widow alone village town bus car walk stairs garden dog worried worrying
worries trusting continuity relationship confidence consultation minutes wait waited treatment
symptoms medicine medication test tests check knee back hip chest cough infection operation
recovery dizzy breath weight diet smoking drinking stress depression lonely loneliness support
care carer home visitors neighbour friend friends partner mother father sister brother health
clinic surgery chemist receptionists telephone online booking system weeks months year appointment
continuity personal relationship believe feeling felt understand understood explain""".split()  # noqa: SIM905


@cache
def lexicon(size: int = 3000) -> tuple[list[str], list[float]]:
    """A vocabulary of `size` words, most frequent first, with Zipf-Mandelbrot cumulative weights
    (the most frequent word is ~3.5 % of running text, as "I" is in an interview): function words,
    then real content words scattered among made-up ones."""
    rng = random.Random(1)
    syllables = [c + v for c in "bdfgklmnprstvz" for v in ("a", "e", "i", "o", "u", "ar", "en")]
    made, content = set(), list(dict.fromkeys(CONTENT_WORDS))
    while len(made) < size - len(FUNCTION_WORDS) - len(content):
        made.add("".join(rng.choices(syllables, k=rng.randint(2, 3))))
    rest = sorted(made) + content
    rng.shuffle(rest)
    words = list(dict.fromkeys(FUNCTION_WORDS)) + rest
    return words, list(itertools.accumulate(1 / (rank + 2.7) for rank in range(len(words))))


def interview(seed: int, words: int = 8000) -> str:
    """A synthetic interview of about `words` words drawn from `lexicon()` by frequency: short
    interviewer turns and long participant turns of sentences of 3-20 words."""
    rng = random.Random(seed)
    vocabulary, weights = lexicon()
    turns, count = [], 0
    while count < words:
        speaker = "Interviewer" if len(turns) % 2 == 0 else f"Participant{seed}"
        sentences = []
        for _ in range(rng.randint(1, 2) if speaker == "Interviewer" else rng.randint(2, 9)):
            body = " ".join(rng.choices(vocabulary, cum_weights=weights, k=rng.randint(3, 20)))
            sentences.append(f"{body[0].upper()}{body[1:]}{rng.choice('....?!')}")
            count += body.count(" ") + 1
        turns.append(f"{speaker}: {' '.join(sentences)}")
    return "\n".join(turns) + "\n"


def best_of(fn: Callable[[], object], repeat: int = 3, setup: Callable[[], object] = lambda: None) -> float:
    """The fastest of `repeat` runs of `fn` in seconds, calling `setup` untimed before each."""
    times = []
    for _ in range(repeat):
        setup()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def median_of(fn: Callable[[], object], repeat: int = 10) -> float:
    """The median of `repeat` runs of `fn` in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def report(title: str, rows: list[tuple[str, ...]], header: tuple[str, ...]) -> None:
    """Print a small aligned table."""
    widths = [max(len(str(c)) for c in col) for col in zip(header, *rows, strict=True)]
    print(f"\n{title}")
    for row in (header, *rows):
        print("  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)))
