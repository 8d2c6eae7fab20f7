"""Built-in open-format exporters: a folder of plain files, or one JSON document (`folder`, a
plugin of its own, imported only when exporters are first asked for)."""

from qodex import hookimpl


@hookimpl
def register_exporters(register):
    from qodex.plugins.exporters import folder

    folder.register_exporters(register)
