"""One memo model: a coding's memo is the coding's own, whether imported (the sample study's
codings.csv), written in the TUI or from the CLI, and every view shows it: the TUI's memos screen
and coding view, `qodex memos`, `qodex codings --json`, the folder export and .qdpx."""

import csv
import json
import zipfile

import pytest

from qodex.tui.screens.document import DocumentScreen
from qodex.tui.screens.memo_editor import MemoEditor
from qodex.tui.screens.memos import MemosScreen

pytest_plugins = ["fixtures.tui_support"]
SIZE = (80, 24)


def ok(result):
    assert result.exit_code == 0, result.output
    return result.stdout


def coding_memos(run, sample):
    return {c["id"]: c["memo"] for c in json.loads(ok(run("codings", sample, "--json"))) if c["memo"]}


def test_the_samples_coding_memos_are_listed_with_the_other_memos(run, sample):
    imported = coding_memos(run, sample)
    assert imported  # the sample's codings.csv has a memo column
    listed = json.loads(ok(run("memos", sample, "--json")))
    assert {m["target_id"]: m["body"] for m in listed if m["on"] == "coding"} == imported


@pytest.mark.asyncio
async def test_the_tui_shows_and_edits_an_imported_coding_memo(run, sample, host):
    from qodex.tui import QodexApp

    coding_id, memo = next(iter(coding_memos(run, sample).items()))
    app = QodexApp(sample, host=host)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("5")
        await pilot.pause()
        assert isinstance(app.screen, MemosScreen)
        table = app.screen.query_one("DataTable")
        assert f"coding:{coding_id}" in {key.value for key in table.rows}
        coding = app.project.codings.get(coding_id)
        app.open_source(coding.source_id, coding.start, coding.end)
        await pilot.pause()
        assert isinstance(app.screen, DocumentScreen)
        app.screen.view.cursor = coding.start
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, MemoEditor)
        area = app.screen.query_one("TextArea")
        assert area.text == memo
        area.move_cursor(area.document.end)
        await pilot.press(*" Seen.", "escape")
        await pilot.pause()
    assert coding_memos(run, sample)[coding_id] == memo + " Seen."


def test_a_memo_on_a_coding_from_the_cli_reaches_every_export_and_undo_takes_it_back(run, sample,
                                                                                       tmp_path):
    first = json.loads(ok(run("codings", sample, "--source", "P01-anne", "--json")))[0]
    ok(run("memos", "add", sample, "Why this passage.", "--on", "coding", str(first["id"])))
    memo = "\n\n".join(filter(None, (first["memo"], "Why this passage.")))
    assert coding_memos(run, sample)[first["id"]] == memo
    ok(run("export", sample, tmp_path / "out", "--format", "folder"))
    with open(tmp_path / "out" / "codings.csv", encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if (r["source"], int(r["start"])) ==
                (first["source"], first["start"]) and r["code"] == first["code"]]
    assert [r["memo"] for r in rows] == [memo]
    ok(run("export", sample, tmp_path / "study.qdpx"))
    with zipfile.ZipFile(tmp_path / "study.qdpx") as qdpx:
        assert "Why this passage." in qdpx.read("project.qde").decode("utf-8")
    ok(run("undo", sample))
    assert coding_memos(run, sample).get(first["id"]) == (first["memo"] or None)
