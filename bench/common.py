"""Helpers shared by the benchmarks: timing, a deterministic transcript generator, a results table."""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable

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
