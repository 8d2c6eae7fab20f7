"""Strategy speed: keywords with 200 patterns over a generated 1.6 M-word corpus (target < 2 s),
and similar passages for one code over the sample study (target < 1 s after the first run).

    python bench/strategies.py [--files 200] [--code "Attachment theory/Safe haven"]

The keyword figure is the strategy's own work (`propose`, read the sources, match, one suggestion
per sentence and code); storing the suggestions is timed apart. The sample study is imported
first (this needs every transcript importer); the similar-passages cache is dropped before the
first run and kept for the next.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

from common import WORDS, best_of, report, transcript

from qodex.bundle import SegmentData
from qodex.extensions import parse_options
from qodex.host import get_host
from qodex.importing import import_files
from qodex.plugins.strategies.units import labelled_turns
from qodex.project import Project

STUDY = Path(__file__).resolve().parent.parent / "sample_study"


ABSENT = """anxious scared frightened lonely comfort safe reassured calm upset angry cancer diabetes
asthma surgery referral specialist waiting queue phone receptionist holiday leave retired locum
emergency ambulance night weekend prescription pharmacy insulin scan xray results letter email
trusted honest rushed ignored respected listened explained cared warm cold distant friendly rude
busy full booked young old experienced trainee student new familiar stranger history notes record
children grandchildren wife son widow alone village town bus car walk stairs garden dog""".split()  # noqa: SIM905


def patterns(mix: str) -> list[tuple[str, str]]:
    """200 (code, pattern) pairs over 20 codes, as words, prefixes, phrases and regexes.

    The generator's vocabulary is only ~70 words, so each of its words is in nearly every
    sentence: a pattern from it matches far more often than a real keyword does. "absent" has none
    of them (the cost of looking), "sparse" 10 (the rest absent from the corpus), "usual" all 42
    long ones, "dense" is half phrases and a fifth regexes, all from the vocabulary."""
    rng = random.Random(7)
    words = [w for w in WORDS if len(w) > 3]
    if mix == "dense":
        found = [f"{rng.choice(words)} {rng.choice(words)}" for _ in range(100)] + words
        found += [f"{w[:4]}*" for w in rng.sample(words, 20)]
        regexes = 200 - len(found)
    else:
        present = {"absent": [], "sparse": words[:10]}.get(mix, words)
        absent = ABSENT + [f"nowhere{i}" for i in range(150)]
        found = present + absent[: 150 - len(present)]
        found += [f"{w[:4]}*" for w in rng.sample(present, min(10, len(present))) + rng.sample(ABSENT, 10)]
        found += [f"{rng.choice(present or ABSENT)} {rng.choice(ABSENT)}" for _ in range(25)]
        regexes = 5
    found += [f"/{rng.choice(words).lower()}|{rng.choice(ABSENT)}(s|ed)?/" for _ in range(regexes)]
    return [(f"Code {i % 20:02d}", p) for i, p in enumerate(found[:200])]


def corpus_project(folder: Path, files: int) -> tuple[Project, int]:
    project = Project.create(folder / "corpus.qodex", host=get_host())
    words = 0
    with project.transaction():
        for i in range(files):
            text = transcript(i)
            words += len(text.split())
            turns = [SegmentData("turn", u.start, u.end, u.speaker) for u in labelled_turns(text)]
            project.sources.add(f"T{i:03d}", text, segments=turns)
    return project, words


def keywords(folder: Path, files: int) -> list[tuple[str, ...]]:
    project, words = corpus_project(folder, files)
    strategy = get_host().registry.strategies["keywords"]
    rows = []
    for mix in ("absent", "sparse", "usual", "dense"):
        table = folder / f"{mix}.csv"
        table.write_text("code,pattern\n" + "".join(f'{c},"{p}"\n' for c, p in patterns(mix)),
                         encoding="utf-8")
        options = parse_options(strategy.options, [f"patterns={table}"], "keywords")
        found = []

        def run(options=options, found=found):
            found[:] = strategy.propose(project, list(project.sources), options)

        seconds = best_of(run, repeat=2)
        rows.append((f"keywords, 200 patterns, {mix} mix", f"{words:,} words",
                     f"{len(found):,} suggestions", f"{seconds:.2f} s"))
    start = time.perf_counter()
    added = project.suggestions.add("keywords", found)
    rows.append(("storing the dense mix's suggestions", "", f"{added:,} new",
                 f"{time.perf_counter() - start:.2f} s"))
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
        rows = []
        for run in ("first run (fills the cache)", "later run (cached)"):
            start = time.perf_counter()
            found = list(strategy.propose(project, list(project.sources), options))
            rows.append((f"similar, {run}", f"{words:,} words", f"{len(found)} suggestions",
                         f"{time.perf_counter() - start:.2f} s"))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--code", default="Attachment theory/Safe haven")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        rows = keywords(Path(folder), args.files) + similar(Path(folder), args.code)
    report("Strategies", rows, ("what", "corpus", "result", "time"))


if __name__ == "__main__":
    main()
