"""The scale benchmark still runs: two tiny sizes end to end, every action, command and floor."""

import subprocess
import sys

from conftest import REPO

MEASURES = ("home list", "codebook counts", "open a transcript", "retrieval, first page",
            "search, first page", "matrix by case", "co-occurrence", "apply a code", "undo",
            "TUI: open the busiest transcript", "TUI: scroll it one line", "qodex query matrix",
            "qodex report study -o .md", "qodex report study -o .html", "qodex export .qdpx",
            "qodex check, peak memory")


def test_the_scale_benchmark_runs_two_tiny_sizes_into_one_markdown_table():
    done = subprocess.run([sys.executable, REPO / "bench" / "scale.py", "--sizes", "3:300,6:600",
                           "--words", "300", "--markdown"], capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "| measure | unit | target | 3 / 0.0003 M | 6 / 0.0006 M | growth |"
    for measure in MEASURES:
        [row] = [line for line in lines if line.startswith(f"| {measure}")][:1]
        assert row.split(" | ")[-1].startswith("n^"), row  # each cost at both sizes, and its growth
    assert any(line.startswith("| file size | MiB |") for line in lines)
