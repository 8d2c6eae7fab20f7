"""The one place a report counts codings: supporting codings (not counter-instances) per case, and
the cases where a code appears only as a counter-instance (divergent cases).

A counter-instance is a coding whose ``counter`` column says why it does not support its code
(a denial, a hypothetical, a third party's experience).
"""

from __future__ import annotations

from qodex.plugins.analysis import scope


def per_case(project, coder_id: int, code_id: int, owners: dict[int, list[int]]) -> dict:
    """For the code (with the codes below it) and one coder: ``{"support": {case: codings},
    "counter": {case: codings}}``."""
    ids = scope.descendants(project, code_id)
    found: dict[str, dict[int, int]] = {"support": {}, "counter": {}}
    for source_id, counter in project.conn.execute(
            "SELECT source_id, counter IS NOT NULL FROM codings WHERE coder_id = ? AND code_id IN"
            f" ({','.join('?' * len(ids))})", [coder_id, *ids]):
        for case_id in owners.get(source_id, []):
            tally = found["counter" if counter else "support"]
            tally[case_id] = tally.get(case_id, 0) + 1
    return found


def divergent(found: dict) -> set[int]:
    """Cases with counter-instances of the code and no supporting coding."""
    return set(found["counter"]) - set(found["support"])
