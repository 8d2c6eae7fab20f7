"""The project file's own schema, as migrations. Never edit a released step: add a new one.

``PRAGMA user_version`` is the number of these steps applied (set by `Project` on open);
``application_id`` marks the file as a qodex project. Positions (``start``, ``end``) are
code-point offsets, see `qodex.text`.
"""

from __future__ import annotations

import sqlite3

from qodex.project.migrations import Migrations

APPLICATION_ID = 0x51444558  # "QDEX"
ATTRIBUTE_TYPES = "'text', 'number', 'date', 'boolean', 'category'"
MEMO_TARGETS = "'project', 'source', 'code', 'case', 'coding'"

migrations = Migrations("qodex")


def _run(conn: sqlite3.Connection, script: str) -> None:
    """Execute each statement of `script` inside the caller's transaction."""
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            conn.execute(statement)
            statement = ""


@migrations("0001_core")
def core_tables(conn):
    """Coders, sources, cases, typed attributes, codes, codings, memos and the change log."""
    _run(conn, f"""
    PRAGMA application_id = {APPLICATION_ID};
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
    CREATE TABLE coders (
        id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, created TEXT NOT NULL);
    CREATE TABLE sources (
        id INTEGER PRIMARY KEY, guid TEXT NOT NULL UNIQUE, name TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL DEFAULT 'text', text TEXT NOT NULL, text_sha256 TEXT NOT NULL,
        origin TEXT, meta TEXT NOT NULL DEFAULT '{{}}', created TEXT NOT NULL,
        coder_id INTEGER REFERENCES coders(id));
    CREATE INDEX sources_text_sha256 ON sources(text_sha256);
    CREATE TABLE cases (
        id INTEGER PRIMARY KEY, guid TEXT NOT NULL UNIQUE, name TEXT NOT NULL UNIQUE,
        description TEXT, created TEXT NOT NULL, coder_id INTEGER REFERENCES coders(id));
    CREATE TABLE case_sources (
        case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
        PRIMARY KEY (case_id, source_id));
    CREATE INDEX case_sources_source ON case_sources(source_id);
    CREATE TABLE attributes (
        id INTEGER PRIMARY KEY, name TEXT NOT NULL,
        scope TEXT NOT NULL DEFAULT 'case' CHECK (scope IN ('case', 'source')),
        type TEXT NOT NULL DEFAULT 'text' CHECK (type IN ({ATTRIBUTE_TYPES})),
        allowed TEXT, position INTEGER NOT NULL DEFAULT 0, UNIQUE (scope, name));
    CREATE TABLE case_values (
        attribute_id INTEGER NOT NULL REFERENCES attributes(id) ON DELETE CASCADE,
        case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        value, PRIMARY KEY (attribute_id, case_id));
    CREATE TABLE source_values (
        attribute_id INTEGER NOT NULL REFERENCES attributes(id) ON DELETE CASCADE,
        source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
        value, PRIMARY KEY (attribute_id, source_id));
    CREATE TABLE codes (
        id INTEGER PRIMARY KEY, guid TEXT NOT NULL UNIQUE,
        parent_id INTEGER REFERENCES codes(id) ON DELETE CASCADE, name TEXT NOT NULL,
        colour TEXT, description TEXT, position INTEGER NOT NULL DEFAULT 0,
        created TEXT NOT NULL, coder_id INTEGER REFERENCES coders(id));
    CREATE UNIQUE INDEX codes_path ON codes(coalesce(parent_id, 0), name);
    CREATE TABLE codings (
        id INTEGER PRIMARY KEY, guid TEXT NOT NULL UNIQUE,
        source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
        code_id INTEGER NOT NULL REFERENCES codes(id) ON DELETE CASCADE,
        start INTEGER NOT NULL, "end" INTEGER NOT NULL,
        coder_id INTEGER REFERENCES coders(id), created TEXT NOT NULL, memo TEXT,
        CHECK (0 <= start AND start < "end"));
    CREATE INDEX codings_code ON codings(code_id, source_id);
    CREATE INDEX codings_source ON codings(source_id, start);
    CREATE TABLE memos (
        id INTEGER PRIMARY KEY, guid TEXT NOT NULL UNIQUE,
        target TEXT NOT NULL DEFAULT 'project' CHECK (target IN ({MEMO_TARGETS})),
        target_id INTEGER, start INTEGER, "end" INTEGER, title TEXT, body TEXT NOT NULL,
        coder_id INTEGER REFERENCES coders(id), created TEXT NOT NULL, modified TEXT NOT NULL);
    CREATE INDEX memos_target ON memos(target, target_id);
    CREATE TABLE changes (
        id INTEGER PRIMARY KEY, at TEXT NOT NULL, coder_id INTEGER REFERENCES coders(id),
        operation TEXT NOT NULL, table_name TEXT, row_id INTEGER, before TEXT, after TEXT);
    """)


@migrations("0002_segments")
def segments(conn):
    """Structure importers find in a source: speaker turns, pages, headings, time-coded cues."""
    _run(conn, """
    CREATE TABLE segments (
        id INTEGER PRIMARY KEY,
        source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
        kind TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL, label TEXT,
        t_start REAL, t_end REAL, CHECK (0 <= start AND start <= "end"));
    CREATE INDEX segments_source ON segments(source_id, start);
    """)


@migrations("0003_sources_fts")
def sources_fts(conn):
    """Full-text index over source text (SQLite FTS5), filled lazily before each search.

    Indexing at import would triple its cost, so new text is indexed by `search.index_text`;
    triggers only take changed or deleted text out of the index (``sources_fts_docsize`` lists
    the rows indexed).
    """
    _run(conn, """
    CREATE VIRTUAL TABLE sources_fts USING fts5(text, content='sources', content_rowid='id');
    CREATE TRIGGER sources_fts_delete AFTER DELETE ON sources
    WHEN old.id IN (SELECT id FROM sources_fts_docsize) BEGIN
        INSERT INTO sources_fts (sources_fts, rowid, text) VALUES ('delete', old.id, old.text);
    END;
    CREATE TRIGGER sources_fts_update AFTER UPDATE OF text ON sources
    WHEN old.id IN (SELECT id FROM sources_fts_docsize) BEGIN
        INSERT INTO sources_fts (sources_fts, rowid, text) VALUES ('delete', old.id, old.text);
    END;
    """)


@migrations("0004_suggestions")
def suggestions(conn):
    """Codings a strategy proposed, with provenance, awaiting a coder's decision.

    One row per (source, code, span): a rerun cannot propose again what was accepted or rejected.
    ``coder_id`` ran the strategy; ``decided_by`` accepted or rejected, and an accepted row points
    at the coding it became.
    """
    _run(conn, """
    CREATE TABLE suggestions (
        id INTEGER PRIMARY KEY,
        source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
        code_id INTEGER NOT NULL REFERENCES codes(id) ON DELETE CASCADE,
        start INTEGER NOT NULL, "end" INTEGER NOT NULL,
        strategy TEXT NOT NULL, params TEXT NOT NULL DEFAULT '{}', score REAL, explanation TEXT,
        status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'accepted', 'rejected')),
        coder_id INTEGER REFERENCES coders(id), created TEXT NOT NULL,
        decided_by INTEGER REFERENCES coders(id), decided TEXT,
        coding_id INTEGER REFERENCES codings(id) ON DELETE SET NULL,
        CHECK (0 <= start AND start < "end"), UNIQUE (source_id, code_id, start, "end"));
    CREATE INDEX suggestions_status ON suggestions(status, code_id);
    """)


@migrations("0005_changes_batch")
def changes_batch(conn):
    """Group the change log by transaction: `batch` is the id of the transaction's first change."""
    _run(conn, """
    ALTER TABLE changes ADD COLUMN batch INTEGER;
    UPDATE changes SET batch = id;
    CREATE INDEX changes_batch ON changes(batch);
    CREATE INDEX changes_coder ON changes(coder_id, batch);
    """)


@migrations("0006_codings_covering_index")
def codings_covering_index(conn):
    """Index codings by (code, source, start, end, coder), replacing the (code, source) index:
    counts and characters coded per code and source, by any coders, come from the index alone."""
    _run(conn, """
    CREATE INDEX codings_code_span ON codings(code_id, source_id, start, "end", coder_id);
    DROP INDEX codings_code;
    """)


@migrations("0007_codings_counter")
def codings_counter(conn):
    """Mark a coding as a counter-instance (``denial``, ``hypothetical``, ``third-party`` or a
    free label); NULL is a supporting coding, the one counts and presence count by default.
    The covering index takes the column, so counts that tell the two apart still read it alone."""
    _run(conn, """
    ALTER TABLE codings ADD COLUMN counter TEXT;
    CREATE INDEX codings_code_counter ON codings(code_id, source_id, start, "end", coder_id, counter);
    DROP INDEX codings_code_span;
    """)


@migrations("0008_coding_memos_in_codings")
def coding_memos_in_codings(conn):
    """One home for a coding's memo, ``codings.memo`` (as REFI-QDA and the codings table have it):
    memos written on a coding in the ``memos`` table are appended to it, then removed there."""
    _run(conn, """
    UPDATE codings SET memo = (SELECT group_concat(body, char(10) || char(10)) FROM (
        SELECT 0 AS k, codings.memo AS body WHERE codings.memo IS NOT NULL AND codings.memo != ''
        UNION ALL SELECT id, body FROM memos WHERE target = 'coding' AND target_id = codings.id
        ORDER BY k))
    WHERE id IN (SELECT target_id FROM memos WHERE target = 'coding');
    DELETE FROM memos WHERE target = 'coding';
    """)


@migrations("0009_read_indices")
def read_indices(conn):
    """Index the codings that have a memo, so the memo list reads them alone, not every coding; and
    suggestions best first, so the review screen's page of open ones is read from the index."""
    _run(conn, """
    CREATE INDEX codings_memo ON codings(id) WHERE memo IS NOT NULL AND memo != '';
    CREATE INDEX suggestions_best ON suggestions(status, score DESC, source_id, start);
    """)


COUNT_IN = """
        INSERT INTO source_tallies VALUES (new.source_id, 1)
            ON CONFLICT DO UPDATE SET codings = codings + 1;
        INSERT INTO code_tallies VALUES (new.code_id, new.counter IS NULL, new.counter IS NOT NULL,
            new.counter IS NULL AND NOT EXISTS (SELECT 1 FROM codings WHERE code_id = new.code_id
                AND source_id = new.source_id AND counter IS NULL AND id != new.id))
            ON CONFLICT DO UPDATE SET supporting = supporting + excluded.supporting,
                counter = counter + excluded.counter, sources = sources + excluded.sources;"""
COUNT_OUT = """
        UPDATE source_tallies SET codings = codings - 1 WHERE source_id = old.source_id;
        UPDATE code_tallies SET supporting = supporting - (old.counter IS NULL),
            counter = counter - (old.counter IS NOT NULL),
            sources = sources - (old.counter IS NULL AND NOT EXISTS (SELECT 1 FROM codings
                WHERE code_id = old.code_id AND source_id = old.source_id AND counter IS NULL
                AND id != old.id))
            WHERE code_id = old.code_id;"""


@migrations("0010_coding_tallies")
def coding_tallies(conn):
    """Coding counts kept as codings change, so home and the codebook read one row per source or
    code, not every coding: per source its codings; per code its supporting codings, its
    counter-instances and the sources with a supporting one. Triggers on `codings` keep them exact
    through any write: a row counts in (`COUNT_IN`) when inserted, out (`COUNT_OUT`) when deleted,
    out then in when its source, code or counter changes; a code gains or loses a source when no
    other supporting coding of it is there. Existing codings are counted once here. A row at zero
    stays (readers leave it out)."""
    _run(conn, f"""
    CREATE TABLE source_tallies (source_id INTEGER PRIMARY KEY, codings INTEGER NOT NULL);
    CREATE TABLE code_tallies (code_id INTEGER PRIMARY KEY, supporting INTEGER NOT NULL,
        counter INTEGER NOT NULL, sources INTEGER NOT NULL);
    INSERT INTO source_tallies SELECT source_id, count(*) FROM codings GROUP BY source_id;
    INSERT INTO code_tallies SELECT code_id, sum(n - c), sum(c), sum(n > c) FROM (
        SELECT code_id, source_id, count(*) AS n, count(counter) AS c FROM codings
        GROUP BY code_id, source_id) GROUP BY code_id;
    CREATE TRIGGER codings_tally_insert AFTER INSERT ON codings BEGIN{COUNT_IN}
    END;
    CREATE TRIGGER codings_tally_delete AFTER DELETE ON codings BEGIN{COUNT_OUT}
    END;
    CREATE TRIGGER codings_tally_update AFTER UPDATE OF source_id, code_id, counter ON codings
    BEGIN{COUNT_OUT}{COUNT_IN}
    END;
    """)



@migrations("0011_source_lengths")
def source_lengths(conn):
    """Each source's length in characters kept beside it, so a listing of sources reads no text
    (`length(text)` reads every text whole). Triggers on `sources` keep it exact through any write."""
    _run(conn, """
    CREATE TABLE source_lengths (source_id INTEGER PRIMARY KEY, chars INTEGER NOT NULL);
    INSERT INTO source_lengths SELECT id, length(text) FROM sources;
    CREATE TRIGGER sources_length_insert AFTER INSERT ON sources BEGIN
        INSERT INTO source_lengths VALUES (new.id, length(new.text));
    END;
    CREATE TRIGGER sources_length_update AFTER UPDATE OF id, text ON sources BEGIN
        DELETE FROM source_lengths WHERE source_id = old.id;
        INSERT INTO source_lengths VALUES (new.id, length(new.text));
    END;
    CREATE TRIGGER sources_length_delete AFTER DELETE ON sources BEGIN
        DELETE FROM source_lengths WHERE source_id = old.id;
    END;
    """)

SCHEMA_VERSION = len(migrations.steps)
