"""``qodex plugins``: what is loaded, from where, and what failed; a study's plugins unimported."""

from __future__ import annotations

import click

from qodex.cli.output import emit, output_options


@click.command()
@output_options
def plugins(fmt: str):
    """List the plugins: name, version, where each came from, its hooks, and any failure.

    The plugins of the study folder here are listed by file, never imported: loaded only with a
    project once the folder is trusted (`qodex trust`).
    """
    from qodex.host import get_host

    host = get_host()
    host.registry.complete()  # calling the registration hooks reveals plugins that fail there
    rows = [{"name": p.name, "version": p.version, "origin": p.origin, "hooks": p.hooks,
             "status": "loaded", "error": None} for p in host.plugins()]
    rows += [{"name": f.name, "version": None, "origin": f.origin, "hooks": [],
              "status": "failed", "error": f"{f.stage}: {f.error}"} for f in host.failures]
    rows += _study_rows()
    emit(rows, fmt, ["name", "version", "origin", "hooks", "status", "error"])


def _study_rows() -> list[dict]:
    """The plugin files of the study folder here, with whether they may load; a hint on stderr."""
    from qodex import trust
    from qodex.cli import study_folders
    from qodex.host import is_plugin_file

    rows = []
    for folder in study_folders([]):
        verdict = trust.check(folder)
        names = sorted(filter(is_plugin_file, verdict.files))
        if verdict.problem:
            status = f"not loaded (untrusted): run `{trust.command(folder)}`"
            if names:
                click.echo(f"The plugins of {folder} are not loaded ({verdict.problem}): "
                           f"run `{trust.command(folder)}`", err=True)
        else:
            status = "not loaded (trusted): loads with a project in its folder"
        rows += [{"name": name.removesuffix(".py"), "version": None,
                  "origin": f"study {folder / 'plugins'}", "hooks": [], "status": status,
                  "error": None} for name in names]
    return rows


COMMANDS = (plugins,)
