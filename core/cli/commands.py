"""Every built-in command by name: the module that defines it and its one-line help.

``qodex --help`` lists these without importing a command's module; a command's module is imported
when the command is run or asked for its own help (tests/test_cli_vocabulary.py checks that each
line here is the first sentence of the command's docstring). A module in core/cli/ defines its
commands in ``COMMANDS``; a built-in plugin adds its own through its ``register_commands`` hook.
"""

from __future__ import annotations

BUILTIN = {  # name: (module in qodex.cli, one-line help)
    "init": ("project", "Create an empty project file PROJECT (e.g. study.qodex)."),
    "open": ("project", "Open PROJECT (default: the only *.qodex file here) in the coding workbench."),
    "import": ("importing", "Import files or whole folders into PROJECT (created if missing)."),
    "export": ("exporting", "Write PROJECT to OUT: .qdpx or .qdc (REFI-QDA), .json, or a folder of "
               "open files."),
    "convert": ("exporting", "Convert SOURCE (e.g. an NVivo .qdpx) to OUT without creating a project "
                "first."),
    "sources": ("listing", "List, rename and delete sources (``qodex sources PROJECT`` lists them)."),
    "codes": ("listing", "List and edit the codebook (``qodex codes PROJECT`` lists it)."),
    "codings": ("listing", "List codings and mark counter-instances (``qodex codings PROJECT`` lists them)."),
    "cases": ("listing", "List cases and set their attribute values (``qodex cases PROJECT`` lists them)."),
    "memos": ("memos", "Add, list and show memos (``qodex memos PROJECT`` lists them)."),
    "search": ("reading", "Where WORDS (each as the start of a word) occur in sources of PROJECT holding "
               "them all."),
    "show": ("reading", "Print SOURCE with its codings as stripes on the left (a letter per code, named "
             "at the end), through the terminal's pager when the output is a terminal."),
    "code": ("coding", "Code part of SOURCE in PROJECT with CODE: a path like Parent/Child, or a code's "
             "name when no other code has it."),
    "edit": ("editing", "Replace part of SOURCE's text in PROJECT; codings, memos and turns follow "
             "their words."),
    "plugins": ("plugins", "List the plugins: name, version, where each came from, its hooks, and "
                "any failure."),
    "report": ("reporting", "Build report NAME from PROJECT as Markdown, HTML, Word (.docx, to a file) "
               "or terminal text."),
    "strategies": ("suggesting", "List the coding strategies with their options (give them to suggest "
                   "as -O NAME=VALUE)."),
    "suggest": ("suggesting", "Run STRATEGY over PROJECT and store what it proposes, for `qodex "
                "review`."),
    "review": ("suggesting", "Decide on the open suggestions in PROJECT: one by one, or with the "
               "flags, for scripts."),
    "undo": ("history", "Take back your latest change to PROJECT (an import, a merge, a coding...)."),
    "redo": ("history", "Put back the change you last undid in PROJECT (refusing as undo does, unless "
             "--force)."),
    "history": ("history", "Who changed what in PROJECT, newest first (one row per undoable step)."),
    "backup": ("backups", "Copy PROJECT, safely while others use it, to DEST (default: a snapshot in "
               ".qodex-backups/)."),
    "restore": ("backups", "Put SNAPSHOT's content back into PROJECT (its current state is "
                "snapshotted first)."),
    "check": ("backups", "Check PROJECT: SQLite integrity, foreign keys, every span inside its "
              "source's text."),
    "merge": ("merging", "Merge OTHER (another copy of the project, or e.g. a .qdpx) into PROJECT, "
              "losing nothing."),
    "plugin": ("scaffold", "Write your own plugins: `qodex plugin new NAME`."),
    "trust": ("trusting", "Let the plugins/*.py of study FOLDER (default: here) run, as they are now."),
}

PLUGIN = {  # name: (the built-in plugin module whose register_commands adds it, one-line help)
    "query": ("qodex.plugins.analysis.cli", "Query PROJECT: coding retrieval, matrices, "
              "co-occurrence, words, Table I, saturation and inter-coder agreement."),
    "ipa": ("qodex.plugins.ipa", "Interpretative Phenomenological Analysis: notes, statements, "
            "themes, tables, audit."),
    "deid": ("qodex.plugins.deid", "De-identification: consistent pseudonyms from a key kept outside "
             "the project."),
    "serve": ("qodex.plugins.web", "Open PROJECT in a browser tab: the same TUI as `qodex open`, through "
              "textual-serve."),
    "datasette": ("qodex.plugins.web", "Browse PROJECT in Datasette: read-only, every table described, "
                  "canned queries and facets."),
}


def load(name: str):
    """The click command declared as `name` (importing its module now), or None if undeclared."""
    import importlib

    import click

    if name in BUILTIN:
        module = importlib.import_module(f"qodex.cli.{BUILTIN[name][0]}")
        return next(c for c in module.COMMANDS if c.name == name)
    if name in PLUGIN:
        scratch = click.Group()
        importlib.import_module(PLUGIN[name][0]).register_commands(cli=scratch)
        return scratch.commands[name]
    return None


def short_help(name: str) -> str | None:
    """The declared one-line help of command `name`."""
    declared = BUILTIN.get(name) or PLUGIN.get(name)
    return declared[1] if declared else None
