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

Cell values are parsed by the ``parse_*`` helpers below, which know German number and date
forms (``1.675``, ``1 675``, ``2,5``, ``31.12.2024``) and raise :class:`CellError` with a
German message; readers turn that into a problem at the cell.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from importers.report import ImportReport

CSV_SUFFIXES = {".csv", ".txt", ".tsv", ".tab"}
XLSX_SUFFIXES = {".xlsx", ".xlsm"}

#: first characters that make a spreadsheet treat a cell as a formula (OWASP CSV injection)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

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
WRONG_COUNT = "Die Zeile hat {found} Werte, die Kopfzeile aber {expected} Spalten."
DUPLICATE_HEADER = "Die Spaltenüberschrift „{name}“ kommt mehrfach vor; die weitere heißt hier „{new}“."
NOT_XLSX = "Die Datei ist keine gültige Excel-Datei (.xlsx): {detail}."
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


class CellError(ValueError):
    """A cell value that cannot be read; the message is German and names the value."""


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
        except (UnicodeDecodeError, LookupError) as e:
            report.error(f"Die Datei lässt sich nicht als {encoding} lesen: {e}.")
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
        detail = str(e)
        message = UNCLOSED_QUOTE if "unexpected end of data" in detail else BAD_QUOTE.format(detail=detail)
        report.error(message, row=start)
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
    except (zipfile.BadZipFile, OSError) as e:
        report.error(NOT_XLSX.format(detail=e))
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


def read_xlsx(
    path: Path,
    report: ImportReport,
    *,
    sheets: list[str] | None = None,
    first_only: bool = False,
    header_row: int = 1,
    limits: Limits = DEFAULT_LIMITS,
) -> dict[str, Sheet] | None:
    """Read the named sheets (all, or the first with ``first_only``) of an XLSX file.

    A named sheet that is missing is an error; the others are still read.
    Returns ``None`` when the file itself cannot be read.
    """
    if not check_file(path, report, limits) or not check_zip(path, report, limits):
        return None
    import openpyxl  # local: only XLSX reading needs it

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as e:  # openpyxl raises many kinds on broken files
        report.error(NOT_XLSX.format(detail=f"{type(e).__name__}: {e}"))
        return None
    try:
        names = wb.sheetnames
        wanted = sheets if sheets is not None else (names[:1] if first_only else names)
        result: dict[str, Sheet] = {}
        for name in wanted:
            if name not in names:
                report.error(MISSING_SHEET.format(sheet=name, available=", ".join(f"„{n}“" for n in names)), sheet=name)
                continue
            sheet = _read_worksheet(wb[name], name, report, header_row, limits)
            if sheet is not None:
                result[name] = sheet
        return result
    except Exception as e:
        report.error(NOT_XLSX.format(detail=f"{type(e).__name__}: {e}"))
        return None
    finally:
        wb.close()


def _read_worksheet(ws: Any, name: str, report: ImportReport, header_row: int, limits: Limits) -> Sheet | None:
    sheet: Sheet | None = None
    for row_no, values in enumerate(ws.iter_rows(values_only=True), start=1):
        cells = [None if (isinstance(v, str) and not v.strip()) else v for v in values]
        if sheet is None:
            if row_no < header_row or all(c is None for c in cells):
                continue
            sheet = Sheet(name=name, headers=_unique_headers(cells, report, name, row_no), header_row=row_no)
            continue
        if all(c is None for c in cells):
            continue
        width = len(sheet.headers)
        extra = [c for c in cells[width:] if c is not None]
        if extra:
            report.warning(f"Werte rechts der letzten Spalte werden ignoriert ({len(extra)}).", sheet=name, row=row_no)
        cells = (cells + [None] * width)[:width]
        if len(sheet.rows) >= limits.max_rows:
            report.error(TOO_MANY_ROWS.format(limit=limits.max_rows), sheet=name, row=row_no)
            return None
        sheet.rows.append((row_no, cells))
    if sheet is None:
        return Sheet(name=name, headers=[], header_row=header_row)
    return sheet


# --- cells -----------------------------------------------------------------------------------


def column_letter(index: int) -> str:
    """0-based column index to Excel letters (0 → A, 26 → AA)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def normalise_key(text: str) -> str:
    """Lower case, umlauts spelled out, accents and punctuation dropped: for matching headers and labels.

    >>> normalise_key("Träger (federführend)")
    'traeger federfuehrend'
    """
    text = text.strip().lower()
    for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(a, b)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


@functools.lru_cache(maxsize=65536)
def slug(text: str, *, max_length: int = 120) -> str:
    """A stable id from a name: ``"AWO Ortsverein Nord e.V."`` → ``"awo-ortsverein-nord-e-v"``."""
    return normalise_key(text).replace(" ", "-")[:max_length].strip("-")


def clean_text(value: Any) -> str | None:
    """A cell as text, stripped; ``None`` for empty cells.

    Undoes the formula neutralisation of CSV exports (a ``'`` in front of ``= + - @``);
    integral floats print without ``.0`` (Excel stores ``45889`` as a number).
    """
    if value is None:
        return None
    if type(value) is str:  # the common case, fast
        if "\r" in value:
            value = value.replace("\r\n", "\n").replace("\r", "\n")
        text = value.strip()
        if len(text) > 1 and text[0] == "'" and text[1] in "=+-@":
            text = text[1:]
        return text or None
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date() if value.time() == dt.time() else value
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.strftime("%d.%m.%Y")
    text = str(value).replace("\r\n", "\n").replace("\r", "\n").strip()
    if len(text) > 1 and text[0] == "'" and text[1] in "=+-@":
        text = text[1:]
    return text or None


def single_line(text: str | None) -> str | None:
    """Line breaks and runs of blanks to one space (names, titles, ids)."""
    return " ".join(text.split()) if text else text


_SPACES = re.compile(r"[\s\u00a0\u202f\u2009']")


def parse_number(value: Any) -> float:
    """German or plain number: ``1.675``, ``1 675``, ``2,5``, ``1.234,5``, ``3.5`` → float.

    A single dot followed by exactly three digits is a thousands separator (German);
    ``%`` is not handled here (see :func:`parse_share`).

    >>> parse_number("1.675"), parse_number("1 675"), parse_number("2,5"), parse_number("1.234,56")
    (1675.0, 1675.0, 2.5, 1234.56)
    """
    if isinstance(value, bool):
        raise CellError(f"„{value}“ ist keine Zahl.")
    if isinstance(value, int | float):
        return float(value)
    text = clean_text(value)
    if text is None:
        raise CellError("Der Wert fehlt.")
    raw = text
    text = _SPACES.sub("", text)
    sign = ""
    if text[:1] in "+-−":
        sign, text = ("-" if text[0] in "-−" else ""), text[1:]
    if "," in text and "." in text:
        if text.rfind(",") > text.rfind("."):
            text = text.replace(".", "").replace(",", ".")
        else:
            text = text.replace(",", "")
    elif "," in text:
        text = text.replace(",", "") if re.fullmatch(r"\d{1,3}(,\d{3}){2,}", text) else text.replace(",", ".")
    elif text.count(".") > 1 or re.fullmatch(r"\d{1,3}\.\d{3}", text):
        if not re.fullmatch(r"\d{1,3}(\.\d{3})+", text):
            raise CellError(f"„{raw}“ ist keine Zahl.")
        text = text.replace(".", "")
    if not re.fullmatch(r"\d+(\.\d+)?|\.\d+", text):
        raise CellError(f"„{raw}“ ist keine Zahl.")
    return float(sign + text)


def parse_int(value: Any) -> int:
    """A whole number in German notation (``1.675`` → 1675)."""
    number = parse_number(value)
    if not number.is_integer():
        raise CellError(f"„{clean_text(value)}“ ist keine ganze Zahl.")
    return int(number)


def parse_share(value: Any) -> float:
    """A share 0–1: ``0,41``, ``41 %`` or ``41`` (a number above 1 is read as per cent)."""
    text = clean_text(value) if not isinstance(value, int | float) else None
    if text is not None and text.endswith("%"):
        return parse_number(text[:-1]) / 100
    number = parse_number(value)
    return number / 100 if number > 1 else number


_DATE_DE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})")
_DATE_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+)?")


def parse_date(value: Any) -> dt.date:
    """``31.12.2024``, ``31.12.24``, ``2024-12-31``, an Excel date cell or an Excel day number."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool) and 1 <= value < 2_958_466:
        from openpyxl.utils.datetime import from_excel

        return from_excel(value).date()
    text = clean_text(value) or ""
    try:
        if m := _DATE_DE.fullmatch(text):
            day, month, year = (int(g) for g in m.groups())
            return dt.date(year + 2000 if year < 100 else year, month, day)
        if m := _DATE_ISO.fullmatch(text):
            year, month, day = (int(g) for g in m.groups())
            return dt.date(year, month, day)
    except ValueError:
        pass
    raise CellError(f"„{text}“ ist kein Datum (erwartet: TT.MM.JJJJ, z. B. 31.12.2024).")


YES = frozenset({"x", "ja", "j", "yes", "y", "true", "wahr", "1", "✓", "✔", "☑"})
NO = frozenset({"nein", "n", "no", "false", "falsch", "0", "-", "–"})


def parse_bool(value: Any) -> bool:
    """``ja``/``nein``, ``x``, ``wahr``/``falsch``, ``1``/``0`` and Excel booleans."""
    if isinstance(value, bool):
        return value
    text = (clean_text(value) or "").lower()
    if text in YES:
        return True
    if text in NO or not text:
        return False
    raise CellError(f"„{text}“ ist weder „ja“ noch „nein“.")


def parse_age_range(value: Any) -> tuple[float | None, float | None]:
    """An age range in one cell: ``3-6``, ``3 bis 6 Jahre``, ``ab 12``, ``bis 3``, ``0–3``, ``16``.

    >>> parse_age_range("3 bis 6 Jahre"), parse_age_range("ab 12"), parse_age_range("bis 3")
    ((3.0, 6.0), (12.0, None), (None, 3.0))
    """
    text = (clean_text(value) or "").lower()
    core = re.sub(r"\b(jahre?n?|j\.|lebensjahr|monate?)\b", " ", text).strip()
    if m := re.fullmatch(r"(?:ab|von|über|ueber)\s*(\d+(?:[.,]\d+)?)\+?|(\d+(?:[.,]\d+)?)\s*\+", core):
        return parse_number(m.group(1) or m.group(2)), None
    if m := re.fullmatch(r"(?:bis|unter)\s*(\d+(?:[.,]\d+)?)", core):
        return None, parse_number(m.group(1))
    if m := re.fullmatch(r"(?:von\s*)?(\d+(?:[.,]\d+)?)\s*(?:-|–|—|bis)\s*(\d+(?:[.,]\d+)?)", core):
        lo, hi = parse_number(m.group(1)), parse_number(m.group(2))
        if lo > hi:
            raise CellError(f"„{text}“ ist kein Altersbereich: {lo:g} ist größer als {hi:g}.")
        return lo, hi
    if re.fullmatch(r"\d+(?:[.,]\d+)?", core):
        age = parse_number(core)
        return age, age
    raise CellError(f"„{text}“ ist kein Altersbereich (erwartet z. B. „3-6“, „3 bis 6“, „ab 12“, „bis 3“).")


def split_list(value: Any, separators: str = ";") -> list[str]:
    """A list cell: items separated by ``;`` (or the given characters) and line breaks."""
    text = clean_text(value)
    if not text:
        return []
    return [item for part in _splitter(separators).split(text) if (item := part.strip())]


@functools.lru_cache(maxsize=16)
def _splitter(separators: str) -> re.Pattern[str]:
    return re.compile("[" + re.escape(separators) + "\n]")
