"""Strategy speed: keywords with 200 patterns over a generated 1.6 M-word corpus (target < 2 s),
and similar passages for one code over the sample study (target < 1 s after the first run).

    python bench/strategies.py [--files 200] [--code "Attachment theory/Safe haven"]

The keyword target is for a realistic run: interviews drawn from a 3,000-word vocabulary by a
Zipf-like distribution (`common.interview`), and 200 patterns as a researcher writes them
(`researcher_patterns`), timed over a quarter and all of the corpus. The dense worst case runs
patterns all from the ~70-word vocabulary of `common.transcript`, so that nearly every pattern hits
nearly every sentence. The figures are the strategy's own work (`propose`: read the sources,
match, one suggestion per sentence and code); storing the suggestions is timed apart. `time` is
wall-clock, `cpu` the process's CPU time (the fairer figure on a busy machine).
The sample study is imported first (this needs every transcript importer); the similar-passages
cache is dropped before the first run and kept for the next.
"""

from __future__ import annotations

import argparse
import itertools
import random
import tempfile
import time
from pathlib import Path

from common import CONTENT_WORDS, WORDS, interview, lexicon, report, transcript

from qodex.bundle import SegmentData
from qodex.extensions import parse_options
from qodex.host import get_host
from qodex.importing import import_files
from qodex.project import Project
from qodex.units import labelled_turns

STUDY = Path(__file__).resolve().parent.parent / "sample_study"


NEVER = """bereavement palliative dementia arthritis physiotherapy counselling hearing eyesight
loyalty gratitude paternalism compassion dignity humiliated abandoned neglected betrayed grateful
relieved hopeless overwhelmed""".split()  # noqa: SIM905


def researcher_patterns() -> list[tuple[str, str]]:
    """200 (code, pattern) pairs over 20 codes, drawn as a researcher writes them: 110 words (80
    topic words, 30 others of middling frequency), 20 words the corpus never uses, 20 prefixes,
    40 phrases (30 of them a common word before a topic word, "my doctor") and 10 regexes (7 a
    word's endings, 3 two words as alternatives: a regex without a literal start scans slower)."""
    rng = random.Random(7)
    vocabulary, _ = lexicon()
    topic = list(dict.fromkeys(CONTENT_WORDS))
    common = vocabulary[:40]
    found = rng.sample(topic, 80) + rng.sample(vocabulary[200:1500], 30) + NEVER[:20]
    found += [f"{w[:5]}*" for w in rng.sample([w for w in topic if len(w) > 6], 20)]
    found += [f"{rng.choice(common)} {rng.choice(topic)}" for _ in range(30)]
    found += [f"{rng.choice(topic)} {rng.choice(topic)}" for _ in range(10)]
    found += [f"/{w}(s|ed|ing)?/" for w in rng.sample(topic, 7)]
    found += [f"/{a}|{b}/" for a, b in zip(rng.sample(topic, 3), rng.sample(NEVER, 3), strict=True)]
    return [(f"Code {i % 20:02d}", p) for i, p in enumerate(found)]


def dense_patterns() -> list[tuple[str, str]]:
    """The worst case: 200 patterns all from `transcript`'s ~70-word vocabulary, so nearly every
    pattern matches nearly every sentence: 42 words, 100 phrases, 20 prefixes, 38 regexes."""
    rng = random.Random(7)
    words = [w for w in WORDS if len(w) > 3]
    found = [f"{rng.choice(words)} {rng.choice(words)}" for _ in range(100)] + words
    found += [f"{w[:4]}*" for w in rng.sample(words, 20)]
    found += [f"/{rng.choice(words).lower()}|{rng.choice(NEVER)}(s|ed)?/"
              for _ in range(200 - len(found))]
    return [(f"Code {i % 20:02d}", p) for i, p in enumerate(found)]


def corpus_project(path: Path, files: int, generate) -> tuple[Project, list[int]]:
    """A project of `files` generated transcripts with turn segments; the running word counts."""
    project = Project.create(path, host=get_host())
    words = list(itertools.accumulate(len(generate(i).split()) for i in range(files)))
    with project.transaction():
        for i in range(files):
            text = generate(i)
            turns = [SegmentData("turn", u.start, u.end, u.speaker) for u in labelled_turns(text)]
            project.sources.add(f"T{i:03d}", text, segments=turns)
    return project, words


def keywords(project: Project, words: list[int], table: Path, sizes: list[int], label: str):
    """Time `propose` with the patterns in `table` over the first `size` sources, each size; store
    the last run's suggestions."""
    strategy = get_host().registry.strategies["keywords"]
    options = parse_options(strategy.options, [f"patterns={table}"], "keywords")
    rows = []
    for size in sizes:
        sources = list(project.sources)[:size]
        found, *times = timed(lambda s=sources: project.suggestions.propose(strategy, s, options), 2)
        rows.append((f"keywords, 200 patterns, {label}", f"{words[size - 1]:,} words",
                     f"{len(found):,} suggestions", *times))
    added, *times = timed(lambda: project.suggestions.add("keywords", found))
    return [*rows, (f"storing those {label} suggestions", "", f"{added:,} new", *times)]


def timed(fn, repeat: int = 1) -> tuple:
    """`fn`'s result, and its fastest wall-clock and CPU times of `repeat` runs, as text."""
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        result = fn()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return result, f"{min(walls):.2f} s", f"{min(cpus):.2f} s"


def write_table(path: Path, patterns: list[tuple[str, str]]) -> Path:
    path.write_text("code,pattern\n" + "".join(f'{c},"{p}"\n' for c, p in patterns),
                    encoding="utf-8")
    return path


def keyword_runs(folder: Path, files: int) -> list[tuple[str, ...]]:
    """The realistic patterns over a quarter and all of the Zipf corpus, the dense ones over all
    of the small-vocabulary corpus."""
    rows = []
    for name, generate, patterns, sizes in (
            ("researcher's patterns, Zipf corpus", interview, researcher_patterns(),
             [files // 4, files]),
            ("dense worst case, 70-word corpus", transcript, dense_patterns(), [files])):
        project, words = corpus_project(folder / f"{generate.__name__}.qodex", files, generate)
        table = write_table(folder / f"{generate.__name__}.csv", patterns)
        rows += keywords(project, words, table, sizes, name)
        project.close()
    return rows


def similar(folder: Path, code: str) -> list[tuple[str, ...]]:
    files = [STUDY / "codebook.csv", *sorted((STUDY / "transcripts").iterdir()),
             STUDY / "participants.csv", STUDY / "codings.csv"]
    with Project.create(folder / "study.qodex", host=get_host()) as project:
        import_files(project, files, get_host().registry)
        words = sum(len(s.text.split()) for s in project.sources)
        strategy = get_host().registry.strategies["similar"]
        options = parse_options(strategy.options, [f"code={code}"], "similar")
        rows, sources = [], list(project.sources)
        for run in ("first run (fills the cache)", "later run (cached)"):
            found, *times = timed(lambda: project.suggestions.propose(strategy, sources, options))
            rows.append((f"similar, {run}", f"{words:,} words", f"{len(found)} suggestions", *times))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--code", default="Attachment theory/Safe haven")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        rows = keyword_runs(Path(folder), args.files) + similar(Path(folder), args.code)
    report("Strategies", rows, ("what", "corpus", "result", "time", "cpu"))


if __name__ == "__main__":
    main()
