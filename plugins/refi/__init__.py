"""REFI-QDA, the exchange standard of NVivo, ATLAS.ti, MAXQDA and QualCoder: reading projects
(``.qdpx``) and codebooks (``.qdc``), and writing both. ``qodex convert`` goes through these too."""

from qodex import hookimpl
from qodex.extensions import Exporter, Importer, Option


@hookimpl
def register_importers(register):
    from qodex.plugins.refi.archive import OPTIONS, read_qdc, read_qdpx, refuse_native

    register(Importer("qdpx", (".qdpx",), read_qdpx,
                      "REFI-QDA project exports (NVivo, ATLAS.ti, MAXQDA, QualCoder...)", options=OPTIONS))
    register(Importer("qdc", (".qdc",), read_qdc, "REFI-QDA codebooks", options=OPTIONS[:1]))
    register(Importer("nvivo", (".nvp", ".nvpx"), refuse_native, "NVivo project files (refused, with "
                      "how to export them as REFI-QDA)"))


@hookimpl
def register_exporters(register):
    from qodex.plugins.refi.archive import position_units
    from qodex.plugins.refi.qdc import write_qdc
    from qodex.plugins.refi.qdpx import write_qdpx

    register(Exporter("qdpx", ".qdpx", write_qdpx, "REFI-QDA project for NVivo, ATLAS.ti, MAXQDA...",
                      options=(Option("positions", "Count positions in codepoints (the standard) or "
                                      "utf16 (as NVivo reads them).", "codepoints", position_units),)))
    register(Exporter("qdc", ".qdc", write_qdc, "REFI-QDA codebook: the code tree"))
