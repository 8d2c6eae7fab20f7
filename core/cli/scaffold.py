'''``qodex plugin new NAME``: a study-local plugin and its test, ready to edit (see docs/plugins.md).'''

from __future__ import annotations

import re
from pathlib import Path

import click

from qodex.cli.output import say
from qodex.errors import QodexError

PLUGIN = '''"""{name}: a study plugin for qodex (made by `qodex plugin new {name}`).

qodex loads every *.py in the plugins/ folder beside a project file once you trust the folder
(and again after each edit), so this strategy is there for any project in this folder:

    qodex trust
    qodex suggest STUDY.qodex {name} -O words=worried,scared
    qodex review STUDY.qodex

Edit `propose` to change what it proposes; tests/test_{name}.py checks it (`pytest tests`).
"""

from qodex import Option, Strategy, Suggestion, hookimpl

OPTIONS = (
    Option("words", "comma-separated words to look for", "worried,scared"),
    Option("code", "the code to propose", "{title}"),
)


def propose(view, sources, options):
    """A suggestion for each line of a source that mentions one of the words (`view` is the
    project, read-only)."""
    words = [w.strip().lower() for w in options["words"].split(",") if w.strip()]
    for source in sources:
        start = 0
        for line in source.text.splitlines(keepends=True):
            found = [w for w in words if w in line.lower()]
            if found and line.strip():
                yield Suggestion(source.id, options["code"], start, start + len(line.rstrip("\\n")),
                                 float(len(found)), "mentions " + ", ".join(found))
            start += len(line)


@hookimpl
def register_strategies(register):
    register(Strategy("{name}", propose, "Propose a code for lines that mention given words", OPTIONS))
'''

TEST = '''"""Tests for the {name} study plugin: `pytest tests` from the study folder."""

from pathlib import Path

from qodex import Project, normalize
from qodex.extensions import parse_options
from qodex.host import PluginHost

PLUGINS = Path(__file__).resolve().parent.parent / "plugins"


def test_{name}_proposes_the_lines_that_mention_the_words(tmp_path):
    host = PluginHost()
    host.load_folder(PLUGINS, trusted=True)  # this test vouches for its own plugin
    strategy = host.registry.strategies["{name}"]
    with Project.create(tmp_path / "test.qodex", host=host) as project:
        source = project.sources.add("P01", normalize("I: How are you?\\nP: I was worried.\\n"))
        options = parse_options(strategy.options, ["words=worried"], "{name}")
        (suggestion,) = project.suggestions.propose(strategy, [source], options)
        assert source.text[suggestion.start:suggestion.end] == "P: I was worried."
        assert project.suggestions.add("{name}", [suggestion]) == 1
'''


@click.group()
def plugin():
    """Write your own plugins: `qodex plugin new NAME`."""


@plugin.command("new")
@click.argument("name")
@click.option("--folder", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
              show_default=True, help="The study folder (the one holding the .qodex file).")
def new(name: str, folder: Path):
    """Create plugins/NAME.py (a strategy to adapt) and tests/test_NAME.py in the study folder."""
    name = name.replace("-", "_")
    if not re.fullmatch(r"[a-z][a-z0-9_]*", name):
        raise QodexError(f"a plugin name is lower-case letters, digits and _ ({name!r} is not)")
    files = {folder / "plugins" / f"{name}.py": PLUGIN, folder / "tests" / f"test_{name}.py": TEST}
    for path in files:
        if path.exists():
            raise QodexError(f"{path} already exists; choose another name")
    for path, template in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(template.format(name=name, title=name.replace("_", " ").capitalize()),
                        encoding="utf-8")
        say(f"wrote {path}")
    say(f"next: edit plugins/{name}.py, run `pytest tests`, `qodex trust` (after each "
        f"edit), then `qodex suggest STUDY.qodex {name}` (see docs/plugins.md)", err=True)


COMMANDS = (plugin,)
