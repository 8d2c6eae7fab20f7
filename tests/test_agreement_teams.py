"""Agreement for real teams: any two coders, every pair with a third coder in the project, a
multi-coder alpha, per-code kappa with its 95 % CI and prevalence warning, the pooled row named
pooled; the Disagreements screen picks coders and says why it is empty."""

import json

import analysis_study
import pytest

from qodex.plugins.analysis.agreement import POOLED, Coding, kappa_interval, note, summary
from qodex.plugins.analysis.screens.disagreements import DisagreementsScreen
from qodex.project import Project

SIZE = (80, 24)
CARL = {"Anne": [("He knows me", "Personal relationship/Being known"),
                 ("I want my own doctor, always", "Continuity preference/Prefers a regular GP")],
        "Mads": [("Whoever is free", "Continuity preference/Indifferent to which GP")]}


@pytest.fixture
def path(tmp_path, host):
    """astrid codes all four, bjorn Anne and Poul, carl Anne and Mads (not Poul)."""
    path = tmp_path / "study.qodex"
    analysis_study.build(path, host)
    with Project.open(path, coder="carl", host=host) as project:
        analysis_study.code(project, CARL)
    return path


def test_three_coders_give_every_pair_and_alpha_for_all(path, run):
    result = run("query", "agreement", path, "--json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    pooled = {r["coders"]: r for r in rows if r["code"] == POOLED}
    assert set(pooled) == {"astrid & bjorn", "astrid & carl", "bjorn & carl", "(all coders)"}
    assert pooled["astrid & bjorn"]["sources"] == 2 and pooled["astrid & carl"]["sources"] == 2
    assert pooled["bjorn & carl"]["sources"] == 1  # Anne's interview only
    assert all(-1 <= r["ci_low"] <= r["kappa"] <= r["ci_high"] <= 1
               for r in rows if r["coders"] != "(all coders)" and r["kappa"] is not None)
    everyone = pooled["(all coders)"]
    assert everyone["kappa"] is None and 0 < everyone["alpha_segments"] < 1
    mads = [r for r in rows if r["coders"] == "astrid & carl"
            and r["code"] == "Continuity preference/Indifferent to which GP"]
    assert mads[0]["kappa"] == 1.0


def test_coders_picks_any_two(path, run):
    rows = json.loads(run("query", "agreement", path, "--coders", "bjorn,carl", "--json").stdout)
    assert {r["coders"] for r in rows} == {"bjorn & carl"}
    same = json.loads(run("query", "agreement", path, "--json").stdout)
    assert rows == [r for r in same if r["coders"] == "bjorn & carl"]
    lonely = run("query", "agreement", path, "--coders", "carl")
    assert lonely.exit_code == 1 and "at least two coders" in lonely.output


def test_the_pair_rows_are_the_two_coder_summary(path, host):
    with Project.open(path, host=host) as project:
        three = summary(Coding(project))
        two = summary(Coding(project, ["astrid", "bjorn"]))
    assert two == [r for r in three if r["coders"] == "astrid & bjorn"]
    assert two[-1]["code"] == POOLED and two[-1]["units"] == 7 * len(two[:-1])


def test_kappa_interval_and_the_notes_on_prevalence_and_divergence():
    low, high = kappa_interval(100, 50, 50, 40)  # p_o = 0.8, p_e = 0.5, kappa 0.6
    assert (low, high) == pytest.approx((0.6 - 1.959964 * 0.08, 0.6 + 1.959964 * 0.08))
    assert note(99.0, 0.0, 0.01) == (
        "kappa unstable: the code is on 1% of units; agreement is high but kappa low: most"
        " agreement is on units coded by neither, which kappa counts as expected by chance")
    assert note(90.0, 0.8, 0.3) == ""


@pytest.mark.asyncio
async def test_the_disagreements_screen_with_a_third_coder_is_not_blank(path, host):
    from qodex.tui import QodexApp

    app = QodexApp(path, host=host)
    async with app.run_test(size=SIZE) as pilot:
        app.action_plugin_screen("Disagreements")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DisagreementsScreen)
        assert {d["source"] for d in screen.found} == {"Anne.txt", "Mads.txt", "Poul.txt"}
        await pilot.press("c", *"astrid, carl", "enter")
        await pilot.pause()
        assert screen.coders == ["astrid", "carl"]
        assert {d["coded_by"] for d in screen.found} <= {"astrid", "carl"} and screen.found
        await pilot.press("c", *["backspace"] * 20, *"bjorn,carl", "enter")
        await pilot.pause()
        assert {d["source"] for d in screen.found} == {"Anne.txt"}
        await pilot.press("c", *["backspace"] * 20, *"carl", "enter")
        await pilot.pause()
        assert screen.found == []
        assert "Nothing to compare" in str(screen.query_one("#why").render())


@pytest.mark.asyncio
async def test_the_disagreements_screen_says_when_coders_agree(tmp_path, host):
    from qodex.tui import QodexApp

    path = tmp_path / "same.qodex"
    with Project.create(path, coder="astrid", host=host) as project:
        source = project.sources.add("P01", "I want my own doctor.")
        project.codings.add(source, project.codes.ensure("Preference"), 0, 6)
    with Project.open(path, coder="bjorn", host=host) as project:
        project.codings.add("P01", "Preference", 0, 6)
    app = QodexApp(path, host=host)
    async with app.run_test(size=SIZE) as pilot:
        app.action_plugin_screen("Disagreements")
        await pilot.pause()
        assert "No disagreements: astrid, bjorn agree on every code in the 1 source(s)" in str(
            app.screen.query_one("#why").render())
