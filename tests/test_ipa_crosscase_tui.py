"""Building themes across cases in the TUI by keyboard alone: a master theme, its perspectives from
case themes of several cases, members out again, a rename and a link to theory (80x24)."""

import doctest

import pytest
from fixtures.ipa_support import build
from fixtures.tui_support import _config_home  # noqa: F401

from qodex.plugins.ipa import crosscase, members, theory
from qodex.plugins.ipa.members import MembersScreen
from qodex.plugins.ipa.overview import OverviewScreen
from qodex.project import Project
from qodex.tui.screens.help import key_rows

SIZE = (80, 24)


@pytest.fixture
def app(tmp_path, host):
    """The small study with its case themes but no theme across cases yet."""
    from qodex.tui import QodexApp

    with Project.create(tmp_path / "s.qodex", host=host) as project:
        crosscase.delete(project, build(project)["top"])
    return QodexApp(tmp_path / "s.qodex", host=host)


def prevalence(app) -> dict[str, list[str]]:
    """The cross-case table as shown: theme -> its cells."""
    table = app.screen.query_one("#ipa-overview")
    rows = (list(map(str, table.get_row_at(i))) for i in range(table.row_count))
    return {row[0]: row[1:] for row in rows}


async def open_themes(app, pilot) -> OverviewScreen:
    app.action_plugin_screen("IPA themes")
    await pilot.pause()
    assert isinstance(app.screen, OverviewScreen)
    return app.screen


async def perspective(pilot, name: str, *picks: tuple[str, int]) -> None:
    """s under the master theme (first row), then m: per (case letters, row), find, mark; add."""
    await pilot.press("ctrl+home", "s", *name, "enter", "m")
    for case, row in picks:
        await pilot.press("f", *case, "enter", "ctrl+home", *["down"] * row, "space")
    await pilot.press("a", "escape")
    await pilot.pause()


@pytest.mark.asyncio
async def test_a_master_theme_with_two_perspectives_from_two_cases(app):
    async with app.run_test(size=SIZE) as pilot:
        await open_themes(app, pilot)
        await pilot.press("n", *"The need for attachment", "enter")
        await perspective(pilot, "Personal relationship", ("an", 0), ("po", 0))
        await perspective(pilot, "Vulnerability", ("anne", 1))
        assert list(prevalence(app).items()) == list({
            "The need for attachment": ["✓", "✓", "", "", "2 (50%)", "yes"],
            "› Personal relationship": ["✓", "✓", "", "", "2 (50%)", "yes"],
            "› Vulnerability": ["✓", "", "", "", "1 (25%)", "no"],
        }.items())
        _, (relationship, _), _ = crosscase.tree(app.project)
        names = {t["name"] for t in crosscase.members(app.project, relationship["id"])}
        assert names == {"Anne: Personal relationship", "Poul: Personal relationship"}


@pytest.mark.asyncio
async def test_members_out_rename_and_theory(app):
    async with app.run_test(size=SIZE) as pilot:
        overview = await open_themes(app, pilot)
        await pilot.press("n", *"Need", "enter", "m", "space", "down", "space", "down", "space", "a")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MembersScreen) and screen.sub_title == "Need: every case"
        assert [str(c) for c in screen.query_one("DataTable").get_column_at(3)] == ["✓"] * 3 + [""] * 3
        await pilot.press("ctrl+home", "down", "x", "right_square_bracket", "right_square_bracket")
        await pilot.pause()
        assert [r["case"] for r in screen.rows] == ["Poul", "Poul"]
        await pilot.press("escape")
        await pilot.pause()
        assert prevalence(app)["Need"] == ["✓", "✓", "", "", "2 (50%)", "yes"]
        await pilot.press("r", "ctrl+u", *"The need for attachment", "enter")
        await pilot.press("l", *"secure", "enter")
        await pilot.pause()
        (group, _), = crosscase.tree(app.project)
        assert group["name"] == "The need for attachment"
        assert theory.constructs(app.project, group["id"]) == ["Attachment theory/Secure base"]
        assert "theory: Attachment theory/Secure base" in str(overview.query_one("#ipa-theme").render())
        await pilot.press("L", "enter")
        await pilot.pause()
        assert theory.constructs(app.project, group["id"]) == []


@pytest.mark.asyncio
async def test_keys_are_in_help_and_the_empty_table_says_what_to_do(app):
    async with app.run_test(size=SIZE) as pilot:
        overview = await open_themes(app, pilot)
        await pilot.press("s")
        await pilot.pause()
        assert "first (n)" in str(list(app._notifications)[-1].message)
        described = {d for _, d in key_rows(overview)}
        assert {"New theme", "Subtheme", "Members", "Theory", "Unlink theory", "Rename"} <= described
        await pilot.press("n", *"Need", "enter", "m")
        await pilot.pause()
        assert {"Mark", "Add", "Remove", "Find case", "Prev case"} <= {d for _, d in key_rows(app.screen)}


def test_finding_a_case_by_its_first_letters():
    assert doctest.testmod(members).failed == 0
    assert members.find_case({1: "Anne", 2: "Ann"}, "ann") == 2
    assert members.find_case({1: "Anne"}, "Bo") is None
