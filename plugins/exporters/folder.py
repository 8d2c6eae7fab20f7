"""Open-format exports: a folder of plain files, or one JSON document (see docs/exports.md).

The folder holds ``sources/*.txt`` (UTF-8), ``codebook.qdc`` and ``codebook.csv``, ``codings.csv``
(source, start, end, code, coder, quote, memo), ``cases.csv``, ``sources.csv``, ``memos/*.md`` and
``manifest.json`` with the counts.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from qodex import __version__, hookimpl
from qodex.escape import csv_writer, markdown
from qodex.extensions import Exporter
from qodex.jsonrows import objects

JSON_FORMAT = "qodex-export"
JSON_VERSION = 1


def safe_name(name: str, taken: set[str]) -> str:
    """A file name (without extension) from `name`, unique among `taken`."""
    stem = re.sub(r"[^\w\-. ]+", "_", name).strip(" .") or "unnamed"
    candidate, n = stem[:100], 1
    while candidate.lower() in taken:
        n += 1
        candidate = f"{stem[:100]} ({n})"
    taken.add(candidate.lower())
    return candidate


def tables(snapshot, coding_guids: dict[int, str] | None = None) -> dict[str, list[dict[str, Any]]]:
    """The project as rows: the one shape the CSV files and the JSON document share (a snapshot
    without texts and codings gives sources without text and no codings; `coding_guids` then
    names the codings memos are on)."""
    names = {s["id"]: s["name"] for s in snapshot.sources}
    code_guids = snapshot.code_guids
    attributes = {a["id"]: a for a in snapshot.attributes}

    def values(scope: str, owner_id: int) -> dict[str, Any]:
        found = snapshot.values.get((scope, owner_id), {})
        return {attributes[k]["name"]: v for k, v in found.items()}

    return {
        "coders": [{"name": n} for n in snapshot.coders.values()],
        "sources": [{"guid": s["guid"], "name": s["name"], "kind": s["kind"],
                     "chars": None if s["text"] is None else len(s["text"]),
                     "attributes": values("source", s["id"]), "text": s["text"]} for s in snapshot.sources],
        "codes": [{"guid": c["guid"], "path": snapshot.paths[c["id"]], "name": c["name"],
                   "parent": code_guids.get(c["parent_id"]), "colour": c["colour"],
                   "description": c["description"]} for c in snapshot.codes],
        "codings": _codings(snapshot, names),
        "attributes": _attributes(snapshot),
        "cases": [{"guid": c["guid"], "name": c["name"], "description": c["description"],
                   "sources": [names[i] for i in snapshot.case_sources.get(c["id"], [])],
                   "attributes": values("case", c["id"])} for c in snapshot.cases],
        "memos": _memos(snapshot, names, coding_guids),
    }


CODING_KEYS = ("guid", "source", "source_guid", "start", "end", "code", "code_guid", "coder",
               "created", "memo", "quote")  # a coding's fields in the JSON document and codings.csv


def _codings(snapshot, names: dict[int, str]) -> list[dict[str, Any]]:
    """Each coding with its source, code, coder and the passage it quotes."""
    texts = {s["id"]: s["text"] for s in snapshot.sources}
    return list(_as_dicts(_coding_values(snapshot, names, ((c, texts[c[1]]) for c in snapshot.codings))))


def _as_dicts(values: Iterable[tuple]) -> Iterator[dict[str, Any]]:
    return (dict(zip(CODING_KEYS, row, strict=True)) for row in values)


def _coding_values(snapshot, names: dict[int, str], quoting: Iterable[tuple]) -> Iterator[tuple]:
    """Each (coding, its source's text) of `quoting` (codings as `Everything.codings` rows) as a
    tuple of the `CODING_KEYS` (hot: one a coding)."""
    guids = {s["id"]: s["guid"] for s in snapshot.sources}
    code_guids, paths, coders = snapshot.code_guids, snapshot.paths, snapshot.coders
    for (g, s, c, a, b, who, when, memo, _), text in quoting:
        yield (g, names[s], guids[s], a, b, paths[c], code_guids[c], coders.get(who), when, memo,
               text[a:b])


def _streamed_codings(project, snapshot) -> Iterator[tuple]:
    """Every coding as `_coding_values` gives it, read source by source (one text held at a time)."""
    quoting = ((coding, text) for source in snapshot.sources
               for text in (project.contents.text(source["id"]),)
               for coding in project.contents.codings(source["id"]))
    return _coding_values(snapshot, {s["id"]: s["name"] for s in snapshot.sources}, quoting)


def _attributes(snapshot) -> list[dict[str, Any]]:
    """Each attribute with its scope, type and allowed values."""
    return [{"name": a["name"], "scope": a["scope"], "type": a["type"],
             "allowed": json.loads(a["allowed"]) if a["allowed"] else None}
            for a in snapshot.attributes]


def _memos(snapshot, names: dict[int, str], coding_guids=None) -> list[dict[str, Any]]:
    """Each memo with what it is about, by name (a source, code path, case or coding's guid)."""
    targets = {"source": names, "code": snapshot.paths,
               "case": {c["id"]: c["name"] for c in snapshot.cases},
               "coding": coding_guids or {row[8]: row[0] for row in snapshot.codings}}
    return [{"guid": m["guid"], "title": m["title"], "target": m["target"],
             "about": targets.get(m["target"], {}).get(m["target_id"]), "start": m["start"],
             "end": m["end"], "coder": snapshot.coders.get(m["coder_id"]), "created": m["created"],
             "body": m["body"]} for m in snapshot.memos]


def write_json(project, out: Path, options: dict) -> list[str]:
    """Write `project` as one JSON document, source texts and codings as they are read."""
    snapshot = project.contents.everything(whole=False)
    data = tables(snapshot, _coding_guids(project, snapshot))
    texts = (project.contents.text(s["id"]) for s in snapshot.sources)
    data["sources"] = ({**row, "chars": len(text), "text": text}
                       for row, text in zip(data["sources"], texts, strict=True))
    lines = {name: (json.dumps(row, ensure_ascii=False, default=str) for row in rows)
             for name, rows in data.items()}
    lines["codings"] = map(objects(CODING_KEYS), _streamed_codings(project, snapshot))
    head = {"format": JSON_FORMAT, "version": JSON_VERSION, "generator": f"qodex {__version__}",
            "project": snapshot.name, "counts": _counts(project, snapshot)}
    with open(out, "w", encoding="utf-8") as handle:
        handle.write(json.dumps(head, ensure_ascii=False, indent=1, default=str)[:-2])
        for name, rows in lines.items():
            handle.write(f',\n "{name}": [')
            for n, line in enumerate(rows):
                handle.write(("\n  " if n == 0 else ",\n  ") + line)
            handle.write("\n ]")
        handle.write("\n}\n")
    return []


def _counts(project, snapshot) -> dict[str, int]:
    return {**snapshot.counts(), "codings": project.codings.count()}


def _coding_guids(project, snapshot) -> dict[int, str]:
    """The GUIDs of the codings memos are on."""
    on = (project.codings.find(m["target_id"]) for m in snapshot.memos if m["target"] == "coding")
    return {coding.id: coding.guid for coding in on if coding}


def _csv(path: Path, rows: Iterable[dict[str, Any]], columns: list[str]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv_writer(handle, columns)
        writer.writeheader()
        writer.writerows(rows)


def _with_attributes(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**row, **row["attributes"], "sources": "; ".join(row.get("sources", []))} for row in rows]


def _codebook(project, out: Path) -> list[str]:
    """Write the codebook as REFI-QDA, through the ``qdc`` exporter if one is loaded."""
    from qodex.host import get_host

    exporter = get_host().registry.exporters.get("qdc")
    if exporter is None:
        return ["no qdc exporter is loaded, so codebook.qdc was not written"]
    return list(exporter.write(project, out, {}) or [])


def write_folder(project, out: Path, options: dict) -> list[str]:
    """Write `project` as a folder of plain files."""
    snapshot = project.contents.everything(whole=False)
    data = tables(snapshot, _coding_guids(project, snapshot))
    out.mkdir(parents=True)
    (out / "sources").mkdir()
    taken: set[str] = set()
    files = {}
    for row, source in zip(data["sources"], snapshot.sources, strict=True):
        files[row["name"]] = f"sources/{safe_name(row['name'], taken)}.txt"
        text = project.contents.text(source["id"])
        row["chars"] = len(text)
        (out / files[row["name"]]).write_text(text, encoding="utf-8", newline="\n")
    warnings = []
    if snapshot.codes:
        warnings = _codebook(project, out / "codebook.qdc")
    _csv(out / "codebook.csv", data["codes"], ["path", "name", "colour", "description", "guid"])
    _csv(out / "codings.csv", _as_dicts(_streamed_codings(project, snapshot)),
         ["source", "start", "end", "code", "coder", "quote", "memo"])
    case_names = [a["name"] for a in data["attributes"] if a["scope"] == "case"]
    _csv(out / "cases.csv", _with_attributes(data["cases"]), ["name", "description", "sources", *case_names])
    source_names = [a["name"] for a in data["attributes"] if a["scope"] == "source"]
    _csv(out / "sources.csv", [{**s, "file": files[s["name"]]} for s in
                               _with_attributes(data["sources"])],
         ["name", "file", "kind", "chars", "guid", *source_names])
    _write_memos(out / "memos", data["memos"])
    manifest = {"format": "qodex-folder", "version": 1, "generator": f"qodex {__version__}",
                "project": snapshot.name, "counts": _counts(project, snapshot),
                "files": sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())}
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8")
    return warnings


def _write_memos(folder: Path, memos: list[dict[str, Any]]) -> None:
    folder.mkdir()
    taken: set[str] = set()
    for n, memo in enumerate(memos, 1):
        title = memo["title"] or f"memo {n}"
        about = "the project" if memo["target"] == "project" else f"{memo['target']} {memo['about']}"
        span = f", characters {memo['start']}-{memo['end']}" if memo["start"] is not None else ""
        header = (f"# {markdown(title)}\n\n_On {markdown(about)}{span}; by "
                  f"{markdown(memo['coder'] or 'unknown')}, {markdown(memo['created'])}._\n\n")
        (folder / f"{safe_name(f'{n:03d} {title}', taken)}.md").write_text(
            header + memo["body"] + "\n", encoding="utf-8", newline="\n")


@hookimpl
def register_exporters(register):
    register(Exporter("folder", "/", write_folder, "A folder of UTF-8 texts, CSV tables, Markdown memos, "
                      ".qdc codebook and manifest.json"))
    register(Exporter("json", ".json", write_json, "One JSON document (format qodex-export, version 1)"))
