"""The layers hold: SQL only in core/project/ (a plugin's own migrations aside), and each plugin
package imports only itself and public core, never another plugin's modules."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Plugins that still read tables with SQL of their own (none now): take a plugin off this list once
# it holds no SQL.
NOT_YET: set[str] = set()
# web writes SQL for Datasette to run (its canned queries) and reads the schema to describe it.
SQL_BY_DESIGN = {"web"}
# declared dependencies: web publishes the redacted copy the deid plugin makes (qodex datasette --deid);
# the study report shows the analysis plugin's measures (Table I, saturation, agreement, the case
# matrix) and the IPA plugin's themes, through their public modules
DEPENDS = {"web": {"deid"}, "reports": {"analysis", "ipa"}}
SQL = re.compile(r"\b(SELECT\b[\s\S]*\bFROM|INSERT\s+(OR\s+\w+\s+)?INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM)\b")
CALLS = {"execute", "executemany", "executescript"}
PROJECT_ROWS = re.compile(r"(^|\.)(project|view|opened|db)$")


def modules(*folders: str, skip: set[str] = NOT_YET):
    for folder in folders:
        for path in sorted((ROOT / folder).rglob("*.py")):
            parts = path.relative_to(ROOT / "plugins").parts if folder == "plugins" else ()
            if not (parts and parts[0] in skip):
                yield path


def migration_functions(tree: ast.AST) -> set[ast.AST]:
    """Functions decorated as a migration (``@migrations("0001_...")``), whose SQL is allowed."""
    return {node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)
            and any("migrations" in ast.unparse(d) for d in node.decorator_list)}


def docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) \
                and isinstance(body[0].value, ast.Constant):
            found.add(id(body[0].value))
    return found


def sql_in(path: Path) -> list[str]:
    """What in `path` is SQL or reaches a connection, outside its migrations and docstrings."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    allowed = {id(n) for f in migration_functions(tree) for n in ast.walk(f)} | docstrings(tree)
    found = []
    for node in ast.walk(tree):
        if id(node) in allowed:
            continue
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and SQL.search(node.value):
            found.append(f"SQL {node.value[:40]!r}")
        elif isinstance(node, ast.Attribute) and node.attr == "conn" or \
                isinstance(node, ast.Name) and node.id == "conn":
            found.append("a connection (conn)")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            receiver = ast.unparse(node.func.value)
            if node.func.attr in CALLS or node.func.attr == "rows" and PROJECT_ROWS.search(receiver):
                found.append(f"{receiver}.{node.func.attr}(...)")
    return found


def test_no_sql_in_the_cli_the_tui_or_plugins_outside_their_migrations():
    found = [f"{path.relative_to(ROOT)}: {hit}"
             for path in modules("core/cli", "core/tui", "plugins", skip=NOT_YET | SQL_BY_DESIGN)
             for hit in sql_in(path)]
    assert found == []


def test_the_sql_check_finds_sql_a_connection_and_raw_reads(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text('def f(project, view):\n    """SELECT x FROM y in a docstring is prose."""\n'
                      '    project.rows("SELECT id FROM codes")\n    view.conn.cursor()\n'
                      '    project.plugin_table("x_notes").rows(kind="a")\n', encoding="utf-8")
    assert sorted(sql_in(sample)) == ["SQL 'SELECT id FROM codes'", "a connection (conn)",
                                      "project.rows(...)"]


def plugin_imports(path: Path) -> list[str]:
    """The qodex modules `path` imports (``from qodex.plugins import x`` as ``qodex.plugins.x``)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.append(node.module)
            if node.module == "qodex.plugins":
                found += [f"qodex.plugins.{alias.name}" for alias in node.names]
    return [name for name in found if name.startswith("qodex")]


def test_each_plugin_package_imports_only_itself_and_public_core():
    wrong = []
    for path in modules("plugins"):
        parts = path.relative_to(ROOT / "plugins").parts
        own = f"qodex.plugins.{parts[0]}" if len(parts) > 1 else None
        for name in plugin_imports(path):
            private = any(part.startswith("_") for part in name.split("."))
            allowed = {own, *(f"qodex.plugins.{d}" for d in DEPENDS.get(parts[0], ()))} - {None}
            other = name.startswith("qodex.plugins.") and not any(f"{name}.".startswith(f"{a}.")
                                                                   for a in allowed)
            if private or other:
                wrong.append(f"{path.relative_to(ROOT)} imports {name}")
    assert wrong == []
