"""De-identification that is complete and crash-safe: the redacted copy of the whole sample study (IPA
notes, suggestions, the similar-passages cache, speaker turns, case names) and its exports hold no
name of the key anywhere in their bytes, and kill -9 during `deid export` never leaves an unredacted
file at the destination."""

from __future__ import annotations

import json
import random
import sqlite3
import subprocess
import sys
import time
import zipfile

import pytest
from fixtures.deid_support import NAMES, build, names_in, names_in_values, write_key

from qodex import hookimpl
from qodex.errors import QodexError
from qodex.host import PluginHost
from qodex.plugins.deid.detect import scan
from qodex.plugins.deid.key import Entry
from qodex.plugins.deid.pseudonyms import edits
from qodex.plugins.deid.redact import export
from qodex.project import Project
from qodex.project.check import check
from qodex.project.edit import apply_edits
from qodex.project.migrations import Migrations
from qodex.project.search import search

QODEX = [sys.executable, "-c", "from qodex.cli import main; main()"]
TRIALS = 24


@pytest.fixture(scope="module")
def study(tmp_path_factory):
    """The study's project file and its key, in a folder of their own."""
    folder = tmp_path_factory.mktemp("study")
    host = PluginHost()
    host.load_builtins()
    build(folder / "study.qodex", host)
    return folder / "study.qodex", folder / "secret" / "key.json", write_key(folder / "secret" / "key.json")


@pytest.fixture(scope="module")
def redacted(study, tmp_path_factory):
    path, _, entries = study
    dest = tmp_path_factory.mktemp("out") / "redacted.qodex"
    host = PluginHost()
    host.load_builtins()
    with Project.open(path, host=host) as project:
        export(project, dest, entries, gp_as_men=True)
    return dest


def counts(path) -> dict[str, int]:
    with sqlite3.connect(path) as conn:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in (
            "codings", "segments", "suggestions", "ipa_notes", "ipa_statements", "similar_units")}


def test_the_study_holds_every_name_where_the_review_found_them(study):
    path, _, _ = study
    assert names_in(path.read_bytes()) >= set(NAMES)  # the searches find what is there
    assert names_in_values(path) >= {*NAMES, "soren"}
    found = counts(path)
    assert found["similar_units"] and found["suggestions"] and found["ipa_notes"] and found["segments"]


def test_the_redacted_copy_holds_no_name_of_the_key_and_keeps_the_analysis(study, redacted):
    assert names_in(redacted.read_bytes()) == set() and names_in_values(redacted) == set()
    before, after = counts(study[0]), counts(redacted)
    assert after == {**before, "similar_units": 0}  # the cache alone is dropped
    with Project.open(redacted) as copy:
        assert check(copy) == []
        assert copy.rows("SELECT count(*) AS n FROM changes")[0]["n"] == 0
        assert copy.rows("SELECT body FROM ipa_notes")[0]["body"].startswith("Zabo speaks of Dr Zugo")
        assert {r["label"] for r in copy.rows("SELECT label FROM segments")} >= {"Zabo", "Interviewer"}
        assert copy.sources.get("P15-zimo").origin.endswith("P15-zimo.docx")  # was P15-soren.docx
        assert search(copy, "Zugo") and not search(copy, "Krogh")  # the index is rebuilt


def test_the_exports_of_the_redacted_copy_hold_no_name(redacted, run, tmp_path):
    assert run("export", redacted, tmp_path / "copy.qdpx").exit_code == 0
    assert run("export", redacted, tmp_path / "folder").exit_code == 0
    with zipfile.ZipFile(tmp_path / "copy.qdpx") as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    files = {str(p.relative_to(tmp_path)): p.read_bytes() for p in (tmp_path / "folder").rglob("*")
             if p.is_file()}
    assert len(members) > 22 and len(files) > 22
    for name, data in {**members, **files}.items():
        assert names_in(name.encode() + b"\n" + data) == set(), name


def test_check_finds_the_names_in_every_table_and_in_the_bytes(study, redacted, run):
    path, key, _ = study
    result = run("deid", "check", path, "--key", key)
    places = {line.split(" ")[0] for line in result.stdout.splitlines()}
    assert {"ipa_notes.body", "ipa_statements.text", "ipa_themes.name", "similar_units.units",
            "segments.label", "cases.name", "sources.name", "sources.origin", "suggestions.params",
            "suggestions.explanation", "case_values.value", "meta.value", "bytes"} <= places
    assert "phone number" not in result.stdout  # the study's many dates are not phone numbers
    clean = run("deid", "check", redacted, "--key", key)
    assert clean.stdout == "" and "0 possible identifier(s) left" in clean.stderr


def test_names_are_replaced_in_any_case_in_ascii_and_before_a_possessive():
    key = [Entry("Krogh", "Berg", "gp"), Entry("Søren", "Ole"), Entry("Anne", "Ida")]
    text = "KROGH, krogh, Kroghs and Krogh's notes; P15-soren.docx, soeren_2; Hanne, Annette, Anne."
    assert apply_edits(text, edits(text, key)) == (
        "BERG, berg, Bergs and Berg's notes; P15-ole.docx, ole_2; Hanne, Annette, Ida.")
    found = [f.text for f in scan(text, "x", ["krogh", "soren", "anne"])]
    assert found == ["KROGH", "krogh", "Krogh", "Krogh", "soren", "Anne"]


def test_dates_are_not_phone_numbers_and_phone_numbers_are():
    dates = ("Seen 2023-04-12, 12/04/2023, 12.04.2023, 12-04-2023 and 12 04 2023, in 2006-2007;"
             " logged 2026-12-03T09:29:47+00:00 as 3f2504e0-4f89-41d3-9a0c-0305e82c3301.")
    assert [f for f in scan(dates, "x", []) if f.kind == "phone number"] == []
    phones = "Ring 21 43 65 87, +45 21436587, 2143 6587, 21-43-65-87 or 2023-13-45 (no date)."
    assert [f.text for f in scan(phones, "x", []) if f.kind == "phone number"] == [
        "21 43 65 87", "+45 21436587", "2143 6587", "21-43-65-87", "2023-13-45"]


def test_check_lists_phone_numbers_but_not_dates(run, tmp_path):
    key = tmp_path / "key.json"
    assert run("deid", "key", key, "Krogh", "Berg").exit_code == 0
    assert run("init", tmp_path / "s.qodex").exit_code == 0
    (tmp_path / "p01.txt").write_text("Seen 2023-04-12 and 12-04-2023 by Krogh; ring 21 43 65 87.\n")
    assert run("import", tmp_path / "s.qodex", tmp_path / "p01.txt").exit_code == 0
    out = run("deid", "check", tmp_path / "s.qodex", "--key", key, "--json").stdout
    found = {(f["where"], f["kind"], f["text"]) for f in json.loads(out)}
    assert ("sources.text #1 46:57", "phone number", "21 43 65 87") in found and "2023" not in out
    assert ("sources.text #1 34:39", "name from the key", "Krogh") in found


letters = Migrations("letters", caches=("letters_index",))


@letters()
def m001_letters(conn):
    conn.execute("CREATE TABLE letters_items (id INTEGER PRIMARY KEY, note TEXT, scan BLOB)")
    conn.execute("CREATE TABLE letters_index (id INTEGER PRIMARY KEY, words TEXT)")


class LettersPlugin:
    @hookimpl
    def register_migrations(self, register):
        register(letters)


def test_a_plugin_table_is_redacted_its_cache_emptied_and_a_name_left_in_a_blob_refused(tmp_path, host):
    host.add(LettersPlugin(), "letters")
    key = [Entry("Krogh", "Berg")]
    with Project.create(tmp_path / "s.qodex", host=host) as project:
        project.plugin_table("letters_items").insert(note="from Dr Krogh", scan=b"scan")
        project.plugin_table("letters_index").insert(words="krogh letter")
        dest = tmp_path / "out" / "r.qodex"
        dest.parent.mkdir()
        export(project, dest, key)
        with Project.open(dest, host=host) as copy:
            assert copy.plugin_table("letters_items").rows()[0]["note"] == "from Dr Berg"
            assert copy.plugin_table("letters_index").rows() == []
        project.plugin_table("letters_items").insert(note="-", scan="Krogh".encode("utf-16-le"))
        with pytest.raises(QodexError, match="still holds 'Krogh'.*nothing was written"):
            export(project, tmp_path / "out" / "again.qodex", key)
        assert sorted(p.name for p in dest.parent.iterdir()) == ["r.qodex"]


def test_a_rerun_after_a_crash_removes_what_the_killed_export_left(study, run, tmp_path):
    path, key, _ = study
    ended = subprocess.Popen([sys.executable, "-c", "pass"])
    ended.wait()
    dead = tmp_path / f".r.qodex.{ended.pid}.deid-part"
    alive = tmp_path / ".r.qodex.1.deid-part"  # pid 1 always runs
    dead.write_bytes(b"half a copy")
    alive.write_bytes(b"being written")
    result = run("deid", "export", path, tmp_path / "r.qodex", "--key", key)
    assert result.exit_code == 0, result.output
    assert f"removed {dead}, left by an interrupted export" in result.stderr
    assert f"left {alive} alone" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [alive.name, "r.qodex"]


def test_kill_9_at_random_points_never_leaves_an_unredacted_file(study, tmp_path):
    """Half the kills fall anywhere in the run, half once the temporary copy appears."""
    path, key, _ = study
    dest = tmp_path / "out" / "redacted.qodex"
    dest.parent.mkdir()
    command = [*QODEX, "deid", "export", str(path), str(dest), "--key", str(key)]
    started = time.monotonic()
    assert subprocess.run(command, capture_output=True).returncode == 0
    whole = time.monotonic() - started
    dest.unlink()
    rng, killed, left_part = random.Random(20), 0, 0
    while killed < TRIALS:
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        part = dest.with_name(f".{dest.name}.{process.pid}.deid-part")
        deadline = time.monotonic() + rng.uniform(0, whole * 0.9)
        while process.poll() is None and not (part.exists() if killed % 2 else time.monotonic() > deadline):
            time.sleep(0.001)
        if process.poll() is not None:  # it finished first: not a kill; start again
            dest.unlink(missing_ok=True)
            continue
        process.kill()
        assert process.wait() == -9
        killed += 1
        left_part += part.exists()
        for file in dest.parent.iterdir():  # the destination, or what a killed export left
            assert names_in(file.read_bytes()) == set(), file.name
        if dest.exists():
            with sqlite3.connect(dest) as conn:
                assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            assert names_in_values(dest) == set()
            dest.unlink()
    assert left_part  # some kills fell while the copy was being written
    rerun = subprocess.run(command, capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr
    assert [p.name for p in dest.parent.iterdir()] == [dest.name]
    assert names_in(dest.read_bytes()) == set()


def test_a_pseudonym_that_is_already_a_name_in_the_project_is_refused(project, tmp_path):
    project.cases.add("Anne")
    project.cases.add("Ida")
    dest = tmp_path / "r.qodex"
    with pytest.raises(QodexError, match="rewriting cases.name gives a value another row already has"):
        export(project, dest, [Entry("Anne", "Ida")])
    assert not dest.exists() and not list(tmp_path.glob(".*deid-part*"))
    assert [c.name for c in project.cases] == ["Anne", "Ida"]
