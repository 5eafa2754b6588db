"""The German Excel template: write it (empty, or filled as the Excel export), read it back.

The columns themselves and the cell conversions live in :mod:`importers.template_columns`.
The workbook has one sheet per entity – Akteure, Angebote, Kooperationen, Mitgliedschaften,
Sozialräume, Lebensphasen, Übergänge, Themen – with German headers, a sheet „Hilfe“ that
explains every column and its allowed values, and a hidden sheet „Listen“ that feeds the
Excel data-validation lists of the closed vocabularies (Art, Sektor, Status, Kosten, …).

Conventions (also on the „Hilfe“ sheet):

* Lists in one cell are separated by ``;`` (line breaks work too): ``p0-3; p3-6``.
* References name the other entity's ID (Träger, Partner, Lebensphasen, Themen, …).
* Closed vocabularies take the German label (``Beratung``) or the model's value
  (``counselling``), case and umlaut spelling do not matter.
* Dates are Excel dates or text ``31.12.2024`` / ``2024-12-31``; numbers may use a decimal
  comma and thousands separators; shares (Anteil SGB II) are per cent cells or ``0,41``.
* ``Kinder je Lebensphase`` holds ``District.children_by_phase`` in one cell:
  ``p0-3=400; p3-6=380`` (one cell rather than one column per phase, because a city may
  configure its own phases).
* Offers: „Träger (federführend)“ lists the providers with role ``lead``, „Partner“ those with
  role ``partner``; read back, leads come first.
* Formula injection: a text cell starting with ``= + - @``, tab or CR is written as a text
  cell with Excel's own *quote prefix* style (what Excel does when a user types ``'=``): Excel
  shows and keeps it as text and never evaluates it, and the value itself stays unchanged,
  so a round trip needs no undoing. (A leading ``'`` that a CSV export put in front of such
  a value is removed on import, see :func:`importers.tabular.clean_text`.)
* ``Längengrad``/``Breitengrad`` (actors and offers) are WGS84 decimal degrees, decimal
  point or comma; UTM coordinates come in through a table mapping (``[coordinates]``).
* ``Quelle`` and ``Zuletzt geprüft`` are kept as given; an empty ``Quelle`` becomes the
  location, e.g. ``vorlage.xlsx, Blatt Angebote, Zeile 7``. Nothing defaults to today,
  so re-importing the same file changes nothing.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from graph.model import GraphBatch
from importers.cells import FORMULA_STARTS, CellError, column_letter, normalise_key
from importers.report import ImportReport, ParsedFile, SourceLocation, german_validation_message, stops_early
from importers.tabular import DEFAULT_LIMITS, Limits, Sheet, SheetStream
from importers.template_columns import (  # re-exported (see __all__)
    HELP_SHEET,
    KIND_DE,
    LISTS_SHEET,
    SHEET_BY_NAME,
    SHEETS,
    Column,
    SheetSpec,
    from_cell,
    to_cell,
)


# --- writing -----------------------------------------------------------------------------------


def write_template(path: Path, batch: GraphBatch | None = None) -> None:
    """Write the German Excel template to ``path``, filled with ``batch`` when given.

    Parameters
    ----------
    path : Path
        Where to write the ``.xlsx``.
    batch : GraphBatch, optional
        The data to write (the Excel export). Without it the sheets hold headers only.

    Examples
    --------
    >>> import tempfile
    >>> from tests.tiny_city import tiny_batch
    >>> target = Path(tempfile.mkdtemp()) / "vorlage.xlsx"
    >>> write_template(target, tiny_batch())
    >>> len(read_template(target).batch.offers)
    4
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    help_ws = wb.active
    help_ws.title = HELP_SHEET
    _write_help(help_ws, Font, Alignment)
    lists_ws = wb.create_sheet(LISTS_SHEET)
    lists_ws.sheet_state = "hidden"
    list_ranges: dict[tuple[str, str], str] = {}
    list_col = 0
    for spec in SHEETS:
        for column in spec.columns:
            if column.labels and (spec.name, column.header) not in list_ranges:
                list_col += 1
                letter = column_letter(list_col - 1)
                lists_ws.cell(1, list_col, f"{spec.name}: {column.header}")
                for i, label in enumerate(column.labels.values(), start=2):
                    lists_ws.cell(i, list_col, label)
                list_ranges[(spec.name, column.header)] = (
                    f"{LISTS_SHEET}!${letter}$2:${letter}${len(column.labels) + 1}"
                )

    for spec in SHEETS:
        ws = wb.create_sheet(spec.name)
        records = list(getattr(batch, spec.attr)) if batch is not None else []
        for j, column in enumerate(spec.columns, start=1):
            cell = ws.cell(1, j, column.header)
            cell.font = Font(bold=True)
            ws.column_dimensions[column_letter(j - 1)].width = max(12, min(40, len(column.header) + 4))
        for i, record in enumerate(records, start=2):
            for j, column in enumerate(spec.columns, start=1):
                _write_cell(ws.cell(i, j), column, _field_value(record, column))
        ws.freeze_panes = "A2"
        last_row = max(1000, len(records) + 500)
        for j, column in enumerate(spec.columns, start=1):
            if column.labels:
                dv = DataValidation(
                    type="list", formula1=list_ranges[(spec.name, column.header)], allow_blank=True,
                    showErrorMessage=True, errorStyle="warning", errorTitle="Unbekannter Wert",
                    error=f"Bitte einen Wert aus der Liste wählen (siehe Blatt „{HELP_SHEET}“).",
                )
                letter = column_letter(j - 1)
                dv.add(f"{letter}2:{letter}{last_row}")
                ws.add_data_validation(dv)
    wb.save(path)


def _field_value(record: BaseModel, column: Column) -> Any:
    value = getattr(record, column.field)
    if column.kind in ("lead", "partner"):
        return [p.actor for p in value if p.role == ("lead" if column.kind == "lead" else "partner")]
    return value


def _write_cell(cell: Any, column: Column, value: Any) -> None:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    value = to_cell(column, value)
    if value is None:
        return
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.value = value
        if value.startswith(FORMULA_STARTS):
            cell.data_type = "s"  # never a formula
            cell.quotePrefix = True  # Excel keeps it as text when edited
        if "\n" in value:
            from openpyxl.styles import Alignment

            cell.alignment = Alignment(wrap_text=True, vertical="top")
        return
    cell.value = value
    if isinstance(value, dt.date):
        cell.number_format = "DD.MM.YYYY"
    elif column.kind == "share":
        cell.number_format = "0%"


def _write_help(ws: Any, Font: Any, Alignment: Any) -> None:
    intro = [
        "Vorlage für praevnet: Akteure, Angebote und ihre Verbindungen.",
        "Jedes Blatt ist eine Liste; die erste Zeile enthält die Spaltenüberschriften (bitte nicht ändern).",
        "Mehrere Werte in einer Zelle mit Semikolon trennen: p0-3; p3-6. Verweise nennen die ID des anderen Eintrags.",
        "Datum als TT.MM.JJJJ, Zahlen mit Dezimalkomma (2,5) und Tausenderpunkt (1.675) sind erlaubt.",
        "Beim erneuten Einlesen werden Einträge mit gleicher ID aktualisiert; nichts wird doppelt angelegt.",
        "",
    ]
    for i, line in enumerate(intro, start=1):
        ws.cell(i, 1, line)
    ws.cell(1, 1).font = Font(bold=True)
    row = len(intro) + 1
    for j, header in enumerate(("Blatt", "Spalte", "Pflicht", "Bedeutung", "Erlaubte Werte"), start=1):
        ws.cell(row, j, header).font = Font(bold=True)
    for spec in SHEETS:
        for column in spec.columns:
            row += 1
            allowed = ", ".join(column.labels.values()) if column.labels else KIND_DE.get(column.kind, "")
            for j, value in enumerate((spec.name, column.header, "ja" if column.required else "",
                                       column.help, allowed), start=1):
                ws.cell(row, j, value).alignment = Alignment(wrap_text=True, vertical="top")
    for letter, width in zip("ABCDE", (18, 24, 8, 70, 50), strict=True):
        ws.column_dimensions[letter].width = width




def _csv_cell(column: Column, value: Any) -> str:
    value = to_cell(column, value)
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, float):
        return repr(value).replace(".", ",")  # decimal comma, full precision
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text  # undone by clean_text on import


#: file name per sheet in a CSV export (ASCII, so every unzip tool keeps them)
CSV_FILE_NAMES = {
    "Akteure": "Akteure.csv", "Angebote": "Angebote.csv", "Kooperationen": "Kooperationen.csv",
    "Mitgliedschaften": "Mitgliedschaften.csv", "Sozialräume": "Sozialraeume.csv",
    "Lebensphasen": "Lebensphasen.csv", "Übergänge": "Uebergaenge.csv", "Themen": "Themen.csv",
}


def write_csv_folder(batch: GraphBatch, folder: Path) -> None:
    """Write one CSV per template sheet into ``folder``, as German Excel reads it.

    ``;`` separated, UTF-8 with BOM (no ``sep=`` line: with it Excel ignores the BOM),
    CRLF line ends, decimal comma, dates ``TT.MM.JJJJ``, German labels; text cells that
    start with ``= + - @``, tab or CR get a leading ``'`` (formula injection), which
    :func:`importers.tabular.clean_text` removes again on import.
    """
    import csv

    folder.mkdir(parents=True, exist_ok=True)
    for spec in SHEETS:
        with (folder / CSV_FILE_NAMES[spec.name]).open("w", encoding="utf-8-sig", newline="") as f:
            writer = csv.writer(f, delimiter=";", lineterminator="\r\n")
            writer.writerow([c.header for c in spec.columns])
            for record in getattr(batch, spec.attr):
                writer.writerow([_csv_cell(c, _field_value(record, c)) for c in spec.columns])


# --- reading -----------------------------------------------------------------------------------


@stops_early("xlsx-vorlage")
def read_template(path: Path, *, limits: Limits = DEFAULT_LIMITS) -> ParsedFile:
    """Read a workbook filled in from the template; every problem goes into the report.

    Parameters
    ----------
    path : Path
        The ``.xlsx`` file.
    limits : Limits, keyword-only
        Size, row and zip-bomb limits.

    Returns
    -------
    ParsedFile
        The batch, the report (``report.ok`` is False when anything stops the import) and
        the sheet and row of every entity id.
    """
    from importers.tabular import open_xlsx

    report = ImportReport(file=path.name, format="xlsx-vorlage")
    parsed = ParsedFile(report=report)
    data: dict[str, list[Any]] = {spec.attr: [] for spec in SHEETS}
    first_seen: dict[str, SourceLocation] = {}
    # streamed, sheet by sheet in the template's order: a reader that stops after too many
    # errors (see importers.report.stops_early) never reads the rest of the workbook
    with open_xlsx(path, report, sheets=[s.name for s in SHEETS], limits=limits) as sheets:
        if sheets is None:
            return parsed
        for sheet in sheets:
            spec = SHEET_BY_NAME[sheet.name]
            data[spec.attr] = _read_sheet(spec, sheet, path.name, report, first_seen)
    parsed.locations = first_seen
    if report.ok:
        parsed.batch = GraphBatch(**data)
    return parsed


def _match_columns(spec: SheetSpec, sheet: Sheet | SheetStream, report: ImportReport) -> dict[int, Column] | None:
    by_key: dict[str, Column] = {}
    for column in spec.columns:
        by_key[normalise_key(column.header)] = column
        if column.kind not in ("lead", "partner"):
            by_key.setdefault(normalise_key(column.field), column)
    found: dict[int, Column] = {}
    for i, header in enumerate(sheet.headers):
        column = by_key.get(normalise_key(header))
        if column is None:
            report.warning(f"Unbekannte Spalte „{header}“ wird ignoriert.", sheet=spec.name, row=sheet.header_row, column=header)
        else:
            found[i] = column
    present = {c.header for c in found.values()}
    missing = [c.header for c in spec.columns if c.required and c.header not in present]
    for header in missing:
        report.error(f"Die Pflichtspalte „{header}“ fehlt.", sheet=spec.name, row=sheet.header_row, column=header)
    return None if missing else found


def _read_sheet(spec: SheetSpec, sheet: Sheet | SheetStream, file: str, report: ImportReport,
                first_seen: dict[str, SourceLocation]) -> list[Any]:
    columns = _match_columns(spec, sheet, report)
    if columns is None:
        return []
    header_of = {c.field: c.header for c in columns.values()}
    header_of["providers"] = next((c.header for c in columns.values() if c.kind == "lead"), "Träger (federführend)")
    records = []
    for row, cells in sheet.rows:
        values: dict[str, Any] = {}
        ok = True
        for i, column in columns.items():
            try:
                value = from_cell(column, cells[i])
            except CellError as e:
                report.error(str(e), sheet=spec.name, row=row, column=column.header)
                ok = False
                continue
            if column.kind in ("lead", "partner"):
                values.setdefault("providers", []).extend({"actor": a, "role": column.kind} for a in value or [])
            elif value is not None:
                values[column.field] = value
        if "source" in spec.model.model_fields and not values.get("source"):
            values["source"] = f"{file}, Blatt {spec.name}, Zeile {row}"
        rid = values.get("id")
        if spec.has_id and isinstance(rid, str):
            if rid in first_seen:
                prev = first_seen[rid]
                report.error(f"Die ID „{rid}“ kommt doppelt vor (zuerst Blatt „{prev.sheet}“, Zeile {prev.row}).",
                             sheet=spec.name, row=row, column=header_of.get("id", "ID"))
                continue
            first_seen[rid] = SourceLocation(sheet=spec.name, row=row)
        if not ok:
            continue
        try:
            record = spec.model(**values)
        except ValidationError as e:
            for err in e.errors():
                field = str(err["loc"][0]) if err["loc"] else None
                if err["type"] == "value_error" and "age_min" in str(err.get("msg")):
                    field = "age_min"
                report.error(german_validation_message(err), sheet=spec.name, row=row, column=header_of.get(field or ""))
            continue
        records.append(record)
    return records


__all__ = [
    "HELP_SHEET", "SHEETS", "SHEET_BY_NAME", "Column", "SheetSpec", "from_cell", "read_template", "to_cell",
    "write_csv_folder", "write_template",
]
