"""The commands that write every coding (`qodex codings --json/--csv`, the JSON export) and the
matrix command give exactly the rows the project API has, in the same bytes as writing each row
with `json.dumps` (the fast writers must not change a character): several coders, memos,
counter-instances and control characters in the texts."""

import csv
import io
import json
import random

import pytest

from qodex.escape import json_text
from qodex.jsonrows import objects
from qodex.plugins.analysis.matrix import MEASURES, matrix
from qodex.project import Project

TEXT = 'Ålunde: "I was\tafraid" \x85 of the\nheart ø \x7f 100% {x} \\ \u2019 end. ' * 12


@pytest.fixture
def study(tmp_path, host):
    """Three sources (one of two cases), four codes, three coders; memos, counter-instances."""
    rng = random.Random(18)
    path = tmp_path / "streams.qodex"
    with Project.create(path, coder="astrid", host=host) as project:
        codes = [project.codes.ensure(p).id for p in ("Worry", "Worry/Heart %s", 'Care "GP"', "Kin")]
        coders = [project.coders.ensure(n).id for n in ("astrid", "bjørn", "carl")]
        sources = [project.sources.add(f"S{i}.txt", TEXT[i:]).id for i in range(3)]
        for name, linked in (("Ann", sources[:2]), ("Bo", sources[2:])):
            project.cases.add(name)
            for source_id in linked:
                project.cases.link(name, source_id)
        rows = []
        for _ in range(400):
            source_id = rng.choice(sources)
            start = rng.randrange(len(TEXT) - 80)
            rows.append((source_id, rng.choice(codes), start, start + rng.randint(1, 80),
                         rng.choice([None, None, "a memo \x9b with \"quotes\"\nand a line"]),
                         rng.choice(coders), None, None, rng.choice([None, None, "denial", "my label"])))
        project.codings.add_many(rows)
    return path


def _api_rows(path, host, coders=()):
    with Project.open(path, host=host) as project:
        paths, names = project.codes.paths(), {s.id: s.name for s in project.sources}
        who = {c.id: c.name for c in project.coders}
        return [{"id": c.id, "source": names[c.source_id], "code": paths[c.code_id], "start": c.start,
                 "end": c.end, "coder": who[c.coder_id], "quote": project.codings.quote(c),
                 "counter": c.counter, "memo": c.memo, "guid": c.guid}
                for c in project.codings.list() if not coders or who[c.coder_id] in coders]


def test_codings_json_is_every_coding_as_the_api_has_it_written_as_json_text(study, host, run):
    expected = _api_rows(study, host)
    result = run("codings", study, "--json")
    assert json.loads(result.stdout) == expected
    assert result.stdout == "[\n  " + ",\n  ".join(map(json_text, expected)) + "\n]\n"
    assert "\\u0085" in result.stdout and "\\u007f" in result.stdout and "\x85" not in result.stdout
    assert {r["coder"] for r in expected} == {"astrid", "bjørn", "carl"}
    assert {r["counter"] for r in expected} == {None, "denial", "my label"}


def test_codings_by_coder_and_csv_give_the_same_rows(study, host, run):
    expected = _api_rows(study, host, coders=("bjørn", "carl"))
    result = run("codings", study, "--by-coder", "bjørn", "--by-coder", "carl", "--json")
    assert json.loads(result.stdout) == expected and 0 < len(expected) < 400
    listed = list(csv.DictReader(io.StringIO(run("codings", study, "--by-coder", "carl", "--csv").stdout)))
    carl = [r for r in expected if r["coder"] == "carl"]
    assert [(int(r["id"]), r["code"], r["memo"] or None) for r in listed] == [
        (r["id"], r["code"], r["memo"] and r["memo"].replace("\x9b", "\\x9b")) for r in carl]


def test_json_export_codings_are_the_api_codings_written_by_json_dumps(study, host, run, tmp_path):
    run("export", study, tmp_path / "out.json")
    text = (tmp_path / "out.json").read_text(encoding="utf-8")
    codings = json.loads(text)["codings"]
    expected = _api_rows(study, host)
    assert [(c["guid"], c["source"], c["code"], c["coder"], c["memo"], c["quote"]) for c in codings] == [
        (r["guid"], r["source"], r["code"], r["coder"], r["memo"], r["quote"]) for r in expected]
    assert "".join(f"\n  {json.dumps(c, ensure_ascii=False)}," for c in codings)[:-1] in text


@pytest.mark.parametrize("by", ["source", "case"])
def test_matrix_json_has_every_cell_of_the_api_with_every_measure(study, host, run, by):
    with Project.open(study, host=host) as project:
        found = matrix(project, by)
    expected = {(r, c): {**found.cell(r, c)._asdict(), "n": found.n[c]}
                for r in found.rows for c in found.columns if (r, c) in found.cells}
    printed = json.loads(run("query", "matrix", study, "--by", by, "--json").stdout)
    assert {(p["code"], p[by]): {m: p[m] for m in (*MEASURES, "n")} for p in printed} == expected
    assert len(printed) == len(expected) > 4 and any(cell["counter"] for cell in expected.values())


@pytest.mark.parametrize("keys, values", [
    (["id", "text", "none", "yes", "no", "ratio", "list"],
     [7, 'a "quoted"\ttab\nline \\ ø \u2019 \x85 \x01', None, True, False, 0.1, [1, "x"]]),
    (['with "quote"', "50%", "%s", "ø"], ["%d", "", -3, 10**20]),
    ([], []),
])
def test_json_objects_are_json_dumps_byte_for_byte(keys, values):
    assert objects(keys)(values) == json.dumps(dict(zip(keys, values, strict=True)), ensure_ascii=False)
