"""Reading tables: CSV as German Excel writes it and XLSX sheets, into plain rows.

CSV
    Separator ``;`` (German Excel), ``,`` or tab, detected from the header line; an optional
    first line ``sep=;`` names it. Encoding: UTF-16 with BOM (Excel's "Unicode-Text"), UTF-8
    with or without BOM, else Windows-1252 (tried in that order: strict UTF-8 first, so a
    real UTF-8 file is never misread). Quoted cells may hold line breaks. Unbalanced quotes
    and rows with the wrong number of cells are errors at their line.
XLSX
    Read with openpyxl in read-only mode (cached values, not formulas). Before openpyxl
    opens the file, the zip directory is checked: the members' uncompressed size and their
    compression ratio must stay under :class:`Limits` (zip bombs).

Row numbers are the line (CSV: the record's first line in a text editor, counting a
``sep=`` line) or the Excel row number, header included, as :class:`ImportProblem` wants.

Cell values are parsed by the ``parse_*`` helpers of :mod:`importers.cells` (re-exported
here, where the readers have always found them), which know German number and date forms
and raise :class:`CellError` with a German message; readers turn that into a problem at
the cell.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from importers.cells import (  # re-exported (see __all__): readers import them from here
    FORMULA_STARTS,
    NO,
    YES,
    CellError,
    clean_text,
    column_letter,
    normalise_key,
    parse_age_range,
    parse_bool,
    parse_date,
    parse_int,
    parse_number,
    parse_share,
    single_line,
    slug,
    split_list,
)
from importers.report import ImportReport, ReadingStopped

CSV_SUFFIXES = {".csv", ".txt", ".tsv", ".tab"}
XLSX_SUFFIXES = {".xlsx", ".xlsm"}

# German messages (the report's language)
NO_FILE = "Die Datei „{name}“ gibt es nicht oder sie ist nicht lesbar."
EMPTY_FILE = "Die Datei ist leer."
NO_HEADER = "Die Datei enthält keine Kopfzeile mit Spaltenüberschriften."
TOO_LARGE = "Die Datei ist {size:.1f} MB groß; erlaubt sind höchstens {limit:.1f} MB (Einstellung max_bytes)."
TOO_MANY_ROWS = "Die Tabelle hat mehr als {limit} Datenzeilen (Einstellung max_rows); bitte die Datei aufteilen."
BAD_ENCODING = (
    "Die Datei ist weder UTF-8 noch Windows-1252 kodiert (unlesbares Byte an Stelle {pos}). "
    "Bitte in Excel „Speichern unter“ → „CSV UTF-8 (durch Trennzeichen getrennt)“ wählen."
)
BINARY_FILE = "Die Datei ist keine Textdatei (sie enthält Null-Bytes). Ist es vielleicht eine Excel-Datei?"
UNCLOSED_QUOTE = "Ein Anführungszeichen, das in dieser Zeile beginnt, wird nicht geschlossen."
BAD_QUOTE = "Fehlerhafte Anführungszeichen: {detail}."
BAD_ENCODING_GIVEN = "Die Datei lässt sich nicht als „{encoding}“ lesen: {reason}."
WRONG_COUNT = "Die Zeile hat {found} Werte, die Kopfzeile aber {expected} Spalten."
DUPLICATE_HEADER = "Die Spaltenüberschrift „{name}“ kommt mehrfach vor; die weitere heißt hier „{new}“."
NOT_XLSX = (
    "„{name}“ ist keine gültige Excel-Datei (xlsx): {reason} "
    "Bitte die Datei in Excel öffnen und erneut als „Excel-Arbeitsmappe (*.xlsx)“ speichern."
)
NOT_XLSX_NO_ZIP = "sie ist kein Zip-Archiv, wie es jede xlsx-Datei ist (vielleicht eine umbenannte .xls- oder CSV-Datei)."
NOT_XLSX_NO_WORKBOOK = "ihr fehlen Teile einer Excel-Arbeitsmappe (zum Beispiel „xl/workbook.xml“)."
NOT_XLSX_BROKEN = "sie ist beschädigt und lässt sich nicht öffnen."
NOT_XLSX_SHEET = "das Blatt „{sheet}“ ist beschädigt und lässt sich nicht lesen."
NOT_XLSX_TOO_DEEP = "sie ist zu tief verschachtelt oder zu groß, um sie zu lesen."
OLD_XLS = "Das alte Excel-Format .xls wird nicht gelesen; bitte in Excel als .xlsx speichern."
UNKNOWN_SUFFIX = "Unbekanntes Dateiformat „{suffix}“; gelesen werden .xlsx und .csv."
ZIP_TOO_BIG = (
    "Die Excel-Datei würde entpackt {size:.0f} MB belegen (erlaubt: {limit:.0f} MB); "
    "sie wird nicht geöffnet (Schutz vor Zip-Bomben)."
)
ZIP_RATIO = (
    "Der Teil „{member}“ der Excel-Datei ist {ratio:.0f}-fach gepackt (erlaubt: {limit}-fach); "
    "die Datei wird nicht geöffnet (Schutz vor Zip-Bomben)."
)
MISSING_SHEET = "Das Blatt „{sheet}“ fehlt. Vorhandene Blätter: {available}."


class Limits(BaseModel):
    """Guards against files that would exhaust memory or time; every limit is configurable."""

    max_bytes: int = 100 * 1024 * 1024
    """Largest file accepted, in bytes (default 100 MB)."""
    max_rows: int = 200_000
    """Most data rows per table or sheet."""
    max_uncompressed_bytes: int = 1024 * 1024 * 1024
    """XLSX: largest total uncompressed size of the zip members (default 1 GB)."""
    max_compression_ratio: int = 200
    """XLSX: largest compression ratio of any member above 1 MB (real workbooks stay far below)."""


DEFAULT_LIMITS = Limits()


@dataclass
class Sheet:
    """One table: its headers and data rows, each with the row number the user sees."""

    name: str | None
    headers: list[str]
    header_row: int
    rows: list[tuple[int, list[Any]]] = field(default_factory=list)

    def index(self) -> dict[str, int]:
        """Column position per header."""
        return {h: i for i, h in enumerate(self.headers)}


# --- files ---------------------------------------------------------------------------------


def check_file(path: Path, report: ImportReport, limits: Limits = DEFAULT_LIMITS) -> bool:
    """Check that ``path`` exists, is not empty and not too large; report otherwise."""
    try:
        size = path.stat().st_size
    except OSError:
        report.error(NO_FILE.format(name=path.name))
        return False
    if not path.is_file():
        report.error(NO_FILE.format(name=path.name))
        return False
    if size == 0:
        report.error(EMPTY_FILE)
        return False
    if size > limits.max_bytes:
        report.error(TOO_LARGE.format(size=size / 1e6, limit=limits.max_bytes / 1e6))
        return False
    return True


def read_checked(path: Path, report: ImportReport, limits: Limits = DEFAULT_LIMITS) -> bytes | None:
    """The bytes of a file that exists, is not too large and not blank; report otherwise.

    The one gate every reader of a single file goes through (JSON, GeoJSON, GraphML/GEXF).
    """
    if not check_file(path, report, limits):
        return None
    try:
        raw = path.read_bytes()
    except OSError:
        report.error(NO_FILE.format(name=path.name))
        return None
    if not raw.strip():
        report.error(EMPTY_FILE)
        return None
    return raw


def read_table_file(
    path: Path,
    report: ImportReport,
    *,
    sheet: str | None = None,
    header_row: int = 1,
    delimiter: str | None = None,
    encoding: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Sheet | None:
    """Read one table from a CSV or XLSX file (the named sheet, else the first).

    Returns ``None`` after reporting an error when the file cannot be read as a table.
    """
    suffix = path.suffix.lower()
    if suffix in XLSX_SUFFIXES:
        sheets = read_xlsx(path, report, sheets=[sheet] if sheet else None, first_only=sheet is None,
                           header_row=header_row, limits=limits)
        if sheets is None:
            return None
        return next(iter(sheets.values()), None) if sheets else None
    if suffix == ".xls":
        report.error(OLD_XLS)
        return None
    if suffix in CSV_SUFFIXES or not suffix:
        return read_csv(path, report, header_row=header_row, delimiter=delimiter, encoding=encoding, limits=limits)
    report.error(UNKNOWN_SUFFIX.format(suffix=suffix))
    return None


# --- CSV -------------------------------------------------------------------------------------


def decode_text(data: bytes, report: ImportReport, *, encoding: str | None = None) -> str | None:
    """Bytes to text: UTF-16 (BOM), UTF-8 (BOM optional), then Windows-1252."""
    if encoding:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError as e:
            report.error(BAD_ENCODING_GIVEN.format(encoding=encoding, reason=f"unlesbares Byte an Stelle {e.start}"))
            return None
        except LookupError:
            report.error(BAD_ENCODING_GIVEN.format(encoding=encoding, reason="diese Kodierung ist unbekannt"))
            return None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as e:
            report.error(BAD_ENCODING.format(pos=e.start))
            return None
    if b"\x00" in data:
        report.error(BINARY_FILE)
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as e:
        report.error(BAD_ENCODING.format(pos=e.start))
        return None


def _count_outside_quotes(line: str, char: str) -> int:
    count, quoted = 0, False
    for c in line:
        if c == '"':
            quoted = not quoted
        elif c == char and not quoted:
            count += 1
    return count


def german_csv_error(error: csv.Error) -> str:
    """The csv module's English complaint as a German sentence (never its own text).

    >>> german_csv_error(csv.Error("unexpected end of data"))
    'Ein Anführungszeichen, das in dieser Zeile beginnt, wird nicht geschlossen.'
    """
    detail = str(error)
    if "unexpected end of data" in detail:
        return UNCLOSED_QUOTE
    if "field larger than field limit" in detail:
        return BAD_QUOTE.format(detail=(
            f"ein Wert ist länger als {csv.field_size_limit():,} Zeichen; vermutlich wird ein Anführungszeichen "
            "nicht geschlossen").replace(",", "."))
    if "expected after" in detail:
        return BAD_QUOTE.format(detail="nach einem schließenden Anführungszeichen folgt kein Trennzeichen")
    if "NUL" in detail:
        return BINARY_FILE
    return BAD_QUOTE.format(detail="die Zeile lässt sich nicht in Werte zerlegen")


def detect_delimiter(header_line: str) -> str:
    """``;``, ``,`` or tab: whichever occurs most in the header line outside quotes (``;`` on ties)."""
    counts = {d: _count_outside_quotes(header_line, d) for d in (";", ",", "\t")}
    best = max(counts.values())
    if best == 0:
        return ";"
    return next(d for d in (";", "\t", ",") if counts[d] == best)


def _unique_headers(raw: list[Any], report: ImportReport, sheet: str | None, row: int) -> list[str]:
    headers = [clean_text(h) or "" for h in raw]
    while headers and not headers[-1]:  # Excel writes a trailing separator after the last heading
        headers.pop()
    seen: dict[str, int] = {}
    result = []
    for i, h in enumerate(headers):
        name = h or f"Spalte {column_letter(i)}"
        if name in seen:
            seen[name] += 1
            new = f"{name} ({seen[name]})"
            report.warning(DUPLICATE_HEADER.format(name=name, new=new), sheet=sheet, row=row, column=name)
            name = new
        else:
            seen[name] = 1
        result.append(name)
    return result


def read_csv(
    path: Path,
    report: ImportReport,
    *,
    header_row: int = 1,
    delimiter: str | None = None,
    encoding: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Sheet | None:
    """Read a CSV file as German Excel writes it; see the module docstring."""
    if not check_file(path, report, limits):
        return None
    text = decode_text(path.read_bytes(), report, encoding=encoding)
    if text is None:
        return None
    first_line_no = 1
    match = re.match(r"\A\s*sep=(.)[ \t]*\r?\n", text)
    if match:
        delimiter = delimiter or match.group(1)
        first_line_no += text[: match.end()].count("\n")
        text = text[match.end():]
    if not text.strip():
        report.error(EMPTY_FILE if not match else NO_HEADER)
        return None
    if delimiter is None:
        delimiter = detect_delimiter(text.lstrip("\r\n").split("\n", 1)[0])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    sheet: Sheet | None = None
    record_no = 0
    line_before = 0
    bad = False
    try:
        for cells in reader:
            start = first_line_no + line_before
            line_before = reader.line_num
            if not cells or all(not c.strip() for c in cells):
                continue
            record_no += 1
            if sheet is None:
                if record_no < header_row:
                    continue
                sheet = Sheet(name=None, headers=_unique_headers(cells, report, None, start), header_row=start)
                continue
            width = len(sheet.headers)
            while len(cells) > width and not cells[-1].strip():
                cells.pop()
            if len(cells) != width:
                report.error(WRONG_COUNT.format(found=len(cells), expected=width), row=start)
                bad = True
                continue
            if len(sheet.rows) >= limits.max_rows:
                report.error(TOO_MANY_ROWS.format(limit=limits.max_rows), row=start)
                return None
            sheet.rows.append((start, cells))
    except csv.Error as e:
        start = first_line_no + line_before
        report.error(german_csv_error(e), row=start)
        return None
    if sheet is None:
        report.error(NO_HEADER)
        return None
    return None if bad else sheet


# --- XLSX ------------------------------------------------------------------------------------


def check_zip(path: Path, report: ImportReport, limits: Limits = DEFAULT_LIMITS) -> bool:
    """Refuse XLSX files that are not zips or would unpack too large (zip bombs)."""
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError):  # the library's text is English and may name a server path
        report.error(NOT_XLSX.format(name=path.name, reason=NOT_XLSX_NO_ZIP))
        return False
    total = sum(i.file_size for i in infos)
    if total > limits.max_uncompressed_bytes:
        report.error(ZIP_TOO_BIG.format(size=total / 1e6, limit=limits.max_uncompressed_bytes / 1e6))
        return False
    for info in infos:
        if info.file_size > 1_000_000:
            ratio = info.file_size / max(info.compress_size, 1)
            if ratio > limits.max_compression_ratio:
                report.error(ZIP_RATIO.format(member=info.filename, ratio=ratio, limit=limits.max_compression_ratio))
                return False
    return True


@dataclass
class SheetStream:
    """One worksheet read row by row while its workbook is open (see :func:`open_xlsx`).

    ``rows`` yields ``(row number, cells)`` like :attr:`Sheet.rows`; a reader that stops
    early (too many errors) never reads the rest of the sheet. ``failed`` turns true when
    the rows stopped on an error the report already holds (too many rows, a broken sheet).
    """

    name: str
    headers: list[str]
    header_row: int
    rows: Iterator[tuple[int, list[Any]]] = field(default_factory=lambda: iter(()))
    failed: bool = False
    broken: bool = False


@contextmanager
def open_xlsx(
    path: Path,
    report: ImportReport,
    *,
    sheets: list[str] | None = None,
    first_only: bool = False,
    header_row: int = 1,
    limits: Limits = DEFAULT_LIMITS,
) -> Iterator[Iterator[SheetStream] | None]:
    """Open an XLSX file and stream the named sheets (all, or the first with ``first_only``).

    Gives ``None`` (after reporting why) when the file cannot be opened, else the sheets
    one after another, each read only as far as its ``rows`` are consumed: read them before
    asking for the next sheet. A named sheet that is missing is reported before the first.
    The workbook closes when the ``with`` block ends, also when a reader stops early.
    """
    if not check_file(path, report, limits) or not check_zip(path, report, limits):
        yield None
        return
    import openpyxl  # local: only XLSX reading needs it

    with path.open("rb") as stream:  # a stream, not the path: openpyxl would refuse an unusual suffix
        try:
            wb = openpyxl.load_workbook(stream, read_only=True, data_only=True)
        except Exception as e:  # openpyxl raises many kinds on broken files  # noqa: BLE001
            report.error(NOT_XLSX.format(name=path.name, reason=_workbook_problem(e)))
            yield None
            return
        try:
            names = wb.sheetnames
            wanted = sheets if sheets is not None else (names[:1] if first_only else names)
            for name in wanted:
                if name not in names:
                    report.error(MISSING_SHEET.format(sheet=name, available=", ".join(f"„{n}“" for n in names)),
                                 sheet=name)
            present = [name for name in wanted if name in names]
            yield (_open_worksheet(wb[name], name, path.name, report, header_row, limits) for name in present)
        finally:
            wb.close()


def read_xlsx(
    path: Path,
    report: ImportReport,
    *,
    sheets: list[str] | None = None,
    first_only: bool = False,
    header_row: int = 1,
    limits: Limits = DEFAULT_LIMITS,
) -> dict[str, Sheet] | None:
    """Read the named sheets (all, or the first with ``first_only``) of an XLSX file, whole.

    A named sheet that is missing is an error; the others are still read. Returns ``None``
    when the file itself (or one of its sheets) cannot be read. :func:`open_xlsx` streams.
    """
    result: dict[str, Sheet] = {}
    with open_xlsx(path, report, sheets=sheets, first_only=first_only, header_row=header_row,
                   limits=limits) as streams:
        if streams is None:
            return None
        for stream in streams:
            rows = list(stream.rows)
            if stream.broken:
                return None
            if not stream.failed:
                result[stream.name] = Sheet(name=stream.name, headers=stream.headers, header_row=stream.header_row,
                                            rows=rows)
    return result


def _workbook_problem(error: BaseException) -> str:
    """What is wrong with a workbook openpyxl refused, in German (never the library's English text)."""
    if isinstance(error, zipfile.BadZipFile):
        return NOT_XLSX_NO_ZIP
    if isinstance(error, KeyError):  # a zip without the workbook's parts
        return NOT_XLSX_NO_WORKBOOK
    if isinstance(error, RecursionError | MemoryError):
        return NOT_XLSX_TOO_DEEP
    return NOT_XLSX_BROKEN


def _next_row(rows: Iterator[tuple[int, Any]], sheet: SheetStream, file: str,
              report: ImportReport) -> tuple[int, list[Any]] | None:
    """The next row of the sheet with blank text cells as ``None``; ``None`` at the end or on a broken sheet."""
    try:
        item = next(rows, None)
    except ReadingStopped:
        raise
    except Exception as e:  # a broken sheet: its XML, a cell openpyxl cannot convert  # noqa: BLE001
        reason = NOT_XLSX_TOO_DEEP if isinstance(e, RecursionError | MemoryError) else NOT_XLSX_SHEET.format(sheet=sheet.name)
        report.error(NOT_XLSX.format(name=file, reason=reason), sheet=sheet.name)
        sheet.failed = sheet.broken = True
        return None
    if item is None:
        return None
    row_no, values = item
    return row_no, [None if (isinstance(v, str) and not v.strip()) else v for v in values]


def _open_worksheet(ws: Any, name: str, file: str, report: ImportReport, header_row: int,
                    limits: Limits) -> SheetStream:
    # Some writers leave a stale <dimension ref="A1"/> in the sheet; read-only openpyxl would
    # trust it and stop after its first row (or column). Read the rows that are really there.
    ws.reset_dimensions()
    rows = enumerate(ws.iter_rows(values_only=True), start=1)
    sheet = SheetStream(name=name, headers=[], header_row=header_row)
    while (item := _next_row(rows, sheet, file, report)) is not None:
        row_no, cells = item
        if row_no < header_row or all(c is None for c in cells):
            continue
        sheet.headers, sheet.header_row = _unique_headers(cells, report, name, row_no), row_no
        sheet.rows = _data_rows(rows, sheet, file, report, limits)
        break
    return sheet


def _data_rows(rows: Iterator[tuple[int, Any]], sheet: SheetStream, file: str, report: ImportReport,
               limits: Limits) -> Iterator[tuple[int, list[Any]]]:
    width, count = len(sheet.headers), 0
    while (item := _next_row(rows, sheet, file, report)) is not None:
        row_no, cells = item
        if all(c is None for c in cells):
            continue
        extra = [c for c in cells[width:] if c is not None]
        if extra:
            report.warning(f"Werte rechts der letzten Spalte werden ignoriert ({len(extra)}).", sheet=sheet.name, row=row_no)
        if count >= limits.max_rows:
            report.error(TOO_MANY_ROWS.format(limit=limits.max_rows), sheet=sheet.name, row=row_no)
            sheet.failed = True
            return
        count += 1
        yield row_no, (cells + [None] * width)[:width]


__all__ = [
    "CSV_SUFFIXES", "DEFAULT_LIMITS", "FORMULA_STARTS", "NO", "XLSX_SUFFIXES", "YES", "CellError", "Limits", "Sheet",
    "SheetStream", "check_file", "check_zip", "clean_text", "german_csv_error", "open_xlsx", "column_letter", "decode_text", "detect_delimiter", "normalise_key",
    "parse_age_range", "parse_bool", "parse_date", "parse_int", "parse_number", "parse_share", "read_csv",
    "read_table_file", "read_xlsx", "single_line", "slug", "split_list",
]
