"""A real browser (Debian's headless Chromium, driven by Playwright) codes a passage through
`qodex serve` and reads a canned query in `qodex datasette`. Screenshots go to the test's tmp dir."""

from __future__ import annotations

import re
import shutil
import time
from contextlib import closing

import pytest
from fixtures.web_support import CHROMIUM_ARGS, Terminal, datasette, serving

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"

if not shutil.which(CHROMIUM):
    pytest.skip("no Chromium at /usr/bin/chromium (apt-get install chromium); .ci/run installs it",
                allow_module_level=True)
pytest.importorskip("playwright", reason="Playwright's Python package is in the test extra")
pytest.importorskip("textual_serve", reason="pip install 'qodex[web]'")
pytest.importorskip("datasette", reason="pip install 'qodex[web]'")


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import Error, sync_playwright

    with sync_playwright() as playwright:
        try:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        except Error as exc:  # installed but unable to start on this machine
            pytest.skip(f"Chromium at {CHROMIUM} does not start: {str(exc).splitlines()[0]}")
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    page = browser.new_page(viewport={"width": 1200, "height": 760})
    page.route(re.compile(r"^(?!http://127\.0\.0\.1[:/]).*"), lambda route: route.abort())  # offline
    yield page
    page.close()


def _shoot(page, tmp_path, name: str) -> None:
    path = tmp_path / f"{name}.png"
    page.screenshot(path=path)
    print(f"screenshot: {path}")


def _coding_by(path, code: str, coder: str, deadline: float = 30):
    import sqlite3

    end = time.monotonic() + deadline
    while True:
        with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as conn:
            rows = conn.execute("select substr(sources.text, codings.start + 1, codings.\"end\" - "
                                "codings.start) from codings join codes on codes.id = code_id join "
                                "coders on coders.id = codings.coder_id join sources on sources.id = "
                                "source_id where codes.name = ? and coders.name = ?",
                                (code, coder)).fetchall()
        if rows or time.monotonic() > end:
            return [quote for (quote,) in rows]
        time.sleep(0.05)


def test_a_passage_coded_in_the_browser_is_in_the_project_file(sample, page, tmp_path):
    terminal = Terminal(page)
    with serving(sample, "bo", tmp_path / "serve.log") as (_, found):
        page.goto(found.group(1))
        terminal.wait_for("P22-louise")
        _shoot(page, tmp_path, "serve-sources")
        mark = len(terminal.frames)
        page.focus(".xterm-helper-textarea")
        page.keyboard.press("Enter")
        terminal.wait_for("Anne:", since=mark)  # the first transcript, open
        page.keyboard.press("ArrowDown")
        page.keyboard.press("ArrowDown")
        mark = len(terminal.frames)
        page.keyboard.press("s")
        page.keyboard.press("c")
        terminal.wait_for("Code the selection", since=mark)  # the code picker, open
        page.keyboard.type("Seen in a browser")  # the terminal may draw it in pieces: check the file
        page.keyboard.press("Enter")
        quotes = _coding_by(sample, "Seen in a browser", "bo")
        _shoot(page, tmp_path, "serve-coded")
        assert len(quotes) == 1 and quotes[0].strip()
    assert "stopped: every session ended" in (tmp_path / "serve.log").read_text()
    assert not sample.with_name(sample.name + "-wal").exists()  # every session closed the file
    assert _coding_by(sample, "Seen in a browser", "bo", deadline=0) == quotes


def test_the_datasette_page_shows_a_canned_query(sample, page, tmp_path):
    with datasette(sample, tmp_path / "datasette.log") as (_, found):
        page.goto(found.group(1) + "gp/codings_of_a_code?code=Secure+base")
        page.wait_for_selector("table.rows-and-columns tbody tr")
        _shoot(page, tmp_path, "datasette-codings-of-a-code")
        rows = page.locator("table.rows-and-columns tbody tr")
        assert rows.count() > 3
        assert "P0" in rows.first.inner_text()
        page.goto(found.group(1) + "gp/codings?_facet=code_id")
        page.wait_for_selector(".facet-results")
        _shoot(page, tmp_path, "datasette-codings-facets")
        assert "Secure base" in page.locator(".facet-results").inner_text()
