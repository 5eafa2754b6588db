"""An import report as an Excel workbook a clerk can work through, row by row.

Sheets: „Übersicht“ (one line per group of repeated problems, see
:func:`importers.report.group_problems`), „Bericht“ (every problem in its own row, with a
column to tick off) and „Zusammenfassung“ (counts of what the import found and did).
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
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


def write_report_xlsx(report: ImportReport, path: Path) -> None:
    """Write ``report`` to ``path``: „Übersicht“ (grouped), „Bericht“ (one problem per row), „Zusammenfassung“."""
    wb = Workbook()
    red = PatternFill("solid", fgColor="F8D7DA")
    yellow = PatternFill("solid", fgColor="FFF3CD")
    overview = wb.active
    overview.title = "Übersicht"
    overview.append(GROUP_HEADERS)
    for cell in overview[1]:
        cell.font = Font(bold=True)
    for group in report.groups:
        # an HSDS package reports per CSV file and has no sheets: its file stands in for the sheet
        place = group.sheet or (group.file if group.file != report.file else "")
        overview.append([_safe(v) for v in (
            severity_label(group.severity), place, group.column or "", group.message, group.count,
            format_row_ranges(group.rows, GROUP_MAX_RANGES),
        )])
        for cell in overview[overview.max_row]:
            cell.fill = red if group.severity == "error" else yellow
    for column, width in zip("ABCDEF", (10, 18, 22, 90, 9, 40)):
        overview.column_dimensions[column].width = width
    overview.freeze_panes = "A2"
    sheet = wb.create_sheet("Bericht")
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for p in report.problems:
        is_error = p.severity == "error"
        sheet.append([_safe(v) for v in (
            "Fehler" if is_error else "Warnung", p.file, p.sheet or "", p.row or "", p.column or "", p.message, "",
        )])
        for cell in sheet[sheet.max_row]:
            cell.fill = red if is_error else yellow
    for column, width in zip("ABCDEFG", (10, 28, 18, 8, 22, 90, 10)):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
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
    for row in rows:
        summary.append([_safe(v) for v in row])
    summary.column_dimensions["A"].width = 24
    summary.column_dimensions["B"].width = 40
    wb.save(path)
