"""The code stays small enough to read: no module over 500 lines, no function over cyclomatic
complexity 15 (radon's measure), in core/ and plugins/."""

from __future__ import annotations

from pathlib import Path

from conftest import REPO
from radon.complexity import cc_visit

LONGEST, MOST_COMPLEX = 500, 15


def sources() -> list[Path]:
    return sorted(p for folder in ("core", "plugins") for p in (REPO / folder).rglob("*.py"))


def test_no_module_is_over_500_lines():
    long = {str(p.relative_to(REPO)): n for p in sources()
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > LONGEST}
    assert long == {}


def test_no_function_is_over_complexity_15():
    found = {f"{p.relative_to(REPO)}:{block.lineno} {block.fullname}": block.complexity
             for p in sources() for block in cc_visit(p.read_text(encoding="utf-8"))
             if block.complexity > MOST_COMPLEX}
    assert found == {}
