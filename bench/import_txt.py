"""Import cost: txt import against a raw sqlite3 floor, and bulk codings.

    python bench/import_txt.py [--files 200] [--codings 1000000]

The floors do the same database work with nothing else: read and decode the files and
`executemany` them into an equivalent table (the issue's floor); the same plus the speaker turns
qodex finds, found beforehand and stored as the same segment rows (the floor of what qodex stores);
`executemany` the same codings (GUIDs made beforehand) into the project's own codings table.
Ratios are qodex / floor.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sqlite3
import tempfile
from pathlib import Path

from common import best_of, report, transcript

from qodex.host import get_host
from qodex.importing import import_files
from qodex.project import Project
from qodex.project.ids import new_guids, now


def write_corpus(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        path = folder / f"T{i:03d}.txt"
        path.write_text(transcript(i), encoding="utf-8")
        paths.append(path)
    return paths


def txt_floor(paths: list[Path], db: Path, turns: dict[str, list[tuple]] | None = None) -> None:
    """Store the files' text (and, given `turns` by file stem, their turn rows) with bare sqlite3."""
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE TABLE IF NOT EXISTS sources (id INTEGER PRIMARY KEY, name TEXT, text TEXT)")
    conn.execute('CREATE TABLE IF NOT EXISTS segments (id INTEGER PRIMARY KEY, source_id INTEGER,'
                 ' kind TEXT, start INTEGER, "end" INTEGER, label TEXT)')
    conn.execute("CREATE INDEX IF NOT EXISTS segments_source ON segments(source_id, start)")
    conn.execute("BEGIN")
    for path in paths:
        source_id = conn.execute("INSERT INTO sources (name, text) VALUES (?, ?)",
                                 (path.stem, path.read_bytes().decode("utf-8"))).lastrowid
        conn.executemany('INSERT INTO segments (source_id, kind, start, "end", label)'
                         " VALUES (?, 'turn', ?, ?, ?)",
                         ((source_id, *row) for row in (turns or {}).get(path.stem, ())))
    conn.execute("COMMIT")
    conn.close()


def found_turns(paths: list[Path]) -> dict[str, list[tuple]]:
    """The turn rows qodex's txt importer finds in each file, by file stem (found untimed)."""
    read = get_host().registry.importers["txt"].read
    return {p.stem: [(s.start, s.end, s.label) for s in read(p, {}).sources[0].segments]
            for p in paths}


def txt_qodex(paths: list[Path], db: Path) -> None:
    with Project.create(db, host=get_host()) as project:
        import_files(project, paths, get_host().registry)


def fresh(db: Path):
    def remove():
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
    return remove


def time_txt(paths: list[Path], db: Path) -> tuple[float, float, float]:
    """(text floor, text + turns floor, qodex) seconds to import `paths` into a fresh file `db`."""
    turns = found_turns(paths)
    floor = best_of(lambda: txt_floor(paths, db), setup=fresh(db))
    same_rows = best_of(lambda: txt_floor(paths, db, turns), setup=fresh(db))
    return floor, same_rows, best_of(lambda: txt_qodex(paths, db), setup=fresh(db))


def bench_txt(tmp: Path, counts: list[int]) -> None:
    rows = []
    for count in counts:
        paths = write_corpus(tmp / f"corpus{count}", count)
        words = sum(len(p.read_text(encoding="utf-8").split()) for p in paths)
        floor, same_rows, ours = time_txt(paths, tmp / "txt.qodex")
        rows.append((count, f"{words:,}", f"{floor:.3f}", f"{same_rows:.3f}", f"{ours:.3f}",
                     f"{ours / floor:.2f}x", f"{ours / same_rows:.2f}x"))
    report("txt import (best of 3, seconds)", rows,
           ("files", "words", "text floor", "text+turns floor", "qodex", "vs text", "vs text+turns"))


def coding_project(db: Path, sources: int = 200) -> tuple[Project, list[int], list[int]]:
    fresh(db)()
    project = Project.create(db)
    with project.transaction():
        source_ids = [project.sources.add(f"S{i}", transcript(i, 2000)).id for i in range(sources)]
        code_ids = [project.codes.add(f"code {i}").id for i in range(100)]
    return project, source_ids, code_ids


def time_codings(project: Project, data: list[tuple]) -> tuple[float, float]:
    """(floor, qodex) seconds to add `data` as codings to an emptied codings table."""
    guids, created, coder = new_guids(len(data)), now(), project.coder_id
    full = [(g, *row, coder, created, None) for g, row in zip(guids, data, strict=True)]

    def clear():
        with project.transaction():
            project.execute("DELETE FROM codings")

    def floor():
        project.conn.execute("BEGIN")
        project.conn.executemany(
            'INSERT INTO codings (guid, source_id, code_id, start, "end", coder_id, created, memo)'
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", full)
        project.conn.execute("COMMIT")

    return best_of(floor, setup=clear), best_of(lambda: project.codings.add_many(data), setup=clear)


def bench_codings(tmp: Path, sizes: list[int]) -> None:
    rows = []
    for size in sizes:
        project, source_ids, code_ids = coding_project(tmp / "codings.qodex")
        rng = random.Random(size)
        data = [(rng.choice(source_ids), rng.choice(code_ids), s, s + rng.randint(5, 300))
                for s in (rng.randrange(0, 9000) for _ in range(size))]
        floor, ours = time_codings(project, data)
        project.close()
        rows.append((f"{size:,}", f"{floor:.3f}", f"{ours:.3f}", f"{ours / floor:.2f}x"))
    report("codings through the API (best of 3, seconds)", rows,
           ("codings", "executemany floor", "add_many", "ratio"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--codings", type=int, default=1_000_000)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="qodex-bench-"))
    try:
        bench_txt(tmp, sorted({max(1, args.files // 4), args.files}))
        bench_codings(tmp, sorted({max(1, args.codings // 10), args.codings}))
    finally:
        shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
