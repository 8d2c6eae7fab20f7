"""The per-case worksheet, the classic IPA paper form: each transcript line with its number, the
exploratory notes on it and the experiential statements that start there."""

from __future__ import annotations

from collections import defaultdict

from qodex.plugins.ipa.model import spans, table
from qodex.plugins.ipa.notes import listing
from qodex.plugins.ipa.render import render
from qodex.plugins.ipa.terms import term

KIND_MARK = {"descriptive": "D", "linguistic": "L", "conceptual": "C"}


def rows(project, case) -> tuple[list[dict], str]:
    """One row per line of each of the case's transcripts, and the worksheet's title."""
    case = project.cases.get(case)
    noted = defaultdict(list)
    for note in listing(project, case.id):
        noted[(note["source"], note["line"])].append(f"{KIND_MARK[note['kind']]}: {note['body']}")
    texts = {s["id"]: s["text"] for s in table(project, "statements").rows(case_id=case.id)}
    stated, seen = defaultdict(list), set()
    for span in spans(project, texts):
        if span["statement_id"] not in seen:
            seen.add(span["statement_id"])
            stated[(span["source"], span["line"])].append(texts[span["statement_id"]])
    names = ("line", "transcript", "exploratory notes", f"{term(project, 'statement')}s")
    sources = project.cases.sources(case)
    found = []
    for source in sources:
        if len(sources) > 1:
            found.append(dict(zip(names, ("", source.name, "", ""), strict=True)))
        for number, line in enumerate(source.text.split("\n"), 1):
            found.append(dict(zip(names, (number, line, "\n".join(noted[(source.name, number)]),
                                          "\n".join(stated[(source.name, number)])), strict=True)))
    return found, f"Worksheet: {case.name}"


def document(project, case, fmt: str):
    """The case's worksheet as a document in `fmt` (see `render`): bytes for .docx, else text."""
    found, title = rows(project, case)
    return render(found, fmt, title)
