"""The IPA plugin's own tables (owner ``ipa``), written only through ``project.plugin_table``."""

from __future__ import annotations

from qodex.plugins.ipa.terms import KINDS, LEVELS, METHODS
from qodex.project.migrations import Migrations, Spans

migrations = Migrations("ipa", spans=(
    Spans("ipa_notes", "IPA note"), Spans("ipa_passages", "IPA statement passage"),
    Spans("ipa_themes", "IPA theme's key quote", "key_source_id", "key_start", "key_end", optional=True)))


def _in(values: tuple[str, ...]) -> str:
    return ", ".join(f"'{v}'" for v in values)


@migrations()
def m001_ipa(conn):
    """Notes on spans, statements per case, their grounding, themes and their links."""
    for statement in f"""
    CREATE TABLE ipa_notes (id INTEGER PRIMARY KEY,
        source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
        start INTEGER NOT NULL, "end" INTEGER NOT NULL CHECK (0 <= start AND start < "end"),
        kind TEXT NOT NULL CHECK (kind IN ({_in(KINDS)})), body TEXT NOT NULL);
    CREATE TABLE ipa_statements (id INTEGER PRIMARY KEY,
        case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE, text TEXT NOT NULL);
    CREATE TABLE ipa_statement_notes (id INTEGER PRIMARY KEY,
        statement_id INTEGER NOT NULL REFERENCES ipa_statements(id) ON DELETE CASCADE,
        note_id INTEGER NOT NULL REFERENCES ipa_notes(id) ON DELETE CASCADE,
        UNIQUE (statement_id, note_id));
    CREATE TABLE ipa_passages (id INTEGER PRIMARY KEY,
        statement_id INTEGER NOT NULL REFERENCES ipa_statements(id) ON DELETE CASCADE,
        source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
        start INTEGER NOT NULL, "end" INTEGER NOT NULL CHECK (0 <= start AND start < "end"));
    CREATE TABLE ipa_themes (id INTEGER PRIMARY KEY,
        level TEXT NOT NULL CHECK (level IN ({_in(LEVELS)})),
        case_id INTEGER REFERENCES cases(id) ON DELETE CASCADE,
        parent_id INTEGER REFERENCES ipa_themes(id) ON DELETE CASCADE,
        name TEXT NOT NULL, method TEXT CHECK (method IN ({_in(METHODS)})), description TEXT,
        CHECK ((level = 'personal') = (case_id IS NOT NULL)));
    CREATE TABLE ipa_theme_statements (id INTEGER PRIMARY KEY,
        theme_id INTEGER NOT NULL REFERENCES ipa_themes(id) ON DELETE CASCADE,
        statement_id INTEGER NOT NULL UNIQUE REFERENCES ipa_statements(id) ON DELETE CASCADE);
    CREATE TABLE ipa_theme_members (id INTEGER PRIMARY KEY,
        theme_id INTEGER NOT NULL REFERENCES ipa_themes(id) ON DELETE CASCADE,
        member_id INTEGER NOT NULL REFERENCES ipa_themes(id) ON DELETE CASCADE,
        UNIQUE (theme_id, member_id));
    CREATE TABLE ipa_theory_links (id INTEGER PRIMARY KEY,
        theme_id INTEGER NOT NULL REFERENCES ipa_themes(id) ON DELETE CASCADE,
        code_id INTEGER NOT NULL REFERENCES codes(id) ON DELETE CASCADE,
        UNIQUE (theme_id, code_id))
    """.split(";"):
        conn.execute(statement)


@migrations()
def m002_decisions(conn):
    """The decision log: each analytic step with its date, analyst and reason."""
    conn.execute("""
    CREATE TABLE ipa_decisions (id INTEGER PRIMARY KEY, at TEXT NOT NULL, analyst TEXT NOT NULL,
        action TEXT NOT NULL, theme_id INTEGER REFERENCES ipa_themes(id) ON DELETE SET NULL,
        theme TEXT NOT NULL, detail TEXT, reason TEXT)""")


@migrations()
def m003_key_quote_and_divergence(conn):
    """The key quote an analyst chose for a theme; a case's theme recorded as running against the
    group theme it belongs to (divergent)."""
    for column in ("key_source_id INTEGER REFERENCES sources(id) ON DELETE SET NULL",
                   "key_start INTEGER", "key_end INTEGER"):
        conn.execute(f"ALTER TABLE ipa_themes ADD COLUMN {column}")
    conn.execute("ALTER TABLE ipa_theme_members ADD COLUMN divergent INTEGER NOT NULL DEFAULT 0"
                 " CHECK (divergent IN (0, 1))")


@migrations()
def m004_indices(conn):
    """Indices for what the screens and cascades look up: a source's notes, a case's statements and
    themes, a statement's passages, a note's statements, a theme's statements, members, sub-themes
    and decisions."""
    for table, columns in (("ipa_notes", "source_id, start"), ("ipa_statements", "case_id"),
                           ("ipa_themes", "case_id"), ("ipa_themes", "parent_id"),
                           ("ipa_passages", "statement_id"), ("ipa_statement_notes", "note_id"),
                           ("ipa_theme_statements", "theme_id"), ("ipa_theme_members", "member_id"),
                           ("ipa_decisions", "theme_id")):
        name = f"{table}_by_{columns.split(',')[0]}"
        conn.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({columns})")
