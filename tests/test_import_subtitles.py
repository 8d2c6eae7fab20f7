"""WebVTT and SRT transcripts: speakers from voice tags or labels, cues merged into turns."""

from __future__ import annotations

import pytest

from qodex.errors import QodexError
from qodex.plugins.importers import subtitles

TEAMS_VTT = """WEBVTT

NOTE exported by Teams

00:00:01.000 --> 00:00:04.500
<v Interviewer>How was the visit?</v>

c2
00:00:05.000 --> 00:00:07.250 align:start
<v Anne Smith>It was good.</v>

00:00:07.300 --> 00:00:09.000
<v Anne Smith>Really <i>good</i> &amp; quick.</v>

00:01:10.000 --> 00:01:12.000
<v Interviewer>Thank you.</v>
"""

ZOOM_SRT = """1
00:00:01,000 --> 00:00:02,000
Speaker 1: Hello there.

2
00:00:02,500 --> 00:00:04,000
Speaker 2: Hi. How are
you today?

3
00:00:04,100 --> 00:00:05,000
Speaker 2: Fine.
"""


def test_vtt_voices_and_merged_turns(tmp_path):
    path = tmp_path / "P08.vtt"
    path.write_text(TEAMS_VTT, encoding="utf-8")
    source = subtitles.read(path, {}).sources[0]
    assert source.text == ("Interviewer: How was the visit?\n\nAnne Smith: It was good. Really good & quick."
                           "\n\nInterviewer: Thank you.")
    turns = [(s.label, source.text[s.start:s.end], s.t_start, s.t_end)
             for s in source.segments if s.kind == "turn"]
    assert turns == [("Interviewer", "How was the visit?", 1.0, 4.5),
                     ("Anne Smith", "It was good. Really good & quick.", 5.0, 9.0),
                     ("Interviewer", "Thank you.", 70.0, 72.0)]
    cues = [(source.text[s.start:s.end], s.t_start) for s in source.segments if s.kind == "cue"]
    assert cues[2] == ("Really good & quick.", 7.3)


def test_srt_labels_become_speakers(tmp_path):
    path = tmp_path / "zoom.srt"
    path.write_text(ZOOM_SRT, encoding="utf-8-sig")
    source = subtitles.read(path, {}).sources[0]
    assert source.text == "Speaker 1: Hello there.\n\nSpeaker 2: Hi. How are you today? Fine."
    assert [s.label for s in source.segments if s.kind == "turn"] == ["Speaker 1", "Speaker 2"]
    assert source.meta == {"format": "srt"}


def test_cues_without_speakers_go_one_per_line(tmp_path):
    path = tmp_path / "plain.vtt"
    path.write_text("WEBVTT\n\n00:01.000 --> 00:02.000\nFirst line\n\n00:02.000 --> 00:03.000\nSecond\n")
    source = subtitles.read(path, {}).sources[0]
    assert source.text == "First line\nSecond"
    assert [s.kind for s in source.segments] == ["cue", "cue"]


@pytest.mark.parametrize(("name", "content", "reason"), [
    ("a.vtt", "", "a.vtt: the file is empty"),
    ("b.vtt", "1\n00:00:01,000 --> 00:00:02,000\nHi\n", "b.vtt: not a WebVTT file"),
    ("c.vtt", "WEBVTT\n\n00:00:01.000 -> 00:00:02.000\nHi\n", "c.vtt: line 3: expected a cue timing"),
    ("d.srt", "1\n00:00:01,000 --> 00:00:02,000\nHi\n\n2\n00:00:05,000 --> 00:00:04,000\nHo\n",
     "d.srt: line 6: the cue ends before it starts"),
    ("e.srt", "1\n00:00:01,000 --> 00:00:02,000\n\n", "e.srt: no cues with text"),
    ("f.vtt", "WEBVTT\n\n00:00:75.000 --> 00:00:76.000\nHi\n", "f.vtt: line 3: '00:00:75.000' is not"),
])
def test_bad_subtitles_get_a_line_numbered_error(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(QodexError) as caught:
        subtitles.read(path, {})
    assert str(caught.value).startswith(reason)


def test_cli_imports_vtt_and_srt(run, tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.vtt").write_text(TEAMS_VTT, encoding="utf-8")
    (tmp_path / "in" / "b.srt").write_text(ZOOM_SRT, encoding="utf-8")
    result = run("import", "study.qodex", "in")
    assert result.exit_code == 0, result.output
    assert "2 imported, 0 skipped, 0 refused" in result.output
