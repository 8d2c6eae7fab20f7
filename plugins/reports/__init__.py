"""Report plugins: each is a Markdown template plus a function computing the data it shows.

`study` and `coreq` are each a plugin of its own (its `register_reports` hook, so a researcher may
copy one into a study's plugins/ and change it); this package registers both, importing them only
when reports are first asked for.
"""

from qodex import hookimpl


@hookimpl
def register_reports(register):
    from qodex.plugins.reports import coreq, study

    study.register_reports(register)
    coreq.register_reports(register)
