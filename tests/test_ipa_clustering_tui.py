"""Clustering by hand at 80x24: a case's statements into personal themes and a sub-theme on the
board (pick up, drop, split, put under, rename, key quote), then a group theme across the cases
with one case recorded as divergent; the stored rows and the decision log are checked."""

import pytest
from fixtures.ipa_support import CASES
from fixtures.tui_support import _config_home  # noqa: F401

from qodex.plugins.ipa import clustering, crosscase, decisions, statements
from qodex.plugins.ipa.board import BoardScreen
from qodex.plugins.ipa.decision_log import DecisionLogScreen
from qodex.project import Project

pytestmark = pytest.mark.asyncio


@pytest.fixture
def app(tmp_path, host):
    """Four cases, each line of each transcript made a statement grounded in that line."""
    from qodex.tui import QodexApp

    with Project.create(tmp_path / "s.qodex", host=host) as project:
        for name, _, _, text in CASES:
            source = project.sources.add(f"{name}-interview", text)
            project.cases.add(name)
            project.cases.link(name, source)
            start = 0
            for line in text.splitlines():
                statements.add(project, name, f"{name} says: {line}",
                               passages=[(source, start, start + len(line))])
                start += len(line) + 1
    return QodexApp(tmp_path / "s.qodex", host=host)


def themes(project, case):
    return {t["name"]: t for t in clustering.personal_themes(project, case)}


async def test_personal_themes_by_hand_then_a_group_theme_across_cases(app):
    async with app.run_test(size=(80, 24)) as pilot:
        app.action_plugin_screen("IPA board")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        await pilot.press("space", "down", "space", "g", *"Being known", "enter")
        await pilot.press("down", "g", *"Loss ahead", "enter", "K")
        await pilot.press("up", "space", "x", *"Trust", "enter")
        await pilot.press("U", *"Being", "enter", "m")
        await pilot.press("down", "r", "ctrl+u", *"Dreading the loss", "enter")
        await pilot.pause()
        anne = themes(app.project, "Anne")
        assert {n: t["statement_ids"] for n, t in anne.items()} == {
            "Being known": [1], "Trust": [2], "Dreading the loss": [3]}
        assert anne["Trust"]["parent_id"] == anne["Being known"]["id"]
        assert anne["Trust"]["method"] == "abstraction"
        assert clustering.key_span(app.project, anne["Dreading the loss"])["quote"] == \
            "He retires soon, I dread it."
        table = app.screen.query_one("DataTable")
        assert str(table.get_row_at(1)[2]) == "Being known › Trust"
        for name in ("Old ties", "Own doctor", "Whoever is free"):
            await pilot.press("right_square_bracket", "g", *name, "enter")
        await pilot.press("escape")

        app.action_plugin_screen("IPA themes")
        await pilot.pause()
        overview = app.screen
        assert overview.sub_title.endswith("(recur in 50% of cases)")
        await pilot.press("n", *"Continuity of care", "enter", "m",
                          "space", *["down"] * 3, "space", "down", "space", "down", "space", "a", "escape")
        await pilot.press(*["right"] * 4, "d")
        await pilot.pause()
        table = overview.query_one("DataTable")
        assert list(map(str, table.get_row_at(0))) == [
            "Continuity of care", "✓", "✓", "✓", "≠", "3 (75%), 1 divergent", "yes"]
        (group, _), = crosscase.tree(app.project)
        stored = {m["case"]: (m["name"], m["divergent"]) for m in crosscase.members(app.project, group["id"])}
        assert stored == {"Anne": ("Being known", 0), "Poul": ("Old ties", 0),
                          "Inger": ("Own doctor", 0), "Mads": ("Whoever is free", 1)}

        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, DecisionLogScreen)
        await pilot.press("w", *"he takes whoever is free", "enter")
        await pilot.pause()
        step = " ".join(str(app.screen.query_one("#ipa-step").render()).split())
        assert step.endswith("marked divergent 'Continuity of care' (Mads/Whoever is free);"
                             " because he takes whoever is free")
        log = [(d["action"], d["theme"], d["reason"]) for d in decisions.listing(app.project)]
        assert log == [
            ("clustered", "Being known", None), ("clustered", "Loss ahead", None),
            ("chose the key quote of", "Loss ahead", None), ("split", "Being known", None),
            ("made a sub-theme", "Trust", None), ("formed by", "Trust", None),
            ("renamed", "Dreading the loss", None), ("clustered", "Old ties", None),
            ("clustered", "Own doctor", None), ("clustered", "Whoever is free", None),
            ("made", "Continuity of care", None), ("clustered", "Continuity of care", None),
            ("marked divergent", "Continuity of care", "he takes whoever is free")]
        assert all(d["analyst"] == app.project.coder_name for d in decisions.listing(app.project))


async def test_an_empty_board_and_table_say_what_to_do_next(tmp_path, host):
    from qodex.tui import QodexApp

    with Project.create(tmp_path / "e.qodex", host=host) as project:
        project.sources.add("Anne-interview", "He knows me.\n")
        project.cases.add("Anne")
        project.cases.link("Anne", "Anne-interview")
    app = QodexApp(tmp_path / "e.qodex", host=host)
    async with app.run_test(size=(80, 24)) as pilot:
        app.action_plugin_screen("IPA board")
        await pilot.pause()
        said = " ".join(str(app.screen.query_one("#ipa-detail").render()).split())
        assert said.startswith("No experiential statements for this case yet. Press o to read")
        await pilot.press("escape")
        app.action_plugin_screen("IPA themes")
        await pilot.pause()
        said = " ".join(str(app.screen.query_one("#ipa-theme").render()).split())
        assert said.startswith("No group experiential themes yet: press n to make one")
