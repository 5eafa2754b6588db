"""An import report as an Excel workbook a clerk can work through, row by row."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from importers.report import ImportReport

HEADERS = ["Art", "Datei", "Blatt", "Zeile", "Spalte", "Meldung", "Erledigt"]


def _safe(value: object) -> object:
    # a message may quote a cell from the user's file: never let it become a formula
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def write_report_xlsx(report: ImportReport, path: Path) -> None:
    """Write ``report`` to ``path``: one sheet „Bericht“ with one problem per row, and „Übersicht“."""
    wb = Workbook()
    sheet = wb.active
    sheet.title = "Bericht"
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    red = PatternFill("solid", fgColor="F8D7DA")
    yellow = PatternFill("solid", fgColor="FFF3CD")
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
    summary = wb.create_sheet("Übersicht")
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
