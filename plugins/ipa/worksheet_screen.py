"""The worksheet screen: a case's paper worksheet on screen, each transcript line numbered with the
exploratory notes on it and the experiential statements that start there, in three columns (below 80
columns, a stack: each line, then its notes and statements indented).

[ and ] go to the previous or next case, f finds one by the first letters of its name, o opens the
transcript to note and write statements; d writes the worksheet as a Word document and H as HTML
(printable on A4, as `qodex ipa worksheet` writes them), asking for the file and before replacing one.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from qodex.escape import visible
from qodex.plugins.ipa import model, worksheet
from qodex.plugins.ipa.board import cycle
from qodex.plugins.ipa.members import find_case
from qodex.plugins.ipa.reading import FOLD
from qodex.plugins.ipa.terms import term
from qodex.tui import Prompt, QodexScreen, bind, plain

_bind = partial(bind, "ipa.worksheet")
EMPTY = ("No notes or {statements} for {case} yet: press o to read the transcript, select words"
         " (w, s, p, t), press n to note them and S to make a statement; or from the command line,"
         " qodex ipa note add PROJECT {case} descriptive WORDS --quote PASSAGE.")
NO_CASES = ("The project has no cases: import participants (qodex import PROJECT participants.csv)"
            " or make one in the cases screen (6), then link its transcripts.")


class WorksheetScreen(QodexScreen):
    BINDINGS = [_bind("right_square_bracket", "case(1)", "Next case"),
                _bind("left_square_bracket", "case(-1)", "Prev case"),
                _bind("f", "find", "Find case", "Show the worksheet of the case named"),
                _bind("d", "write('docx')", "Word", "Write the worksheet as a Word document (.docx)"),
                _bind("H", "write('html')", "HTML", "Write the worksheet as HTML, printable on A4"),
                _bind("o", "open", "Read", "Open the case's transcript to note and write statements"),
                _bind("escape", "back", "Back")]
    AUTO_FOCUS = "#ipa-worksheet"
    DEFAULT_CSS = "#ipa-worksheet-hint { height: auto; padding: 0 1; background: $panel; }"

    def __init__(self, case_id: int | None = None):
        super().__init__()
        self.case_id = case_id
        self.rows: list[dict] = []

    def body(self) -> ComposeResult:
        yield Static(id="ipa-worksheet-hint")
        with VerticalScroll(id="ipa-worksheet"):
            yield Static(id="ipa-worksheet-page")

    def on_mount(self) -> None:
        if self.case_id is None:
            noted = {model.case_of(self.project, n["source_id"])
                     for n in model.table(self.project, "notes").rows()}
            ids = [c.id for c in self.project.cases]
            self.case_id = next((i for i in ids if i in noted), ids[0] if ids else None)

    def reload(self) -> None:
        hint = self.query_one("#ipa-worksheet-hint", Static)
        self.rows, case = [], None
        if self.case_id is not None:
            self.rows, self.sub_title = worksheet.rows(self.project, self.case_id)
            case = self.project.cases.get(self.case_id).name
        empty = not any(list(row.values())[2:] != ["", ""] for row in self.rows)
        statements = f"{term(self.project, 'statement')}s"
        hint.update(plain(NO_CASES if case is None else EMPTY.format(statements=statements, case=case)))
        hint.display = empty
        self._show()

    def on_resize(self) -> None:
        self._show()

    def _show(self) -> None:
        """Draw the rows as three columns, or as a stack on a narrow terminal."""
        if self.is_mounted:
            page = self.query_one("#ipa-worksheet-page", Static)
            page.update((stack if self.size.width < FOLD else columns)(self.rows) if self.rows else "")

    def action_case(self, step: int) -> None:
        ids = [c.id for c in self.project.cases]
        if ids:
            self.case_id = cycle(ids, self.case_id, step)
            self.reload()
            self.query_one("#ipa-worksheet", VerticalScroll).scroll_home(animate=False)

    def action_find(self) -> None:
        self.app.push_screen(Prompt("Show the worksheet of the case"),
                             lambda typed: typed and self._find(typed))

    def _find(self, typed: str) -> None:
        found = find_case({c.id: c.name for c in self.project.cases}, typed)
        if found is None:
            self.notify(f"No case is called {typed.strip()!r}", severity="warning")
        else:
            self.case_id = found
            self.reload()

    def action_open(self) -> None:
        from qodex.plugins.ipa.reading import ReadingScreen

        if self.case_id is not None and (sources := self.project.cases.sources(self.case_id)):
            self.app.push_screen(ReadingScreen(sources[0].id))

    def action_write(self, fmt: str) -> None:
        if self.case_id is None:
            self.notify(NO_CASES, severity="warning")
            return
        name = self.project.cases.get(self.case_id).name
        default = f"{''.join(ch if ch.isalnum() else '-' for ch in name).lower()}-worksheet.{fmt}"
        self.app.push_screen(Prompt(f"Write {name}'s worksheet to", default),
                             lambda answer: answer and self._write(answer.strip(), fmt))

    def _write(self, answer: str, fmt: str) -> None:
        from qodex.tui.screens.confirm import Confirm

        path = Path(answer).expanduser()
        path = path if path.is_absolute() else self.project.path.parent / path
        fmt = path.suffix.lstrip(".").lower() if path.suffix.lower() in (".docx", ".html") else fmt
        if path.exists() and not path.is_dir():
            self.app.push_screen(Confirm(f"{path} exists; replace it?"),
                                 lambda yes: yes and self._save(path, fmt, True))
        else:
            self._save(path, fmt, False)

    def _save(self, path: Path, fmt: str, force: bool) -> None:
        from qodex.plugins.ipa.render import save

        content = self.attempt(worksheet.document, self.project, self.case_id, fmt)
        if content and self.attempt(save, content, path, force, self.project.path):
            self.notify(f"Wrote {path}")


def columns(rows: list[dict]) -> Table:
    """The worksheet's rows under its four headings, the transcript the widest column."""
    table = Table(expand=True, show_lines=False, pad_edge=False)
    for n, name in enumerate(rows[0]):
        table.add_column(Text(visible(name)), justify="right" if n == 0 else "left",
                         ratio=None if n == 0 else (2 if n == 1 else 1), no_wrap=n == 0)
    for row in rows:
        table.add_row(*(Text(visible(value)) for value in row.values()))
    return table


def stack(rows: list[dict]) -> Text:
    """The worksheet folded for a narrow terminal: each line, then its notes and statements."""
    out = Text()
    for row in rows:
        line, words, noted, stated = row.values()
        out.append(f"{line:>4} " if line != "" else "", style="dim")
        out.append(visible(words) + "\n", style="" if line != "" else "bold")
        for note in filter(None, noted.split("\n")):
            out.append(f"       {visible(note)}\n", style="italic")
        for statement in filter(None, stated.split("\n")):
            out.append(f"     • {visible(statement)}\n", style="bold")
    return out
