"""Write docs/schema.sql: the SQL of a freshly created project file (checked by tests/test_docs.py)."""

import sqlite3
import tempfile
from pathlib import Path

from qodex.project import Project

TARGET = Path(__file__).with_name("schema.sql")


def fresh_schema() -> str:
    """The CREATE statements of a new project, in creation order."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fresh.qodex"
        Project.create(path).close()
        rows = sqlite3.connect(path).execute(
            "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sources_fts_%'"
            " ORDER BY rowid").fetchall()
    return "".join(f"{sql};\n\n" for (sql,) in rows)


if __name__ == "__main__":
    TARGET.write_text(fresh_schema(), encoding="utf-8")
    print(f"wrote {TARGET}")
