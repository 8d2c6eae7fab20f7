"""`qodex serve` and `qodex datasette` without a browser: the token, the coder, the metadata and the
canned queries, the redacted copy."""

from __future__ import annotations

import json
import socket
import sqlite3
import subprocess
import sys
import urllib.error
import urllib.request
from contextlib import closing

import pytest
from fixtures.web_support import QODEX, free_port, serving, started

from qodex.plugins.web.metadata import QUERIES, build
from qodex.project import Project


def _status(url: str, cookie: str | None = None) -> int:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def _query(path, name: str, **params) -> list[dict]:
    with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as conn:
        conn.row_factory = sqlite3.Row
        return [dict(row) for row in conn.execute(QUERIES[name]["sql"], params)]


def _dump(path) -> list[str]:
    with closing(sqlite3.connect(path)) as conn:
        return list(conn.iterdump())


def test_serve_answers_only_with_the_token_of_this_start(sample, tmp_path):
    pytest.importorskip("textual_serve")
    with serving(sample, "bo", tmp_path / "serve.log") as (_, found):
        url = found.group(1)
        base, token = url.split("/?token=")
        with urllib.request.urlopen(url, timeout=30) as response:
            cookie = response.headers["Set-Cookie"].split(";")[0]
        assert _status(base + "/static/js/textual.js", cookie) == 200  # the page's own files
        assert _status(base + "/") == 403
        wrong = token[:-1] + ("y" if token[-1] != "y" else "z")  # one character off, never the same
        assert _status(f"{base}/?token={wrong}") == 403
        assert _status(base + "/ws") == 403
        assert _status(base + "/static/js/textual.js") == 403
        port = int(base.rsplit(":", 1)[1])
        assert cookie == f"qodex_token_{port}={token}"
        other_server = f"qodex_token_{port + 1}={token}"
        assert _status(base + "/static/js/textual.js", other_server) == 403
    log = (tmp_path / "serve.log").read_text()
    assert "127.0.0.1" in url and f"ssh -L {port}:localhost:{port}" in log
    assert "stopped: every session ended" in log


def test_serve_needs_a_coder_and_a_project(tmp_path):
    bare = subprocess.run(QODEX + ["serve", str(tmp_path / "x.qodex")], capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, env={"PATH": "/usr/bin:/bin"})
    assert bare.returncode == 1 and "--coder" in bare.stderr and len(bare.stderr.splitlines()) == 1
    (tmp_path / "notes.qodex").write_text("not a project")
    wrong = subprocess.run(QODEX + ["--coder", "bo", "serve", str(tmp_path / "notes.qodex")],
                           capture_output=True, text=True, stdin=subprocess.DEVNULL)
    assert wrong.returncode == 1 and "notes.qodex" in wrong.stderr
    assert len(wrong.stderr.splitlines()) == 1


def test_a_port_in_use_is_refused_in_one_line(sample):
    pytest.importorskip("textual_serve")
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        for command in (["--coder", "bo", "serve"], ["datasette"]):
            result = subprocess.run(QODEX + command + [str(sample), "--port", str(port)],
                                    capture_output=True, text=True, stdin=subprocess.DEVNULL)
            assert result.returncode == 1
            assert result.stderr == f"Error: cannot listen on 127.0.0.1:{port}: Address already in use\n"


def test_serve_warns_when_told_to_listen_beyond_this_machine(sample, tmp_path):
    pytest.importorskip("textual_serve")
    args = ["--coder", "bo", "serve", str(sample), "--host", "0.0.0.0", "--port", str(free_port())]
    with started(args, tmp_path / "serve.log", r"^open (http://\S+)\n") as (_, found):
        assert found.group(1).startswith(f"http://{socket.gethostname()}:")
    log = (tmp_path / "serve.log").read_text()
    assert "warning: 0.0.0.0 exposes the project beyond this machine" in log
    assert "ssh -L" not in log


def test_the_ssh_tunnel_is_advised_only_when_listening_on_this_machine():
    from qodex.plugins.web.serve import addresses

    assert any("ssh -L 8000:localhost:8000" in line for line in addresses("127.0.0.1", 8000, "t"))
    assert not any("ssh" in line for line in addresses("0.0.0.0", 8000, "t"))


def test_metadata_describes_every_table_and_column_and_hides_internals(sample):
    tables = build(sample)["databases"]["gp"]["tables"]
    with closing(sqlite3.connect(sample)) as conn:
        names = [r[0] for r in conn.execute("select name from sqlite_master where type = 'table' "
                                            "and name not like 'sqlite_%'")]
        for name in names:
            if tables[name].get("hidden"):
                continue
            columns = [r[1] for r in conn.execute(f"pragma table_info('{name}')")]
            assert tables[name]["description"]
            assert set(tables[name]["columns"]) == set(columns)
            assert all(tables[name]["columns"].values())
    hidden = {name for name in names if tables[name].get("hidden")}
    assert {"changes", "_migrations", "sources_fts", "sources_fts_data"} <= hidden
    assert {"codes", "codings", "cases", "sources", "memos"}.isdisjoint(hidden)
    assert {"code_id", "coder_id"} <= set(tables["codings"]["facets"])
    assert "attribute_id" in tables["case_values"]["facets"]


def test_canned_queries_agree_with_the_project(sample):
    with Project.open(sample) as project:
        code = max(project.codes, key=lambda c: len(project.codings.list(code=c)))
        codings = project.codings.list(code=code)
        quotes = sorted(project.codings.quote(c) for c in codings)
        path = project.codes.path(code)
        total = len(project.codings.list())
    rows = _query(sample, "codings_of_a_code", code=code.name)
    assert sorted(r["quote"] for r in rows) == quotes
    matrix = _query(sample, "code_case_matrix")
    assert sum(r["codings"] for r in matrix if r["code"] == code.name) == len(codings)
    assert sum(r["codings"] for r in matrix) <= total
    case = next(r["case"] for r in matrix if r["code"] == code.name)
    passages = _query(sample, "passages_of_a_case", case=case)
    assert {r["code"] for r in passages} >= {code.name}
    assert all(r["quote"] for r in passages)
    codebook = {r["code"]: r for r in _query(sample, "codebook")}
    assert path in codebook
    assert any(r["definition"] for r in codebook.values())
    assert sum(r["codings"] for r in codebook.values()) == total


def test_datasette_write_to_copies_and_leaves_the_project_as_it_was(sample, tmp_path, run):
    before = _dump(sample)
    (tmp_path / "site").mkdir()
    result = run("datasette", str(sample), "--write-to", str(tmp_path / "site"))
    assert result.exit_code == 0, result.output
    assert _dump(sample) == before
    metadata = json.loads((tmp_path / "site" / "metadata.json").read_text())
    assert set(metadata["databases"]["gp"]["queries"]) == set(QUERIES)
    assert _query(tmp_path / "site" / "gp.qodex", "code_case_matrix") == _query(sample, "code_case_matrix")
    again = run("datasette", str(sample), "--write-to", str(tmp_path / "site"))
    assert again.exit_code == 1 and "already exists" in again.output


def test_datasette_deid_publishes_the_redacted_copy_never_the_original(tmp_path, run, host):
    from fixtures.deid_support import build as build_study
    from fixtures.deid_support import names_in_values, write_key

    project = tmp_path / "study.qodex"
    build_study(project, host)
    entries = write_key(tmp_path / "secret" / "key.json")
    (tmp_path / "site").mkdir()
    result = run("datasette", str(project), "--deid", str(tmp_path / "secret" / "key.json"),
                 "--write-to", str(tmp_path / "site"))
    assert result.exit_code == 0, result.output
    published = tmp_path / "site" / project.name
    assert names_in_values(project) and not names_in_values(published)
    assert entries[0].pseudonym.encode() in published.read_bytes()


def test_web_modules_are_not_imported_by_qodex_help():
    code = ("import sys; sys.argv = ['qodex', '--help']\nfrom qodex.cli import main\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\nprint(' '.join(sys.modules), file=sys.stderr)")
    modules = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             check=True).stderr.split()
    assert not [m for m in modules if m.split(".")[0] in {"datasette", "textual_serve", "aiohttp"}]
