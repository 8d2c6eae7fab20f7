"""Option types the built-in strategies share (each turns the text after ``-O name=`` into a value)."""

from __future__ import annotations

TRUE, FALSE = {"true", "yes", "1", "on"}, {"false", "no", "0", "off"}


def choice(*allowed: str):
    """One of `allowed`."""

    def parse(value: str) -> str:
        if value not in allowed:
            raise ValueError(f"{value!r} is not one of {', '.join(allowed)}")
        return value

    return parse


def flag(value: str) -> bool:
    """true/false, yes/no, 1/0, on/off."""
    if value.casefold() in TRUE | FALSE:
        return value.casefold() in TRUE
    raise ValueError(f"{value!r} is not true or false")


def labels(value: str) -> frozenset[str]:
    """Comma-separated speaker labels, compared case-blind."""
    return frozenset(v.strip().casefold() for v in value.split(",") if v.strip())
