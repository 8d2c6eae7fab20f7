"""CLI tables fit the terminal's width ($COLUMNS), leaving off or clipping what does not fit,
while --csv and --json keep every column and character."""

import csv
import io

import pytest

LISTINGS = (("codings", "{sample}"), ("query", "matrix", "{sample}"), ("strategies",),
            ("cases", "{sample}"), ("codes", "{sample}"), ("history", "{sample}"))


@pytest.mark.parametrize("command", LISTINGS, ids=lambda c: " ".join(c[:2]))
@pytest.mark.parametrize("columns", [60, 80])
def test_a_table_fits_the_terminal_and_csv_keeps_everything(run, sample, monkeypatch, command,
                                                            columns):
    args = [a.format(sample=sample) for a in command]
    wide = run(*args, "--csv")
    assert wide.exit_code == 0, wide.output
    rows = list(csv.reader(io.StringIO(wide.stdout)))
    monkeypatch.setenv("COLUMNS", str(columns))
    result = run(*args)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == len(rows)
    assert max(map(len, lines)) <= columns
    assert lines[0].split()[0] in rows[0]
    assert "…" in result.stdout or "more column" in result.stderr or max(map(len, lines)) < columns


def test_a_table_into_a_pipe_without_columns_is_not_clipped(run, sample, monkeypatch):
    monkeypatch.delenv("COLUMNS", raising=False)
    lines = run("codings", sample).stdout.splitlines()
    codes = [row["code"] for row in csv.DictReader(io.StringIO(run("codings", sample, "--csv").stdout))]
    assert max(map(len, lines)) > 80
    assert all(f"  {code}  " in line for code, line in zip(codes, lines[1:], strict=True))
