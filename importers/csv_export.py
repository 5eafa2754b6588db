"""Read back what ``praevnet export csv`` writes: one CSV per template sheet, as a folder or ZIP.

The counterpart of :func:`importers.template.write_csv_folder`, so a city can edit the CSV
files in Excel and re-import them. Each file is read as German Excel writes it
(:func:`importers.tabular.read_csv`) and then exactly like the template's sheet of the same
name; sheets whose file is missing are empty.
"""

from __future__ import annotations

import tempfile
import zipfile
from pathlib import Path
from typing import Any

from graph.model import GraphBatch

from importers.report import ImportReport, ParsedFile, SourceLocation, stops_early
from importers.tabular import DEFAULT_LIMITS, Limits, check_zip, read_csv
from importers.template import CSV_FILE_NAMES, _read_sheet
from importers.template_columns import SHEETS


@stops_early("csv-export")
def read_csv_export(path: Path, *, limits: Limits = DEFAULT_LIMITS) -> ParsedFile:
    """Read a folder or ZIP of template CSVs; every problem goes into the report.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from graph.model import GraphBatch, Topic
    >>> from importers.template import write_csv_folder
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> write_csv_folder(GraphBatch(topics=[Topic(id="sprache", name="Sprache")]), folder)
    >>> read_csv_export(folder).batch.topics[0].name
    'Sprache'
    """
    report = ImportReport(file=path.name, format="csv-export")
    if path.is_file():
        if not check_zip(path, report, limits):
            return ParsedFile(report=report)
        with tempfile.TemporaryDirectory(prefix="praevnet-csv-") as tmp:
            folder = Path(tmp)
            with zipfile.ZipFile(path) as zf:
                for info in zf.infolist():
                    name = Path(info.filename).name
                    if name in CSV_FILE_NAMES.values():  # only our own files, never a path
                        (folder / name).write_bytes(zf.read(info))
            return _read_folder(folder, report, limits)
    return _read_folder(path, report, limits)


def _read_folder(folder: Path, report: ImportReport, limits: Limits) -> ParsedFile:
    present = [spec for spec in SHEETS if (folder / CSV_FILE_NAMES[spec.name]).exists()]
    if not present:
        report.error(
            "Keine der erwarteten CSV-Dateien gefunden (z. B. "
            + ", ".join(sorted(CSV_FILE_NAMES.values())[:3]) + ")."
        )
        return ParsedFile(report=report)
    data: dict[str, list[Any]] = {}
    first_seen: dict[str, SourceLocation] = {}
    for spec in SHEETS:
        data[spec.attr] = []
        if spec not in present:
            continue
        sheet = read_csv(folder / CSV_FILE_NAMES[spec.name], report, limits=limits)
        if sheet is not None:
            data[spec.attr] = _read_sheet(spec, sheet, report.file, report, first_seen)
    parsed = ParsedFile(report=report, locations=first_seen)
    if report.ok:
        parsed.batch = GraphBatch(**data)
    return parsed
