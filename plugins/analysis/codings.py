"""Coding retrieval: codings of any of some codes, overlapping codings of every AND code and of
no NOT code, in sources whose cases have the attribute values asked for; supporting codings
unless counter-instances are asked for (AND and NOT look at supporting codings)."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from qodex.plugins.analysis import scope


@dataclass(frozen=True)
class Passage:
    """One coding with where it is and the text it covers."""

    coding_id: int
    source_id: int
    source: str
    cases: str
    code: str
    coder: str
    start: int
    end: int
    text: str
    counter: str | None = None

    def row(self) -> dict:
        return asdict(self)


def select(project, any_of=(), all_of=(), none_of=(), where=None, coders=(),
           below: bool = True, instances: str = "support") -> list[Passage]:
    """Codings of any code in `any_of` (every coding when empty) that overlap a coding of each
    code in `all_of` and of none in `none_of`; codes count with the codes below them unless
    `below` is False. `where` maps attributes to allowed values; `coders` names coders;
    `instances` keeps supporting codings ("support"), counter-instances ("counter") or "all"."""
    sources = scope.sources_where(project, where or {})
    who = scope.coder_ids(project, coders)
    found = project.spans.codings(scope.code_ids(project, any_of, below) if any_of else None,
                                  sources, who, instances)
    for path in all_of:
        spans = _spans(project, scope.code_ids(project, [path], below), sources, who)
        found = [c for c in found if _touches(c, spans)]
    if none_of:
        spans = _spans(project, scope.code_ids(project, none_of, below), sources, who)
        found = [c for c in found if not _touches(c, spans)]
    return passages(project, [c.id for c in found])


def _spans(project, code_ids, sources, coders) -> dict[int, list[tuple[int, int]]]:
    """The spans of the supporting codings of `code_ids`, by source."""
    spans: dict[int, list[tuple[int, int]]] = {}
    for coding in project.spans.codings(code_ids, sources, coders, "support"):
        spans.setdefault(coding.source_id, []).append((coding.start, coding.end))
    return spans


def _touches(coding, spans: dict[int, list[tuple[int, int]]]) -> bool:
    return any(a < coding.end and coding.start < b for a, b in spans.get(coding.source_id, ()))


def passages(project, coding_ids: list[int]) -> list[Passage]:
    """The codings with these ids, in source and text order, with their text."""
    if not coding_ids:
        return []
    paths = project.codes.paths()
    return [Passage(r["id"], r["source_id"], r["source"], r["cases"] or "", paths[r["code_id"]],
                    r["coder"] or "", r["start"], r["end"], r["text"], r["counter"])
            for r in project.overview.passages(coding_ids)]
