"""The case themes a group theme is built from: every case's personal themes, one case at a time or
all; space marks, a (or enter) adds the marked ones (or the one at the cursor) to the group theme,
x takes them out, [ and ] step through the cases, f picks one by the first letters of its name."""

from __future__ import annotations

from functools import partial

from textual.app import ComposeResult
from textual.widgets import DataTable

from qodex.plugins.ipa import clustering, crosscase, model
from qodex.plugins.ipa.asking import Ask, Asking
from qodex.plugins.ipa.board import MARK, Marking, cycle
from qodex.plugins.ipa.terms import term
from qodex.tui import QodexScreen, bind, fill_table

_bind = partial(bind, "ipa.members")


def find_case(names: dict[int, str], typed: str) -> int | None:
    """The case whose name is `typed` or, failing that, the first that starts with it (any case).

    >>> find_case({1: "Anne", 2: "Anders"}, "and")
    2
    """
    typed = typed.strip().casefold()
    matches = [i for i, n in names.items() if n.casefold().startswith(typed)]
    return min(matches, key=lambda i: names[i].casefold() != typed, default=None)


class MembersScreen(Marking, Asking, QodexScreen):
    BINDINGS = [_bind("space", "mark", "Mark"), _bind("a", "add", "Add"), _bind("x", "remove", "Remove"),
                _bind("left_square_bracket", "case(-1)", "Prev case", show=False),
                _bind("right_square_bracket", "case(1)", "Next case", show=False),
                _bind("f", "find", "Find case"), _bind("escape", "back", "Back")]
    DEFAULT_CSS = "MembersScreen { layers: default ask; }"

    def __init__(self, group_id: int):
        super().__init__()
        self.group_id, self.case_id, self.marked, self.rows = group_id, None, set(), []

    def body(self) -> ComposeResult:
        yield DataTable(id="ipa-members", cursor_type="row", zebra_stripes=True)
        yield Ask()

    def reload(self) -> None:
        group, personal = model.theme(self.project, self.group_id), term(self.project, "personal")
        inside = {m["id"] for m in crosscase.members(self.project, self.group_id, below=False)}
        self.rows = clustering.personal_themes(self.project, self.case_id)
        shown = self.project.cases.get(self.case_id).name if self.case_id else "every case"
        self.sub_title = f"{group['name']}: {shown}"
        fill_table(self.query_one(DataTable), ["", "case", personal, "in", "statements"],
                   ((str(r["id"]), [MARK if r["id"] in self.marked else "", r["case"], r["name"],
                                    crosscase.PRESENT if r["id"] in inside else "",
                                    len(r["statement_ids"])]) for r in self.rows))

    def on_data_table_row_selected(self) -> None:
        self.action_add()

    def action_add(self) -> None:
        self._write(crosscase.add_members)

    def action_remove(self) -> None:
        self._write(crosscase.remove_members)

    def _write(self, change) -> None:
        if (chosen := self.chosen()) and self.attempt(change, self.project, self.group_id, chosen):
            self.marked.clear()
            self.reload()

    def _cases(self) -> dict[int, str]:
        """The cases with personal themes, by id."""
        return {t["case_id"]: t["case"] for t in clustering.personal_themes(self.project)}

    def action_case(self, step: int) -> None:
        self._show(cycle([None, *self._cases()], self.case_id, step))

    def action_find(self) -> None:
        self.ask("Show the themes of the case (blank: every case)",
                 lambda typed: typed is not None and self._find(typed))

    def _find(self, typed: str) -> None:
        found = find_case(self._cases(), typed) if typed.strip() else None
        if typed.strip() and found is None:
            self.notify(f"No case with themes is called {typed.strip()!r}", severity="warning")
        else:
            self._show(found)

    def _show(self, case_id: int | None) -> None:
        self.case_id = case_id
        self.reload()
        self.query_one(DataTable).move_cursor(row=0)
