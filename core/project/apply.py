"""Store an `ImportBundle` in a project: one transaction, references resolved, duplicates skipped."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import PurePath

from qodex.bundle import AttributeData, CaseData, CodeData, ImportBundle
from qodex.errors import QodexError
from qodex.project.codings import counter_kind
from qodex.project.nouns import counted
from qodex.text import locate, text_hash


@dataclass
class ApplyResult:
    """What a bundle changed: counts of added items, and what was skipped or worth a warning."""

    added: Counter = field(default_factory=Counter)
    skipped: dict[str, list[str]] = field(default_factory=dict)  # kind -> names of those already there
    warnings: list[str] = field(default_factory=list)

    def describe(self) -> str:
        parts = [counted(n, kind) for kind, n in self.added.items() if n > 0]
        return ", ".join(parts) or "nothing new"

    def describe_skipped(self, shown: int = 3) -> str:
        """One line: how many of each kind were already in the project, naming the first sources."""
        parts = []
        for kind, names in self.skipped.items():
            listed = ", ".join(names[:shown]) + (", …" if len(names) > shown else "")
            parts.append(counted(len(names), kind) + (f" ({listed})" if kind == "sources" else ""))
        return "already in the project: " + ", ".join(parts)


def apply_bundle(project, bundle: ImportBundle) -> ApplyResult:
    """Add everything in `bundle` to `project`, all or nothing."""
    result = ApplyResult(warnings=list(bundle.warnings))
    with project.transaction():
        state = _Applier(project, bundle, result)
        for name in bundle.coders:
            project.coders.ensure(name)
        state.sources()
        state.attributes()
        state.cases()
        state.codes()
        state.codings()
        state.memos()
    return result


class _Applier:
    def __init__(self, project, bundle: ImportBundle, result: ApplyResult):
        self.project, self.bundle, self.result = project, bundle, result
        self.source_ids: dict[str, int] = {}
        self.code_ids: dict[str, int] = {}
        self.case_ids: dict[str, int] = {}
        self.added_here: set[int] = set()  # a bundle's own sources are distinct, even if equal

    # sources -------------------------------------------------------------------------------
    def sources(self) -> None:
        sources = self.project.sources
        for data in self.bundle.sources:
            existing = (data.guid and sources.find(data.guid)) or self._same_text(data.text)
            if existing and existing.text_sha256 != text_hash(data.text):
                raise QodexError(
                    f"source {data.name!r} has the GUID of {existing.name!r} in the project but"
                    " different text, so its codings would land on the wrong words; combine the"
                    " two projects with `qodex merge` instead")
            if existing:
                self.result.skipped.setdefault("sources", []).append(existing.name)
                self.source_ids[data.key] = existing.id
                continue
            name = self._free_name(data.name)
            source = sources.add(name, data.text, kind=data.kind, origin=data.origin,
                                 meta=data.meta, guid=data.guid, segments=data.segments)
            self.source_ids[data.key] = source.id
            self.added_here.add(source.id)
            self.result.added["sources"] += 1
            self._source_values(source.id, data.attributes)

    def _same_text(self, text: str):
        """A source imported earlier with this text (a bundle's own sources are distinct)."""
        found = self.project.sources.with_hash(text_hash(text))
        return found if found and found.id not in self.added_here else None

    def _free_name(self, name: str) -> str:
        candidate, n = name, 1
        while self.project.sources.find(candidate) is not None:
            n += 1
            candidate = f"{name} ({n})"
        if candidate != name:
            self.result.warnings.append(f"a source called {name!r} exists; added as {candidate!r}")
        return candidate

    def _source_values(self, source_id: int, values: dict) -> None:
        declared = {a.name: a for a in self.bundle.attributes if a.scope == "source"}
        for name, value in values.items():
            kind = declared.get(name, AttributeData(name, scope="source"))
            attribute = self.project.attributes.define(name, self._type(kind), kind.allowed, scope="source")
            self.project.execute(
                "INSERT OR REPLACE INTO source_values (attribute_id, source_id, value)"
                " VALUES (?, ?, ?)", (attribute.id, source_id,
                                      self.project.attributes.coerce(attribute, value)))

    def source_id(self, ref: str) -> int:
        if ref in self.source_ids:
            return self.source_ids[ref]
        found = self.project.sources.find(ref)
        if found is None:
            found = next((s for s in self.project.sources if _file_matches(s.origin, ref)), None)
        if found is None:
            raise QodexError(f"no source {ref!r} in the project or in this import")
        self.source_ids[ref] = found.id
        return found.id

    # cases and attributes ------------------------------------------------------------------
    def attributes(self) -> None:
        for data in self.bundle.attributes:
            self.project.attributes.define(data.name, self._type(data), data.allowed, data.scope)

    def _type(self, data: AttributeData) -> str:
        """The attribute's type: a file's text (untyped, as REFI-QDA writes a category) takes the
        type the attribute has here, so a project's own export imports back into it."""
        found = self.project.attributes.list(data.scope) if data.type == "text" else ()
        return next((a.type for a in found if a.name == data.name), data.type)

    def cases(self) -> None:
        """Add the new cases, then set all values and links, each in one bulk write."""
        cases = self.project.cases
        new = _new_cases(cases.ids(), self.bundle.cases)
        self.result.added["cases"] += len(cases.add_many((d.name, d.guid, d.description) for d in new))
        known, values, links = cases.ids(), {}, []
        for data in self.bundle.cases:
            case_id = self.case_ids[data.key] = _case_id(known, data)
            if data.attributes:
                values.setdefault(case_id, {}).update(data.attributes)
            links += [(case_id, self.source_id(ref)) for ref in data.sources]
        for name in dict.fromkeys(n for named in values.values() for n in named):
            if self.project.attributes.find(name) is None:
                self.project.attributes.define(name, "text")
        cases.set_many_values(values)
        self.result.added["case links"] += cases.link_many(links)

    # codes and codings ---------------------------------------------------------------------
    def codes(self) -> None:
        pending = list(self.bundle.codes)
        while pending:
            ready = [c for c in pending if c.parent is None or c.parent in self.code_ids
                     or c.parent not in {p.key for p in pending}]
            if not ready:
                raise QodexError(f"codes form a cycle: {', '.join(c.name for c in pending)}")
            for data in ready:
                self.code_ids[data.key] = self._code(data)
            pending = [c for c in pending if c not in ready]

    def _code(self, data: CodeData) -> int:
        codes = self.project.codes
        parent_id = self.code_id(data.parent) if data.parent else None
        existing = (data.guid and codes.find(data.guid)) or next(
            (c for c in codes.children(parent_id) if c.name == data.name), None)
        if existing:
            return existing.id
        self.result.added["codes"] += 1
        return codes.add(data.name, parent=parent_id, colour=data.colour,
                         description=data.description, guid=data.guid).id

    def code_id(self, ref: str) -> int:
        if ref not in self.code_ids:
            code = self.project.codes.find(ref)
            if code is None:
                code = self.project.codes.ensure(ref)
                self.result.warnings.append(f"code {ref!r} was not in the codebook; created it")
            self.code_ids[ref] = code.id
        return self.code_ids[ref]

    def codings(self) -> None:
        """Add the bundle's codings in one `Codings.add_many`, skipping GUIDs already stored."""
        known = self.project.codings.existing(c.guid for c in self.bundle.codings if c.guid)
        if known:
            self.result.skipped["codings"] = [c.guid for c in self.bundle.codings if c.guid in known]
        fresh = [c for c in self.bundle.codings if c.guid not in known] if known else self.bundle.codings
        self.result.added["codings"] += self.project.codings.add_many(self._coding_rows(fresh))

    def _coding_rows(self, codings: list) -> Iterator[tuple]:
        """`Codings.add_many` rows, each source, code and coder resolved once."""
        sources = {ref: self.source_id(ref) for ref in dict.fromkeys([c.source for c in codings])}
        codes = {ref: self.code_id(ref) for ref in dict.fromkeys([c.code for c in codings])}
        coders = {name: self.project.coders.ensure(name).id
                  for name in dict.fromkeys([c.coder for c in codings]) if name}
        text = cache(lambda source_id: self.project.sources.get(source_id).text)
        for c in codings:
            source_id = sources[c.source]
            start, end = (c.start, c.end) if c.quote is None else _span(c, text(source_id))
            yield (source_id, codes[c.code], start, end, c.memo, coders.get(c.coder), c.guid,
                   c.created, counter_kind(c.counter))

    # memos ---------------------------------------------------------------------------------
    def memos(self) -> None:
        resolve = {"source": self.source_id, "code": self.code_id,
                   "case": lambda ref: self.case_ids.get(ref) or self.project.cases.get(ref).id}
        for data in self.bundle.memos:
            ref = resolve[data.target](data.ref) if data.target in resolve else data.ref
            if data.guid and self.project.memos.find(data.guid):
                continue
            if data.target == "coding":  # kept on the coding itself
                self.project.codings.add_memo(ref, data.body)
                continue
            self.project.memos.add(data.body, title=data.title, target=data.target, ref=ref,
                                   start=data.start, end=data.end, guid=data.guid)
            self.result.added["memos"] += 1


def _new_cases(known: dict[str, int], cases: list[CaseData]) -> list[CaseData]:
    """The cases not in the project, each once (a later one with the same GUID or name updates it)."""
    new = []
    for data in cases:
        if _case_id(known, data) is None:
            new.append(data)
            for key in filter(None, (data.guid, data.name)):
                known[key] = -1  # taken by a case of this bundle
    return new


def _case_id(known: dict[str, int], data) -> int | None:
    """The id of the project's case with `data`'s GUID, else with its name."""
    return (data.guid and known.get(data.guid)) or known.get(data.name)


def _file_matches(origin: str | None, ref: str) -> bool:
    """Whether a source imported from `origin` is the file `ref` names (by name or stem)."""
    if not origin:
        return False
    path = PurePath(origin)
    return ref in (path.name, path.stem)


def _span(data, text: str) -> tuple[int, int]:
    """The coding's offsets, found from its quote when it gives no offsets."""
    if data.quote is None:
        return data.start, data.end
    try:
        return locate(text, data.quote, data.occurrence, where=f"source {data.source!r}")
    except QodexError as exc:
        raise QodexError(f"code {data.code!r}: {exc}") from None
