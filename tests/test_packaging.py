"""Packaging and import hygiene: one `qodex` package, and a fast, TUI-free CLI start."""

import subprocess
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_the_wheel_holds_only_the_qodex_package(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "-q", "-w", str(tmp_path), str(REPO)], check=True, capture_output=True)
    (wheel,) = tmp_path.glob("qodex-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    tops = {n.split("/")[0] for n in names}
    assert tops == {"qodex", next(t for t in tops if t.endswith(".dist-info"))}
    assert "qodex/plugins/importers/txt.py" in names
    assert "qodex/project/project.py" in names
    assert "qodex/themes/dark.yaml" in names and "qodex/tui/app.tcss" in names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "qodex = qodex.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


def _imported_after(code: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", code + "\nimport sys; print(' '.join(sys.modules))"],
                         check=True, capture_output=True, text=True).stdout
    return set(out.split())


def test_import_qodex_does_not_import_textual_or_sqlite_utils():
    modules = _imported_after("import qodex")
    assert "textual" not in modules
    assert "sqlite_utils" not in modules


EDGE = ("textual", "sqlite_utils", "rich", "lxml", "pypdf", "openpyxl", "docx")  # imported where used
HEAVY = (*EDGE, "pluggy", "sqlite3")


def _imported_by_cli(*argv) -> set[str]:
    args = tuple(map(str, argv))
    return _imported_after(f"import sys; sys.argv = ['qodex', *{args!r}]\nfrom qodex.cli import main\n"
                           "try:\n    main()\nexcept SystemExit:\n    pass")


def test_help_imports_no_command_module_no_plugin_and_no_heavy_library():
    modules = _imported_by_cli("--help")
    assert not [m for m in modules if m.startswith(("qodex.plugins", "qodex.host", "qodex.project"))]
    assert {m for m in modules if m.startswith("qodex.cli.")} <= {
        "qodex.cli.commands", "qodex.cli.context", "qodex.cli.options", "qodex.cli.output"}
    assert not [m for m in modules if m.split(".")[0] in HEAVY]


def test_a_command_imports_only_its_own_module():
    modules = _imported_by_cli("sources", "--help")
    assert "qodex.cli.listing" in modules
    assert not {"qodex.cli.suggesting", "qodex.cli.backups", "qodex.plugins.ipa.cli"} & modules


def test_listing_sources_loads_each_builtin_plugin_s_hooks_and_none_of_their_implementations(tmp_path):
    from qodex.host import DEFAULT_PLUGINS

    (tmp_path / "P01.txt").write_text("Interviewer: Hello?\nAnne: Hello.\n", encoding="utf-8")
    project = tmp_path / "study.qodex"
    subprocess.run([sys.executable, "-c", "from qodex.cli import main; main()", "import", str(project),
                    str(tmp_path / "P01.txt")], check=True, capture_output=True)
    modules = _imported_by_cli("sources", project)
    assert {*DEFAULT_PLUGINS, "qodex.project"} <= modules
    plugins = {m for m in modules if m.startswith("qodex.plugins.")}
    migrations = {"qodex.plugins.ipa.schema", "qodex.plugins.ipa.terms",
                  "qodex.plugins.strategies.similar_cache"}
    assert plugins - migrations <= {*DEFAULT_PLUGINS, "qodex.plugins.analysis"}
    heavy = (*EDGE, "markdown_it", "xmlschema", "charset_normalizer", "zipfile", "logging")
    assert not [m for m in modules if m.split(".")[0] in heavy]
    assert not {"qodex.tui", "qodex.reporting", "qodex.importing", "qodex.exporting"} & modules
    assert "importlib.metadata" not in modules  # slow to import, and no installed plugin to look up


FIRST_SCREEN = """import asyncio, sys
from qodex.tui import QodexApp
async def main():
    async with QodexApp(sys.argv[1]).run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert pilot.app.screen.query_one("DataTable").row_count == 1
asyncio.run(main())
print(" ".join(sys.modules))
"""


def test_the_first_screen_imports_only_what_it_shows(tmp_path):
    from qodex.host import DEFAULT_PLUGINS

    (tmp_path / "P01.txt").write_text("Interviewer: Hello?\nAnne: Hello.\n", encoding="utf-8")
    project = tmp_path / "study.qodex"
    subprocess.run([sys.executable, "-c", "from qodex.cli import main; main()", "import", str(project),
                    str(tmp_path / "P01.txt")], check=True, capture_output=True)
    for _ in range(2):  # the first start keeps the theme files read in the cache folder
        modules = set(subprocess.run([sys.executable, "-c", FIRST_SCREEN, str(project)], check=True,
                                     capture_output=True, text=True).stdout.split())
    assert not {"yaml", "html", "qodex.bundle", "qodex.project.records", "qodex.project.history",
                "qodex.project.nouns", "qodex.trust"} & modules
    assert {m for m in modules if m.startswith("qodex.tui.screens.")} == {
        "qodex.tui.screens.base", "qodex.tui.screens.home", "qodex.tui.screens.prompt"}
    migrations = {"qodex.plugins.ipa.schema", "qodex.plugins.ipa.terms",
                  "qodex.plugins.strategies.similar_cache"}
    plugins = {m for m in modules if m.startswith("qodex.plugins.")}
    assert plugins - migrations <= {*DEFAULT_PLUGINS, "qodex.plugins.analysis"}
