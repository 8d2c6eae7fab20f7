"""Themes across cases: the prevalence table, one column per case, built here from the keyboard.

n makes a group (master) theme, s a subtheme (perspective) of the theme at the cursor, m opens its
case themes to add or take out, r renames it, l links it to a construct of the theoretical frame
(L unlinks), d records the case in the cursor's column as divergent (its themes run against the
group theme; d again: no longer), h shows the decision log; enter traces the theme down to its
passages, b opens the board of the case in the cursor's column.
"""

from __future__ import annotations

from functools import partial

from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from qodex.plugins.ipa import clustering, crosscase, model, theory
from qodex.plugins.ipa.asking import Ask, Asking
from qodex.plugins.ipa.terms import rule, term
from qodex.tui import QodexScreen, bind, fill_table, plain
from qodex.tui.widgets.code_picker import CodePicker

_bind = partial(bind, "ipa.overview")


class OverviewScreen(Asking, QodexScreen):
    BINDINGS = [_bind("n", "new", "New theme"), _bind("s", "subtheme", "Subtheme"),
                _bind("m", "members", "Members"), _bind("l", "link", "Theory"),
                _bind("L", "unlink", "Unlink theory", show=False),
                _bind("d", "divergent", "Divergent"), _bind("h", "log", "Log"),
                _bind("r", "rename", "Rename", show=False), _bind("b", "board", "Case board", show=False),
                _bind("escape", "back", "Back")]
    DEFAULT_CSS = """
    OverviewScreen { layers: default ask; }
    #ipa-theme { height: auto; max-height: 3; padding: 0 1; background: $panel; }
    """

    def body(self) -> ComposeResult:
        yield DataTable(id="ipa-overview", cursor_type="cell", zebra_stripes=True)
        yield Static(id="ipa-theme")
        yield Ask()

    def reload(self) -> None:
        self.sub_title = f"{term(self.project, 'group')}s (recur in {rule(self.project):.0%} of cases)"
        rows = crosscase.prevalence(self.project) if len(self.project.cases) else []
        fill_table(self.query_one(DataTable), list(rows[0])[1:] if rows else [],
                   ((str(row["id"]), list(row.values())[1:]) for row in rows))
        self._detail()

    @property
    def current(self) -> dict | None:
        """The group theme in the cursor's row."""
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        return model.theme(self.project, int(table.coordinate_to_cell_key(
            table.cursor_coordinate).row_key.value))

    def on_data_table_cell_highlighted(self) -> None:
        self._detail()

    def _detail(self) -> None:
        row, text = self.current, ""
        if row:
            cases = {m["case"] for m in crosscase.members(self.project, row["id"])}
            links = "; ".join(theory.constructs(self.project, row["id"])) or "none"
            text = f"{row['name']}: {len(cases)} case(s); theory: {links}"
        elif not len(self.project.cases):
            text = "No cases yet: import transcripts and make cases (qodex cases), then come back."
        else:
            text = (f"No {term(self.project, 'group')}s yet: press n to make one, then m to add the"
                    f" {term(self.project, 'personal')}s of the cases it is built from"
                    " (make those on the IPA board: b).")
        self.query_one("#ipa-theme", Static).update(plain(text))

    def on_data_table_cell_selected(self, event: DataTable.CellSelected) -> None:
        from qodex.plugins.ipa.trace import TraceScreen

        self.app.push_screen(TraceScreen(theme_id=int(event.cell_key.row_key.value)))

    def _chosen(self) -> dict | None:
        """The theme at the cursor, or None after saying there is none."""
        if (row := self.current) is None:
            self.notify(f"Make a {term(self.project, 'group')} first (n)", severity="warning")
        return row

    def action_new(self) -> None:
        self._ask(f"New {term(self.project, 'group')}", "", self._add)

    def action_subtheme(self) -> None:
        if parent := self._chosen():
            self._ask(f"{term(self.project, 'subtheme').capitalize()} of \u201c{parent['name']}\u201d",
                      "", partial(self._add, parent=parent["id"]))

    def _ask(self, question: str, value: str, then) -> None:
        self.ask(question, lambda answer: answer and then(answer), value)

    def _add(self, name: str, parent: int | None = None) -> None:
        if theme_id := self.attempt(crosscase.add, self.project, name, parent):
            self.reload()
            table = self.query_one(DataTable)
            table.move_cursor(row=table.get_row_index(str(theme_id)))

    def action_rename(self) -> None:
        if row := self._chosen():
            self._ask("Rename", row["name"], partial(self._write, clustering.rename, row["id"]))

    def action_members(self) -> None:
        from qodex.plugins.ipa.members import MembersScreen

        if row := self._chosen():
            self.app.push_screen(MembersScreen(row["id"]))

    def action_link(self) -> None:
        if row := self._chosen():
            self._pick(self.app.code_paths(), f"Link \u201c{row['name']}\u201d to a construct",
                       partial(self._write, theory.link, row["id"]))

    def action_unlink(self) -> None:
        if (row := self._chosen()) is None:
            return
        linked = {self.project.codes.get(p).id: p for p in theory.constructs(self.project, row["id"])}
        if not linked:
            self.notify(f"\u201c{row['name']}\u201d is linked to no construct", severity="warning")
        else:
            self._pick(linked, f"Unlink \u201c{row['name']}\u201d from", partial(
                self._write, theory.unlink, row["id"]))

    def _pick(self, paths: dict[int, str], title: str, then) -> None:
        self.app.push_screen(CodePicker(paths, title, allow_new=False),
                             lambda code_id: code_id is not None and then(code_id))

    def _write(self, write, *args) -> None:
        if self.attempt(write, self.project, *args):
            self.reload()

    def action_divergent(self) -> None:
        if (row := self._chosen()) is None or (case := self._column_case()) is None:
            return
        inside = [m for m in crosscase.members(self.project, row["id"], below=False)
                  if m["case_id"] == case.id]
        if not inside:
            self.notify(f"{case.name} has no theme in \u201c{row['name']}\u201d: add one first (m)",
                        severity="warning")
            return
        self._write(crosscase.add_members, row["id"], [m["id"] for m in inside], None,
                    not all(m["divergent"] for m in inside))

    def _column_case(self):
        """The case in the cursor's column; else None, after saying to move there."""
        table = self.query_one(DataTable)
        column = table.ordered_columns[table.cursor_column].key.value if table.columns else None
        case = self.project.cases.find(column) if column else None
        if case is None:
            self.notify("Move to a case's column first", severity="warning")
        return case

    def action_log(self) -> None:
        from qodex.plugins.ipa.decision_log import DecisionLogScreen

        row = self.current
        self.app.push_screen(DecisionLogScreen(row["id"] if row else None))

    def action_board(self) -> None:
        from qodex.plugins.ipa.board import BoardScreen

        if case := self._column_case():
            self.app.push_screen(BoardScreen(case.id))
