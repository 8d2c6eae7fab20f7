"""Every hook a qodex plugin can implement. Plugins import only `qodex.hookimpl`.

Registration hooks receive a `register` callback: a plugin computes and names, the host stores.
"""

import pluggy

hookspec = pluggy.HookspecMarker("qodex")
hookimpl = pluggy.HookimplMarker("qodex")


@hookspec
def register_importers(register):
    """Call ``register(Importer(...))`` for each file format the plugin reads."""


@hookspec
def register_exporters(register):
    """Call ``register(Exporter(...))`` for each format the plugin writes."""


@hookspec
def register_strategies(register):
    """Call ``register(Strategy(...))`` for each way of proposing codings."""


@hookspec
def register_reports(register):
    """Call ``register(Report(...))`` for each report or analysis."""


@hookspec
def register_commands(cli):
    """Add click commands or groups to the ``qodex`` command group `cli`."""


@hookspec
def register_screens(register):
    """Call ``register(Screen(...))`` for each TUI screen, opened from the command palette."""


@hookspec
def register_migrations(register):
    """Call ``register(migrations)`` with the plugin's own `Migrations` for its own tables (naming
    its caches and the columns holding spans of sources' text, which follow edits)."""


@hookspec
def export_memos(project):
    """Return memos (dicts with the columns of the ``memos`` table) that the plugin's own data adds
    to exports such as ``.qdpx``: e.g. notes anchored to passages of sources."""


@hookspec
def after_import(project, imported):
    """Called inside the import's transaction once `imported` (the `ImportBundle` read from one file)
    is stored in `project` (or a copy is merged in: `qodex merge`), in the same transaction: turn
    what the plugin recognises in it into its own data. Return None, or counts to add to what the
    import or merge reports, by kind: ``{"IPA notes": 2, "memos": -2}`` for two memos made notes.
    Raising refuses the file, the project left as it was."""


@hookspec
def on_project_open(project):
    """Called with each `Project` after it is opened and migrated."""
