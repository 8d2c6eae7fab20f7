"""Write tests/data/schema1.qodex: a project as qodex 0.1 wrote it at schema 1 (before segments).

Kept so that the migration test opens a real older file; rerun only if that file is lost.
"""

import sqlite3
from pathlib import Path

from qodex.project import schema
from qodex.project.migrations import ensure_record_table

TARGET = Path(__file__).with_name("schema1.qodex")
STAMP = "2026-11-25T12:00:00+00:00"

if __name__ == "__main__":
    TARGET.unlink(missing_ok=True)
    conn = sqlite3.connect(TARGET, isolation_level=None)
    ensure_record_table(conn)
    schema.migrations.apply(conn, upto=1)
    conn.executescript(f"""
    BEGIN;
    INSERT INTO meta VALUES ('name', 'schema one'), ('created', '{STAMP}');
    INSERT INTO coders VALUES (1, 'astrid', '{STAMP}');
    INSERT INTO sources (id, guid, name, kind, text, text_sha256, origin, meta, created, coder_id)
      VALUES (1, '0b6f7c1e-4a57-4d2a-9a43-2f0e8d1c9b10', 'P01', 'text',
              'Interviewer: Do you see the same doctor?\nAnne: Always him. He knows me.',
              '', 'P01.txt', '{{}}', '{STAMP}', 1);
    INSERT INTO codes (id, guid, parent_id, name, colour, description, position, created, coder_id)
      VALUES (1, '7d0e2b8a-3f7c-4b51-8c2d-1e9f0a6b5c43', NULL, 'Being known', '#0072B2', NULL, 0,
              '{STAMP}', 1);
    INSERT INTO codings (id, guid, source_id, code_id, start, "end", coder_id, created)
      VALUES (1, 'c3a9d4e2-5b6f-4e71-9a80-4d2c1b0e9f87', 1, 1, 62, 73, 1, '{STAMP}');
    COMMIT;
    """)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    print(f"wrote {TARGET}")
