"""The sample study imports in one go: every transcript, linked to its participant, no warnings."""

from __future__ import annotations

from conftest import SAMPLE_STUDY

from qodex.project import Project


def test_sample_study_imports_without_warnings(run, tmp_path):
    transcripts = SAMPLE_STUDY / "transcripts"
    count = sum(1 for p in transcripts.iterdir() if p.suffix in (".docx", ".txt", ".vtt"))
    files = [SAMPLE_STUDY / "codebook.csv", transcripts, SAMPLE_STUDY / "participants.csv",
             SAMPLE_STUDY / "codings.csv"]
    result = run("import", "s.qodex", *files)
    assert result.exit_code == 0, result.output
    imported = [line for line in result.output.splitlines() if line.startswith("imported ")]
    assert not [line for line in imported if line.endswith(")")], "an import had warnings"
    with Project.open(tmp_path / "s.qodex") as project:
        assert len(project.sources) == count
        links = project.rows("SELECT count(DISTINCT source_id) AS s, count(DISTINCT case_id) AS c"
                             " FROM case_sources")[0]
        assert links == {"s": count, "c": count}
        assert all(project.sources.segments(s, "turn") for s in project.sources)
