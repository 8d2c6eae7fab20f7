"""What every workbench screen shares: header and footer around its widgets, the open project,
reloading, friendly errors, key bindings, and filling a table or a list from rows.

Text from the project is never markup: widgets get it as `plain` content (a code called
``[red]x[/red]`` shows its brackets) with control characters shown escaped, and notifications
are plain text."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from typing import Any, ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Header, OptionList
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState, get_current_worker

from qodex.escape import visible
from qodex.tui.widgets.keybar import KeyBar


def bind(scope: str, key: str, action: str, description: str, tooltip: str = "",
         show: bool = True, group: Binding.Group | None = None) -> Binding:
    """A key binding with the id ``scope.action`` (for keymaps) and a tooltip for the palette; the
    key bar shows the keys of one `group` together under its description."""
    return Binding(key, action, description, show=show, id=f"{scope}.{action}",
                   tooltip=tooltip or description, group=group)


class QodexScreen(Screen):
    """A screen over the open project: a header, `body()`, its keys; `reload()` redraws it.

    The first widget matching `AUTO_FOCUS` takes the focus; the screen reloads each time it is
    shown, and escape (when bound to ``back``) closes a pushed screen.
    """

    AUTO_FOCUS: ClassVar[str] = "DataTable, OptionList, Tree"

    @property
    def project(self):
        return self.app.project

    def compose(self) -> ComposeResult:
        yield Header()
        yield from self.body()
        yield KeyBar()

    def body(self) -> ComposeResult:
        """The widgets between the header and the footer."""
        return iter(())

    def on_screen_resume(self) -> None:
        self.reload()

    def reload(self) -> None:
        """Read the project again (after a write here or a change by another process)."""

    def attempt(self, write: Callable[..., Any], *args, **kwargs) -> Any:
        """Run one API write: its result (True for None), or None after an error toast."""
        return self.app.attempt(write, *args, **kwargs)

    def load(self, what: str, read: Callable[[Any], Any], show: Callable[[Any], None],
             writes: bool = False) -> Worker:
        """Run `read(connection)` in a thread on a read-only connection of its own (writable if
        `writes`, e.g. to index), then `show` its result here; a newer load of the same `what`
        replaces an older one, and a failure is shown."""
        return self.run_worker(partial(_read, self.app, read, show, writes), name=what, group=what,
                               thread=True, exclusive=True, exit_on_error=False)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            self.app.notify(f"{event.worker.name or 'a task'} failed: {event.worker.error}",
                            title="Not done", severity="error")

    def action_back(self) -> None:
        self.dismiss()

    def notify(self, message: str, *, markup: bool = False, **options) -> None:
        """A toast showing `message` as plain text (names in it are data, not markup)."""
        super().notify(visible(message), markup=markup, **options)


def plain(text: Any) -> Content:
    """`text` to show in a widget as it is: never read as markup, control characters escaped."""
    return Content(visible(text))


def _read(app, read: Callable[[Any], Any], show: Callable[[Any], None], writes: bool) -> None:
    with (app.project.writer() if writes else app.project.reader()) as connection:
        result = read(connection)
    if not get_current_worker().is_cancelled:
        app.call_from_thread(show, result)


def fill_table(table: DataTable, columns: Iterable[str],
               rows: Iterable[tuple[str | None, Iterable[Any]]]) -> None:
    """Show `rows` of (key, cells) under `columns` as plain text (never markup), keeping the
    cursor where it was. Each column is as wide as its widest cell from the start (a table that
    measures them later can keep cells drawn narrower before, when its width stays the same)."""
    keep = table.cursor_coordinate
    names = list(columns)
    labels = [Text(visible(name)) for name in names]
    body = [(key, [Text(visible(c)) for c in cells]) for key, cells in rows]
    widths = [text_width(label.plain) for label in labels]
    for _, cells in body:
        for i, cell in enumerate(cells[:len(widths)]):
            widths[i] = max(widths[i], text_width(cell.plain))
    table.clear(columns=True)
    for name, label, wide in zip(names, labels, widths, strict=True):
        table.add_column(label, width=wide, key=None if name in table.columns else name)
    for key, cells in body:
        table.add_row(*cells, key=key)
    if table.row_count:
        table.cursor_coordinate = table.validate_cursor_coordinate(keep)


def text_width(text: str) -> int:
    """The cells `text` takes on its longest line, as Rich measures a `Text`."""
    return max(map(cell_len, text.splitlines()), default=0)


def one_line(text: str, limit: int | None = None) -> str:
    """`text` on one line, its runs of white space as single spaces, cut to `limit` with "…"
    (control characters shown escaped)."""
    text = visible(" ".join(text.split()))
    return text if limit is None or len(text) <= limit else text[:limit] + "…"


def fill_options(options: OptionList, labels: Iterable[Any], keep: bool = False) -> None:
    """Show `labels` as options with ids "0", "1", ...; highlight the first (or the same index).
    A label is a Rich `Text`, a Textual `Content` or a str (shown `plain`, never as markup)."""
    index = (options.highlighted or 0) if keep else 0
    options.clear_options()
    options.add_options(Option(plain(label) if isinstance(label, str) else label, id=str(i))
                        for i, label in enumerate(labels))
    options.highlighted = min(index, options.option_count - 1) if options.option_count else None
