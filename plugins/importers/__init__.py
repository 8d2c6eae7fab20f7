"""Built-in importers, one module per format: plain text (`txt`), codebook and codings tables
(`tables`), Word (`docx`), subtitles (`subtitles`), PDF (`pdf`) and participant tables
(`participants`). Each module is a plugin of its own (its `register_importers` hook); this package
registers them all, importing them only when importers are first asked for, never when a project
is opened."""

from qodex import hookimpl


@hookimpl
def register_importers(register):
    from qodex.plugins.importers import docx, participants, pdf, subtitles, tables, txt

    for module in (txt, tables, docx, subtitles, pdf, participants):
        module.register_importers(register)
