"""The offsets contract: normalisation and conversion to other programs' units."""

from hypothesis import given
from hypothesis import strategies as st

from qodex.text import crlf_map, normalize, utf8_map, utf16_map

texts = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200)


def test_normalize_makes_nfc_with_unix_line_endings():
    assert normalize("\ufeffA\u030a\r\nb\rc\n") == "Å\nb\nc\n"


@given(texts)
def test_utf16_units_match_python_encoding(text):
    m = utf16_map(text)
    for i in range(len(text) + 1):
        units = len(text[:i].encode("utf-16-le")) // 2
        assert m.to_units(i) == units
        assert m.from_units(units) == i


@given(texts)
def test_utf8_bytes_match_python_encoding(text):
    m = utf8_map(text)
    for i in range(len(text) + 1):
        assert m.to_units(i) == len(text[:i].encode("utf-8"))
        assert m.from_units(m.to_units(i)) == i


@given(st.text(alphabet="ab\n😀", max_size=50))
def test_crlf_offsets_count_each_newline_twice(text):
    m = crlf_map(text)
    for i in range(len(text) + 1):
        assert m.to_units(i) == len(text[:i].replace("\n", "\r\n"))
        assert m.from_units(m.to_units(i)) == i


@given(st.text(alphabet="aé\n😀", max_size=40), st.integers(-3, 200))
def test_from_units_inside_a_wide_character_gives_its_end(text, units):
    m = utf8_map(text)
    expected = next((i for i in range(len(text) + 1) if m.to_units(i) >= units), len(text))
    assert m.from_units(units) == expected
