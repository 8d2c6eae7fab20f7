"""``qodex query ...``: every analysis as a command printing a table, or JSON/CSV for programs."""

from __future__ import annotations

from pathlib import Path

from qodex import hookimpl

INSTANCES_HELP = ("Which codings count: supporting ones (default), counter-instances (denials,"
                  " hypotheticals, third-party...) or all.")


def _instances(command):
    """--instances support|counter|all."""
    import click

    return click.option("--instances", type=click.Choice(["support", "counter", "all"]),
                        default="support", show_default=True, help=INSTANCES_HELP)(command)


def _shared(command):
    """--where and --by-coder, which most queries take."""
    from qodex.cli.options import BY_CODER, WHERE

    return WHERE(BY_CODER(command))


def build_group():
    """The ``query`` click group (built on demand, so loading the plugin stays cheap)."""
    import click

    from qodex.cli.context import PROJECT, open_project
    from qodex.cli.output import emit, output_options, say
    from qodex.plugins.analysis import scope

    @click.group()
    def query():
        """Query PROJECT: coding retrieval, matrices, co-occurrence, words, Table I, saturation
        and inter-coder agreement."""

    @query.command()
    @PROJECT
    @click.option("--code", "any_of", multiple=True, help="Codings of this code (OR; repeatable).")
    @click.option("--and", "all_of", multiple=True, help="...overlapping a coding of this code.")
    @click.option("--not", "none_of", multiple=True, help="...overlapping no coding of this code.")
    @click.option("--exact", is_flag=True, help="Codes without the codes below them.")
    @_instances
    @_shared
    @output_options
    def codings(project: Path, any_of, all_of, none_of, exact, instances, where, coders, fmt):
        """Codings by codes (OR, AND, NOT) and case attributes, with their text."""
        from qodex.plugins.analysis.codings import select

        with open_project(project) as opened:
            found = select(opened, any_of, all_of, none_of, where, coders,
                           below=not exact, instances=instances)
        emit([p.row() for p in found], fmt, clip={"text": 60},
             table=["source", "cases", "code", "coder", "start", "end", "counter", "text"])

    @query.command()
    @PROJECT
    @click.option("--by", default="case", show_default=True,
                  help="Columns: source, case, or a case attribute.")
    @click.option("--measure", default="codings", show_default=True,
                  type=click.Choice(["codings", "cases", "chars", "counter", "counter_only"]),
                  help="What the table shows in each cell: supporting codings, cases holding one,"
                  " characters they cover, counter-instances, or cases with counter-instances"
                  " only.")
    @click.option("--code", "codes", multiple=True, help="Only these codes (repeatable).")
    @click.option("--aggregate", is_flag=True, help="A code's row counts the codes below it too.")
    @_shared
    @output_options
    def matrix(project: Path, by, measure, codes, aggregate, where, coders, fmt):
        """Codes against sources, cases or an attribute's values (JSON: every measure)."""
        from qodex.plugins.analysis.matrix import matrix as build

        with open_project(project) as opened:
            found = build(opened, by, codes, coders, where, aggregate,
                          chars=fmt == "json" or measure == "chars")
        if fmt == "json":
            emit(found.long(), fmt, found.long_columns)
        else:
            emit(found.wide(measure), fmt, ["code", *found.columns])

    @query.command()
    @PROJECT
    @click.option("--code", "codes", multiple=True, help="Only these codes (repeatable).")
    @click.option("--exact", is_flag=True, help="Codes without the codes below them.")
    @click.option("--by-coder", "coders", multiple=True, help="Only this coder's codings (repeatable).")
    @output_options
    def prevalence(project: Path, codes, exact, coders, fmt):
        """Per code: supporting codings, cases where it is present (of all cases, in percent),
        and apart from these its counter-instances and the cases holding only those."""
        from qodex.plugins.analysis.prevalence import prevalence as build

        with open_project(project) as opened:
            rows = [p.row() for p in build(opened, codes, coders, aggregate=not exact)]
        emit(rows, fmt, ["code", "codings", "cases", "of", "percent", "counter", "counter_only"])

    @query.command()
    @PROJECT
    @click.option("--mode", type=click.Choice(["overlap", "turn", "near"]), default="overlap",
                  show_default=True, help="Codings overlap, share a speaker turn, or lie near.")
    @click.option("--within", "distance", type=int, default=0, show_default=True,
                  help="With --mode near: at most this many characters apart.")
    @click.option("--code", "codes", multiple=True, help="Only these codes (repeatable).")
    @click.option("--passages", is_flag=True, help="List the passages behind each count.")
    @_instances
    @_shared
    @output_options
    def cooccurrence(project: Path, mode, distance, codes, passages, instances, where, coders, fmt):
        """Pairs of codes whose codings co-occur, with how often, in how many sources and cases."""
        from qodex.plugins.analysis.cooccurrence import cooccurrence as build
        from qodex.plugins.analysis.cooccurrence import pair_passages

        with open_project(project) as opened:
            pairs = build(opened, mode, distance, codes, coders, where, instances,
                          occurrences=passages)
            owners = scope.source_cases(opened)
            if not passages:
                emit([p.row(owners) for p in pairs], fmt)
                return
            rows = [{"code_a": p.a, "code_b": p.b, "source": x.source, "start_a": x.start,
                     "end_a": x.end, "start_b": y.start, "end_b": y.end, "text_a": x.text,
                     "text_b": y.text} for p in pairs for x, y in pair_passages(opened, p)]
        emit(rows, fmt, clip={"text_a": 35, "text_b": 35})

    @query.command()
    @PROJECT
    @click.option("--code", "codes", multiple=True, help="Only text coded with this code.")
    @click.option("--skip-speaker", "skip", multiple=True, help="Leave out this speaker's turns.")
    @click.option("--min-length", type=int, default=3, show_default=True)
    @click.option("--all-words", is_flag=True, help="Keep common words (the, and, ...).")
    @click.option("--limit", type=int, default=50, show_default=True)
    @_shared
    @output_options
    def words(project: Path, codes, skip, min_length, all_words, limit, where, coders, fmt):
        """The most frequent words, with how many sources use each."""
        from qodex.plugins.analysis.words import frequencies

        with open_project(project) as opened:
            rows = frequencies(opened, min_length, not all_words, limit, codes=codes,
                               where=where, skip_speakers=skip, coders=coders)
        emit(rows, fmt)

    @query.command()
    @PROJECT
    @click.argument("keyword")
    @click.option("--code", "codes", multiple=True, help="Only text coded with this code.")
    @click.option("--skip-speaker", "skip", multiple=True, help="Leave out this speaker's turns.")
    @click.option("--width", type=int, default=40, show_default=True, help="Context characters.")
    @_shared
    @output_options
    def kwic(project: Path, keyword, codes, skip, width, where, coders, fmt):
        """KEYWORD in context: every word starting with it, with the text either side."""
        from qodex.plugins.analysis.words import kwic as build

        with open_project(project) as opened:
            lines = build(opened, keyword, width, codes=codes, where=where,
                          skip_speakers=skip, coders=coders)
        if fmt == "table":
            for line in lines:
                say(f"{line.source[:14]:<14} {line.left:>{width}} "
                    f"[{line.keyword}] {line.right}")
            return
        emit([line.row() for line in lines], fmt)

    @query.command(name="table1")
    @PROJECT
    @click.option("--attribute", "attributes", multiple=True,
                  help="Characteristics to count (default: every case attribute).")
    @click.option("--group", help="Column per value of this attribute (e.g. practice).")
    @output_options
    def table1(project: Path, attributes, group, fmt):
        """Table I: participant characteristics, n per value, in total and per group."""
        from qodex.plugins.analysis.table_one import table_one

        with open_project(project) as opened:
            emit(table_one(opened, list(attributes) or None, group), fmt)

    @query.command()
    @PROJECT
    @click.option("--order", help="Interview order: a case attribute such as interview_date, or"
                  " source-name (default: the cases' date attribute, the interview's if several).")
    @click.option("--sequence", help="Interview order as a list: SOURCE,SOURCE,... (every coded"
                  " source).")
    @click.option("--base", type=int, default=4, show_default=True, help="Base size.")
    @click.option("--run", type=int, default=2, show_default=True, help="Run length.")
    @click.option("--threshold", type=float, default=5, show_default=True,
                  help="New-information threshold in percent.")
    @click.option("--plot", is_flag=True, help="Draw the curve in the terminal.")
    @click.option("--by-coder", "coders", multiple=True,
                  help="Only this coder's codings (repeatable; default: everyone's, pooled).")
    @output_options
    def saturation(project: Path, order, sequence, base, run, threshold, plot, coders, fmt):
        """New codes per interview (supporting codings), cumulative share, and the
        Guest-Namey-Chen stopping rule, with the order and coders used."""
        from qodex.escape import json_text
        from qodex.plugins.analysis import charts
        from qodex.plugins.analysis.saturation import saturation as build

        listed = [s.strip() for s in sequence.split(",")] if sequence else None
        with open_project(project) as opened:
            found = build(opened, order, coders, listed, base, run, threshold / 100)
        if fmt == "json":
            click.echo(json_text(found.as_dict(), indent=2))
        else:
            emit([{**s.__dict__, "share": round(s.share, 3)} for s in found.steps], fmt)
            for line in found.describe():
                say(line, err=True)
        if plot:
            say(charts.text(charts.saturation_chart(found.steps)))

    coders_option = click.option(
        "--coders", metavar="A,B[,...]", callback=lambda _, __, v: [c.strip() for c in v.split(",")]
        if v else [], help="The coders to compare (default: everyone who coded).")

    @query.command()
    @PROJECT
    @coders_option
    @click.option("--code", "codes", multiple=True, help="Only these codes.")
    @click.option("--per-source", is_flag=True, help="One row per code and source (as NVivo).")
    @click.option("--segments", default="turn", show_default=True,
                  help="Segment kind whose segments are the units (a source without them is one).")
    @output_options
    def agreement(project: Path, coders, codes, per_source, segments, fmt):
        """Agreement of each pair of coders on the sources both coded: percentage, Cohen's kappa
        with its 95 % CI and a prevalence warning, Krippendorff's alpha; alpha for all coders
        when more than two. --per-source: characters per code and source, as NVivo."""
        from qodex.plugins.analysis.agreement import Coding, compare, summary

        with open_project(project) as opened:
            data = Coding(opened, coders, codes)
            rows = [c.row() for c in compare(data)] if per_source else summary(data, segments)
        emit(rows, fmt, clip={"note": 60})
        if fmt == "table" and not per_source:
            say("Units: segments of the sources each pair both coded; kappa's 95 % CI is analytic"
                " (Cohen 1960); the pooled row counts every code's units together.", err=True)

    @query.command()
    @PROJECT
    @coders_option
    @click.option("--code", "codes", multiple=True, help="Only these codes.")
    @output_options
    def disagreements(project: Path, coders, codes, fmt):
        """Each stretch of text one coder coded with a code and another did not."""
        from qodex.plugins.analysis.agreement import Coding
        from qodex.plugins.analysis.agreement import disagreements as build

        with open_project(project) as opened:
            rows = build(Coding(opened, coders, codes))
        emit(rows, fmt, table=["source", "code", "coded_by", "start", "end", "text"],
             clip={"text": 50})

    return query


@hookimpl
def register_commands(cli):
    cli.add_command(build_group())
