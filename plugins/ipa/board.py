"""The per-case board: a case's statements, clustered into personal themes from the keyboard.

space picks up a statement, g drops the picked ones (or the one at the cursor) into a theme named in
a prompt (a new name makes it, an existing one joins it), u takes a statement out of its theme. On
the theme at the cursor: m cycles how it was formed, r renames it, M merges it into another, x
splits the picked statements off into a new theme, U puts it under another (a sub-theme), K makes
the statement's passage its key quote, D drops it; h shows the decision log. enter follows the theme
down to notes and passages, o opens the passage (or the case's transcript, to note and write
statements), W the case's worksheet, [ and ] go to the previous or next case.
"""

from __future__ import annotations

from functools import partial

from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from qodex.plugins.ipa import clustering, model, statements
from qodex.plugins.ipa.asking import Ask, Asking
from qodex.plugins.ipa.loading import LoadState
from qodex.plugins.ipa.terms import METHODS, term
from qodex.tui import QodexScreen, bind, fill_table, plain

MARK = "●"
EMPTY = ("No {statements} for this case yet. Press o to read its transcript: select words (w, s, p, t),"
         " n notes them, j jumps between notes, space marks them, S makes a statement of the marked."
         " Back here, space picks statements up and g drops them into a theme. ] goes to the next case.")
_bind = partial(bind, "ipa.board")


def cycle(values: list, now, step: int):
    """The value `step` places after `now` in `values`, round (from the first if `now` is gone)."""
    return values[((values.index(now) if now in values else 0) + step) % len(values)]


class Marking:
    """A screen's table of `rows` (dicts with an id), the one at the cursor `current`; space marks
    rows, the mark shown in the table's first column."""

    marked: set[int]
    rows: list[dict]

    @property
    def current(self) -> dict | None:
        return self.rows[self.query_one(DataTable).cursor_row] if self.rows else None

    def action_mark(self) -> None:
        if row := self.current:
            self.marked ^= {row["id"]}
            table = self.query_one(DataTable)
            table.update_cell(str(row["id"]), table.ordered_columns[0].key,
                              MARK if row["id"] in self.marked else "")

    def chosen(self) -> list[int]:
        """The marked rows' ids, or the one at the cursor."""
        return sorted(self.marked) or ([self.current["id"]] if self.current else [])


class BoardScreen(Marking, Asking, QodexScreen):
    BINDINGS = [_bind("space", "mark", "Pick up"), _bind("g", "group", "Drop in theme"),
                _bind("u", "ungroup", "Ungroup"), _bind("m", "method", "Method"),
                _bind("r", "rename", "Rename"), _bind("M", "merge", "Merge"),
                _bind("x", "split", "Split"), _bind("U", "under", "Sub-theme of"),
                _bind("K", "key", "Key quote"), _bind("D", "drop", "Drop theme"),
                _bind("h", "log", "Log"), _bind("o", "open", "Read"),
                _bind("W", "worksheet", "Worksheet", "The case's worksheet, to write as .docx or HTML",
                      show=False),
                _bind("left_square_bracket", "case(-1)", "Prev case", show=False),
                _bind("right_square_bracket", "case(1)", "Next case", show=False),
                _bind("escape", "back", "Back")]
    DEFAULT_CSS = """
    BoardScreen { layers: default ask; }
    #ipa-detail { height: 7; padding: 0 1; background: $panel; }
    """

    def __init__(self, case_id: int | None = None):
        super().__init__()
        self.case_id, self.marked, self.rows, self.themes = case_id, set(), [], {}
        self.loaded, self.details = LoadState(), {}

    def body(self) -> ComposeResult:
        yield DataTable(id="ipa-board", cursor_type="row", zebra_stripes=True)
        yield Static(id="ipa-detail")
        yield Ask()

    def on_mount(self) -> None:
        if self.case_id is None:
            with_statements = {s["case_id"] for s in model.table(self.project, "statements").rows()}
            ids = [c.id for c in self.project.cases]
            self.case_id = next((i for i in ids if i in with_statements), ids[0] if ids else None)

    def reload(self) -> None:
        """Read the case's statements and themes again, unless nothing changed since the last
        read (shown again after a prompt whose answer is already shown)."""
        if self.case_id is None:
            self.notify("The project has no cases", severity="warning")
            return
        if not self.loaded.changed(self, self.case_id):
            return
        case = self.project.cases.get(self.case_id)
        self.details = {}
        self.sub_title = f"{case.name}: {term(self.project, 'statement')}s"
        self.rows = statements.listing(self.project, case.id)
        self.themes = {t["id"]: t for t in clustering.personal_themes(self.project, case.id)}
        fill_table(self.query_one(DataTable),
                   ["", term(self.project, "statement"), term(self.project, "personal"), "method",
                    "notes"],
                   ((str(row["id"]), [MARK if row["id"] in self.marked else "", row["statement"],
                                      self._path(row["theme_id"]),
                                      (self.themes.get(row["theme_id"]) or {}).get("method"),
                                      row["notes"]])
                    for row in self.rows))
        self._detail()

    def _path(self, theme_id: int | None) -> str:
        """A theme's name after those of the themes it sits under."""
        names = []
        while theme_id in self.themes:
            names.insert(0, self.themes[theme_id]["name"])
            theme_id = self.themes[theme_id]["parent_id"]
        return " › ".join(names)

    def on_data_table_row_highlighted(self) -> None:
        self._detail()

    def _detail(self) -> None:
        row = self.current
        text = self._describe(row) if row else EMPTY.format(statements=term(self.project, "statement") + "s")
        self.query_one("#ipa-detail", Static).update(plain(text))

    def _describe(self, row: dict) -> str:
        """A statement's passage, notes and theme's key quote (read once per load)."""
        if row["id"] not in self.details:
            notes = [f"{n['kind']}: {n['body']}" for n in model.notes_of(self.project, row["id"])]
            text = "\n".join([f"{row['location'] or 'no passage'}: {row['quote'] or ''}", *notes])
            if (pet := self.themes.get(row["theme_id"])) and (key := clustering.key_span(self.project, pet)):
                text += f"\nkey quote of {pet['name']}: \u201c{key['quote']}\u201d"
            self.details[row["id"]] = text
        return self.details[row["id"]]

    def action_group(self) -> None:
        if chosen := self.chosen():
            names = {row["theme"] for row in self.rows if row["theme"]}
            question = f"{term(self.project, 'personal')} for {len(chosen)} statement(s)"
            self.ask(question, lambda name: name and self._group(name, chosen),
                     placeholder=", ".join(sorted(names)))

    def _group(self, name: str, chosen: list[int]) -> None:
        if self.attempt(clustering.cluster, self.project, self.case_id, name, chosen):
            self.marked.clear()
            self.reload()

    def action_ungroup(self) -> None:
        if (row := self.current) and self.attempt(clustering.unassign, self.project, row["id"]):
            self.reload()

    def _theme(self) -> dict | None:
        """The theme of the statement at the cursor; else None, after saying to group it first."""
        row = self.current
        if not row or row["theme_id"] is None:
            self.notify("Drop the statement into a theme first (g)", severity="warning")
            return None
        return self.themes[row["theme_id"]]

    def _write(self, write, *args) -> None:
        if self.attempt(write, self.project, *args):
            self.marked.clear()
            self.reload()

    def _ask(self, question: str, then, value: str = "", blank: bool = False) -> None:
        names = ", ".join(sorted({t["name"] for t in self.themes.values()}))
        self.ask(question, lambda answer: (answer or (blank and answer is not None)) and then(answer),
                 value, names)

    def action_method(self) -> None:
        if pet := self._theme():
            now = pet["method"]
            following = METHODS[(METHODS.index(now) + 1) % len(METHODS)] if now else METHODS[0]
            self._write(clustering.set_method, pet["id"], following)

    def action_rename(self) -> None:
        if pet := self._theme():
            self._ask(f"Rename \u201c{pet['name']}\u201d", partial(self._write, clustering.rename, pet["id"]),
                      pet["name"])

    def action_merge(self) -> None:
        if pet := self._theme():
            self._ask(f"Merge \u201c{pet['name']}\u201d into",
                      lambda into: (found := self._named(into)) and self._write(
                          clustering.merge, found, [pet["id"]]))

    def _named(self, name: str) -> int | None:
        """The id of this case's theme called `name` (or the one it starts); else None, said."""
        found = self.attempt(model.theme, self.project, name, "personal", self.case_id)
        return found["id"] if found else None

    def action_split(self) -> None:
        if (pet := self._theme()) and (chosen := self.chosen()):
            self._ask(f"New theme for {len(chosen)} statement(s) of \u201c{pet['name']}\u201d",
                      lambda name: self._write(clustering.split, pet["id"], name, chosen))

    def action_under(self) -> None:
        if pet := self._theme():
            self._ask(f"Put \u201c{pet['name']}\u201d under (blank: a theme of its own)",
                      lambda name: self._under(pet["id"], name), blank=True)

    def _under(self, theme_id: int, name: str) -> None:
        parent = self._named(name) if name else None
        if parent or not name:
            self._write(clustering.set_parent, theme_id, parent)

    def action_key(self) -> None:
        if (pet := self._theme()) and (found := model.spans(self.project, [self.current["id"]])):
            self._write(clustering.set_key, pet["id"], found[0]["source_id"], found[0]["start"],
                        found[0]["end"])

    def action_drop(self) -> None:
        if pet := self._theme():
            self._ask(f"Drop \u201c{pet['name']}\u201d? Why (enter drops, escape keeps it)",
                      lambda reason: self._write(clustering.delete, pet["id"], reason), blank=True)

    def action_log(self) -> None:
        from qodex.plugins.ipa.decision_log import DecisionLogScreen

        row = self.current
        self.app.push_screen(DecisionLogScreen(row["theme_id"] if row else None))

    def on_data_table_row_selected(self) -> None:
        from qodex.plugins.ipa.trace import TraceScreen

        row = self.current
        if row:
            self.app.push_screen(TraceScreen(theme_id=row["theme_id"], statement_id=row["id"]))

    def action_open(self) -> None:
        from qodex.plugins.ipa.reading import ReadingScreen

        found = model.spans(self.project, [self.current["id"]]) if self.current else []
        if found:
            self.app.push_screen(ReadingScreen(found[0]["source_id"], found[0]["start"], found[0]["end"]))
        elif sources := self.project.cases.sources(self.case_id):
            self.app.push_screen(ReadingScreen(sources[0].id))

    def action_worksheet(self) -> None:
        from qodex.plugins.ipa.worksheet_screen import WorksheetScreen

        self.app.push_screen(WorksheetScreen(self.case_id))

    def action_case(self, step: int) -> None:
        ids = [c.id for c in self.project.cases]
        if ids:
            self.case_id = cycle(ids, self.case_id, step)
            self.marked.clear()
            self.reload()
