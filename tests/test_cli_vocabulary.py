"""One CLI vocabulary: every command and subcommand, built-in or from a built-in plugin, walked.

Each has help; PROJECT comes first; ``-o`` is always an output file and ``-O`` a plugin option;
``--coder`` is only the global "who writes"; every listing prints valid JSON with ``--json``; a
missing project file is one line on stderr; and ``qodex --help`` shows each command's declared
help, which is its docstring's first sentence.
"""

import importlib
import json
import pkgutil

import click
import pytest

from qodex.cli import build_cli
from qodex.cli import commands as declared
from qodex.host import DEFAULT_PLUGINS

INTERVIEW = ("Interviewer: Do you see the same doctor?\n"
             "Anne: Yes, the same one for twenty years. He knows me and my family.\n")
SECOND = "Interviewer: And you?\nBo: Whoever is free. He knows me a bit.\n"

# every listing, and how to run it on the small project P
LISTINGS = {
    "sources": ["P"], "sources list": ["P"], "codes": ["P"], "codes list": ["P"], "codings": ["P"],
    "codings list": ["P"], "cases": ["P"], "cases list": ["P"], "memos": ["P"], "memos list": ["P"],
    "search": ["P", "knows"],
    "history": ["P"], "check": ["P"], "plugins": [], "strategies": [], "backup": ["P", "--list"],
    "trust": ["--list"], "review": ["P", "--list"],
    "suggest": ["P", "keywords", "-O", "words=doctor", "-O", "code=Doctor", "--preview"],
    "query codings": ["P"], "query matrix": ["P"], "query cooccurrence": ["P"],
    "query words": ["P"], "query kwic": ["P", "doctor"], "query table1": ["P"],
    "query saturation": ["P", "--order", "source-name"], "query agreement": ["P"],
    "query disagreements": ["P"], "query prevalence": ["P"],
    "ipa note list": ["P"], "ipa statement list": ["P"], "ipa theme list": ["P"],
    "ipa audit": ["P"], "ipa decisions": ["P"], "deid check": ["P", "--key", "key.json"],
}


def walk(group: click.Group, ctx: click.Context, prefix: str = ""):
    """(path, command) for every command and subcommand below `group`."""
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        path = f"{prefix}{name}"
        yield path, command
        if isinstance(command, click.Group):
            yield from walk(command, click.Context(command, parent=ctx, info_name=name), path + " ")


@pytest.fixture(scope="module")
def every_command():
    cli = build_cli([])
    return dict(walk(cli, click.Context(cli, info_name="qodex")))


@pytest.fixture
def small(run, tmp_path):
    """A project of two cases' interviews, each coded by another coder."""
    (tmp_path / "P01-anne.txt").write_text(INTERVIEW, encoding="utf-8")
    (tmp_path / "P02-bo.txt").write_text(SECOND, encoding="utf-8")
    (tmp_path / "participants.csv").write_text("case,file,age\nAnne,P01-anne.txt,70\nBo,P02-bo.txt,60\n",
                                               encoding="utf-8")
    assert run("deid", "key", "key.json", "Anne", "P1").exit_code == 0
    assert run("import", "study.qodex", "P01-anne.txt", "P02-bo.txt", "participants.csv").exit_code == 0
    for coder, source, words in (("astrid", "P01-anne", "He knows me"), ("bjorn", "P02-bo", "He knows me")):
        result = run("--coder", coder, "code", "study.qodex", source, "Being known", "--match", words,
                     "--create")
        assert result.exit_code == 0, result.output
    return tmp_path / "study.qodex"


def test_every_command_has_help(every_command):
    assert len(every_command) > 40
    assert not [path for path, command in every_command.items() if not (command.help or "").strip()]


def test_project_is_always_the_first_argument(every_command):
    late = [path for path, command in every_command.items()
            if "project" in (names := [p.name for p in command.params if isinstance(p, click.Argument)])
            and names[0] != "project"]
    assert late == []


def test_dash_o_is_always_an_output_file_and_dash_capital_o_a_plugin_option(every_command):
    flags = {(path, opt, param.name) for path, command in every_command.items()
             for param in command.params for opt in param.opts if opt in ("-o", "-O", "--option")}
    assert {name for _, opt, name in flags if opt == "-o"} == {"output"}
    assert {name for _, opt, name in flags if opt in ("-O", "--option")} == {"options"}
    assert {path for path, opt, _ in flags if opt == "-O"} >= {"import", "export", "convert",
                                                                 "suggest", "report"}


def test_coder_is_only_who_writes_and_a_span_is_always_span(every_command):
    opts = {(path, opt) for path, command in every_command.items() for param in command.params
            for opt in param.opts}
    assert not [o for o in opts if o[1] in ("--coder", "--at")]
    assert {path for path, opt in opts if opt == "--by-coder"} >= {
        "codings list", "cases list", "history", "query codings", "query prevalence"}
    # agreement compares coders rather than filtering by one: --coders A,B
    assert {path for path, opt in opts if opt == "--coders"} == {"query agreement", "query disagreements"}


def takes_json(command: click.Command) -> bool:
    """Whether `command` (or the command a group runs by default) has --json."""
    command = getattr(command, "commands", {}).get(getattr(command, "default_cmd_name", None), command)
    return any("--json" in p.opts for p in command.params)


def test_every_listing_takes_json(every_command):
    with_json = {path for path, command in every_command.items() if takes_json(command)}
    assert with_json - set(LISTINGS) == set(), "a new listing: add it to LISTINGS"
    assert set(LISTINGS) <= with_json


@pytest.mark.parametrize("path", sorted(LISTINGS))
def test_listing_prints_valid_json(run, small, path):
    args = [str(small) if a == "P" else a for a in LISTINGS[path]]
    result = run(*path.split(), *args, "--json")
    assert result.exit_code == 0, result.output
    assert isinstance(json.loads(result.stdout), list | dict)


def test_json_listings_show_real_rows(run, small):
    codings = json.loads(run("codings", small, "--by-coder", "bjorn", "--json").stdout)
    assert [(c["coder"], c["source"]) for c in codings] == [("bjorn", "P02-bo")]
    both = json.loads(run("codings", small, "--by-coder", "bjorn", "--by-coder", "astrid", "--json").stdout)
    assert sorted(c["coder"] for c in both) == ["astrid", "bjorn"]
    assert json.loads(run("check", small, "--json").stdout) == []
    history = json.loads(run("history", small, "--by-coder", "astrid", "--json").stdout)
    assert {h["coder"] for h in history} == {"astrid"}


def _placeholder(param: click.Parameter, existing: str) -> list[str]:
    """A value for a required argument or option, for a command that must fail on the project;
    `existing` is a file, for a path that must exist."""
    if isinstance(param.type, click.Choice):
        value = str(param.type.choices[0])
    elif isinstance(param.type, click.Path):
        value = existing
    else:
        value = "1" if isinstance(param.type, click.types.IntParamType) else "x"
    return [value] if isinstance(param, click.Argument) else [param.opts[0], value]


def test_a_missing_project_is_one_line_on_stderr(run, every_command, tmp_path):
    creators = {"init", "import"}  # a missing project is what they make
    other = tmp_path / "other.txt"
    other.write_text(INTERVIEW, encoding="utf-8")
    checked = 0
    for path, command in every_command.items():
        arguments = [p.name for p in command.params if isinstance(p, click.Argument)]
        if path in creators or not arguments or arguments[0] != "project":
            continue
        argv = [str(tmp_path / "missing.qodex")]
        for param in command.params[1:] if command.params[0].name == "project" else command.params:
            if param.required and param.name != "project":
                argv += _placeholder(param, str(other))
        result = run(*path.split(), *argv)
        assert result.exit_code in (1, 2), (path, result.output)
        assert len(result.stderr.strip().splitlines()) == 1, (path, result.stderr)
        assert not (tmp_path / "missing.qodex").exists(), path
        checked += 1
    assert checked > 30


def test_declared_help_is_the_docstring_first_sentence():
    for name in {*declared.BUILTIN, *declared.PLUGIN}:
        assert declared.load(name).get_short_help_str(10_000) == declared.short_help(name), name


def test_every_builtin_command_is_declared():
    import qodex.cli

    found = {}
    for info in pkgutil.iter_modules(qodex.cli.__path__):
        module = importlib.import_module(f"qodex.cli.{info.name}")
        found |= {command.name: info.name for command in getattr(module, "COMMANDS", ())}
    assert found == {name: module for name, (module, _) in declared.BUILTIN.items()}
    for module_name in DEFAULT_PLUGINS:
        plugin = importlib.import_module(module_name)
        if hasattr(plugin, "register_commands"):
            scratch = click.Group()
            plugin.register_commands(cli=scratch)
            found |= dict.fromkeys(scratch.commands, module_name)
    assert {n: m for n, m in found.items() if n not in declared.BUILTIN} == {
        name: module for name, (module, _) in declared.PLUGIN.items()}


def test_help_lists_every_command_with_its_declared_help(run):
    text = run("--help").stdout
    for name in {*declared.BUILTIN, *declared.PLUGIN}:
        assert f"\n  {name} " in text
    assert "Build report NAME from PROJECT" in text


def test_report_help_lists_the_reports(run):
    text = run("report", "--help").stdout
    assert "Reports:" in text and "attachment" in text.split("Reports:")[1]


def test_cases_by_coder_counts_only_that_coders_codings(run, small):
    def coded(*by):
        flags = [a for name in by for a in ("--by-coder", name)]
        result = run("cases", small, "--coded-with", "Being known", *flags, "--json")
        return [row["case"] for row in json.loads(result.stdout)]

    assert run("cases", small, "--by-coder", "astrid").exit_code == 2
    assert coded() == ["Anne", "Bo"]
    assert (coded("astrid"), coded("bjorn"), coded("nobody")) == (["Anne"], ["Bo"], [])
    assert coded("nobody", "astrid", "bjorn") == ["Anne", "Bo"]



def test_every_attribute_filter_refuses_a_bad_pair_in_the_same_one_line(run, every_command, small):
    """--where on every command, and `cases set`'s ATTRIBUTE=VALUE arguments, read by one parser."""
    taking = {path: command for path, command in every_command.items() if any(
        "--where" in p.opts or "ATTRIBUTE=VALUE" in (p.metavar or "") for p in command.params)}
    assert set(taking) >= {"query codings", "query matrix", "query cooccurrence", "query words",
                           "query kwic", "ipa table", "cases set"}
    before = run("cases", small, "--json").stdout
    for path, command in taking.items():
        argv, flag = [str(small)], "--where"
        for param in command.params[1:]:
            if "ATTRIBUTE=VALUE" in (param.metavar or "") and isinstance(param, click.Argument):
                argv, flag = argv + ["sex"], ""
            elif param.required:
                argv += ["Anne"] if param.name == "case" else _placeholder(param, str(small))
        result = run(*path.split(), *argv, *([flag, "sex"] if flag else []))
        expected = f"Error: {flag} 'sex': expected ATTRIBUTE=VALUE".replace("  ", " ")
        assert (result.exit_code, result.stderr.strip()) == (2, expected), path
    assert run("cases", small, "--json").stdout == before
