"""The IPA structure as codes, so a ``.qdpx`` export (and any other tool) can see it.

The REFI-QDA exporter has no hook for sets yet, so the structure is written as a code tree under
``IPA``, through the project API: ``IPA/<group theme>/<subtheme>...`` coding the passages of their
member themes, and ``IPA/<case>/<personal theme>`` coding its statements' passages. Running it again
replaces the tree.
"""

from __future__ import annotations

from qodex.plugins.ipa.clustering import personal_themes
from qodex.plugins.ipa.crosscase import statement_ids, tree
from qodex.plugins.ipa.model import spans

ROOT = "IPA"


def as_codes(project, root: str = ROOT) -> int:
    """Write (or rewrite) the code tree under `root`; returns how many codings it holds."""
    with project.transaction():
        if project.codes.find(root) is not None:
            project.codes.delete(root)
        top = project.codes.add(root, description="IPA themes, written by `qodex ipa codes`")
        parents = {None: top}
        count = 0
        for group, _ in tree(project):
            parents[group["id"]] = _code(project, group, parents[group["parent_id"]])
            count += _code_spans(project, parents[group["id"]], statement_ids(project, group))
        for pet in personal_themes(project):
            case = project.codes.find(f"{root}/{pet['case']}") or project.codes.add(pet["case"], top)
            count += _code_spans(project, _code(project, pet, case), pet["statement_ids"])
    return count


def _code(project, row: dict, parent):
    return project.codes.add(row["name"].replace("/", "-"), parent, description=row["description"])


def _code_spans(project, code, ids) -> int:
    found = {(s["source_id"], s["start"], s["end"]) for s in spans(project, ids)}
    return project.codings.add_many((source, code.id, start, end) for source, start, end in sorted(found))
