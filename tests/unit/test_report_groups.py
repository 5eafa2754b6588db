"""Repeated import problems folded into groups: keys, row text, JSON, workbook and terminal."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from rich.console import Console

from importers.report import (
    ImportProblem,
    ImportReport,
    Severity,
    format_row_ranges,
    group_problems,
    grouped_rows,
    message_template,
    rows_text,
)
from importers.report_xlsx import write_report_xlsx


def _city_list() -> ImportReport:
    """The issue's case: one column wrong in almost every row of a 3,000-row list, plus a few others."""
    report = ImportReport(file="stadt.xlsx", format="xlsx-vorlage")
    for row in range(2, 2952):
        report.error("„ab 3“ ist kein Altersbereich.", sheet="Angebote", row=row, column="Alter")
        if row == 7:
            report.warning("Unbekanntes Thema „Sport“.", sheet="Angebote", row=row, column="Themen")
    report.error("„zwölf“ ist keine Zahl.", sheet="Angebote", row=40, column="Plätze")
    report.error("„x“ ist keine Zahl.", sheet="Angebote", row=41, column="Plätze")
    return report


# --- keys -------------------------------------------------------------------------------


def test_template_replaces_quoted_values_and_numbers() -> None:
    assert message_template("„abc“ ist keine Zahl.") == message_template("„12,5 €“ ist keine Zahl.")
    assert message_template("Die Zeile hat 7 Felder, die Kopfzeile nur 5.") == "Die Zeile hat # Felder, die Kopfzeile nur #."
    assert message_template("„a“ ist keine Zahl.") != message_template("„a“ ist kein Datum (TT.MM.JJJJ).")


def test_the_city_list_becomes_three_lines() -> None:
    groups = _city_list().groups
    assert [(g.severity, g.column, g.count) for g in groups] == [
        (Severity.ERROR, "Alter", 2950),
        (Severity.WARNING, "Themen", 1),
        (Severity.ERROR, "Plätze", 2),
    ]
    age = groups[0]
    assert age.rows_text == "Zeilen 2–2951" and age.first_row == 2 and age.message == "„ab 3“ ist kein Altersbereich."
    numbers = groups[2]
    assert numbers.variants == 2 and numbers.rows == [40, 41]
    assert numbers.message.startswith("„zwölf“ ist keine Zahl.") and "1 ähnliche Meldung" in numbers.message


def test_different_place_severity_or_sentence_stays_apart() -> None:
    report = ImportReport(file="a.xlsx", format="xlsx")
    report.error("„x“ ist keine Zahl.", sheet="Angebote", row=2, column="Plätze")
    report.error("„x“ ist keine Zahl.", sheet="Angebote", row=3, column="Alter von")  # other column
    report.error("„x“ ist keine Zahl.", sheet="Akteure", row=4, column="Plätze")  # other sheet
    report.warning("„x“ ist keine Zahl.", sheet="Angebote", row=5, column="Plätze")  # other severity
    report.error("„x“ ist kein Datum (TT.MM.JJJJ).", sheet="Angebote", row=6, column="Plätze")  # other sentence
    report.problems.append(  # other file (an HSDS package reports per CSV file)
        ImportProblem(severity=Severity.ERROR, message="„x“ ist keine Zahl.", file="service.csv", row=7, column="Plätze")
    )
    report.error("„y“ ist keine Zahl.", sheet="Angebote", row=8, column="Plätze")  # same as the first
    assert [g.count for g in report.groups] == [2, 1, 1, 1, 1, 1]
    assert report.groups[0].rows == [2, 8]


def test_problems_without_a_row_group_only_by_identical_text() -> None:
    report = ImportReport(file="a.xlsx", format="xlsx")
    report.error("Das Blatt „Angebote“ fehlt.", sheet=None)
    report.error("Das Blatt „Akteure“ fehlt.", sheet=None)
    report.error("Das Blatt „Angebote“ fehlt.", sheet=None)
    report.error("Das Blatt „Angebote“ fehlt.", row=3)  # located: not mixed with the file-level ones
    groups = report.groups
    assert [(g.message, g.count, g.rows_text) for g in groups] == [
        ("Das Blatt „Angebote“ fehlt.", 2, ""),
        ("Das Blatt „Akteure“ fehlt.", 1, ""),
        ("Das Blatt „Angebote“ fehlt.", 1, "Zeile 3"),
    ]
    assert groups[0].first_row is None


def test_order_is_first_appearance_and_rows_are_sorted_and_distinct() -> None:
    report = ImportReport(file="a.csv", format="tabelle")
    report.warning("Unbekanntes Thema „b“.", row=9, column="Themen")
    report.error("„x“ ist keine Zahl.", row=12, column="Alter")
    report.warning("Unbekanntes Thema „a“.", row=3, column="Themen")
    report.warning("Unbekanntes Thema „c“.", row=9, column="Themen")  # a second bad value in the same cell
    groups = group_problems(report.problems)
    assert [g.column for g in groups] == ["Themen", "Alter"]
    themes = groups[0]
    assert themes.rows == [3, 9] and themes.count == 3 and themes.variants == 3
    assert themes.message.startswith("Unbekanntes Thema „b“.")  # the first one met is the example


# --- row text ---------------------------------------------------------------------------


def test_row_text() -> None:
    assert rows_text([7]) == "Zeile 7"
    assert rows_text([7, 7]) == "Zeile 7"
    assert rows_text([]) == ""
    assert rows_text([12, 2, 3, 4, 5, 9, *range(13, 41)]) == "Zeilen 2–5, 9, 12–40"
    assert rows_text([4, 5]) == "Zeilen 4–5"


def test_many_ranges_are_cut_and_the_rest_counted_in_rows() -> None:
    rows = list(range(2, 200, 2))  # 99 single rows, no two adjacent
    text = rows_text(rows)
    assert text == "Zeilen 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, … und 89 weitere"
    assert format_row_ranges([*range(1, 1001), 2000, 3000], max_ranges=1) == "1–1000, … und 2 weitere"
    assert format_row_ranges(range(2, 5000, 2), max_ranges=3).endswith("… und 2.496 weitere")


# --- table rows for the terminal ---------------------------------------------------------


def test_a_group_of_one_reads_like_the_single_problem() -> None:
    report = ImportReport(file="a.xlsx", format="xlsx")
    report.error("„x“ ist keine Zahl.", sheet="Angebote", row=3, column="Plätze")
    report.warning("Unbekannte Spalte „Foo“ wird ignoriert.", sheet="Angebote", row=1, column="Foo")
    report.error("Die Datei ist leer.")
    expected = [("Fehler" if p.severity == "error" else "Warnung", p.location(), p.message) for p in report.problems]
    assert grouped_rows(report) == expected


def test_grouped_rows_of_the_city_list() -> None:
    kind, where, message = grouped_rows(_city_list())[0]
    assert kind == "Fehler"
    assert where == "stadt.xlsx, Blatt „Angebote“, Zeilen 2–2951, Spalte „Alter“"
    assert message == "2.950-mal: „ab 3“ ist kein Altersbereich."


def test_cli_prints_one_line_per_group(monkeypatch: pytest.MonkeyPatch) -> None:
    import api.cli_io as cli_io

    console = Console(record=True, width=250, color_system=None)
    monkeypatch.setattr(cli_io, "console", console)
    report = _city_list()
    report.error("„[bold]“ ist keine Zahl.", sheet="Angebote", row=50, column="Kosten")  # no rich markup
    cli_io._print_report(report)
    out = console.export_text()
    assert out.count("ist kein Altersbereich") == 1 and "Zeilen 2–2951" in out
    assert "„[bold]“ ist keine Zahl." in out
    assert "2.954 Meldungen" in out and "4 Einträgen" in out


# --- JSON for the API --------------------------------------------------------------------


def test_json_has_groups_beside_the_first_problems() -> None:
    report = _city_list()
    data = report.model_dump(mode="json")
    assert len(data["problems"]) == 1000 and data["problems"] == [
        p.model_dump(mode="json") for p in report.problems[:1000]
    ]
    assert data["problems_total"] == 2953 and data["problems_left_out"] == 1953
    assert data["problems_note"].startswith("Hier stehen die ersten 1.000 von 2.953 Meldungen; 1.953 weitere")
    assert set(data["problems"][0]) == {"severity", "message", "file", "sheet", "row", "column"}
    assert [set(g) for g in data["groups"]] == [
        {"severity", "sheet", "column", "message", "count", "rows_text", "first_row", "variants"}
    ] * 3
    assert data["groups"][0] == {
        "severity": "error", "sheet": "Angebote", "column": "Alter", "message": "„ab 3“ ist kein Altersbereich.",
        "count": 2950, "rows_text": "Zeilen 2–2951", "first_row": 2, "variants": 1,
    }
    small = ImportReport(file="a.csv", format="tabelle", problems=report.problems[:3])
    assert ImportReport.model_validate(small.model_dump(mode="json")) == small  # computed fields are never read back


def test_a_route_with_the_report_as_response_model_shows_groups() -> None:
    app = FastAPI()

    @app.get("/report", response_model=ImportReport)
    def show() -> ImportReport:
        return _city_list()

    body = TestClient(app).get("/report").json()
    assert [g["count"] for g in body["groups"]] == [2950, 1, 2] and len(body["problems"]) == 1000
    assert body["problems_total"] == 2953


# --- workbook ----------------------------------------------------------------------------


def test_workbook_starts_with_the_grouped_overview(tmp_path: Path) -> None:
    report = _city_list()
    report.warning("Unbekannte Spalte wird ignoriert.", sheet="Angebote", row=1, column="=HYPERLINK(\"x\")")
    target = tmp_path / "bericht.xlsx"
    write_report_xlsx(report, target)
    wb = load_workbook(target)
    assert wb.sheetnames == ["Übersicht", "Bericht", "Zusammenfassung"]
    rows = list(wb["Übersicht"].iter_rows(values_only=True))
    assert rows[0] == ("Art", "Blatt", "Spalte", "Meldung", "Anzahl", "Zeilen")
    assert rows[1] == ("Fehler", "Angebote", "Alter", "„ab 3“ ist kein Altersbereich.", 2950, "2–2951")
    assert rows[2] == ("Warnung", "Angebote", "Themen", "Unbekanntes Thema „Sport“.", 1, "7")
    assert rows[3][4:] == (2, "40–41")
    assert rows[4][2] == "'=HYPERLINK(\"x\")"  # never a formula
    assert len(rows) == 5
    detail = list(wb["Bericht"].iter_rows(values_only=True))
    assert detail[0] == ("Art", "Datei", "Blatt", "Zeile", "Spalte", "Meldung", "Erledigt")
    assert len(detail) == 1 + len(report.problems)
    assert dict(wb["Zusammenfassung"].iter_rows(values_only=True))["Fehler"] == 2952


def test_workbook_names_the_package_file_when_there_is_no_sheet(tmp_path: Path) -> None:
    report = ImportReport(file="paket", format="hsds")
    report.problems.append(
        ImportProblem(severity=Severity.ERROR, message="„x“ ist keine Zahl.", file="service.csv", row=3, column="age")
    )
    write_report_xlsx(report, tmp_path / "b.xlsx")
    rows = list(load_workbook(tmp_path / "b.xlsx")["Übersicht"].iter_rows(values_only=True))
    assert rows[1][:3] == ("Fehler", "service.csv", "age")
