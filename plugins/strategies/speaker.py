"""Speaker and structure: code whole turns by speaker or role, sections by heading, cues by time.

``-O by=speaker`` proposes ``Speakers/<label>`` for every turn, ``by=role`` ``Roles/Interviewer`` or
``Roles/Participant``, ``by=heading`` ``Sections/<heading>`` from each heading to the next, and
``by=time -O code=PATH -O start=1:30 -O end=4:00`` one span over the cues in that time range.
"""

from __future__ import annotations

from functools import partial

from qodex import Option, QodexError, Strategy, Suggestion, hookimpl
from qodex.plugins.strategies.options import choice, labels
from qodex.units import INTERVIEWERS, is_interviewer, turns

NAME = "speaker"
CODES = {"speaker": "Speakers/{label}", "role": "Roles/{label}", "heading": "Sections/{label}"}


def seconds(value: str) -> float:
    """Seconds from ``SS``, ``MM:SS`` or ``HH:MM:SS`` (fractions allowed)."""
    total = 0.0
    for part in value.split(":"):
        total = total * 60 + float(part)
    return total


OPTIONS = (
    Option("by", "speaker, role, heading or time", "speaker",
           choice("speaker", "role", "heading", "time")),
    Option("code", "code path; {label} is the speaker, role or heading (required for time)"),
    Option("speaker", "only these speakers, comma-separated", None, labels),
    Option("start", "time range start, [HH:]MM:SS", 0.0, seconds),
    Option("end", "time range end, [HH:]MM:SS", float("inf"), seconds),
    Option("interviewer", "speaker labels of the interviewer, comma-separated",
           INTERVIEWERS, labels),
)


def by_turn(project, source, options, role: bool):
    """Each turn (of the chosen speakers), labelled by speaker or by role."""
    for turn in turns(project, source):
        label = turn.speaker or "Unknown"
        if options["speaker"] and label.casefold() not in options["speaker"]:
            continue
        if role:
            label = "Interviewer" if is_interviewer(turn.speaker, options["interviewer"]) else "Participant"
        yield turn.start, turn.end, label, f"a turn of {turn.speaker or 'an unnamed speaker'}"


def by_heading(project, source, options):
    """From each heading to the next (the last section runs to the end)."""
    headings = project.sources.segments(source, "heading")
    ends = [h.start for h in headings[1:]] + [len(source.text.rstrip())]
    for heading, end in zip(headings, ends, strict=False):
        title = " ".join(source.text[heading.start:heading.end].split())
        if title and end > heading.start:
            yield heading.start, end, title, f"the section under the heading {title!r}"


def by_time(project, source, options):
    """One span over the cues overlapping the time range."""
    cues = [c for c in project.sources.segments(source, "cue")
            if c.t_start is not None and c.t_end is not None
            and c.t_start < options["end"] and c.t_end > options["start"]]
    if cues and max(c.end for c in cues) > min(c.start for c in cues):
        yield (min(c.start for c in cues), max(c.end for c in cues), "",
               f"{len(cues)} cue(s) from {cues[0].t_start:g}s to {cues[-1].t_end:g}s")


SPANS = {"speaker": partial(by_turn, role=False), "role": partial(by_turn, role=True),
         "heading": by_heading, "time": by_time}


def propose(project, sources, options):
    by = options["by"]
    template = options["code"] or CODES.get(by)
    if template is None:
        raise QodexError("speaker: by=time needs the code to propose, -O code=PATH")
    for source in sources:
        for start, end, label, why in SPANS[by](project, source, options):
            code = template.format(label=label.replace("/", "-"))
            yield Suggestion(source.id, code, start, end, 1.0, why)


@hookimpl
def register_strategies(register):
    register(Strategy(NAME, propose, "Code whole turns by speaker or role, sections by heading, cues by time",
                      OPTIONS))
