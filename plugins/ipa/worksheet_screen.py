"""The worksheet screen: a case's paper worksheet on screen, each transcript line numbered with the
exploratory notes on it and the experiential statements that start there, in three columns (below 80
columns, a stack: each line, then its notes and statements indented; see `worksheet_page`).

[ and ] go to the previous or next case, f finds one by the first letters of its name, o opens the
transcript to note and write statements; d writes the worksheet as a Word document and H as HTML
(printable on A4, as `qodex ipa worksheet` writes them), asking for the file and before replacing one.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from textual.app import ComposeResult
from textual.widgets import Static

from qodex.plugins.ipa import worksheet
from qodex.plugins.ipa.asking import Ask, Asking
from qodex.plugins.ipa.board import cycle
from qodex.plugins.ipa.members import find_case
from qodex.plugins.ipa.notes import listing
from qodex.plugins.ipa.terms import term
from qodex.plugins.ipa.worksheet_page import Page
from qodex.tui import QodexScreen, bind, plain

_bind = partial(bind, "ipa.worksheet")
EMPTY = ("No notes or {statements} for {case} yet: press o to read the transcript, select words"
         " (w, s, p, t), press n to note them and S to make a statement; or from the command line,"
         " qodex ipa note add PROJECT {case} descriptive WORDS --quote PASSAGE.")
NO_CASES = ("The project has no cases: import participants (qodex import PROJECT participants.csv)"
            " or make one in the cases screen (6), then link its transcripts.")


class WorksheetScreen(Asking, QodexScreen):
    BINDINGS = [_bind("right_square_bracket", "case(1)", "Next case"),
                _bind("left_square_bracket", "case(-1)", "Prev case"),
                _bind("f", "find", "Find case", "Show the worksheet of the case named"),
                _bind("d", "write('docx')", "Word", "Write the worksheet as a Word document (.docx)"),
                _bind("H", "write('html')", "HTML", "Write the worksheet as HTML, printable on A4"),
                _bind("o", "open", "Read", "Open the case's transcript to note and write statements"),
                _bind("escape", "back", "Back")]
    AUTO_FOCUS = "#ipa-worksheet"
    DEFAULT_CSS = """
    WorksheetScreen { layers: default ask; }
    #ipa-worksheet-hint { height: auto; padding: 0 1; background: $panel; }
    """

    def __init__(self, case_id: int | None = None):
        super().__init__()
        self.case_id = case_id

    def body(self) -> ComposeResult:
        yield Static(id="ipa-worksheet-hint")
        yield Page(id="ipa-worksheet")
        yield Ask()

    def on_mount(self) -> None:
        if self.case_id is None:  # the first case with notes, else the first case
            noted = listing(self.project)[:1]
            cases = [self.project.cases.get(noted[0]["case"])] if noted else list(self.project.cases)
            self.case_id = cases[0].id if cases else None

    def reload(self) -> None:
        hint = self.query_one("#ipa-worksheet-hint", Static)
        rows, case = [], None
        if self.case_id is not None:
            rows, self.sub_title = worksheet.rows(self.project, self.case_id)
            case = self.project.cases.get(self.case_id).name
        empty = not any(list(row.values())[2:] != ["", ""] for row in rows)
        statements = f"{term(self.project, 'statement')}s"
        hint.update(plain(NO_CASES if case is None else EMPTY.format(statements=statements, case=case)))
        hint.display = empty
        self.query_one(Page).show(rows)

    def action_case(self, step: int) -> None:
        ids = [c.id for c in self.project.cases]
        if ids:
            self._go(cycle(ids, self.case_id, step))

    def _go(self, case_id: int) -> None:
        self.case_id = case_id
        self.reload()
        self.query_one(Page).scroll_home(animate=False)

    def action_find(self) -> None:
        self.ask("Show the worksheet of the case", lambda typed: typed and self._find(typed))

    def _find(self, typed: str) -> None:
        found = find_case({c.id: c.name for c in self.project.cases}, typed)
        if found is None:
            self.notify(f"No case is called {typed.strip()!r}", severity="warning")
        else:
            self._go(found)

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
        self.ask(f"Write {name}'s worksheet to", lambda answer: answer and self._write(answer.strip(), fmt),
                 default)

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

