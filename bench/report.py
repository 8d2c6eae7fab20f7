"""Study report build time: on the sample study and on a made-up 200-interview project.

    python bench/report.py [--interviews 200] [--words 6000] [--codings 8000]

The large project has interviews from `common.interview` in speaker turns, one case each with
four attributes (a group, an ordered level, an age and an interview date), 30 codes in 6 groups,
`--codings` codings by one coder (40 per interview by default; issue 18 asks for 1,000,000 at 200
interviews) and 40 each by a second coder on 20 interviews; the report runs with a
study file naming the group, a finding, a gradient and a theory frame. Each report is built once
per format (Markdown, HTML, Word), as a user runs it.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

from common import interview, report

from qodex.host import get_host
from qodex.importing import import_files
from qodex.project import Project
from qodex.reporting import render

SAMPLE = Path(__file__).resolve().parent.parent / "sample_study"
STUDY = """group = "site"
[finding]
code = "Group 0"
label = "said so"
[gradient]
attribute = "level"
levels = ["low", "middle", "high"]
codes = ["Group 1"]
[theory]
frame = "frame.toml"
[[theory.link]]
construct = "Construct A"
themes = ["Group 2"]
argument = "An argument."
"""
FRAME = '[[code]]\npath = "Construct A"\n[[code]]\npath = "Construct B"\n'


def build_large(folder: Path, interviews: int, words: int, codings: int) -> Path:
    path, rng = folder / "large.qodex", random.Random(interviews)
    with Project.create(path, coder="ana", host=get_host()) as project, project.transaction():
        for name, kind in (("site", "category"), ("level", "category"), ("age", "number"),
                           ("interview_date", "date")):
            project.attributes.define(name, kind)
        codes = [project.codes.ensure(f"Group {g}/Code {g}.{c}").id for g in range(6) for c in range(5)]
        sources = []
        for i in range(interviews):
            sources.append(project.sources.add(f"I{i:03d}.txt", interview(i, words)))
            project.cases.add(f"P{i:03d}")
            project.cases.link(f"P{i:03d}", sources[-1])
            project.cases.set_values(f"P{i:03d}", {
                "site": f"site {i % 4}", "level": ("low", "middle", "high")[i % 3], "age": 20 + i % 60,
                "interview_date": f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}"})
        rows = []
        for n in range(codings):
            source = sources[n * interviews // codings]
            start = rng.randrange(len(source.text) - 400)
            rows.append((source.id, rng.choice(codes), start, start + rng.randint(40, 400)))
        project.codings.add_many(rows)
    with Project.open(path, coder="ben", host=get_host()) as project, project.transaction():
        for source in list(project.sources)[:20]:
            for _ in range(40):
                start = rng.randrange(len(source.text) - 400)
                project.codings.add(source, rng.choice(codes), start, start + rng.randint(40, 400))
    (folder / "report.toml").write_text(STUDY, encoding="utf-8")
    (folder / "frame.toml").write_text(FRAME, encoding="utf-8")
    return path


def build_sample(folder: Path) -> Path:
    path = folder / "sample" / "gp.qodex"
    path.parent.mkdir()
    for name in ("report.toml", "attachment_frame.toml", "interview_guide.md"):
        (path.parent / name).write_bytes((SAMPLE / name).read_bytes())
    files = [SAMPLE / "codebook.csv", *sorted((SAMPLE / "transcripts").iterdir()),
             SAMPLE / "participants.csv", SAMPLE / "codings.csv"]
    with Project.create(path, coder="astrid", host=get_host()) as project:
        import_files(project, files, get_host().registry)
    return path


def timed(path: Path) -> list[str]:
    """Seconds to build the report and render it as Markdown, HTML and Word."""
    from qodex.plugins.reports import study

    found = []
    for fmt in ("md", "html", "docx"):
        start = time.perf_counter()
        with Project.open(path, host=get_host()) as project:
            render(study.build(project, {o.name: o.default for o in study.OPTIONS}), fmt)
        found.append(f"{time.perf_counter() - start:.2f}")
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interviews", type=int, default=200)
    parser.add_argument("--words", type=int, default=6000)
    parser.add_argument("--codings", type=int, help="codings by the main coder (default: 40 per interview)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        sample = build_sample(Path(folder))
        codings = args.codings or 40 * args.interviews
        large = build_large(Path(folder), args.interviews, args.words, codings)
        rows = [("sample study (22 interviews)", *timed(sample)),
                (f"{args.interviews} interviews of {args.words:,} words, {codings:,} codings",
                 *timed(large))]
    report("qodex report study, seconds (build + render, once)", rows, ("project", "md", "html", "docx"))


if __name__ == "__main__":
    main()
