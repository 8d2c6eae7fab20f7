"""The cache table of the `similar` strategy (``similar_units``): its migrations, which run when a
project is opened, kept apart from the strategy so that opening a project imports none of it."""

from __future__ import annotations

from qodex import Migrations

TABLE = "similar_units"
migrations = Migrations("similar", caches=(TABLE,))


@migrations("0001_units")
def units_table(conn):
    """Each source's units of one kind with their word counts, keyed by the text's hash."""
    conn.execute(f"""CREATE TABLE {TABLE} (
        id INTEGER PRIMARY KEY,
        source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
        kind TEXT NOT NULL, text_sha256 TEXT NOT NULL, units TEXT NOT NULL,
        UNIQUE (source_id, kind))""")
