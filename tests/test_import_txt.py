"""The txt importer: every common encoding and line ending, binary and empty files refused."""

import codecs

import pytest

from qodex.errors import QodexError
from qodex.plugins.importers.txt import read

TEXT = "Interviewer: Hvordan går det?\nSøren: Fint – “godt”, tak. Ålunde og Søhøj.\n"


@pytest.mark.parametrize("encoding,bom,newline", [
    ("utf-8", b"", "\n"),
    ("utf-8", codecs.BOM_UTF8, "\r\n"),
    ("utf-16-le", codecs.BOM_UTF16_LE, "\r\n"),
    ("utf-16-be", codecs.BOM_UTF16_BE, "\n"),
    ("utf-32-le", codecs.BOM_UTF32_LE, "\n"),
    ("cp1252", b"", "\r\n"),
    ("cp1252", b"", "\r"),
])
def test_encodings_and_line_endings_give_the_same_text(tmp_path, encoding, bom, newline):
    path = tmp_path / "P15-soren.txt"
    path.write_bytes(bom + TEXT.replace("\n", newline).encode(encoding))
    source = read(path, {}).sources[0]
    assert source.text == TEXT
    assert source.name == "P15-soren"


def test_latin1_without_smart_quotes_reads_as_western_european(tmp_path):
    path = tmp_path / "old.txt"
    path.write_bytes("Søren fra Ærø, Åbenrå.\n".encode("latin-1"))
    assert read(path, {}).sources[0].text == "Søren fra Ærø, Åbenrå.\n"


def test_decomposed_characters_are_stored_composed(tmp_path):
    path = tmp_path / "nfd.txt"
    path.write_text("A\u030angstrøm", encoding="utf-8")
    assert read(path, {}).sources[0].text == "Ångstrøm"


@pytest.mark.parametrize("content,message", [
    (b"", "the file is empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary file"),
    (codecs.BOM_UTF8 + b"ok \xff\xfe broken", "not utf-8-sig text"),
])
def test_files_that_are_not_text_are_refused_naming_the_file(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(QodexError, match=message) as error:
        read(path, {})
    assert str(error.value).startswith("bad.txt: ")


def test_a_file_too_large_to_be_a_transcript_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr("qodex.plugins.importers.txt.MAX_BYTES", 1000)
    path = tmp_path / "huge.txt"
    path.write_text("word " * 1000)
    with pytest.raises(QodexError, match="larger than a text source can be"):
        read(path, {})
