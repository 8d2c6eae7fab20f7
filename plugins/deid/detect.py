"""Leftover identifiers: key names still present (in any table, or anywhere in the file's bytes),
phone numbers, e-mails, CPR-like numbers, addresses."""

from __future__ import annotations

import json
import re
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from qodex.plugins.deid.pseudonyms import pattern, spellings

PATTERNS = {
    "e-mail": re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b"),
    "CPR number": re.compile(r"\b(\d{2})(\d{2})(\d{2})-?\d{4}\b"),
    "phone number": re.compile(r"(?<![\d-])(?:\+45[\s-]?)?(?:\d{2}[\s-]?){3}\d{2}(?![\d-])"),
    "address": re.compile(r"\b[A-ZÆØÅ][\wæøå]*(?:vej|gade|allé|alle|vænge|stræde|plads|torv|bakken)"
                          r"\s+\d+\s?[A-Za-z]?\b|\b\d{4}\s+[A-ZÆØÅ][a-zæøå]+(?:\s+[CNØSV])?\b"),
}
# dates (2023-04-12, 12-04-2023, 12 04 2023) and year ranges (2006-2007), which look like phone numbers
DATE = re.compile(r"(?P<y>\d{4})(?P<s>[-/. ])(?P<m>\d\d)(?P=s)(?P<d>\d\d)"
                  r"|(?P<d2>\d\d)(?P<s2>[-/. ])(?P<m2>\d\d)(?P=s2)(?P<y2>\d{4})")
YEARS = re.compile(r"(?:19|20)\d\d-(?:19|20)\d\d")
# machine-made tokens (GUIDs, hashes) are not read for identifiers
MACHINE = re.compile(r"\b[0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}\b|\b[0-9a-fA-F]{32,}\b")
CHUNK = 1 << 22  # bytes of a file read at a time
OVERLAP = 1024  # bytes each chunk repeats of the one before: more than any name takes


class Finding(NamedTuple):
    where: str
    kind: str
    text: str


def scan(text: str, where: str, names: list[str]) -> list[Finding]:
    """What in `text` still looks like an identifier (`where` names the text in the findings)."""
    findings = []
    regex = _names_pattern(tuple(names))
    if regex:
        findings += [Finding(f"{where} {m.start()}:{m.end()}", "name from the key", m.group())
                     for m in regex.finditer(text)]
    text = MACHINE.sub(lambda m: " " * len(m.group()), text)
    for kind, regex in PATTERNS.items():
        for m in regex.finditer(text):
            if kind == "CPR number" and not _is_date(*m.groups()):
                continue
            if kind == "phone number" and (PATTERNS["CPR number"].fullmatch(m.group().replace(" ", ""))
                                           or _dated(m.group())):
                continue
            findings.append(Finding(f"{where} {m.start()}:{m.end()}", kind, m.group()))
    return findings


@lru_cache(maxsize=16)
def _names_pattern(names: tuple[str, ...]) -> re.Pattern | None:
    return pattern(names)


def _is_date(day: str, month: str, year: str) -> bool:
    try:
        date(2000 + int(year), int(month), int(day))
    except ValueError:
        return False
    return True


def _dated(text: str) -> bool:
    """Whether `text` (which looks like a phone number) is a date or a range of years."""
    if YEARS.fullmatch(text):
        return True
    m = DATE.fullmatch(text)
    if m is None:
        return False
    day, month, year = (m["d"], m["m"], m["y"]) if m["y"] else (m["d2"], m["m2"], m["y2"])
    try:
        date(int(year), int(month), int(day))
    except ValueError:
        return False
    return True


def names(entries) -> list[str]:
    """The real names to look for, in every spelling: each whole name, and each part of over two
    letters, except the words of the pseudonyms (a pseudonym may reuse a real first name)."""
    taken = {s for e in entries for word in e.pseudonym.split() for s in spellings(word)}
    found = {s for e in entries for name in [e.name, *(p for p in e.name.split() if len(p) > 2)]
             for s in spellings(name)}
    return sorted(found - taken)


def leftovers(project, entries) -> list[Finding]:
    """Identifiers left in any text of any table of `project`: names of the key, and the patterns."""
    from qodex.project.redaction import text_values

    wanted = names(entries)
    found = []
    for table, column, key, value in text_values(project):
        where = f"{table}.{column} #{key[0] if len(key) == 1 else key}"
        found += scan(_unescaped(value), where, wanted)
    return found


def _unescaped(value: str) -> str:
    """A JSON value with its escapes read (so "S\\u00f8ren" is seen as Søren); other text as is."""
    if value[:1] in "[{" and "\\u" in value:
        try:
            return json.dumps(json.loads(value), ensure_ascii=False)
        except ValueError:
            pass
    return value


def in_file(path: Path, entries) -> list[Finding]:
    """Names of the key anywhere in the bytes of the file at `path` and of its write-ahead log,
    read as UTF-8, as UTF-16 of either byte order, and in JSON escapes: one finding per spelling."""
    wanted = names(entries)
    regex = pattern(wanted + [json.dumps(n)[1:-1] for n in wanted if not n.isascii()])
    # bytes that are not UTF-16 text mostly read as letters of some script, which would hide a name's
    # edges: in the UTF-16 readings, only ASCII and the letters of the names count
    foreign = re.compile("[^\x00-\x7f" + re.escape("".join(set("".join(wanted)))) + "]")
    seen: dict[tuple[str, str, str], None] = {}
    for file in (Path(path), Path(f"{path}-wal")):
        if regex is None or not file.is_file():
            continue
        for reading, text in _readings(file, foreign):
            for m in regex.finditer(text):
                seen[(file.name, reading, m.group())] = None
    return [Finding(f"bytes of {name} ({reading})", "name from the key", text)
            for name, reading, text in seen]


def _readings(file: Path, foreign: re.Pattern):
    """The file in overlapping chunks, each read as UTF-8 and as UTF-16 (little- and big-endian,
    with `foreign` characters as spaces)."""
    with open(file, "rb") as stream:
        tail = b""
        while chunk := stream.read(CHUNK):
            data = tail + chunk
            yield "UTF-8", data.decode("utf-8", "replace")
            for start in (0, 1):
                yield "UTF-16", foreign.sub(" ", data[start:].decode("utf-16-le", "replace"))
            tail = data[-OVERLAP:]
