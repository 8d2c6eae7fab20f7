"""Word import speed: qodex's docx reader against python-docx and a bare lxml parse, in one run.

    python bench/import_docx.py [--files 200] [--words 8000]

The corpus is the txt benchmark's transcripts written with python-docx (bold speaker names, a heading
per document), into a temporary folder. Each contender reads every file's text:
- bare lxml: unzip word/document.xml and iterparse it, keeping the text of each <w:t>;
- python-docx: Document(path) and the text of every paragraph;
- qodex read: the docx importer (text as Word shows it, headings, turns, comments);
- qodex import: read and store them all in a new project (`import_files`).
Times are the best of three; ratios are to the bare lxml floor.
"""

from __future__ import annotations

import argparse
import tempfile
import zipfile
from pathlib import Path

from common import best_of, report, transcript

from qodex.host import get_host
from qodex.importing import import_files
from qodex.plugins.importers import docx as qodex_docx
from qodex.project import Project

W_T = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"


def write_corpus(folder: Path, count: int, words: int) -> list[Path]:
    from docx import Document

    paths = []
    for i in range(count):
        document = Document()
        document.add_heading(f"Interview {i}", level=1)
        for line in transcript(i, words).splitlines():
            speaker, _, speech = line.partition(": ")
            paragraph = document.add_paragraph()
            paragraph.add_run(f"{speaker}:").bold = True
            paragraph.add_run(f" {speech}")
        paths.append(folder / f"T{i:03d}.docx")
        document.save(paths[-1])
    return paths


def bare_lxml(paths: list[Path]) -> int:
    from lxml import etree

    total = 0
    for path in paths:
        with zipfile.ZipFile(path) as archive, archive.open("word/document.xml") as stream:
            total += len("".join(el.text or "" for _, el in etree.iterparse(stream, tag=W_T)))
    return total


def python_docx(paths: list[Path]) -> int:
    from docx import Document

    return sum(len("\n".join(p.text for p in Document(path).paragraphs)) for path in paths)


def qodex_read(paths: list[Path]) -> int:
    return sum(len(qodex_docx.read(path, {}).sources[0].text) for path in paths)


def qodex_import(paths: list[Path], db: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    with Project.create(db, host=get_host()) as project:
        import_files(project, paths, get_host().registry)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--words", type=int, default=8000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paths = write_corpus(folder, args.files, args.words)
        megabytes = sum(p.stat().st_size for p in paths) / 2**20
        words = sum(len(transcript(i, args.words).split()) for i in range(args.files))
        qodex_read(paths[:5])  # warm imports
        times = {
            "bare lxml iterparse": best_of(lambda: bare_lxml(paths)),
            "python-docx": best_of(lambda: python_docx(paths)),
            "qodex read": best_of(lambda: qodex_read(paths)),
            "qodex import (read + store)": best_of(lambda: qodex_import(paths, folder / "b.qodex")),
        }
    floor = times["bare lxml iterparse"]
    rows = [(name, f"{t:.3f} s", f"{t / floor:.2f}x") for name, t in times.items()]
    report(f"{args.files} docx transcripts, {words:,} words, {megabytes:.1f} MiB", rows,
           ("reader", "time", "vs lxml"))


if __name__ == "__main__":
    main()
