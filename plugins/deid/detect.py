"""Leftover identifiers: key names still present, phone numbers, e-mails, CPR-like numbers, addresses."""

from __future__ import annotations

import re
from datetime import date
from typing import NamedTuple

PATTERNS = {
    "e-mail": re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b"),
    "CPR number": re.compile(r"\b(\d{2})(\d{2})(\d{2})-?\d{4}\b"),
    "phone number": re.compile(r"(?<![\d-])(?:\+45[\s-]?)?(?:\d{2}[\s-]?){3}\d{2}(?![\d-])"),
    "address": re.compile(r"\b[A-ZÆØÅ][\wæøå]*(?:vej|gade|allé|alle|vænge|stræde|plads|torv|bakken)"
                          r"\s+\d+\s?[A-Za-z]?\b|\b\d{4}\s+[A-ZÆØÅ][a-zæøå]+(?:\s+[CNØSV])?\b"),
}


class Finding(NamedTuple):
    where: str
    kind: str
    text: str


def scan(text: str, where: str, names: list[str]) -> list[Finding]:
    """What in `text` still looks like an identifier (`where` names the text in the findings)."""
    findings = []
    if names:
        regex = re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(names, key=len, reverse=True)))
                           + r")\b")
        findings += [Finding(f"{where} {m.start()}:{m.end()}", "name from the key", m.group())
                     for m in regex.finditer(text)]
    for kind, regex in PATTERNS.items():
        for m in regex.finditer(text):
            if kind == "CPR number" and not _is_date(*m.groups()):
                continue
            if kind == "phone number" and PATTERNS["CPR number"].fullmatch(m.group().replace(" ", "")):
                continue
            findings.append(Finding(f"{where} {m.start()}:{m.end()}", kind, m.group()))
    return findings


def _is_date(day: str, month: str, year: str) -> bool:
    try:
        date(2000 + int(year), int(month), int(day))
    except ValueError:
        return False
    return True


def texts(project):
    """Every text in the project a person could be named in, with where it is."""
    for s in project.rows("SELECT name, text, origin FROM sources"):
        yield f"source {s['name']!r}", s["text"]
        yield f"name of source {s['name']!r}", s["name"] + " " + (s["origin"] or "")
    for m in project.rows("SELECT id, title, body FROM memos"):
        yield f"memo {m['id']}", f"{m['title'] or ''}\n{m['body']}"
    for c in project.rows("SELECT id, memo FROM codings WHERE memo IS NOT NULL"):
        yield f"memo of coding {c['id']}", c["memo"]
    for c in project.rows("SELECT name FROM cases"):
        yield "case names", c["name"]
    for v in project.rows("SELECT value FROM case_values WHERE typeof(value) = 'text'"):
        yield "case values", v["value"]
    for g in project.rows("SELECT DISTINCT label FROM segments WHERE label IS NOT NULL"):
        yield "speaker labels", g["label"]


def leftovers(project, entries) -> list[Finding]:
    """Identifiers left anywhere in `project`: the real names of the key, and the patterns."""
    names = sorted({part for e in entries for part in [e.name, *e.name.split()] if len(part) > 2}
                   - {p for e in entries for p in e.pseudonym.split()})
    return [f for where, text in texts(project) for f in scan(text, where, names)]
