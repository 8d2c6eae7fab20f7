"""Built-in coding strategies: each proposes codings as suggestions for a coder to review.

One module per strategy (`keywords`, `speaker`, `guide`, `theory`, `similar`), each a plugin of its
own (its `register_strategies` hook); this package registers them all, importing them only when
strategies are first asked for. Opening a project imports only `similar_cache`, the migrations of
the cache table `similar` keeps.
"""

from qodex import hookimpl


@hookimpl
def register_migrations(register):
    from qodex.plugins.strategies.similar_cache import migrations

    register(migrations)


@hookimpl
def register_strategies(register):
    from qodex.plugins.strategies import guide, keywords, similar, speaker, theory

    for module in (keywords, speaker, guide, theory, similar):
        module.register_strategies(register)
