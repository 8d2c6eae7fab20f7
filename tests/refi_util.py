"""Helpers for the REFI-QDA tests: build small .qdpx files, and read the corpus XML independently."""

from __future__ import annotations

import zipfile
from pathlib import Path

from lxml import etree

NS = "urn:QDA-XML:project:1.0"


def make_qdpx(path: Path, body: str, files: dict[str, bytes | str] | None = None,
              qde: str = "project.qde", origin: str = "test 1.0") -> Path:
    """A .qdpx holding a Project with `body` inside it and the given member files."""
    xml = (f'<?xml version="1.0" encoding="utf-8"?>\n<Project xmlns="{NS}" name="t" '
           f'origin="{origin}">{body}</Project>')
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(qde, xml)
        for name, data in (files or {}).items():
            archive.writestr(name, data.encode("utf-8") if isinstance(data, str) else data)
    return path


def project_root(path: Path):
    """The parsed .qde of a .qdpx (namespaces kept), read without qodex."""
    with zipfile.ZipFile(path) as archive:
        (name,) = [n for n in archive.namelist() if n.lower().endswith(".qde")]
        return etree.fromstring(archive.read(name))


def q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def schema(corpus: Path, name: str = "Project-mrt2019.xsd"):
    """The REFI-QDA schema `name` from the shared corpus (the `corpus` fixture)."""
    import xmlschema

    return xmlschema.XMLSchema(str(corpus / "xsd" / name))
