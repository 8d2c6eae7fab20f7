"""The scale benchmark still runs: a tiny size end to end, every action and floor printed."""

import subprocess
import sys

from conftest import REPO


def test_the_scale_benchmark_runs_at_a_tiny_size():
    done = subprocess.run([sys.executable, REPO / "bench" / "scale.py", "--sizes", "3:300", "--words", "300"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    for action in ("home list", "codebook counts", "open a transcript", "retrieval, first page",
                   "search, first page", "matrix by case", "co-occurrence", "apply a code + undo"):
        assert action in done.stdout
    assert "3 transcripts x 300 words, 300 codings" in done.stdout and "peak memory" in done.stdout
