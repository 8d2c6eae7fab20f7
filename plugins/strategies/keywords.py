"""Keywords and patterns: code each sentence (or turn, or match) where a code's words occur.

Patterns come inline (``-O code=Worry -O words="worried;scared;/afraid|fear/"``) or from a CSV
file with columns ``code,pattern`` (``-O patterns=worry.csv``); see `matching` for the syntax.
``qodex suggest --preview`` shows the counts per code before anything is proposed.
"""

from __future__ import annotations

import csv
from pathlib import Path

from qodex import Option, QodexError, Strategy, hookimpl
from qodex.plugins.strategies.options import choice, flag, labels
from qodex.units import INTERVIEWERS

NAME = "keywords"
OPTIONS = (
    Option("patterns", "CSV file with columns code,pattern", None, Path),
    Option("code", "the code for the words given with `words`"),
    Option("words", "patterns separated by ';' (word, phrase, prefix*, /regex/)"),
    Option("whole_word", "match whole words only", True, flag),
    Option("case", "match upper and lower case exactly", False, flag),
    Option("context", "what to code: sentence, turn, paragraph or match", "sentence",
           choice("sentence", "turn", "paragraph", "match")),
    Option("speakers", "whose turns: all, participant or interviewer", "all",
           choice("all", "participant", "interviewer")),
    Option("interviewer", "speaker labels of the interviewer, comma-separated",
           INTERVIEWERS, labels),
)


def read_patterns(options: dict):
    """The (code, pattern) pairs the options give, from the file and inline."""
    from qodex.plugins.strategies.matching import Pattern

    found = []
    if options["patterns"] is not None:
        path = options["patterns"]
        try:
            with path.open(encoding="utf-8-sig", newline="") as handle:
                rows = list(csv.DictReader(handle))
        except OSError as exc:
            raise QodexError(f"{path}: cannot read patterns ({exc.strerror})") from exc
        if rows and not {"code", "pattern"} <= set(rows[0]):
            raise QodexError(f"{path}: needs the columns code,pattern")
        found += [Pattern(r["code"].strip(), r["pattern"]) for r in rows if r["pattern"].strip()]
    if options["words"]:
        if not options["code"]:
            raise QodexError("keywords: give the code for the words with -O code=PATH")
        found += [Pattern(options["code"], w) for w in options["words"].split(";") if w.strip()]
    if not found:
        raise QodexError("keywords: give -O patterns=FILE.csv, or -O code=PATH -O words=...")
    return found


def propose(project, sources, options):
    from qodex.plugins.strategies.matching import Matcher, suggest

    try:
        matcher = Matcher(read_patterns(options), options["whole_word"], options["case"])
    except ValueError as exc:
        raise QodexError(f"keywords: {exc}") from exc
    return suggest(project, sources, matcher, options["context"], options["speakers"],
                   options["interviewer"], "matched")


@hookimpl
def register_strategies(register):
    register(Strategy(NAME, propose, "Code sentences or turns where words, phrases or patterns occur",
                      OPTIONS))
