"""An example qodex plugin package: questions as suggestions, a word count command, a screen."""

from qodex import Screen, Strategy, Suggestion, hookimpl


def propose(project, sources, options):
    """Propose the code "Questions" for every line that ends with a question mark."""
    for source in sources:
        start = 0
        for line in source.text.splitlines(keepends=True):
            if line.rstrip().endswith("?"):
                yield Suggestion(source.id, "Questions", start, start + len(line.rstrip()), 1.0,
                                 "ends with a question mark")
            start += len(line)


@hookimpl
def register_strategies(register):
    register(Strategy("questions", propose, "Code every line that asks a question"))


@hookimpl
def register_commands(cli):
    import click

    @cli.command("words")
    @click.argument("project", type=click.Path(exists=True, dir_okay=False))
    def words(project):
        """Count the words of every source in PROJECT."""
        from qodex import Project

        with Project.open(project) as opened:
            total = sum(len(s.text.split()) for s in opened.sources)
        click.echo(f"{total} words")


def open_screen(app):
    from textual.screen import Screen as TextualScreen
    from textual.widgets import Static

    class Sources(TextualScreen):
        def compose(self):
            yield Static(f"{app.project.sources.count()} sources", id="count")

    return Sources()


@hookimpl
def register_screens(register):
    register(Screen("Source count", open_screen, "How many sources the project has", key="W"))
