"""The export service: the graph (or a filtered part) as a file in a standard format.

CLI (``praevnet export``) and API (``GET /api/exports/{format}``) both call
:func:`export_bytes`. Every format is written to a temporary directory by its writer
(``importers.template``, ``exporters.*``) and returned as bytes; multi-file formats (CSV,
HSDS) come as one ZIP.
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

from graph.model import GraphBatch

#: format -> (German description, media type, file name)
EXPORT_FORMATS: dict[str, tuple[str, str, str]] = {
    "json": ("praevnet-JSON, verlustfrei", "application/json", "praevnet.json"),
    "xlsx": ("Excel-Vorlage mit Daten (bearbeiten und wieder einlesen)",
             "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "praevnet.xlsx"),
    "csv": ("CSV wie deutsches Excel sie liest (ZIP, ein Blatt je Datei)", "application/zip", "praevnet-csv.zip"),
    "graphml": ("GraphML für Gephi", "application/graphml+xml", "praevnet.graphml"),
    "gexf": ("GEXF für Gephi", "application/gexf+xml", "praevnet.gexf"),
    "hsds": ("Open Referral HSDS-Datenpaket (ZIP)", "application/zip", "praevnet-hsds.zip"),
}


def _zip_folder(folder: Path) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for file in sorted(folder.rglob("*")):
            if file.is_file():
                zf.write(file, file.relative_to(folder).as_posix())
    return buffer.getvalue()


def _writer(fmt: str) -> Callable[[GraphBatch, Path], bytes]:
    def via_file(write: Callable[[GraphBatch, Path], object]) -> Callable[[GraphBatch, Path], bytes]:
        def run(batch: GraphBatch, tmp: Path) -> bytes:
            target = tmp / EXPORT_FORMATS[fmt][2]
            write(batch, target)
            return target.read_bytes()

        return run

    def via_folder(write: Callable[[GraphBatch, Path], object]) -> Callable[[GraphBatch, Path], bytes]:
        def run(batch: GraphBatch, tmp: Path) -> bytes:
            folder = tmp / "export"
            folder.mkdir()
            write(batch, folder)
            return _zip_folder(folder)

        return run

    if fmt == "json":
        return lambda batch, _tmp: batch.model_dump_json(indent=1).encode("utf-8")
    if fmt == "xlsx":
        from importers.template import write_template

        return via_file(lambda batch, path: write_template(path, batch))
    if fmt == "csv":
        from importers.template import write_csv_folder

        return via_folder(write_csv_folder)
    if fmt == "graphml":
        from exporters.gephi import write_graphml

        return via_file(write_graphml)
    if fmt == "gexf":
        from exporters.gephi import write_gexf

        return via_file(write_gexf)
    if fmt == "hsds":
        from exporters.hsds import write_hsds

        return via_folder(write_hsds)
    raise ValueError(fmt)


def export_bytes(batch: GraphBatch, fmt: str) -> bytes:
    """``batch`` in format ``fmt`` (a key of :data:`EXPORT_FORMATS`) as bytes."""
    with tempfile.TemporaryDirectory(prefix="praevnet-export-") as tmp:
        return _writer(fmt)(batch, Path(tmp))
