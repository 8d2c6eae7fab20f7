"""The coding counts kept in ``source_tallies`` and ``code_tallies`` (step 0010) through a bulk
insert: its transaction sets the insert trigger aside and adds each batch's counts with one
``GROUP BY`` over the ids the batch added, the same counts the trigger adds row by row at a
fraction of the cost. No other writer can come between (the transaction holds the write lock), and a
rollback puts the trigger back with everything else."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

TRIGGER = "codings_tally_insert"
BULK = 10_000  # codings in a first batch from which an insert sets the trigger aside
SOURCES = ("INSERT INTO source_tallies SELECT source_id, count(*) FROM codings"
           " WHERE id BETWEEN :first AND :last GROUP BY source_id"
           " ON CONFLICT DO UPDATE SET codings = codings + excluded.codings")
CODES = ("INSERT INTO code_tallies SELECT code_id, sum(n - c), sum(c), sum(n > c AND NOT EXISTS ("
         "  SELECT 1 FROM codings o WHERE o.code_id = p.code_id AND o.source_id = p.source_id"
         "  AND o.counter IS NULL AND o.id < :first))"
         " FROM (SELECT code_id, source_id, count(*) AS n, count(counter) AS c FROM codings"
         "  WHERE id BETWEEN :first AND :last GROUP BY code_id, source_id) p"
         " WHERE true GROUP BY code_id"
         " ON CONFLICT DO UPDATE SET supporting = supporting + excluded.supporting,"
         " counter = counter + excluded.counter, sources = sources + excluded.sources")


@contextmanager
def set_aside(project, bulk: bool) -> Iterator[bool]:
    """Inside a transaction: when `bulk`, the insert trigger dropped for the block and created
    again from its own SQL after it; yields whether it was (then call `count` for each batch)."""
    found = project.conn.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger'"
                                 " AND name = ?", (TRIGGER,)).fetchone() if bulk else None
    if found is None:
        yield False
        return
    project.execute(f"DROP TRIGGER {TRIGGER}")
    yield True
    project.execute(found[0])


def count(project, first: int, last: int) -> None:
    """Add the codings with ids `first` to `last` to the counts, as the trigger would have: a
    code gains a source where one of them supports it and no older coding did."""
    ids = {"first": first, "last": last}
    project.execute(SOURCES, ids)
    project.execute(CODES, ids)
