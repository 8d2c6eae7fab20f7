"""REFI-QDA export: schema-valid, stable, and a faithful round trip; convert and the open-format folder."""

from __future__ import annotations

import json
import string
import zipfile
from pathlib import Path

import pytest
from fixtures.refi_util import schema
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from test_refi_import import CORPUS_FILES, load, rich_qdpx

from qodex.escape import csv_text
from qodex.exporting import export_project
from qodex.project import Project


def qde(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read("project.qde").decode("utf-8")


def state(project) -> dict:
    """Everything a round trip must keep, keyed by GUID."""
    paths = project.codes.paths()
    guid = {s.id: s.guid for s in project.sources}
    codes = {c.id: c.guid for c in project.codes}
    coders = {c.id: c.name for c in project.coders}
    cases = {c.guid: (c.name, c.description, project.cases.values(c),
                      sorted(s.guid for s in project.cases.sources(c))) for c in project.cases}
    return {
        "sources": {s.guid: (s.name, s.text) for s in project.sources},
        "codes": {c.guid: (paths[c.id], c.colour, c.description) for c in project.codes},
        "codings": {c.guid: (guid[c.source_id], codes[c.code_id], c.start, c.end, coders.get(c.coder_id),
                             c.created, c.memo, c.counter) for c in project.codings.list()},
        "cases": cases,
        "memos": {m.guid: (m.title, m.body, m.target, m.start, m.end) for m in project.memos.list()},
    }


def round_trip(project, tmp_path: Path, name: str = "back") -> Project:
    out = tmp_path / f"{name}.qdpx"
    export_project(project, out, project.host.registry)
    again = Project.create(tmp_path / f"{name}.qodex", host=project.host)
    load(again, out)
    return again


def comparable(project) -> dict:
    """`state` without memos that only record an import's losses (a second import adds none)."""
    found = state(project)
    found["memos"] = {k: v for k, v in found["memos"].items() if not (v[0] or "").startswith("Import losses")}
    return found


@pytest.mark.parametrize("name", CORPUS_FILES)
def test_corpus_round_trip_is_identical_and_schema_valid(project, corpus, tmp_path, name):
    load(project, corpus / name)
    again = round_trip(project, tmp_path)
    schema(corpus).validate(qde(tmp_path / "back.qdpx"))
    assert comparable(again) == comparable(project)
    again.close()


def test_rich_project_round_trip(project, corpus, tmp_path):
    load(project, rich_qdpx(tmp_path))
    again = round_trip(project, tmp_path)
    schema(corpus).validate(qde(tmp_path / "back.qdpx"))
    assert comparable(again) == comparable(project)
    assert again.cases.values("P1") == {"Age": 42, "Urban": 1, "Joined": "2024-03-01"}
    assert {a.name: a.type for a in again.attributes.list("source")} == {"Format": "text",
                                                                         "Set: Wave 1": "boolean"}
    again.close()


def test_exports_are_stable_and_sources_utf8(project, corpus, tmp_path):
    load(project, corpus / "nvivo-win12-oltas-teszt.qdpx")
    for name in ("a.qdpx", "b.qdpx"):
        export_project(project, tmp_path / name, project.host.registry)
    strip = lambda xml: xml.replace(project.meta("created"), "")  # noqa: E731
    assert strip(qde(tmp_path / "a.qdpx")) == strip(qde(tmp_path / "b.qdpx"))
    with zipfile.ZipFile(tmp_path / "a.qdpx") as archive:
        texts = [n for n in archive.namelist() if n.startswith("Sources/")]
        assert len(texts) == 2
        for name in texts:
            data = archive.read(name)
            assert not data.startswith(b"\xef\xbb\xbf") and b"\r" not in data
            data.decode("utf-8")


def test_utf16_positions_export_reads_back_the_same(project, corpus, tmp_path):
    load(project, corpus / "nvivo-mac12-oltas-17june.qdpx")
    out = tmp_path / "nvivo.qdpx"
    export_project(project, out, project.host.registry, options=["positions=utf16"])
    assert 'origin="qodex 0.1.0 (UTF-16 positions)"' in qde(out)
    again = Project.create(tmp_path / "again.qodex", host=project.host)
    load(again, out)
    assert comparable(again) == comparable(project)


def test_codebook_export_validates_and_reimports(project, corpus, tmp_path):
    load(project, corpus / "nvivo-mac12-oltas-17june.qdpx")
    export_project(project, tmp_path / "book.qdc", project.host.registry)
    schema(corpus, "Codebook.xsd").validate((tmp_path / "book.qdc").read_text(encoding="utf-8"))
    again = Project.create(tmp_path / "codes.qodex", host=project.host)
    load(again, tmp_path / "book.qdc")
    assert comparable(again)["codes"] == comparable(project)["codes"]


def test_export_refuses_to_overwrite_unless_forced(project, tmp_path):
    from qodex.errors import QodexError

    project.codes.add("A")
    out = tmp_path / "x.qdc"
    out.write_text("keep")
    with pytest.raises(QodexError, match="exists"):
        export_project(project, out, project.host.registry)
    assert out.read_text() == "keep"
    export_project(project, out, project.host.registry, overwrite=True)
    assert "CodeBook" in out.read_text()


def test_convert_to_a_folder_of_open_files(corpus, run, tmp_path):
    result = run("convert", corpus / "nvivo-win12-oltas-teszt.qdpx", tmp_path / "out")
    assert result.exit_code == 0, result.output
    out = tmp_path / "out"
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["counts"] | {"coders": 0} == {"sources": 2, "codes": 152, "codings": 330, "cases": 0,
                                                   "memos": 1, "coders": 0}
    assert sorted(p.name for p in (out / "sources").iterdir()) == ["videos_10_selected.txt",
                                                                   "videos_selection.txt"]
    import csv

    rows = list(csv.DictReader((out / "codings.csv").open(encoding="utf-8")))
    assert len(rows) == 330 and list(rows[0]) == ["source", "start", "end", "code", "coder", "quote",
                                                      "memo"]
    text = (out / "sources" / f"{rows[0]['source']}.txt").read_text(encoding="utf-8")
    same = [r for r in rows if r["source"] == rows[0]["source"]]
    # quotes starting "-" (a spoken dash) carry the quote that keeps spreadsheets from running them
    assert any(r["quote"].startswith("'-") for r in same)
    assert all(text[int(r["start"]):int(r["end"])] == csv_text(r["quote"]) for r in same)
    schema(corpus, "Codebook.xsd").validate((out / "codebook.qdc").read_text(encoding="utf-8"))
    assert (out / "codebook.csv").exists() and (out / "cases.csv").exists()
    assert len(list((out / "memos").glob("*.md"))) == 1
    assert "not carried: 1 'not codable' marks" in result.output


def test_convert_to_a_project_and_to_json(corpus, run, tmp_path):
    assert run("convert", corpus / "qc-demo.qdpx", tmp_path / "qc.qodex").exit_code == 0
    with Project.open(tmp_path / "qc.qodex") as project:
        assert project.summary()["codings"] == 205
    assert run("convert", corpus / "qc-demo.qdpx", tmp_path / "qc.json").exit_code == 0
    document = json.loads((tmp_path / "qc.json").read_text(encoding="utf-8"))
    assert (document["format"], document["version"], len(document["codings"])) == ("qodex-export", 1, 205)
    coding = document["codings"][0]
    (source,) = [s for s in document["sources"] if s["guid"] == coding["source_guid"]]
    assert source["text"][coding["start"]:coding["end"]] == coding["quote"]


def test_export_command_and_sample_style_project(corpus, run, tmp_path):
    assert run("init", tmp_path / "s.qodex").exit_code == 0
    with Project.open(tmp_path / "s.qodex") as project, project.transaction():
        source = project.sources.add("P01", "Interviewer: hello 👋\nP01: hi there")
        code = project.codes.add("Greeting", colour="#0072B2", description="Saying hello")
        project.codings.add(source, code, 13, 20, memo="emoji")
        project.attributes.define("Age", "number")
        case = project.cases.add("P01")
        project.cases.set_values(case, {"Age": 34})
        project.cases.link(case, source)
        project.memos.add("A case memo", target="case", ref="P01")
    result = run("export", tmp_path / "s.qodex", tmp_path / "s.qdpx")
    assert result.exit_code == 0, result.output
    schema(corpus).validate(qde(tmp_path / "s.qdpx"))
    assert run("convert", tmp_path / "s.qdpx", tmp_path / "back.qodex").exit_code == 0
    with Project.open(tmp_path / "s.qodex") as before, Project.open(tmp_path / "back.qodex") as after:
        assert comparable(after) == comparable(before)


# a property: any small project survives export and import --------------------------------------
WORDS = st.text(alphabet=string.ascii_letters + "æøå é😀-", min_size=1, max_size=12).filter(str.strip)
TEXTS = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Co"), blacklist_characters="\r")
                | st.sampled_from("\n\t"), min_size=1, max_size=60)


@st.composite
def projects(draw):
    texts = draw(st.lists(TEXTS, min_size=1, max_size=4))
    codes = draw(st.lists(WORDS, min_size=1, max_size=5, unique_by=str.strip))
    codings = draw(st.lists(st.tuples(st.integers(0, len(texts) - 1), st.integers(0, len(codes) - 1),
                                      st.integers(0, 60), st.integers(1, 60),
                                      st.none() | WORDS), max_size=12))
    memos = draw(st.lists(st.tuples(st.sampled_from(["project", "source", "code", "case"]), WORDS,
                                    TEXTS), max_size=4))
    ages = draw(st.lists(st.none() | st.integers(0, 120) | st.floats(0, 1e6, allow_nan=False),
                         min_size=1, max_size=3))
    return texts, codes, codings, memos, ages


def build(project, drawn) -> None:
    from qodex.text import normalize

    texts, codes, codings, memos, ages = drawn
    with project.transaction():
        sources = [project.sources.add(f"S{i}", normalize(t)) for i, t in enumerate(texts)]
        made = [project.codes.add(name.strip(), parent=None) for name in codes]
        for s, c, start, length, memo in codings:
            size = len(sources[s].text)
            if size:
                start = start % size
                project.codings.add(sources[s], made[c], start, min(size, start + length), memo=memo)
        project.attributes.define("Age", "number")
        for i, age in enumerate(ages):
            case = project.cases.add(f"Case {i}")
            if age is not None:
                project.cases.set_values(case, {"Age": age})
            project.cases.link(case, sources[i % len(sources)])
        refs = {"project": None, "source": sources[0], "code": made[0], "case": "Case 0"}
        for target, title, body in memos:
            project.memos.add(normalize(body), title=title, target=target, ref=refs[target])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(drawn=projects())
@example(drawn=(["0"], ["A"], [], [("project", "A", "\ufeff")], [None]))  # a memo left empty
def test_any_small_project_round_trips(tmp_path_factory, host, corpus, drawn):
    folder = tmp_path_factory.mktemp("prop")
    project = Project.create(folder / "p.qodex", host=host)
    build(project, drawn)
    again = round_trip(project, folder)
    schema(corpus).validate(qde(folder / "back.qdpx"))
    assert comparable(again) == comparable(project)
    project.close()
    again.close()


def test_sample_study_exports_to_qdpx_and_back_identically(host, corpus, sample, tmp_path):
    project = Project.open(sample, host=host, coder="astrid")
    again = round_trip(project, tmp_path)
    schema(corpus).validate(qde(tmp_path / "back.qdpx"))
    assert comparable(again) == comparable(project)
    assert again.summary()["codings"] == project.summary()["codings"] > 0
