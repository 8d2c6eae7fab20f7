"""Age bands for the qodex sample study: a small study-local plugin to copy and adapt.

qodex loads every ``*.py`` in the ``plugins/`` folder next to a project file, once you trust the
folder, so with a project at ``sample_study/study.qodex`` this file adds one command:

    qodex trust sample_study
    qodex age-bands sample_study/study.qodex

which prints how many cases fall in each age band, read from the cases' ``age`` attribute
(``--attribute`` picks another one). The bands are the study's documented split,
18-35, 36-54 and 55-82 (see sample_study/README.md).

The pure logic lives in plain functions (`derive_age_band`, `count_age_bands`) that need no
project and no qodex at all; only the command touches the project, and each place that does is
marked ``# API:`` so it is easy to follow if the project API changes.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from qodex import hookimpl

# (label, lowest age, highest age), inclusive, in display order
AGE_BANDS: tuple[tuple[str, int, int], ...] = (
    ("18-35", 18, 35),
    ("36-54", 36, 54),
    ("55-82", 55, 82),
)
UNKNOWN = "unknown"


def derive_age_band(age: int) -> str:
    """The study's age band for `age` in whole years.

    >>> derive_age_band(24), derive_age_band(36), derive_age_band(54), derive_age_band(82)
    ('18-35', '36-54', '36-54', '55-82')
    >>> derive_age_band(17)
    Traceback (most recent call last):
    ...
    ValueError: age 17 is outside the study's bands (18-82)
    """
    for label, low, high in AGE_BANDS:
        if low <= age <= high:
            return label
    raise ValueError(f"age {age} is outside the study's bands "
                     f"({AGE_BANDS[0][1]}-{AGE_BANDS[-1][2]})")


def _as_age(value) -> int | None:
    """An attribute value ("67", 67, 67.0) as whole years, or None if it is missing or not a number."""
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(str(value).strip().replace(",", "."))
    except ValueError:
        return None
    return int(number) if number.is_integer() else None


def count_age_bands(ages: Iterable) -> dict[str, int]:
    """How many of `ages` fall in each band, every band listed (in order), then ``unknown``
    for missing, non-numeric or out-of-range values (only if there are any).

    >>> count_age_bands([67, "74", 24, None, 44.0, 101])
    {'18-35': 1, '36-54': 1, '55-82': 2, 'unknown': 2}
    """
    counts = {label: 0 for label, _, _ in AGE_BANDS}
    unknown = 0
    for value in ages:
        age = _as_age(value)
        try:
            counts[derive_age_band(age)] += 1
        except (TypeError, ValueError):
            unknown += 1
    if unknown:
        counts[UNKNOWN] = unknown
    return counts


@hookimpl
def register_commands(cli):
    import click  # imported here so that loading the plugin stays cheap

    @cli.command("age-bands")
    @click.argument("project", type=click.Path(exists=True, dir_okay=False, path_type=Path))
    @click.option("--attribute", default="age", show_default=True,
                  help="The case attribute that holds the age in years.")
    def age_bands(project: Path, attribute: str) -> None:
        """Count the cases in PROJECT per age band (18-35, 36-54, 55-82)."""
        from qodex import Project  # API: the public project class

        # API: Project.open(path) opens read/write; a context manager that closes the file.
        with Project.open(project) as opened:
            # API: iterating project.cases yields Case records; project.cases.values(case)
            # returns {attribute name: value} for one case.
            ages = [opened.cases.values(case).get(attribute) for case in opened.cases]
        if not ages:
            click.echo(f"{project.name} has no cases yet", err=True)
            return
        counts = count_age_bands(ages)
        width = max(len(label) for label in counts)
        for label, n in counts.items():
            click.echo(f"{label.ljust(width)}  {n:3d}")
        click.echo(f"{'total'.ljust(width)}  {sum(counts.values()):3d}")
