"""Strategies, reports and exporters read the project through a read-only `ProjectView`; only the
host writes what they return."""

from __future__ import annotations

import pytest

from qodex import QodexError, Report, ReportResult, Strategy, Suggestion
from qodex.exporting import export_project
from qodex.extensions import Exporter


@pytest.fixture
def study(project):
    source = project.sources.add("P01", "I: How are you?\nP: Fine, thank you.")
    project.codings.add(source, project.codes.add("Mood"), 19, 23)
    return project


def counts(project) -> dict:
    return {k: v for k, v in project.summary().items() if isinstance(v, int)}


def test_a_view_reads_everything_and_refuses_every_write_leaving_the_project_as_it_was(study):
    before = counts(study)
    with study.view() as view:
        assert [s.name for s in view.sources] == ["P01"]
        assert view.codings.quote(view.codings.list()[0]) == "Fine"
        for write in (lambda: view.codes.add("Sneaked in"), lambda: view.sources.add("P02", "text"),
                      lambda: view.set_meta("name", "renamed")):
            with pytest.raises(QodexError, match=r"is read-only \(a plugin.s read-only view.*nothing was"):
                write()
    assert counts(study) == before and study.name == "study"


def test_a_strategy_gets_a_view_and_the_host_stores_what_it_yields(study):
    seen = []

    def propose(view, sources, options):
        seen.append(view.read_only)
        yield Suggestion(sources[0].id, "Greeting", 0, 15, 1.0, "asks")

    found = study.suggestions.propose(Strategy("greet", propose), list(study.sources), {})
    assert seen and seen[0] and study.suggestions.add("greet", found) == 1
    assert [study.suggestions.quote(s) for s in study.suggestions.list()] == ["I: How are you?"]


def test_a_strategy_that_writes_is_refused_and_nothing_is_stored(study):
    def propose(view, sources, options):
        view.codes.add("Sneaked in")
        yield from ()

    before = counts(study)
    with pytest.raises(QodexError, match="read-only"):
        study.suggestions.propose(Strategy("sneaky", propose), list(study.sources), {})
    assert counts(study) == before


def test_prepare_runs_with_write_access_before_propose_reads_what_it_stored(study):
    store = {}

    def prepare(project, options):
        store["writable"] = not project.read_only

    def propose(view, sources, options):
        assert store["writable"] and view.read_only
        return [Suggestion(sources[0].id, "Mood", 19, 23)]

    strategy = Strategy("prepared", propose, prepare=prepare)
    assert study.suggestions.propose(strategy, list(study.sources), {})[0].end == 23


def test_an_exporter_gets_a_view_and_returns_its_warnings(study, host, tmp_path):
    def write(view, out, options):
        out.write_text(view.contents.text(view.sources.get("P01").id), encoding="utf-8")
        with pytest.raises(QodexError, match="read-only"):
            view.codes.add("Sneaked in")
        return ["left the memos out"]

    host.registry.exporters["plain"] = Exporter("plain", ".plain", write)
    assert export_project(study, tmp_path / "out.plain", host.registry) == ["left the memos out"]
    assert (tmp_path / "out.plain").read_text(encoding="utf-8").startswith("I: How are you?")
    assert [c.name for c in study.codes] == ["Mood"]


def test_a_report_returns_markdown_tables_and_warnings_the_cli_shows(run, tmp_path, monkeypatch):
    from qodex.host import get_host

    run("init", "study.qodex")
    monkeypatch.setattr("qodex.host._host", None)

    def build(view, options):
        with pytest.raises(QodexError, match="read-only"):
            view.codes.add("Sneaked in")
        return ReportResult(f"# {view.name}\n", {"codes": []}, ("no codes yet",))

    host = get_host()
    host.registry.reports["empty"] = Report("empty", build)
    monkeypatch.setattr("qodex.host._host", host)
    result = run("report", "study.qodex", "empty", "--format", "md")
    assert result.exit_code == 0 and result.stdout.startswith("# study")
    assert "warning: no codes yet" in result.stderr
