"""An import report as an Excel workbook a clerk can work through, row by row.

Sheets: „Übersicht“ (one line per group of repeated problems, see
:func:`importers.report.group_problems`), „Bericht“ (every problem in its own row, with a
column to tick off) and „Zusammenfassung“ (counts of what the import found and did).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Font, PatternFill

from importers.report import ImportReport, format_row_ranges, severity_label

HEADERS = ["Art", "Datei", "Blatt", "Zeile", "Spalte", "Meldung", "Erledigt"]
GROUP_HEADERS = ["Art", "Blatt", "Spalte", "Meldung", "Anzahl", "Zeilen"]
GROUP_MAX_RANGES = 200
"""Row runs listed in one „Zeilen“ cell (well below Excel's 32,767 characters); „Bericht“ has them all."""


def _safe(value: object) -> object:
    # a message may quote a cell from the user's file: never let it become a formula
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _start(ws: Any, headers: list[str], widths: tuple[int, ...]) -> None:
    """Column widths, a frozen bold header row (a write-only sheet takes them before its rows)."""
    for column, width in zip("ABCDEFG", widths):
        ws.column_dimensions[column].width = width
    ws.freeze_panes = "A2"
    bold = Font(bold=True)
    cells = []
    for header in headers:
        cell = WriteOnlyCell(ws, value=header)
        cell.font = bold
        cells.append(cell)
    ws.append(cells)


def _colour_rows(ws: Any, rows: int, last_column: str, red: PatternFill, yellow: PatternFill) -> None:
    """Errors red, warnings yellow: two conditional formats on column „Art“, not a style per cell.

    A fill set on each cell made a report of 100,000 problems take minutes (and ``ws.max_row``
    / ``ws[row]`` scan every cell); the rule costs nothing and colours the same rows.
    """
    if not rows:
        return
    cells = f"A2:{last_column}{rows + 1}"
    ws.conditional_formatting.add(cells, FormulaRule(formula=['$A2="Fehler"'], fill=red, stopIfTrue=True))
    ws.conditional_formatting.add(cells, FormulaRule(formula=['$A2="Warnung"'], fill=yellow, stopIfTrue=True))


def write_report_xlsx(report: ImportReport, path: Path) -> None:
    """Write ``report`` to ``path``: „Übersicht“ (grouped), „Bericht“ (one problem per row), „Zusammenfassung“."""
    wb = Workbook(write_only=True)  # streamed: a report of 100,000 problems in seconds, not minutes
    red = PatternFill("solid", fgColor="F8D7DA")
    yellow = PatternFill("solid", fgColor="FFF3CD")
    overview = wb.create_sheet("Übersicht")
    _start(overview, GROUP_HEADERS, (10, 18, 22, 90, 9, 40))
    for group in report.groups:
        # an HSDS package reports per CSV file and has no sheets: its file stands in for the sheet
        place = group.sheet or (group.file if group.file != report.file else "")
        overview.append([_safe(v) for v in (
            severity_label(group.severity), place, group.column or "", group.message, group.count,
            format_row_ranges(group.rows, GROUP_MAX_RANGES),
        )])
    _colour_rows(overview, len(report.groups), "F", red, yellow)
    sheet = wb.create_sheet("Bericht")
    _start(sheet, HEADERS, (10, 28, 18, 8, 22, 90, 10))
    for p in report.problems:
        is_error = p.severity == "error"
        sheet.append([_safe(v) for v in (
            "Fehler" if is_error else "Warnung", p.file, p.sheet or "", p.row or "", p.column or "", p.message, "",
        )])
    _colour_rows(sheet, len(report.problems), "G", red, yellow)
    summary = wb.create_sheet("Zusammenfassung")
    rows = [
        ("Datei", report.file),
        ("Format", report.format),
        ("Fehler", len(report.errors)),
        ("Warnungen", len(report.warnings)),
        ("Gespeichert", "ja" if report.written else "nein"),
        ("Probelauf", "ja" if report.dry_run else "nein"),
    ]
    rows += [(f"neu: {k}", v) for k, v in report.created.items()]
    rows += [(f"geändert: {k}", v) for k, v in report.updated.items()]
    rows += [(f"unverändert: {k}", v) for k, v in report.unchanged.items()]
    summary.column_dimensions["A"].width = 24
    summary.column_dimensions["B"].width = 40
    for row in rows:
        summary.append([_safe(v) for v in row])
    wb.save(path)
