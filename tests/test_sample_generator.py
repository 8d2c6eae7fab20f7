"""The sample study's generator rebuilds the committed files exactly and checks every coding."""

import shutil
import subprocess
import sys

import pytest
from conftest import SAMPLE_STUDY


@pytest.fixture
def study(tmp_path):
    copy = tmp_path / "sample_study"
    shutil.copytree(SAMPLE_STUDY, copy, ignore=shutil.ignore_patterns("*.qodex*", "__pycache__"))
    return copy


def build(study):
    return subprocess.run([sys.executable, study / "generator" / "build.py"], capture_output=True, text=True)


def snapshot(study):
    return {p.relative_to(study): p.read_bytes() for p in study.rglob("*") if p.is_file()}


def test_the_generator_rebuilds_the_committed_transcripts_and_codings_unchanged(study):
    before = snapshot(study)
    result = build(study)
    assert result.returncode == 0, result.stderr
    assert snapshot(study) == before
    assert "579 codings from 22 file(s)" in result.stdout


def test_a_counter_instance_of_an_unknown_kind_fails_the_build(study):
    codings = study / "generator" / "codings" / "P09.csv"
    text = codings.read_text(encoding="utf-8")
    codings.write_text(text.replace(",denial\n", ",maybe\n", 1), encoding="utf-8")
    before = (study / "codings.csv").read_bytes()
    result = build(study)
    assert result.returncode == 1
    assert "P09.csv" in result.stderr and "counter must be empty or one of denial" in result.stderr
    assert (study / "codings.csv").read_bytes() == before
