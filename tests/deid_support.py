"""The sample study with every kind of text a name can hide in, its pseudonym key, and a search for
names that shares no code with the deid plugin."""

from __future__ import annotations

import csv
import re
import sqlite3
from contextlib import closing
from pathlib import Path

from conftest import SAMPLE_STUDY

from qodex.extensions import parse_options
from qodex.importing import import_files
from qodex.plugins.deid.key import Entry, save
from qodex.plugins.ipa import clustering, crosscase, notes, statements
from qodex.project import Project

FILES = [SAMPLE_STUDY / "codebook.csv", *sorted((SAMPLE_STUDY / "transcripts").iterdir()),
         SAMPLE_STUDY / "participants.csv", SAMPLE_STUDY / "codings.csv"]
PARTICIPANTS = [r["pseudonym"] for r in csv.DictReader(
    (SAMPLE_STUDY / "participants.csv").open(encoding="utf-8"))]
DOCTORS = ["Krogh", "Dahl", "Bæk", "Holt", "Friis", "Lyng"]
PLACES = ["Ålunde", "Søhøj"]
NAMES = PARTICIPANTS + DOCTORS + PLACES
ASCII = ["soren", "soeren", "baek", "sohoj", "soehoej", "alunde", "aalunde"]  # as in file names
SECURE_BASE = "Attachment theory/Secure base"


def pseudonym(i: int) -> str:
    """An invented name no transcript holds: Zabo, Zabu, Zebo..."""
    return "Z" + "aeiou"[i // 5 % 5] + "bdgkm"[i % 5] + "oua"[i // 25]


def write_key(path: Path) -> list[Entry]:
    entries = [Entry(name, pseudonym(i), "gp" if name in DOCTORS else "person")
               for i, name in enumerate(NAMES)]
    path.parent.mkdir(exist_ok=True)
    save(path, entries)
    return entries


def build(path: Path, host) -> None:
    """The sample study with IPA notes, statements and themes, suggestions of two strategies
    (the similar-passages cache filled), speaker turns, case names and a case value naming people."""
    with Project.create(path, name="Ålunde and Søhøj", coder="astrid", host=host) as project:
        outcomes = import_files(project, FILES, host.registry)
        assert [o.status for o in outcomes] == ["imported"] * len(FILES)
        anne = project.sources.get("P01-anne")
        at = anne.text.index("Krogh")
        note = notes.add(project, anne, at, at + 5, "descriptive",
                         "Anne speaks of Dr Krogh (KROGH in the log) as Bæk's opposite, in Ålunde")
        statement = statements.add(project, "Anne", "Anne is known by Dr Krogh", notes=[note])
        theme = clustering.cluster(project, "Anne", "Anne and Dr Krogh", [statement], "abstraction")
        group = crosscase.add(project, "Patients of Dr Bæk", description="Søhøj, as Jens tells it")
        crosscase.add_members(project, group, [theme])
        project.attributes.define("referred by")
        project.cases.set_values("Poul", {"referred by": "Dr Dahl (Søhøj)"})
        project.memos.add("Mette and Dr Holt disagree", target="source", ref=anne)
        for name, options in (("similar", [f"code={SECURE_BASE}", "top=30"]),
                              ("keywords", ["words=Bæk;Krogh", "code=Named GP", "context=match"])):
            strategy = host.registry.strategies[name]
            chosen = parse_options(strategy.options, options, name)
            project.suggestions.add(name, project.suggestions.propose(strategy, list(project.sources),
                                                                      chosen), chosen)


def names_in(data: bytes) -> set[str]:
    """The names of the study in `data`, as words of any case (possessive s allowed) and in ASCII,
    read as UTF-8 or UTF-16 (either byte order), and in JSON's escapes."""
    escaped = [n.encode("ascii", "backslashreplace").decode().replace("\\x", "\\u00") for n in NAMES]
    words = re.compile(r"(?<![^\W\d_])(" + "|".join(map(re.escape, NAMES + ASCII + escaped))
                       + r")(?=(?:['’]?s)?(?![^\W\d_]))", re.IGNORECASE)
    other = "[^\x00-\x7f" + "".join(set("".join(NAMES))) + "]"  # as most byte pairs read in UTF-16
    readings = [data.decode("utf-8", "replace"), *(
        re.sub(other, " ", data[start:].decode("utf-16-le", "replace")) for start in (0, 1))]
    return {m.group(1) for text in readings for m in words.finditer(text)}


def names_in_values(path: Path) -> set[str]:
    """The names of the study in any text value of any table of the SQLite file at `path`."""
    with closing(sqlite3.connect(path)) as conn:
        tables = [t for (t,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        values = [v for t in tables for row in conn.execute(f'SELECT * FROM "{t}"') for v in row
                  if isinstance(v, str)]
    return names_in("\n".join(values).encode())
