"""The German Excel template: write it (empty, or filled as the Excel export), read it back.

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
* ``Quelle`` and ``Zuletzt geprüft`` are kept as given; an empty ``Quelle`` becomes the
  location, e.g. ``vorlage.xlsx, Blatt Angebote, Zeile 7``. Nothing defaults to today,
  so re-importing the same file changes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from graph import texts
from graph.model import (
    Actor,
    Cooperation,
    District,
    GraphBatch,
    LifePhase,
    Membership,
    Offer,
    Topic,
    Transition,
)
from importers.report import ImportReport, ParsedFile, SourceLocation, german_validation_message
from importers.tabular import (
    DEFAULT_LIMITS,
    FORMULA_STARTS,
    CellError,
    Limits,
    Sheet,
    clean_text,
    column_letter,
    normalise_key,
    parse_bool,
    parse_date,
    parse_int,
    parse_number,
    parse_share,
    single_line,
    split_list,
)

BOOL_DE = {"true": "ja", "false": "nein"}


@dataclass(frozen=True)
class Column:
    """One template column: header, model field, cell kind, help text, German labels."""

    header: str
    field: str
    kind: str = "line"  # line, text, list, enum, int, float, date, bool, share, counts, lead, partner
    help: str = ""
    labels: dict[str, str] | None = None
    required: bool = False


@dataclass(frozen=True)
class SheetSpec:
    """One entity sheet."""

    name: str
    attr: str  # GraphBatch attribute
    model: type[BaseModel]
    columns: tuple[Column, ...]
    has_id: bool = True


def _c(header: str, field: str, kind: str = "line", help: str = "", labels: dict[str, str] | None = None,
       required: bool = False) -> Column:
    return Column(header, field, kind, help, labels, required)


ID_HELP = "Eindeutige Kennung: Buchstaben ohne Umlaute, Ziffern, „_ . : -“, keine Leerzeichen (z. B. awo-nord)."
SOURCE = _c("Quelle", "source", help="Woher die Angabe stammt; leer: Datei, Blatt und Zeile.")
VERIFIED = _c("Zuletzt geprüft", "last_verified", "date", "Datum der letzten Prüfung (TT.MM.JJJJ).")

SHEETS: tuple[SheetSpec, ...] = (
    SheetSpec("Akteure", "actors", Actor, (
        _c("ID", "id", help=ID_HELP, required=True),
        _c("Name", "name", help="Voller Name der Organisation oder Einheit.", required=True),
        _c("Kurzname", "short_name", help="Abkürzung, z. B. AWO."),
        _c("Art", "kind", "enum", "Art des Akteurs.", texts.ACTOR_KIND_DE),
        _c("Sektor", "sector", "enum", "Sektor.", texts.SECTOR_DE),
        _c("Beschreibung", "description", "text", "Freitext."),
        _c("Teil von", "part_of", help="ID des übergeordneten Akteurs (Fachbereich → Stadtverwaltung)."),
        _c("Sozialraum", "district", help="ID des Sozialraums, in dem der Akteur sitzt."),
        _c("Adresse", "address", "text", "Straße, PLZ Ort."),
        _c("Website", "website"),
        _c("Mandat Themen", "mandate_topics", "list", "Nur Gremien: IDs der Themen, für die sie zuständig sind (mit ; getrennt)."),
        _c("Mandat Lebensphasen", "mandate_phases", "list", "Nur Gremien: IDs der Lebensphasen (mit ; getrennt)."),
        SOURCE, VERIFIED,
    )),
    SheetSpec("Angebote", "offers", Offer, (
        _c("ID", "id", help=ID_HELP, required=True),
        _c("Titel", "title", help="Name des Angebots.", required=True),
        _c("Beschreibung", "description", "text", "Freitext."),
        _c("Art", "kind", "enum", "Form des Angebots.", texts.OFFER_KIND_DE),
        _c("Zielgruppe", "target_group", help="Freitext, z. B. Eltern mit Kindern unter 3."),
        _c("Alter von", "age_min", "float", "Mindestalter in Jahren (Dezimalkomma erlaubt)."),
        _c("Alter bis", "age_max", "float", "Höchstalter in Jahren; nicht kleiner als „Alter von“."),
        _c("Sprachen", "languages", "list", "Sprachen, mit ; getrennt (z. B. de; tr; ar)."),
        _c("Kosten", "cost", "enum", "Was die Teilnahme kostet.", texts.COST_DE),
        _c("Plätze", "capacity", "int", "Anzahl Plätze (ganze Zahl)."),
        _c("Status", "status", "enum", "Ob das Angebot läuft.", texts.STATUS_DE),
        _c("Beginn", "start_date", "date", "Startdatum (TT.MM.JJJJ)."),
        _c("Ende", "end_date", "date", "Enddatum (TT.MM.JJJJ), nicht vor dem Beginn."),
        _c("Finanzierung", "funding", help="Freitext, z. B. Kommunaler Haushalt."),
        _c("Träger (federführend)", "providers", "lead", "IDs der federführenden Akteure, mit ; getrennt."),
        _c("Partner", "providers", "partner", "IDs der beteiligten Partner-Akteure, mit ; getrennt."),
        _c("Lebensphasen", "phases", "list", "IDs der Lebensphasen, mit ; getrennt."),
        _c("Übergänge", "transitions", "list", "IDs der Übergänge, die das Angebot begleitet."),
        _c("Themen", "topics", "list", "IDs der Querschnittsthemen."),
        _c("Sozialräume", "districts", "list", "IDs der Sozialräume, in denen es wirkt."),
        SOURCE, VERIFIED,
    )),
    SheetSpec("Kooperationen", "cooperations", Cooperation, (
        _c("Akteur", "actor", help="ID des einen Akteurs.", required=True),
        _c("Partner", "partner", help="ID des anderen Akteurs.", required=True),
        _c("Art", "kind", "enum", "Art der Zusammenarbeit.", texts.COOPERATION_KIND_DE),
        _c("Formell", "formal", "bool", "ja/nein: schriftlich vereinbart?", BOOL_DE),
        _c("Seit", "since", "date", "Beginn der Zusammenarbeit (TT.MM.JJJJ)."),
        _c("Notiz", "note", "text", "Freitext."),
        _c("Quelle", "source", help="Woher die Angabe stammt; leer: Datei, Blatt und Zeile."),
    ), has_id=False),
    SheetSpec("Mitgliedschaften", "memberships", Membership, (
        _c("Akteur", "actor", help="ID des Mitglieds.", required=True),
        _c("Gremium", "committee", help="ID des Gremiums oder der AG (ein Akteur der Art Gremium / AG).", required=True),
        _c("Rolle", "role", help="z. B. Vorsitz, Mitglied, Geschäftsführung."),
    ), has_id=False),
    SheetSpec("Sozialräume", "districts", District, (
        _c("ID", "id", help=ID_HELP, required=True),
        _c("Name", "name", required=True),
        _c("Ebene", "kind", "enum", "Stadt, Stadtbezirk oder Stadtteil / Sozialraum.", texts.DISTRICT_KIND_DE),
        _c("Teil von", "part_of", help="ID des übergeordneten Sozialraums."),
        _c("Einwohner", "population", "int", "Einwohnerzahl (ganze Zahl, Tausenderpunkt erlaubt)."),
        _c("Kinder je Lebensphase", "children_by_phase", "counts",
           "Kinder je Lebensphase in einer Zelle: Lebensphasen-ID=Anzahl, mit ; getrennt (p0-3=400; p3-6=380)."),
        _c("Anteil SGB II", "share_social_benefits", "share", "Anteil der unter 15-Jährigen im SGB-II-Bezug: 41 % oder 0,41."),
        _c("Anteil Alleinerziehende", "share_single_parents", "share", "Anteil Alleinerziehender: 22 % oder 0,22."),
    )),
    SheetSpec("Lebensphasen", "life_phases", LifePhase, (
        _c("ID", "id", help=ID_HELP, required=True),
        _c("Name", "name", required=True),
        _c("Reihenfolge", "order", "int", "Position im Lebenslauf (1, 2, 3 …).", required=True),
        _c("Alter von", "age_min", "float"),
        _c("Alter bis", "age_max", "float"),
        _c("Beschreibung", "description", "text"),
    )),
    SheetSpec("Übergänge", "transitions", Transition, (
        _c("ID", "id", help=ID_HELP, required=True),
        _c("Name", "name", required=True),
        _c("Von Lebensphase", "from_phase", help="ID der Lebensphase davor.", required=True),
        _c("Nach Lebensphase", "to_phase", help="ID der Lebensphase danach.", required=True),
        _c("Beschreibung", "description", "text"),
    )),
    SheetSpec("Themen", "topics", Topic, (
        _c("ID", "id", help=ID_HELP, required=True),
        _c("Name", "name", required=True),
        _c("Beschreibung", "description", "text"),
    )),
)
SHEET_BY_NAME = {s.name: s for s in SHEETS}
HELP_SHEET = "Hilfe"
LISTS_SHEET = "Listen"


# --- cells: model value <-> cell ---------------------------------------------------------------


def to_cell(column: Column, value: Any) -> Any:
    """A model value as the template writes it."""
    if value is None or value == [] or value == {}:
        return None
    kind = column.kind
    if kind in ("list", "lead", "partner"):
        return "; ".join(value)
    if kind == "enum":
        return column.labels.get(value, value) if column.labels else value
    if kind == "bool":
        return "ja" if value else "nein"
    if kind == "counts":
        return "; ".join(f"{k}={v}" for k, v in value.items())
    if kind == "float" and float(value).is_integer():
        return int(value)
    return value


def lookup_label(value: str, labels: dict[str, str]) -> str:
    """A German label or raw enum value to the enum value (case and umlauts ignored)."""
    key = normalise_key(value)
    for raw, label in labels.items():
        if key in (normalise_key(raw), normalise_key(label)) or key in {normalise_key(p) for p in label.split("/")}:
            return raw
    allowed = ", ".join(f"„{label}“" for label in labels.values())
    raise CellError(f"„{value}“ ist kein erlaubter Wert; erlaubt: {allowed}.")


def parse_counts(value: Any) -> dict[str, int]:
    """``p0-3=400; p3-6=380`` → ``{"p0-3": 400, "p3-6": 380}``."""
    result: dict[str, int] = {}
    for item in split_list(value):
        sep = "=" if "=" in item else ":"
        key, _, number = item.partition(sep)
        if not key.strip() or not number.strip():
            raise CellError(f"„{item}“ hat nicht die Form Lebensphasen-ID=Anzahl (z. B. p0-3=400).")
        result[key.strip()] = parse_int(number)
    return result


def from_cell(column: Column, raw: Any) -> Any:
    """A cell as the model value; raises :class:`CellError` (German) when it cannot be read."""
    kind = column.kind
    if clean_text(raw) is None:
        return None
    if kind == "line":
        return single_line(clean_text(raw))
    if kind == "text":
        return clean_text(raw)
    if kind in ("list", "lead", "partner"):
        return [single_line(x) for x in split_list(raw)]
    if kind == "enum":
        return lookup_label(single_line(clean_text(raw)) or "", column.labels or {})
    if kind == "int":
        return parse_int(raw)
    if kind == "float":
        return parse_number(raw)
    if kind == "share":
        return parse_share(raw)
    if kind == "date":
        return parse_date(raw)
    if kind == "bool":
        return parse_bool(raw)
    if kind == "counts":
        return parse_counts(raw)
    raise AssertionError(kind)


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
            allowed = ", ".join(column.labels.values()) if column.labels else _KIND_DE.get(column.kind, "")
            for j, value in enumerate((spec.name, column.header, "ja" if column.required else "",
                                       column.help, allowed), start=1):
                ws.cell(row, j, value).alignment = Alignment(wrap_text=True, vertical="top")
    for letter, width in zip("ABCDE", (18, 24, 8, 70, 50), strict=True):
        ws.column_dimensions[letter].width = width


_KIND_DE = {
    "line": "Text", "text": "Text (Zeilenumbrüche erlaubt)", "list": "Liste, mit ; getrennt",
    "int": "ganze Zahl", "float": "Zahl", "date": "Datum TT.MM.JJJJ", "share": "Prozent oder Anteil 0–1",
    "counts": "ID=Anzahl; ID=Anzahl", "lead": "Akteur-IDs, mit ; getrennt", "partner": "Akteur-IDs, mit ; getrennt",
}


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
    from importers.tabular import read_xlsx

    report = ImportReport(file=path.name, format="xlsx-vorlage")
    parsed = ParsedFile(report=report)
    sheets = read_xlsx(path, report, sheets=[s.name for s in SHEETS], limits=limits)
    if sheets is None:
        return parsed
    data: dict[str, list[Any]] = {}
    first_seen: dict[str, SourceLocation] = {}
    for spec in SHEETS:
        sheet = sheets.get(spec.name)
        data[spec.attr] = _read_sheet(spec, sheet, path.name, report, first_seen) if sheet else []
    parsed.locations = first_seen
    if report.ok:
        parsed.batch = GraphBatch(**data)
    return parsed


def _match_columns(spec: SheetSpec, sheet: Sheet, report: ImportReport) -> dict[int, Column] | None:
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


def _read_sheet(spec: SheetSpec, sheet: Sheet, file: str, report: ImportReport,
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


__all__ = ["SHEETS", "read_template", "write_template"]
