#!/usr/bin/env python3
"""Build the qodex sample study from its sources.

Run from anywhere:

    python sample_study/generator/build.py

Inputs (all under ``sample_study/``):

* ``participants.csv``                 - one row per participant, incl. the transcript file name
* ``generator/scripts/PNN.txt``        - transcript scripts (``I: ``/``P: ``/``P+ `` paragraphs)
* ``generator/codings/PNN.csv``        - codings (``source,code,coder,quote,occurrence,memo,counter``)
* ``codebook.csv``                     - the code paths codings may use

Outputs:

* ``transcripts/PNN-<name>.{docx,txt,vtt}`` - each participant's transcript in its own format
* ``codings.csv``                           - all codings, verified against the rendered transcripts

The build is deterministic and idempotent: the same inputs give byte-identical outputs
(docx core properties and zip entry dates are pinned to a fixed date, files are only
rewritten when their content changes). Participants whose script does not exist yet are
listed as missing and skipped. The build fails (exit status 1) and lists the problems if a
transcript is outside 1,500-7,000 words or a coding does not match its transcript; in that
case ``codings.csv`` is left untouched.
"""

from __future__ import annotations

import csv
import io
import re
import sys
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

GENERATOR = Path(__file__).resolve().parent
STUDY = GENERATOR.parent
SCRIPTS = GENERATOR / "scripts"
CODINGS = GENERATOR / "codings"
TRANSCRIPTS = STUDY / "transcripts"
PARTICIPANTS_CSV = STUDY / "participants.csv"
CODEBOOK_CSV = STUDY / "codebook.csv"
CODINGS_OUT = STUDY / "codings.csv"

FIXED_DATETIME = datetime(2006, 6, 1, 12, 0, 0)  # docx created/modified and zip entry dates
MIN_WORDS, MAX_WORDS = 1500, 7000
MIN_QUOTE_WORDS, MAX_QUOTE_WORDS = 5, 60
ASTRID_MIN, ASTRID_MAX = 12, 25  # per interview; a long one may have one per 100 words
CODING_FIELDS = ["source", "code", "coder", "quote", "occurrence", "memo", "counter"]
# A coding on a denial, a hypothetical or someone else's experience is a counter-instance.
COUNTERS = {"", "denial", "hypothetical", "third-party"}
BJORN_CASES = {"P02", "P06", "P09", "P13", "P16", "P19"}
INDIFFERENT = {"P09", "P19"}  # the exceptions, a young man and a young woman (see README)
PREFERS_CODE = "Continuity preference/Prefers a regular GP"
INDIFFERENT_CODE = "Continuity preference/Indifferent to which GP"

# Plain-text transcripts: (encoding, BOM bytes, line ending)
TXT_FORMATS = {
    "P05": ("utf-8", b"\xef\xbb\xbf", "\r\n"),  # UTF-8 with BOM, CRLF
    "P12": ("cp1252", b"", "\r\n"),  # Windows-1252, CRLF
    "P17": ("utf-16-le", b"\xff\xfe", "\r\n"),  # UTF-16 LE with BOM, CRLF
    "P20": ("utf-8", b"", "\n"),  # UTF-8, LF
}
# Word transcripts: speaker-label style per participant (default "names")
#   names  "Interviewer: ..." / "Anne: ..."
#   ip     "I: ..." / "P: ..."
#   bold   bold run "Inger:" followed by a plain run with the text
#   caps   "INTERVIEWER: ..." / "SUSANNE: ..."
DOCX_LABELS = {
    "P02": "ip", "P09": "ip", "P15": "ip",
    "P03": "bold", "P11": "bold", "P19": "bold",
    "P07": "caps", "P14": "caps",
}
DOCX_DETAILS_TABLE = {"P03", "P13"}


class BuildError(Exception):
    pass


@dataclass(frozen=True)
class Participant:
    id: str
    name: str
    practice: str
    sex: str
    age: str
    consulted_gp: str
    reason: str
    seriousness: str
    consultation_date: str
    interview_date: str
    file: str

    @property
    def stem(self) -> str:
        return Path(self.file).stem

    @property
    def fmt(self) -> str:
        return Path(self.file).suffix.lstrip(".")

    @property
    def title(self) -> str:
        number = int(self.id[1:])
        return f"Interview {number} \u2014 {self.name}, Practice {self.practice}, {self.interview_date}"


@dataclass(frozen=True)
class Para:
    speaker: str  # "I" or "P"
    text: str
    continuation: bool = False


# --------------------------------------------------------------------------- inputs

def read_participants() -> list[Participant]:
    out = []
    with PARTICIPANTS_CSV.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            pid = row["file"].split("-", 1)[0]
            out.append(Participant(
                id=pid, name=row["pseudonym"], practice=row["practice"], sex=row["sex"],
                age=row["age"], consulted_gp=row["consulted_gp"], reason=row["reason"],
                seriousness=row["seriousness"], consultation_date=row["consultation_date"],
                interview_date=row["interview_date"], file=row["file"]))
    return out


def read_codebook() -> set[str]:
    with CODEBOOK_CSV.open(encoding="utf-8", newline="") as f:
        return {row["code"] for row in csv.DictReader(f)}


def parse_script(path: Path) -> list[Para]:
    text = path.read_text(encoding="utf-8")
    paras: list[Para] = []
    for n, block in enumerate(re.split(r"\n\s*\n", text.strip()), 1):
        block = " ".join(block.split())
        if block.startswith("I: "):
            paras.append(Para("I", block[3:].strip()))
        elif block.startswith("P: "):
            paras.append(Para("P", block[3:].strip()))
        elif block.startswith("P+ "):
            if not paras or paras[-1].speaker != "P":
                raise BuildError(f"{path.name}: paragraph {n}: 'P+' does not follow a participant turn")
            paras.append(Para("P", block[3:].strip(), continuation=True))
        else:
            raise BuildError(f"{path.name}: paragraph {n} does not start with "
                             f"'I: ', 'P: ' or 'P+ ': {block[:40]!r}")
    if not paras:
        raise BuildError(f"{path.name}: empty script")
    return paras


def word_count(paras: list[Para]) -> int:
    return sum(len(p.text.split()) for p in paras)


# --------------------------------------------------------------------------- writers

def write_if_changed(path: Path, data: bytes) -> bool:
    if path.exists() and path.read_bytes() == data:
        return False
    path.write_bytes(data)
    return True


def docx_label(style: str, p: Participant, speaker: str) -> str:
    name = "Interviewer" if speaker == "I" else p.name
    if style == "ip":
        return speaker
    if style == "caps":
        return name.upper()
    return name


def render_docx(p: Participant, paras: list[Para]) -> bytes:
    import docx  # python-docx
    from docx.shared import Pt

    style = DOCX_LABELS.get(p.id, "names")
    doc = docx.Document()
    cp = doc.core_properties
    cp.author = "qodex sample study"
    cp.last_modified_by = "qodex sample study"
    cp.title = p.title
    cp.subject = "Synthetic interview transcript (fictitious)"
    cp.comments = "Generated by sample_study/generator/build.py"
    cp.revision = 1
    cp.created = FIXED_DATETIME
    cp.modified = FIXED_DATETIME
    cp.last_printed = FIXED_DATETIME

    doc.add_heading(p.title, level=1)
    if p.id in DOCX_DETAILS_TABLE:
        details = [
            ("Participant", f"{p.id} ({p.name})"), ("Practice", p.practice), ("Sex", p.sex),
            ("Age", p.age), ("Consultation", f"{p.consultation_date}, {p.consulted_gp} GP, {p.reason}"),
            ("Interview", p.interview_date),
        ]
        table = doc.add_table(rows=len(details), cols=2)
        table.style = "Table Grid"
        for row, (k, v) in zip(table.rows, details, strict=True):
            row.cells[0].text = k
            row.cells[1].text = v
        doc.add_paragraph()
    for para in paras:
        if para.continuation:
            doc.add_paragraph(para.text)
            continue
        label = docx_label(style, p, para.speaker)
        if style == "bold":
            dp = doc.add_paragraph()
            dp.add_run(f"{label}:").bold = True
            dp.add_run(f" {para.text}")
        else:
            doc.add_paragraph(f"{label}: {para.text}")
    doc.styles["Normal"].font.size = Pt(11)

    raw = io.BytesIO()
    doc.save(raw)
    # python-docx stamps zip entries with the current time; rewrite with a fixed date.
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw.getvalue())) as zin, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=FIXED_DATETIME.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zout.writestr(info, zin.read(item.filename))
    return out.getvalue()


def render_txt(p: Participant, paras: list[Para]) -> bytes:
    encoding, bom, eol = TXT_FORMATS.get(p.id, ("utf-8", b"", "\n"))
    blocks = [p.title]
    for para in paras:
        if para.continuation:
            blocks.append(para.text)
        else:
            blocks.append(f"{'Interviewer' if para.speaker == 'I' else p.name}: {para.text}")
    text = "\n\n".join(blocks) + "\n"
    try:
        return bom + text.replace("\n", eol).encode(encoding)
    except UnicodeEncodeError as e:
        bad = text[e.start:e.end]
        raise BuildError(f"{p.file}: character {bad!r} cannot be written in {encoding}") from None


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=\S)")


def split_cues(text: str) -> list[str]:
    """Split a paragraph into cue texts of at most two sentences (long sentences stand alone)."""
    sentences = _SENTENCE_END.split(text)
    cues: list[str] = []
    current: list[str] = []
    for s in sentences:
        current.append(s)
        words = sum(len(x.split()) for x in current)
        if len(current) == 2 or words >= 30:
            cues.append(" ".join(current))
            current = []
    if current:
        cues.append(" ".join(current))
    return cues


def _ts(ms: int) -> str:
    h, rem = divmod(ms, 3_600_000)
    m, rem = divmod(rem, 60_000)
    s, ms = divmod(rem, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}.{ms:03d}"


def render_vtt(p: Participant, paras: list[Para]) -> bytes:
    lines = ["WEBVTT", "", "NOTE", p.title, ""]
    t = 1000
    cue_no = 0
    prev_speaker = None
    for para in paras:
        voice = "Interviewer" if para.speaker == "I" else p.name
        if prev_speaker is not None:
            t += 250 if para.speaker == prev_speaker else 700
        prev_speaker = para.speaker
        for i, cue in enumerate(split_cues(para.text)):
            if i:
                t += 150
            n_words = len(cue.split())
            duration = max(1200, int(n_words * 380)) + 1500 * cue.count("(pause)")
            cue_no += 1
            lines += [str(cue_no), f"{_ts(t)} --> {_ts(t + duration)}", f"<v {voice}>{cue}</v>", ""]
            t += duration
    return ("\n".join(lines)).encode("utf-8")


# --------------------------------------------------------------------------- read-back

def _strip_label(text: str, labels: dict[str, str]) -> tuple[str | None, str]:
    for label, speaker in labels.items():
        if text.startswith(label + ":"):
            return speaker, text[len(label) + 1:].strip()
    return None, text


def readback(p: Participant, path: Path) -> list[list[str]]:
    """Participant turns as read back from the rendered file: a list of turns, each a list of paragraphs."""
    labels = {"Interviewer": "I", "INTERVIEWER": "I", "I": "I", p.name: "P", p.name.upper(): "P", "P": "P"}
    turns: list[tuple[str, list[str]]] = []
    if p.fmt == "docx":
        import docx

        doc = docx.Document(str(path))
        texts = [para.text for para in doc.paragraphs if not para.style.name.startswith("Heading")]
    elif p.fmt == "txt":
        encoding, bom, _ = TXT_FORMATS.get(p.id, ("utf-8", b"", "\n"))
        raw = path.read_bytes()
        if bom and not raw.startswith(bom):
            raise BuildError(f"{p.file}: missing BOM")
        text = raw[len(bom):].decode(encoding).replace("\r\n", "\n")
        texts = [" ".join(b.split()) for b in text.split("\n\n")]
    elif p.fmt == "vtt":
        text = path.read_text(encoding="utf-8")
        for m in re.finditer(r"^<v ([^>]+)>(.*?)</v>$", text, flags=re.M):
            speaker = "I" if m.group(1) == "Interviewer" else "P"
            if turns and turns[-1][0] == speaker:
                turns[-1][1][0] += " " + m.group(2)
            else:
                turns.append((speaker, [m.group(2)]))
        return [paras for speaker, paras in turns if speaker == "P"]
    else:
        raise BuildError(f"{p.file}: unknown format {p.fmt!r}")
    for t in texts:
        if not t.strip():
            continue
        speaker, body = _strip_label(t, labels)
        if speaker is not None:
            turns.append((speaker, [body]))
        elif turns:
            turns[-1][1].append(body)  # continuation paragraph
        # text before the first labelled turn (title) is ignored
    return [paras for speaker, paras in turns if speaker == "P"]


def expected_turns(paras: list[Para], fmt: str) -> list[list[str]]:
    turns: list[list[str]] = []
    for para in paras:
        if para.speaker != "P":
            continue
        if para.continuation:
            turns[-1].append(para.text)
        else:
            turns.append([para.text])
    if fmt == "vtt":  # cues of one speaker merge into one turn
        turns = [[" ".join(t)] for t in turns]
    return turns


# --------------------------------------------------------------------------- codings

def check_codings(p: Participant, path: Path, paras: list[Para], rendered: list[list[str]],
                  codebook: set[str]) -> tuple[list[dict], list[str], list[str]]:
    """Return (rows, errors, warnings) for one participant's codings file."""
    errors: list[str] = []
    warnings: list[str] = []
    script_paras = [x.text for x in paras if x.speaker == "P"]
    rendered_paras = [para for turn in rendered for para in turn]
    cue_texts = [c for t in script_paras for c in split_cues(t)] if p.fmt == "vtt" else None
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        if reader.fieldnames != CODING_FIELDS:
            return [], [f"{path.name}: header must be {','.join(CODING_FIELDS)}, got {reader.fieldnames}"], []
        rows = list(reader)
    seen = set()
    astrid_codes: list[str] = []
    for n, row in enumerate(rows, 2):
        where = f"{path.name}:{n}"
        quote = row["quote"] or ""
        short = quote if len(quote) <= 50 else quote[:47] + "..."
        if row["source"] != p.stem:
            errors.append(f"{where}: source {row['source']!r} should be {p.stem!r}")
        if row["code"] not in codebook:
            errors.append(f"{where}: code {row['code']!r} is not in codebook.csv")
        if row["coder"] not in {"astrid", "bjorn"}:
            errors.append(f"{where}: unknown coder {row['coder']!r}")
        if row["coder"] == "bjorn" and p.id not in BJORN_CASES:
            errors.append(f"{where}: bjorn does not code {p.id}")
        if row["counter"] not in COUNTERS:
            errors.append(f"{where}: counter must be empty or one of "
                          f"{', '.join(sorted(COUNTERS - {''}))}, got {row['counter']!r}")
        if row["coder"] == "astrid":
            astrid_codes.append((row["code"], row["counter"]))
        try:
            occurrence = int(row["occurrence"])
            if occurrence < 1:
                raise ValueError
        except (TypeError, ValueError):
            errors.append(f"{where}: occurrence must be a positive integer, got {row['occurrence']!r}")
            continue
        nwords = len(quote.split())
        if not MIN_QUOTE_WORDS <= nwords <= MAX_QUOTE_WORDS:
            errors.append(f"{where}: quote has {nwords} words "
                          f"(want {MIN_QUOTE_WORDS}-{MAX_QUOTE_WORDS}): {short!r}")
        if quote != quote.strip():
            errors.append(f"{where}: quote has leading/trailing whitespace: {short!r}")
        found_script = sum(t.count(quote) for t in script_paras)
        found_rendered = sum(t.count(quote) for t in rendered_paras)
        if found_script < occurrence or found_rendered < occurrence:
            found = min(found_script, found_rendered)
            errors.append(f"{where}: quote found {found} time(s) in a participant "
                          f"paragraph of {p.file}, need {occurrence}: {short!r}")
        elif cue_texts is not None and not any(quote in c for c in cue_texts):
            warnings.append(f"{where}: quote spans more than one VTT cue: {short!r}")
        key = (row["coder"], row["code"], quote, occurrence)
        if key in seen:
            errors.append(f"{where}: duplicate coding {row['coder']} / {row['code']}: {short!r}")
        seen.add(key)
    most = max(ASTRID_MAX, word_count(paras) // 100)
    if not ASTRID_MIN <= len(astrid_codes) <= most:
        errors.append(f"{path.name}: astrid has {len(astrid_codes)} codings (want {ASTRID_MIN}-{most})")
    codes = (INDIFFERENT_CODE, PREFERS_CODE)
    want, not_want = codes if p.id in INDIFFERENT else reversed(codes)
    if (want, "") not in astrid_codes:
        errors.append(f"{path.name}: astrid must code {want!r} in {p.id} (not as a counter-instance)")
    if (not_want, "") in astrid_codes:
        errors.append(f"{path.name}: astrid must not code {not_want!r} in {p.id}, "
                      "except as a counter-instance")
    if p.id in BJORN_CASES and not any(r["coder"] == "bjorn" for r in rows):
        warnings.append(f"{path.name}: no bjorn codings yet for {p.id}")
    return [{k: row[k] or "" for k in CODING_FIELDS} for row in rows], errors, warnings


# --------------------------------------------------------------------------- main

def main() -> int:
    participants = read_participants()
    codebook = read_codebook()
    TRANSCRIPTS.mkdir(exist_ok=True)
    errors: list[str] = []
    warnings: list[str] = []
    missing: list[str] = []
    all_rows: list[tuple[str, list[dict]]] = []
    built = 0

    known = {p.id for p in participants}
    for extra in sorted(SCRIPTS.glob("*.txt")):
        if extra.stem not in known:
            errors.append(f"scripts/{extra.name}: no participant {extra.stem} in participants.csv")

    print(f"{'id':4} {'file':22} {'words':>6}  status")
    for p in participants:
        script = SCRIPTS / f"{p.id}.txt"
        codings = CODINGS / f"{p.id}.csv"
        if not script.exists():
            missing.append(p.id)
            if codings.exists():
                warnings.append(f"codings/{codings.name}: no script yet, skipped")
            continue
        try:
            paras = parse_script(script)
            renderer = {"docx": render_docx, "txt": render_txt, "vtt": render_vtt}[p.fmt]
            out = TRANSCRIPTS / p.file
            changed = write_if_changed(out, renderer(p, paras))
        except BuildError as e:
            errors.append(str(e))
            continue
        built += 1
        words = word_count(paras)
        status = "written" if changed else "unchanged"
        if not MIN_WORDS <= words <= MAX_WORDS:
            errors.append(f"{p.file}: {words} words, outside {MIN_WORDS}-{MAX_WORDS}")
            status += "  <-- word count out of range"
        print(f"{p.id:4} {p.file:22} {words:6d}  {status}")

        rendered = readback(p, out)
        if rendered != expected_turns(paras, p.fmt):
            errors.append(f"{p.file}: rendered participant text does not read back as the script")
        if not codings.exists():
            warnings.append(f"{p.id}: no codings file yet (generator/codings/{codings.name})")
            continue
        rows, errs, warns = check_codings(p, codings, paras, rendered, codebook)
        errors += errs
        warnings += warns
        all_rows.append((codings.name, rows))

    print(f"\nbuilt {built} transcript(s) in {TRANSCRIPTS.relative_to(STUDY.parent)}/")
    if missing:
        print(f"missing scripts (skipped): {', '.join(missing)}")
    for w in warnings:
        print(f"warning: {w}")
    if errors:
        print(f"\nBUILD FAILED: {len(errors)} problem(s); {CODINGS_OUT.name} not written", file=sys.stderr)
        for e in errors:
            print(f"  - {e}", file=sys.stderr)
        return 1

    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=CODING_FIELDS, lineterminator="\n")
    writer.writeheader()
    per_coder: dict[str, int] = {}
    for _name, rows in sorted(all_rows):
        writer.writerows(rows)
        for r in rows:
            per_coder[r["coder"]] = per_coder.get(r["coder"], 0) + 1
    write_if_changed(CODINGS_OUT, buf.getvalue().encode("utf-8"))
    total = sum(per_coder.values())
    counts = ", ".join(f"{c} {n}" for c, n in sorted(per_coder.items()))
    print(f"{CODINGS_OUT.name}: {total} codings from {len(all_rows)} file(s) ({counts or 'none'})")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BuildError as e:
        print(f"BUILD FAILED: {e}", file=sys.stderr)
        sys.exit(1)
