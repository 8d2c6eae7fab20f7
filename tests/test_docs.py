"""The docs say what the code does: the schema of a fresh project, every hook, every command."""

import importlib.util
from pathlib import Path

DOCS = Path(__file__).resolve().parent.parent / "docs"


def test_schema_doc_is_the_schema_of_a_fresh_project():
    spec = importlib.util.spec_from_file_location("make_schema", DOCS / "make_schema.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert (DOCS / "schema.sql").read_text(encoding="utf-8") == module.fresh_schema(), (
        "docs/schema.sql is stale: run python docs/make_schema.py")
