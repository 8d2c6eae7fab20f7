"""The per-case board: a case's statements, grouped into personal themes from the keyboard.

space marks a statement, g groups the marked ones (or the one at the cursor) into a theme named in a
prompt (an existing name joins that theme), u takes a statement out of its theme, m cycles how its
theme was formed, enter follows the theme down to notes and passages, o opens the passage (or the
case's transcript, to note and write statements), [ and ] go to the previous or next case.
"""

from __future__ import annotations

from functools import partial

from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from qodex.plugins.ipa import clustering, model, statements
from qodex.plugins.ipa.terms import METHODS, term
from qodex.tui import Prompt, QodexScreen, bind, fill_table, plain

MARK = "●"
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


class BoardScreen(Marking, QodexScreen):
    BINDINGS = [_bind("space", "mark", "Mark"), _bind("g", "group", "Group"),
                _bind("u", "ungroup", "Ungroup"), _bind("m", "method", "Method"),
                _bind("o", "open", "Read"), _bind("left_square_bracket", "case(-1)", "Prev case"),
                _bind("right_square_bracket", "case(1)", "Next case"), _bind("escape", "back", "Back")]
    DEFAULT_CSS = "#ipa-detail { height: auto; max-height: 8; padding: 0 1; background: $panel; }"

    def __init__(self, case_id: int | None = None):
        super().__init__()
        self.case_id, self.marked, self.rows = case_id, set(), []

    def body(self) -> ComposeResult:
        yield DataTable(id="ipa-board", cursor_type="row", zebra_stripes=True)
        yield Static(id="ipa-detail")

    def on_mount(self) -> None:
        if self.case_id is None:
            with_statements = {s["case_id"] for s in model.table(self.project, "statements").rows()}
            ids = [c.id for c in self.project.cases]
            self.case_id = next((i for i in ids if i in with_statements), ids[0] if ids else None)

    def reload(self) -> None:
        if self.case_id is None:
            self.notify("The project has no cases", severity="warning")
            return
        case = self.project.cases.get(self.case_id)
        self.sub_title = f"{case.name}: {term(self.project, 'statement')}s"
        self.rows = statements.listing(self.project, case.id)
        methods = {t["id"]: t["method"] for t in clustering.personal_themes(self.project, case.id)}
        fill_table(self.query_one(DataTable),
                   ["", "#", term(self.project, "statement"), term(self.project, "personal"),
                    "method", "notes"],
                   ((str(row["id"]), [MARK if row["id"] in self.marked else "", row["id"],
                                      row["statement"], row["theme"],
                                      methods.get(row["theme_id"]), row["notes"]])
                    for row in self.rows))
        self._detail()

    def on_data_table_row_highlighted(self) -> None:
        self._detail()

    def _detail(self) -> None:
        row = self.current
        text = ""
        if row:
            notes = [f"{n['kind']}: {n['body']}" for n in model.notes_of(self.project, row["id"])]
            text = "\n".join([f"{row['location'] or 'no passage'}: {row['quote'] or ''}", *notes])
        self.query_one("#ipa-detail", Static).update(plain(text))

    def action_group(self) -> None:
        if chosen := self.chosen():
            names = {row["theme"] for row in self.rows if row["theme"]}
            question = f"{term(self.project, 'personal')} for {len(chosen)} statement(s)"
            self.app.push_screen(Prompt(question, placeholder=", ".join(sorted(names))),
                                 lambda name: name and self._group(name, chosen))

    def _group(self, name: str, chosen: list[int]) -> None:
        if self.attempt(clustering.cluster, self.project, self.case_id, name, chosen):
            self.marked.clear()
            self.reload()

    def action_ungroup(self) -> None:
        if (row := self.current) and self.attempt(clustering.unassign, self.project, row["id"]):
            self.reload()

    def action_method(self) -> None:
        row = self.current
        if not row or row["theme_id"] is None:
            self.notify("Group the statement into a theme first", severity="warning")
            return
        now = model.theme(self.project, row["theme_id"])["method"]
        following = METHODS[(METHODS.index(now) + 1) % len(METHODS)] if now else METHODS[0]
        if self.attempt(clustering.set_method, self.project, row["theme_id"], following):
            self.reload()

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

    def action_case(self, step: int) -> None:
        ids = [c.id for c in self.project.cases]
        if ids:
            self.case_id = cycle(ids, self.case_id, step)
            self.marked.clear()
            self.reload()
