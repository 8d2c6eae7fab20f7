"""Datasette metadata for a project file: every table and column named and described, the
internals hidden, the canned queries a reader wants, and facets by code, coder and case attribute.

The canned queries are read-only SQL run by Datasette on a file it opens immutable.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

CODER = "who wrote it (coders)"
CREATED = "when it was written (ISO 8601, UTC)"
GUID = "its REFI-QDA GUID, kept through exports and imports"
START = "first character of the span (code points from 0 into the source's text)"
END = "character just after the span (half-open: [start, end))"

TABLES = {
    "meta": ("The project itself: its name and when it was created.",
             {"key": "what is recorded (name, created)", "value": "its value"}),
    "coders": ("Everyone who has written to the project.",
               {"id": "row id", "name": "the coder's name", "created": "when they first wrote"}),
    "sources": ("The documents: interview transcripts and other texts.",
                {"id": "row id", "guid": GUID, "name": "the document's unique name",
                 "kind": "text, pdf, subtitles ...", "text": "the whole text (NFC, \\n line ends)",
                 "text_sha256": "SHA-256 of the text (finds a file imported twice)",
                 "origin": "the file it was imported from", "meta": "what the importer found, as JSON",
                 "created": CREATED, "coder_id": CODER}),
    "segments": ("Structure importers found in a source: turns, paragraphs, headings, pages, cues.",
                 {"id": "row id", "source_id": "the source (sources)", "kind": "turn, paragraph, "
                  "heading, page or cue", "start": START, "end": END, "label": "the speaker of a turn",
                  "t_start": "start time in seconds (subtitles)", "t_end": "end time in seconds"}),
    "cases": ("Units of analysis, usually participants.",
              {"id": "row id", "guid": GUID, "name": "the case's unique name",
               "description": "what the case is", "created": CREATED, "coder_id": CODER}),
    "case_sources": ("Which sources belong to which case.",
                     {"case_id": "the case (cases)", "source_id": "the source (sources)"}),
    "attributes": ("Variables describing cases or sources (age, role, site ...).",
                   {"id": "row id", "name": "the variable's name", "scope": "case or source",
                    "type": "text, number, date, boolean or category",
                    "allowed": "a category's allowed values, as JSON", "position": "order shown"}),
    "case_values": ("The value of each case attribute for each case.",
                    {"attribute_id": "the attribute (attributes)", "case_id": "the case (cases)",
                     "value": "its value (dates as ISO text, booleans as 0/1)"}),
    "source_values": ("The value of each source attribute for each source.",
                      {"attribute_id": "the attribute (attributes)", "source_id": "the source (sources)",
                       "value": "its value (dates as ISO text, booleans as 0/1)"}),
    "codes": ("The codebook: a tree of codes with their definitions.",
              {"id": "row id", "guid": GUID, "parent_id": "the parent code (codes), empty at the top",
               "name": "the code's name (unique among its siblings)", "colour": "its colour (#RRGGBB)",
               "description": "its definition", "position": "order among siblings",
               "created": CREATED, "coder_id": CODER}),
    "codings": ("A code applied to a span of a source by a coder.",
                {"id": "row id", "guid": GUID, "source_id": "the source (sources)",
                 "code_id": "the code (codes)", "start": START, "end": END, "coder_id": CODER,
                 "created": CREATED, "memo": "a short note on this coding"}),
    "memos": ("Markdown memos on the project, a source (or a span of it), a code, a case or a coding.",
              {"id": "row id", "guid": GUID, "target": "project, source, code, case or coding",
               "target_id": "the row of the target's table", "start": "a span memo's start (or empty)",
               "end": "a span memo's end (or empty)", "title": "its title", "body": "its text (Markdown)",
               "coder_id": CODER, "created": CREATED, "modified": "when it last changed"}),
    "suggestions": ("Codings a strategy proposed, and what a coder decided.",
                    {"id": "row id", "source_id": "the source (sources)", "code_id": "the code (codes)",
                     "start": START, "end": END, "strategy": "the strategy that proposed it",
                     "params": "the strategy's options, as JSON", "score": "how sure it was",
                     "explanation": "why it proposed it", "status": "open, accepted or rejected",
                     "coder_id": "who ran the strategy (coders)", "created": CREATED,
                     "decided_by": "who decided (coders)", "decided": "when",
                     "coding_id": "the coding an accepted one became (codings)"}),
}
HIDDEN = {"_migrations", "changes", "similar_units"}  # schema bookkeeping, change log, a cache
FACETS = {"codings": ["code_id", "coder_id", "source_id"], "case_values": ["attribute_id", "value"],
          "source_values": ["attribute_id", "value"], "memos": ["target", "coder_id"],
          "suggestions": ["status", "strategy", "code_id"]}

QUOTE = 'substr(sources.text, codings.start + 1, codings."end" - codings.start)'
CASES_OF_SOURCE = ("(select group_concat(cases.name, ', ') from case_sources join cases "
                   "on cases.id = case_sources.case_id where case_sources.source_id = sources.id)")
QUERIES = {
    "codings_of_a_code": {
        "title": "Codings of a code, with their quotes",
        "description": "Every passage coded with the code named, where it is and who coded it.",
        "sql": f"""select sources.name as source, {CASES_OF_SOURCE} as "case", codings.start,
  codings."end", {QUOTE} as quote, coders.name as coder
from codings join codes on codes.id = codings.code_id join sources on sources.id = codings.source_id
  left join coders on coders.id = codings.coder_id
where codes.name = :code order by sources.name, codings.start""",
    },
    "code_case_matrix": {
        "title": "Code × case matrix",
        "description": "For each code and case: how many codings, in how many of the case's sources.",
        "sql": """with per_source as (
  select code_id, source_id, count(*) as n from codings group by code_id, source_id)
select codes.name as code, cases.name as "case", sum(per_source.n) as codings,
  count(*) as sources
from per_source join case_sources on case_sources.source_id = per_source.source_id
  join codes on codes.id = per_source.code_id join cases on cases.id = case_sources.case_id
group by codes.id, cases.id order by codes.name, cases.name""",
    },
    "passages_of_a_case": {
        "title": "A participant's passages",
        "description": "Every coded passage of the case named (a participant), source by source.",
        "sql": f"""select sources.name as source, codes.name as code, codings.start, codings."end",
  {QUOTE} as quote, coders.name as coder
from cases join case_sources on case_sources.case_id = cases.id
  join sources on sources.id = case_sources.source_id
  join codings on codings.source_id = sources.id join codes on codes.id = codings.code_id
  left join coders on coders.id = codings.coder_id
where cases.name = :case order by sources.name, codings.start""",
    },
    "codebook": {
        "title": "Codebook with definitions",
        "description": "Every code by its path in the tree, its definition and how often it is used.",
        "sql": """with recursive tree(id, path) as (
  select id, name from codes where parent_id is null
  union all select codes.id, tree.path || '/' || codes.name from codes join tree
    on codes.parent_id = tree.id)
select tree.path as code, codes.description as definition, codes.colour,
  (select count(*) from codings where codings.code_id = codes.id) as codings,
  (select count(distinct source_id) from codings where codings.code_id = codes.id) as sources
from tree join codes on codes.id = tree.id order by tree.path""",
    },
}


def database_name(path: Path) -> str:
    """The name Datasette gives the file (its stem)."""
    return Path(path).stem


def build(path: Path) -> dict:
    """Datasette metadata for the project file `path` (read, never written)."""
    conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
    try:
        name = dict(conn.execute("select key, value from meta")).get("name") or database_name(path)
        tables = {table: _table(conn, table, owners) for table, owners in _tables(conn).items()}
    finally:
        conn.close()
    return {"title": name, "description": f"The qodex project {name}, read-only.",
            "databases": {database_name(path): {"tables": tables, "queries": QUERIES}}}


def _tables(conn: sqlite3.Connection) -> dict[str, str | None]:
    """Every table, with the plugin that made it (None for the core's)."""
    plugins = [row[0] for row in conn.execute("select distinct owner from _migrations "
                                              "where owner != 'qodex'")]
    names = [row[0] for row in conn.execute("select name from sqlite_master where type = 'table' "
                                            "and name not like 'sqlite_%' order by name")]
    return {table: next((p for p in plugins if table.startswith(f"{p}_")), None) for table in names}


def _table(conn: sqlite3.Connection, table: str, plugin: str | None) -> dict:
    if table in HIDDEN or table.startswith("sources_fts"):
        return {"hidden": True}
    description, columns = TABLES.get(table, (f"Kept by the {plugin or 'unknown'} plugin.", {}))
    links = {row[3]: row[2] for row in conn.execute("select * from pragma_foreign_key_list(?)", (table,))}
    described = {}
    for _, column, kind, *_ in conn.execute("select * from pragma_table_info(?)", (table,)):
        described[column] = columns.get(column) or (
            f"the row of {links[column]} it refers to" if column in links else f"{kind or 'any'} value")
    result = {"description": description, "columns": described}
    if table in FACETS:
        result["facets"] = FACETS[table]
    return result
