"""De-identification: a 0600 key outside the project, pseudonyms that codings follow, a clean copy."""

from __future__ import annotations

import os
import stat

import pytest

from qodex.errors import QodexError
from qodex.plugins.deid.detect import scan
from qodex.plugins.deid.key import Entry, add, load
from qodex.plugins.deid.pseudonyms import edits
from qodex.plugins.deid.redact import export
from qodex.project import Project
from qodex.project.check import check
from qodex.project.edit import apply_edits

TEXT = ("Interviewer: Tell me about Dr Krogh.\n"
        "Anne Jensen: Dr Krogh knows me. She always asks about her patients and her family.\n"
        "Anne Jensen: Call me on 21 43 65 87 or anne@example.dk, I live on Bakkevej 12, 4700 Næstved.\n"
        "Interviewer: And your CPR number? Anne: 010170-1234.\n")


@pytest.fixture
def key(tmp_path):
    path = tmp_path / "secret" / "key.json"
    path.parent.mkdir()
    add(path, Entry("Anne Jensen", "Ida Holm"))
    add(path, Entry("Krogh", "Berg", "gp"))
    return path


def test_the_key_is_private(key):
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert [e.pseudonym for e in load(key)] == ["Ida Holm", "Berg"]
    os.chmod(key, 0o644)
    with pytest.raises(QodexError, match="chmod 600"):
        load(key)
    with pytest.raises(QodexError, match="own file"):
        add(key.with_suffix(".qodex"), Entry("a", "b"))
    with pytest.raises(QodexError, match="cannot write key file .*missing/key.json: No such file"):
        add(key.parent / "missing" / "key.json", Entry("a", "b"))


def test_pseudonyms_are_consistent_and_gps_are_men(key):
    entries = load(key)
    text = apply_edits(TEXT, edits(TEXT, entries, gp_as_men=True))
    assert "Krogh" not in text and "Anne" not in text and "Jensen" not in text
    assert "Ida Holm: Dr Berg knows me. He always asks about his patients and his family." in text
    assert "Ida:" in text  # the first name alone takes the pseudonym's first name
    plain = apply_edits(TEXT, edits(TEXT, entries))
    assert "She always asks" in plain


def test_leftover_identifiers_are_found():
    kinds = {f.kind for f in scan(TEXT, "P01", ["Krogh"])}
    assert kinds == {"name from the key", "phone number", "e-mail", "address", "CPR number"}
    found = scan("Born 310199-1234? No: 999999-1234.", "x", [])
    assert [f.text for f in found if f.kind == "CPR number"] == ["310199-1234"]  # a real date only


def test_redacted_copy_keeps_codings_on_their_words_and_no_names(tmp_path, key, host):
    project = Project.create(tmp_path / "study.qodex", host=host)
    source = project.sources.add("P01 Anne Jensen", TEXT)
    start = TEXT.index("Dr Krogh knows me")
    project.codings.add(source, project.codes.add("Known"), start, start + len("Dr Krogh knows me"))
    project.memos.add("Anne Jensen was tired", target="source", ref=source)
    out = tmp_path / "redacted.qodex"
    report, left = export(project, out, load(key), gp_as_men=True)
    assert report.codings["resized"] == 1
    with Project.open(out) as copy:
        (coding,) = copy.codings.list()
        assert copy.codings.quote(coding) == "Dr Berg knows me"
        assert copy.sources.get(1).name == "P01 Ida Holm"
        assert copy.memos.list()[0].body == "Ida Holm was tired"
        assert copy.rows("SELECT count(*) AS n FROM changes")[0]["n"] == 0
        assert check(copy) == []
    raw = out.read_bytes()
    assert b"Krogh" not in raw and b"Jensen" not in raw and b"Ida Holm" in raw
    assert {f.kind for f in left} == {"phone number", "e-mail", "address", "CPR number"}
    assert not (tmp_path / ".qodex-backups").exists() or not any(
        "redacted" in p.name for p in (tmp_path / ".qodex-backups").iterdir())
    project.close()
