"""Hostile and broken REFI-QDA files: one clear line or a loss line, never a crash or half a project."""

from __future__ import annotations

import zipfile

import pytest
from fixtures.refi_util import make_qdpx
from test_refi_import import load

from qodex.errors import QodexError
from qodex.importing import import_files

CODE = ('<CodeBook><Codes><Code guid="aaaaaaaa-0000-0000-0000-000000000001" name="c" isCodable="true"/>'
        "</Codes></CodeBook>")


def source(path: str, start: int = 0, end: int = 4) -> str:
    return ('<Sources><TextSource guid="bbbbbbbb-0000-0000-0000-000000000001" name="s" '
            f'plainTextPath="{path}">'
            f'<PlainTextSelection guid="cccccccc-0000-0000-0000-000000000001" startPosition="{start}" '
            f'endPosition="{end}"><Coding guid="dddddddd-0000-0000-0000-000000000001"><CodeRef '
            'targetGUID="aaaaaaaa-0000-0000-0000-000000000001"/></Coding></PlainTextSelection></TextSource>'
            "</Sources>")


def refused(project, path) -> str:
    before = project.summary()
    with pytest.raises(QodexError) as caught:
        import_files(project, [path], project.host.registry)
    message = str(caught.value).splitlines()[0]
    assert path.name in message
    assert project.summary() == before  # nothing half-written
    return message


@pytest.mark.parametrize("member", ["../evil.txt", "/etc/evil.txt", "C:/evil.txt", "sources/../../x.txt"])
def test_zip_slip_is_refused(project, tmp_path, member):
    path = make_qdpx(tmp_path / "slip.qdpx", CODE, {member: "x"})
    assert "outside the archive" in refused(project, path)


def test_zip_bomb_is_refused(project, tmp_path):
    path = tmp_path / "bomb.qdpx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", '<Project xmlns="urn:QDA-XML:project:1.0" name="b"/>')
        archive.writestr("sources/big.txt", b"\0" * (20 * 1024**2))
    assert "zip bomb" in refused(project, path)


def test_entity_attack_is_refused(project, tmp_path):
    xml = ('<?xml version="1.0"?><!DOCTYPE Project [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
           '<Project xmlns="urn:QDA-XML:project:1.0" name="&b;"/>')
    path = tmp_path / "lol.qdpx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("project.qde", xml)
    assert "entit" in refused(project, path)


def test_external_entity_is_refused(project, tmp_path):
    xml = ('<?xml version="1.0"?><!DOCTYPE Project [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
           '<Project xmlns="urn:QDA-XML:project:1.0" name="&x;"/>')
    path = tmp_path / "xxe.qdpx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("project.qde", xml)
    assert "entit" in refused(project, path)


def test_broken_xml_is_one_line(project, tmp_path):
    path = tmp_path / "broken.qdpx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("project.qde", '<Project xmlns="urn:QDA-XML:project:1.0" name="b"><Users>')
    assert "broken XML" in refused(project, path)


def test_not_a_zip_and_no_qde(project, tmp_path):
    page = tmp_path / "demo.qdpx"
    page.write_text("<html><body>Not Found</body></html>")
    assert "not a valid REFI-QDA project" in refused(project, page)
    empty = tmp_path / "empty.qdpx"
    with zipfile.ZipFile(empty, "w") as archive:
        archive.writestr("readme.txt", "hello")
    assert "no .qde file" in refused(project, empty)
    wrong = tmp_path / "wrong.qdpx"
    with zipfile.ZipFile(wrong, "w") as archive:
        archive.writestr("project.qde", "<CodeBook/>")
    assert "not a REFI-QDA Project" in refused(project, wrong)


def test_missing_source_file_is_a_loss_line(project, tmp_path):
    outcome = load(project, make_qdpx(tmp_path / "m.qdpx", CODE + source("internal://gone.txt")))
    assert "texts missing or unreadable" in outcome.detail and "gone.txt" in outcome.detail
    assert "1 codings on sources whose text is missing" in outcome.detail
    assert project.summary()["sources"] == 0 and project.summary()["codes"] == 1


def test_external_source_folder_option(project, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "far.txt").write_text("text kept elsewhere")
    path = make_qdpx(tmp_path / "e.qdpx", CODE + source("relative://far.txt"))
    load(project, path, f"sources={outside}")
    assert project.codings.quote(project.codings.list()[0]) == "text"


@pytest.mark.parametrize("start,end", [(0, 999), (-3, 2), (5, 2)])
def test_offsets_outside_the_text_are_loss_lines(project, tmp_path, start, end):
    path = make_qdpx(tmp_path / "o.qdpx", CODE + source("internal://s.txt", start, end),
                     {"sources/s.txt": "short"})
    outcome = load(project, path)
    assert "selections with positions outside their text" in outcome.detail
    assert project.summary()["codings"] == 0 and project.summary()["sources"] == 1


def test_bad_values_and_references_are_loss_lines(project, tmp_path):
    body = CODE + ('<Variables><Variable guid="eeeeeeee-0000-0000-0000-000000000001" name="Age" '
                   'typeOfVariable="Integer"/></Variables><Cases><Case guid="ffffffff-0000-0000-0000-00000000'
                   '0001" name="P"><VariableValue><VariableRef targetGUID="eeeeeeee-0000-0000-0000-0000000000'
                   '01"/><IntegerValue>old</IntegerValue></VariableValue></Case></Cases>')
    body += source("internal://s.txt").replace("aaaaaaaa-0000-0000-0000-000000000001\"/></Coding>",
                                               "99999999-0000-0000-0000-000000000001\"/></Coding>")
    outcome = load(project, make_qdpx(tmp_path / "v.qdpx", body, {"sources/s.txt": "some text"}))
    assert "variable values that do not fit their type (Age=old)" in outcome.detail
    assert "codings of codes the codebook does not hold" in outcome.detail


def test_failed_convert_leaves_nothing(run, tmp_path):
    page = tmp_path / "demo.qdpx"
    page.write_text("<html/>")
    result = run("convert", page, tmp_path / "out.qodex")
    assert result.exit_code == 1 and "demo.qdpx" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo.qdpx"]


def test_bad_option_value(project, tmp_path):
    path = make_qdpx(tmp_path / "x.qdpx", CODE)
    with pytest.raises(QodexError, match="positions"):
        import_files(project, [path], project.host.registry, options=["positions=bytes"])


def test_native_nvivo_project_is_refused_with_the_way_out(project, corpus):
    message = refused(project, corpus / "native" / "nvivo-mac11-empty.nvpx")
    assert "REFI-QDA" in message and "Export" in message
