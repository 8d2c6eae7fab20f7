"""Every shell block of README.md and of sample_study/README.md runs as written, in order, from a
copy of the repository root.

A fenced block marked ```sh or ```bash (indented too, inside a list) is run; one that must not run
(it opens the TUI, or runs the tests themselves) has the line
`<!-- not run by tests/test_readme_commands.py: REASON -->` just above its fence.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

from conftest import REPO, SAMPLE_STUDY, copy_sample

SKIP = "<!-- not run by tests/test_readme_commands.py:"
FENCE = re.compile(r"^ *```(\w*)[^\n]*\n(.*?)^ *```", re.MULTILINE | re.DOTALL)
STUDY_FILES = ["codebook.csv", "transcripts", "participants.csv", "codings.csv"]


def shell_blocks(markdown: str) -> list[tuple[str, bool]]:
    """Each sh/bash block's text and whether it is to be run."""
    found = []
    for fence in FENCE.finditer(markdown):
        if fence.group(1) in ("sh", "bash"):
            above = markdown[:fence.start()].rstrip("\n").rsplit("\n", 1)[-1]
            found.append((fence.group(2), not above.startswith(SKIP)))
    return found


def test_blocks_not_run_say_why_and_the_rest_are_many():
    blocks = shell_blocks((REPO / "README.md").read_text(encoding="utf-8"))
    skipped = [line for line in (REPO / "README.md").read_text(encoding="utf-8").splitlines()
               if line.startswith(SKIP)]
    assert all(re.fullmatch(re.escape(SKIP) + r" \S.* -->", line) for line in skipped), skipped
    assert sum(run for _, run in blocks) >= 1 and len(skipped) == sum(not run for _, run in blocks)


def test_readme_commands_run_verbatim_in_order(tmp_path):
    """As a newcomer after `make demo`: the venv and the sample study's project in place."""
    shutil.copytree(SAMPLE_STUDY, tmp_path / "sample_study",
                    ignore=shutil.ignore_patterns("*.qodex*", "__pycache__", ".qodex-backups"))
    (tmp_path / ".venv").symlink_to(sys.prefix)
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "QODEX_CODER": "tester", "LANG": "C.UTF-8"}
    built = subprocess.run([tmp_path / ".venv" / "bin" / "qodex", "--coder", "astrid", "import",
                            "sample_study/gp-attachment.qodex", *(f"sample_study/{n}" for n in STUDY_FILES)],
                           cwd=tmp_path, env=env, capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    script = "\n".join(text for text, run in shell_blocks((REPO / "README.md").read_text(encoding="utf-8"))
                       if run)
    _runs(script, tmp_path, env)


def _runs(script: str, folder, env: dict) -> subprocess.CompletedProcess:
    trap = "set -eo pipefail\ntrap 'echo \"README command failed: $BASH_COMMAND\" >&2' ERR\n"
    result = subprocess.run(["bash", "-c", trap + script], cwd=folder, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Error" not in result.stderr, result.stderr[-2000:]
    return result


def test_the_sample_studys_walkthrough_runs_verbatim_in_order(sample_study_file, tmp_path, host):
    """Its IPA steps by name, from notes to a group theme, the worksheet and a .qdpx carrying them."""
    from docx import Document

    from qodex.plugins.ipa import model
    from qodex.project import Project

    copy_sample(sample_study_file, tmp_path / "sample_study").rename(
        tmp_path / "sample_study" / "gp-attachment.qodex")
    (tmp_path / ".venv").symlink_to(sys.prefix)
    env = {"PATH": f"{tmp_path / '.venv' / 'bin'}:{os.environ['PATH']}", "HOME": str(tmp_path),
           "QODEX_CODER": "tester", "LANG": "C.UTF-8"}
    blocks = shell_blocks((SAMPLE_STUDY / "README.md").read_text(encoding="utf-8"))
    assert blocks and all(run for _, run in blocks)
    _runs("\n".join(text for text, _ in blocks), tmp_path, env)
    worksheet = Document(tmp_path / "anne.docx").tables[0]
    assert [c.text for c in worksheet.rows[0].cells][2:] == ["exploratory notes", "experiential statements"]
    with Project.open(tmp_path / "elsewhere.qodex", host=host) as imported:
        assert len(model.table(imported, "notes").rows()) == 2
        assert len(model.table(imported, "statements").rows()) == 3
