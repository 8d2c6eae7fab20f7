"""Interpretative Phenomenological Analysis: notes, statements, themes within and across cases.

The hooks only; each job is its own module: `schema` (the ``ipa_`` tables), `notes`, `statements`,
`clustering` (within a case), `crosscase` (group themes, prevalence), `theory`, `terms`, `audit`,
`decisions` (the decision log), `render` (tables as md, csv, html, json, docx), `worksheet`, `refi`
(the structure as codes), `memos` and `theme_memos` (the work as memos, for .qdpx, and back), `cli`,
and the TUI screens `reading` (with its `margin` columns), `board`, `overview`, `members`, `trace`,
`decision_log` and `worksheet_screen`.
Every write goes through ``project.plugin_table`` (see `qodex.project.plugin_tables`).
"""

from qodex import Screen, hookimpl


@hookimpl
def register_migrations(register):
    from qodex.plugins.ipa.schema import migrations

    register(migrations)


@hookimpl
def register_commands(cli):
    from qodex.plugins.ipa.cli import ipa

    cli.add_command(ipa)


@hookimpl
def export_memos(project):
    from qodex.plugins.ipa.memos import as_memos

    return as_memos(project)


@hookimpl
def after_import(project, imported):
    if not imported.memos:
        return
    from qodex.plugins.ipa.memos import adopt, recognised

    guids = recognised(imported)
    return adopt(project, guids) if guids else None


def _board(app):
    from qodex.plugins.ipa.board import BoardScreen

    return BoardScreen()


def _overview(app):
    from qodex.plugins.ipa.overview import OverviewScreen

    return OverviewScreen()


def _worksheet(app):
    from qodex.plugins.ipa.worksheet_screen import WorksheetScreen

    return WorksheetScreen()


@hookimpl
def register_screens(register):
    register(Screen("IPA board", _board, "Group a case's statements into themes"))
    register(Screen("IPA themes", _overview, "Build themes across cases; the prevalence table"))
    register(Screen("IPA worksheet", _worksheet,
                    "A case's transcript | notes | statements; write it as .docx or HTML"))
