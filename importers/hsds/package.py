"""Reading an HSDS package's tables: ``datapackage.json``, the CSV files, ids and cell values.

:class:`Reader` holds the report and the tables; every problem is located at the table's
file (``<folder>/<file>``), row and column.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from importers.hsds.constants import (
    FORMULA_START,
    LANGUAGE_CODES,
    MAX_TABLE_BYTES,
    MSG_BAD_DATE,
    MSG_BAD_DESCRIPTOR,
    MSG_BAD_DESCRIPTOR_TEXT,
    MSG_BAD_ID,
    MSG_BAD_NUMBER,
    MSG_BAD_RESOURCE,
    MSG_DUPLICATE_ID,
    MSG_EMPTY_TABLE,
    MSG_EMPTY_VALUE,
    MSG_ENCODING,
    MSG_MALFORMED,
    MSG_MISSING_COLUMN,
    MSG_MISSING_FILE,
    MSG_NO_DESCRIPTOR,
    MSG_NO_PACKAGE,
    MSG_TOO_LARGE,
    MSG_UNKNOWN_REF,
    TABLE_FILES,
    V3_TABLES,
    VALID_ID,
    VOCABULARIES,
)
from importers.json_text import JSON_TOO_DEEP, german_json_reason
from importers.report import ImportProblem, ImportReport, Severity
from importers.tabular import german_csv_error


@dataclass
class Table:
    name: str
    file: str
    header: list[str]
    rows: list[dict[str, str]]  # rows[i] is at spreadsheet row i + 2

    def has(self, column: str) -> bool:
        return column in self.header


@dataclass
class Reader:
    """State of one package read: the report and helpers to locate problems."""

    folder: Path
    report: ImportReport
    tables: dict[str, Table] = field(default_factory=dict)

    def problem(self, severity: Severity, message: str, table: Table | str | None = None,
                row: int | None = None, column: str | None = None) -> None:
        file = table.file if isinstance(table, Table) else table
        name = f"{self.folder.name}/{file}" if file else self.report.file
        self.report.add(ImportProblem(severity=severity, message=message, file=name, row=row, column=column))

    def error(self, message: str, table: Table | str | None = None, row: int | None = None, column: str | None = None) -> None:
        self.problem(Severity.ERROR, message, table, row, column)

    def warning(self, message: str, table: Table | str | None = None, row: int | None = None, column: str | None = None) -> None:
        self.problem(Severity.WARNING, message, table, row, column)

    def source(self, table: Table, row: int) -> str:
        return f"{self.folder.name}/{table.file}, Zeile {row}"


def _unescape(value: str) -> str:
    """Undo the formula-injection guard our exporter applies (a leading apostrophe)."""
    if len(value) > 1 and value[0] == "'" and value[1] in FORMULA_START:
        return value[1:]
    return value


def read_csv_table(r: Reader, name: str, path: Path) -> Table | None:
    file = path.name
    try:
        size = path.stat().st_size
        if size > MAX_TABLE_BYTES:
            r.error(MSG_TOO_LARGE.format(size=size // 1_000_000, limit=MAX_TABLE_BYTES // 1_000_000), file)
            return None
        raw = path.read_bytes()
    except OSError:
        r.error("Die Tabelle kann nicht gelesen werden (fehlende Rechte oder ein Lesefehler).", file)
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
        r.warning(MSG_ENCODING, file)
    if not text.strip():
        r.error(MSG_EMPTY_TABLE, file)
        return None
    try:
        reader = csv.reader(text.splitlines(keepends=True), strict=True)
        records = list(reader)
    except csv.Error as e:
        r.error(MSG_MALFORMED.format(error=german_csv_error(e).rstrip(".")), file)
        return None
    header = [h.strip() for h in records[0]]
    rows = []
    for i, rec in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in rec):
            rows.append({})
            continue
        if len(rec) > len(header):
            r.warning(f"Die Zeile hat {len(rec)} Felder, die Kopfzeile nur {len(header)}; überzählige Felder fallen weg.", file, i)
        rows.append({h: _unescape(rec[j].strip()) if j < len(rec) else "" for j, h in enumerate(header)})
    return Table(name=name, file=file, header=header, rows=rows)


def locate_tables(r: Reader, path: Path) -> None:
    """Fill ``r.tables`` from datapackage.json (or conventional file names)."""
    folder = r.folder
    descriptor = folder / "datapackage.json"
    listed: dict[str, Path] = {}
    if descriptor.is_file():
        try:
            data = json.loads(descriptor.read_text(encoding="utf-8-sig") or "null")
        except json.JSONDecodeError as e:
            error = german_json_reason(e.msg)
            r.error(MSG_BAD_DESCRIPTOR.format(line=e.lineno, col=e.colno, error=error), "datapackage.json", e.lineno)
            return
        except UnicodeDecodeError as e:
            r.error(MSG_BAD_DESCRIPTOR_TEXT.format(reason=f"keine UTF-8-Datei (unlesbares Byte an Stelle {e.start})"),
                    "datapackage.json")
            return
        except (RecursionError, MemoryError):  # nested deeper than the parser follows: an error, never a crash
            r.error(MSG_BAD_DESCRIPTOR_TEXT.format(reason=JSON_TOO_DEEP), "datapackage.json")
            return
        resources = data.get("resources") if isinstance(data, dict) else None
        for res in resources if isinstance(resources, list) else []:
            if not isinstance(res, dict):
                continue
            name, rel = str(res.get("name", "")), res.get("path")
            if not isinstance(rel, str) or not name:
                continue
            target = (folder / rel).resolve()
            if "://" in rel or rel.startswith("/") or folder.resolve() not in target.parents or not rel.endswith(".csv"):
                r.error(MSG_BAD_RESOURCE.format(name=name, path=rel), "datapackage.json")
                continue
            if not target.is_file():
                if name in TABLE_FILES:
                    r.warning(MSG_MISSING_FILE.format(path=rel, name=name), "datapackage.json")
                continue
            listed[name] = target
    elif any((folder / f).is_file() for files in TABLE_FILES.values() for f in files):
        r.warning(MSG_NO_DESCRIPTOR, "datapackage.json")
    else:
        r.error(MSG_NO_PACKAGE)
        return
    for name, files in TABLE_FILES.items():
        target = listed.get(name) or next((folder / f for f in files if (folder / f).is_file()), None)
        if target is not None:
            table = read_csv_table(r, name, target)
            if table is not None:
                r.tables[name] = table


def detect_version(r: Reader) -> str:
    t = r.tables
    if V3_TABLES & set(t):
        return "3.0"
    service, org = t.get("service"), t.get("organization")
    if service and any(service.has(c) for c in ("minimum_age", "fees_description", "assured_date", "eligibility_description")):
        return "3.0"
    if org and org.has("website"):
        return "3.0"
    return "1.1"


def index_rows(r: Reader, table: Table | None, what: str) -> dict[str, tuple[int, dict[str, str]]]:
    """id -> (row, record) for a table with an ``id`` column; checks ids and duplicates."""
    out: dict[str, tuple[int, dict[str, str]]] = {}
    if table is None:
        return out
    if not table.has("id"):
        r.error(MSG_MISSING_COLUMN.format(column="id"), table, 1, "id")
        return out
    for i, rec in enumerate(table.rows, start=2):
        if not rec:
            continue
        value = rec.get("id", "")
        if not value:
            r.error(MSG_EMPTY_VALUE.format(column="id"), table, i, "id")
        elif not VALID_ID.match(value) or len(value) > 200:
            r.error(MSG_BAD_ID.format(value=value), table, i, "id")
        elif value in out:
            r.error(MSG_DUPLICATE_ID.format(id=value, first=out[value][0]), table, i, "id")
        else:
            out[value] = (i, rec)
    return out


def number_cell(r: Reader, value: str, table: Table, row: int, column: str) -> float | None:
    if not value:
        return None
    try:
        return float(value.replace(",", ".")) if value.count(",") == 1 and "." not in value else float(value)
    except ValueError:
        r.error(MSG_BAD_NUMBER.format(value=value), table, row, column)
        return None


def date_cell(r: Reader, value: str, table: Table, row: int, column: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        r.warning(MSG_BAD_DATE.format(value=value), table, row, column)
        return None


def rows_of(table: Table | None) -> list[tuple[int, dict[str, str]]]:
    return [(i, rec) for i, rec in enumerate(table.rows, start=2) if rec] if table else []


def language_of(record: dict[str, str]) -> str | None:
    code = record.get("code", "").strip()
    name = record.get("name", "") or record.get("language", "")
    if code:
        return code
    if not name:
        return None
    return LANGUAGE_CODES.get(name.strip().lower(), name.strip())



def vocab_links(r: Reader, version: str, terms: dict[str, tuple[int, dict[str, str]]]) -> tuple[
        dict[str, list[str]], dict[str, dict[str, list[str]]]]:
    """(entity id -> topic ids, entity id -> {praevnet vocabulary -> codes})."""
    topics: dict[str, list[str]] = defaultdict(list)
    vocab: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))

    def link(entity: str, term_id: str, table: Table, row: int, column: str) -> None:
        if term_id not in terms:
            r.warning(MSG_UNKNOWN_REF.format(value=term_id, what="einen Taxonomie-Begriff"), table, row, column)
            return
        term = terms[term_id][1]
        taxonomy = term.get("taxonomy_id") or term.get("vocabulary") or term.get("taxonomy", "")
        if taxonomy in VOCABULARIES:
            vocab[entity][taxonomy].append(term.get("code") or term.get("name", ""))
        elif term_id not in topics[entity]:
            topics[entity].append(term_id)

    if version == "3.0":
        for row, rec in rows_of(r.tables.get("attribute")):
            if rec.get("link_id") and rec.get("taxonomy_term_id"):
                link(rec["link_id"], rec["taxonomy_term_id"], r.tables["attribute"], row, "taxonomy_term_id")
    for row, rec in rows_of(r.tables.get("service_taxonomy")):
        if rec.get("service_id") and rec.get("taxonomy_id"):
            link(rec["service_id"], rec["taxonomy_id"], r.tables["service_taxonomy"], row, "taxonomy_id")
    service = r.tables["service"]
    for row, rec in rows_of(service):
        for term_id in filter(None, (t.strip() for t in rec.get("taxonomy_ids", "").split(","))):
            link(rec.get("id", ""), term_id, service, row, "taxonomy_ids")
    return topics, vocab
