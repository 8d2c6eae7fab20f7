"""What the IPA modules share: the plugin's tables (through the host) and reads across them."""

from __future__ import annotations

from qodex import text
from qodex.errors import QodexError

# every span grounding a statement: its own passages and the spans of its notes
GROUNDING = """
    SELECT statement_id, source_id, start, "end" FROM ipa_passages
    UNION SELECT sn.statement_id, n.source_id, n.start, n."end"
    FROM ipa_statement_notes sn JOIN ipa_notes n ON n.id = sn.note_id"""


def table(project, name: str):
    """The IPA table ``ipa_<name>``, written logged through the host."""
    return project.plugin_table(f"ipa_{name}")


def theme(project, ref, level: str | None = None) -> dict:
    """A theme by id or name (a name must be unique at the level asked for)."""
    themes = table(project, "themes")
    if isinstance(ref, int) or str(ref).isdigit():
        found = [t for t in [themes.get(int(ref))] if t]
    else:
        found = themes.rows(name=ref)
    found = [t for t in found if level is None or t["level"] == level]
    if len(found) != 1:
        what = "no" if not found else "more than one"
        raise QodexError(f"{what} IPA theme {ref!r} in {project.path.name}"
                         + (" (give its id)" if found else ""))
    return found[0]


def statement(project, statement_id: int) -> dict:
    found = table(project, "statements").get(int(statement_id))
    if found is None:
        raise QodexError(f"no IPA statement {statement_id} in {project.path.name}")
    return found


def case_of(project, source_id: int) -> int:
    """The case a source belongs to."""
    rows = project.rows("SELECT case_id FROM case_sources WHERE source_id = ? ORDER BY case_id",
                        (source_id,))
    if not rows:
        raise QodexError(f"source {project.sources.get(source_id).name!r} belongs to no case")
    return rows[0]["case_id"]


def find_quote(sources, quote: str, occurrence: int | None = None) -> tuple[int, int, int]:
    """(source id, start, end) of `quote` in `sources`: its only place, or its `occurrence`-th."""
    found = [(source.id, *span) for source in sources for span in text.find_quote(source.text, quote)]
    where = ", ".join(s.name for s in sources) or "any source"
    return text.choose(found, quote, occurrence, where=where)[0]


def check_span(project, source, start: int, end: int):
    """The source, if ``[start, end)`` is a non-empty span inside it."""
    source = project.sources.get(source)
    text.check_span(source.text, start, end, source.name)
    return source


def line_sql(alias: str) -> str:
    """SQL for the 1-based line at which span `alias`.start falls in its source `s`."""
    before = f"substr(s.text, 1, {alias}.start)"
    return f"length({before}) - length(replace({before}, char(10), '')) + 1"


def spans(project, statement_ids) -> list[dict]:
    """The grounding spans of these statements with source name, line and quoted text."""
    ids = list(statement_ids)
    if not ids:
        return []
    return project.rows(
        f"SELECT g.statement_id, g.source_id, s.name AS source, g.start, g.\"end\","
        f" substr(s.text, g.start + 1, g.\"end\" - g.start) AS quote, {line_sql('g')} AS line"
        f" FROM ({GROUNDING}) g JOIN sources s ON s.id = g.source_id"
        f" WHERE g.statement_id IN ({', '.join('?' * len(ids))}) ORDER BY g.statement_id, g.start",
        ids)


def cite(project, case_id: int, age: str = "age") -> str:
    """How a quote is cited: "(Name, age)" from the case and its attributes."""
    case = project.cases.get(case_id)
    value = project.cases.values(case).get(age)
    return f"({case.name})" if value is None else f"({case.name}, {value})"


def notes_of(project, statement_id: int) -> list[dict]:
    """The notes a statement comes from, in text order."""
    return project.rows(
        "SELECT n.* FROM ipa_notes n JOIN ipa_statement_notes sn ON sn.note_id = n.id"
        " WHERE sn.statement_id = ? ORDER BY n.source_id, n.start", (statement_id,))
