"""Nothing is lost silently; every input error is a located German message, and reports stay bounded.

Pure parsing, no database: stale xlsx dimensions, broken workbooks, files nested deeper
than a parser follows, the early stop after many errors and the bounded JSON report.
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from importers.csv_export import read_csv_export
from importers.geo import read_districts_geojson
from importers.graphml import read_gephi
from importers.hsds import read_hsds
from importers.json_format import read_json
from importers.kumu import read_kumu
from importers.mapping import read_table
import importers.report as limits  # DEFAULT_MAX_ERRORS, JSON_MAX_PROBLEMS, error_limit: looked up per test
from importers.report import ImportReport, ParsedFile
from importers.report_xlsx import write_report_xlsx
from importers.tabular import read_table_file
from importers.template import read_template, write_template
from tests.tiny_city import tiny_batch

DATA = Path(__file__).resolve().parent.parent / "data"
ENGLISH = re.compile(r"zip file|There is no item|Expecting|expected|recursion|Error|openpyxl|support", re.IGNORECASE)


def _stale_dimension(source: Path, target: Path) -> None:
    """Copy an xlsx, rewriting every sheet's ``<dimension ref=…>`` to ``A1`` (as some tools leave it)."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                data, found = re.subn(rb'<dimension ref="[^"]*"\s*/>', b'<dimension ref="A1"/>', data)
                assert found == 1
            zout.writestr(item, data)


def _assert_clean(message: str, tmp_path: Path) -> None:
    """German, no server path, no English library text."""
    assert str(tmp_path) not in message and "/tmp" not in message
    assert not ENGLISH.search(message), message


# --- stale <dimension> --------------------------------------------------------------------


def test_a_table_with_a_stale_dimension_is_read_whole(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Name", "Art", "Stadtteil"])
    for i in range(1, 301):
        ws.append([f"Verein {i}", "Verein", "Nord"])
    fresh = tmp_path / "frisch.xlsx"
    wb.save(fresh)
    stale = tmp_path / "liste.xlsx"
    _stale_dimension(fresh, stale)

    report = ImportReport(file=stale.name, format="tabelle")
    sheet = read_table_file(stale, report)

    assert report.problems == []
    assert sheet is not None and sheet.headers == ["Name", "Art", "Stadtteil"]
    assert len(sheet.rows) == 300 and sheet.rows[-1] == (301, ["Verein 300", "Verein", "Nord"])


def test_a_template_with_stale_dimensions_keeps_every_record(tmp_path: Path) -> None:
    fresh = tmp_path / "export.xlsx"
    write_template(fresh, tiny_batch())
    stale = tmp_path / "vorlage.xlsx"
    _stale_dimension(fresh, stale)

    parsed, expected = read_template(stale), read_template(fresh)

    assert parsed.report.ok and expected.report.ok
    assert len(parsed.batch.offers) == len(tiny_batch().offers) > 0
    assert len(parsed.batch.actors) == len(tiny_batch().actors) > 0
    assert [o.id for o in parsed.batch.offers] == [o.id for o in expected.batch.offers]


def test_a_kumu_workbook_with_stale_dimensions_keeps_every_element(tmp_path: Path) -> None:
    stale = tmp_path / "kumu.xlsx"
    _stale_dimension(DATA / "kumu.xlsx", stale)
    parsed, expected = read_kumu(stale), read_kumu(DATA / "kumu.xlsx")
    assert len(expected.batch.actors) > 1
    assert parsed.batch == expected.batch


# --- broken workbooks: German, the file's own name, no path, no English ------------------------


@pytest.mark.parametrize("content", [b"Name;Art\nVerein;Verein\n", b"PK\x03\x04 kaputt"])
def test_a_file_that_is_no_xlsx_is_named_in_german(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "Akteure Stadt.xlsx"
    path.write_bytes(content)
    for parsed in (read_template(path), read_kumu(path)):
        [error] = parsed.report.errors
        assert error.message.startswith("„Akteure Stadt.xlsx“ ist keine gültige Excel-Datei (xlsx): ")
        assert error.file == "Akteure Stadt.xlsx"
        _assert_clean(error.message, tmp_path)
    report = ImportReport(file=path.name, format="tabelle")
    assert read_table_file(path, report) is None
    [error] = report.errors
    assert "ist keine gültige Excel-Datei (xlsx)" in error.message
    _assert_clean(error.message, tmp_path)


def test_a_zip_without_a_workbook_is_named_in_german(tmp_path: Path) -> None:
    path = tmp_path / "vorlage.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("hallo.txt", "kein Excel")
    [error] = read_template(path).report.errors
    assert error.message.startswith("„vorlage.xlsx“ ist keine gültige Excel-Datei (xlsx): ihr fehlen Teile")
    _assert_clean(error.message, tmp_path)


def test_a_workbook_saved_without_suffix_is_still_read(tmp_path: Path) -> None:
    # an upload keeps the user's name; openpyxl alone refuses a path without .xlsx in English
    path = tmp_path / "vorlage-export"
    write_template(path.with_suffix(".xlsx"), tiny_batch())
    path.with_suffix(".xlsx").rename(path)
    parsed = read_template(path)
    assert parsed.report.ok and len(parsed.batch.offers) == len(tiny_batch().offers)


# --- nested deeper than any parser follows: an error, never a crash ---------------------------

DEPTH = 100_000


def _deep(prefix: str, suffix: str) -> str:
    return prefix + "[" * DEPTH + "]" * DEPTH + suffix


def test_deeply_nested_geojson_is_a_german_error(tmp_path: Path) -> None:
    path = tmp_path / "bezirke.geojson"
    path.write_text(_deep('{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": '
                          '{"name": "Nord"}, "geometry": {"type": "Polygon", "coordinates": ', "}}]}"))
    parsed = read_districts_geojson(path)
    [error] = parsed.report.errors
    assert error.file == "bezirke.geojson" and "zu tief verschachtelt" in error.message
    _assert_clean(error.message, tmp_path)


def test_deeply_nested_json_is_a_german_error(tmp_path: Path) -> None:
    path = tmp_path / "stadt.json"
    path.write_text(_deep('{"offers": ', "}"))
    [error] = read_json(path).report.errors
    assert error.file == "stadt.json" and "zu tief verschachtelt" in error.message
    _assert_clean(error.message, tmp_path)


def test_deeply_nested_hsds_descriptor_is_a_german_error(tmp_path: Path) -> None:
    package = tmp_path / "paket"
    package.mkdir()
    (package / "datapackage.json").write_text(_deep('{"resources": ', "}"))
    [error] = read_hsds(package).report.errors
    assert "datapackage.json" in error.file and "zu tief verschachtelt" in error.message
    _assert_clean(error.message, tmp_path)


def test_deeply_nested_graphml_is_read_or_refused_never_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "netz.graphml"
    path.write_text('<?xml version="1.0"?><graphml xmlns="http://graphml.graphdrawing.org/xmlns"><graph id="G">'
                    '<node id="a"><data key="label">' + "<x>" * DEPTH + "</x>" * DEPTH + "</data></node></graph></graphml>")
    parsed = read_gephi(path)
    assert isinstance(parsed, ParsedFile)
    for problem in parsed.report.problems:
        _assert_clean(problem.message, tmp_path)


@pytest.mark.parametrize(("text", "reason"), [
    ('{"type": "FeatureCollection", "features": [}', "an dieser Stelle wird ein Wert erwartet"),
    ('{"type": "FeatureCollection" "features": []}', "fehlt ein Komma"),
])
def test_a_json_syntax_error_is_german(tmp_path: Path, text: str, reason: str) -> None:
    path = tmp_path / "bezirke.geojson"
    path.write_text(text)
    [error] = read_districts_geojson(path).report.errors
    assert error.row == 1 and reason in error.message
    _assert_clean(error.message, tmp_path)
    json_path = tmp_path / "stadt.json"
    json_path.write_text(text.replace("FeatureCollection", "x"))
    [error] = read_json(json_path).report.errors
    assert error.message.startswith("Die Datei ist kein gültiges JSON (Zeile 1, Spalte ") and reason in error.message
    _assert_clean(error.message, tmp_path)


def test_malformed_xml_is_german(tmp_path: Path) -> None:
    path = tmp_path / "netz.graphml"
    path.write_text('<?xml version="1.0"?>\n<graphml><graph>\n<node id="a"></graph></graphml>')
    [error] = read_gephi(path).report.errors
    assert error.row == 3 and "ein schließendes Element passt nicht zum geöffneten" in error.message
    _assert_clean(error.message, tmp_path)
    assert "mismatched" not in error.message


def test_a_mapping_that_is_missing_or_broken_is_named_without_its_path(tmp_path: Path) -> None:
    from graph.errors import InvalidData
    from importers.mapping_format import load_mapping

    with pytest.raises(InvalidData) as missing:
        load_mapping(tmp_path / "zuordnung.toml")
    assert str(missing.value) == "Die Zuordnung „zuordnung.toml“ lässt sich nicht lesen: sie fehlt oder ist nicht lesbar."
    broken = tmp_path / "kaputt.toml"
    broken.write_text("[table\nentity = 1\n", encoding="utf-8")
    with pytest.raises(InvalidData) as bad:
        load_mapping(broken)
    assert str(bad.value).startswith("Die Zuordnung „kaputt.toml“ ist kein gültiges TOML (Zeile 1, Spalte ")
    _assert_clean(str(bad.value), tmp_path)


@pytest.mark.parametrize(("geometry", "reason"), [
    ({"type": "Polygon", "coordinates": [[[0, 0], [1]]]}, "die Koordinaten bilden keine Fläche"),
    ({"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]}, "schneidet sich selbst bei 0.5, 0.5"),
    ({"type": "LineString", "coordinates": [[0, 0], [1, 1]]}, "ist keine Fläche, sondern ein(e) Linie"),
])
def test_a_bad_geometry_is_explained_in_german(tmp_path: Path, geometry: dict, reason: str) -> None:
    path = tmp_path / "bezirke.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": geometry, "properties": {"name": "Nord"}}]}), encoding="utf-8")
    [error] = read_districts_geojson(path).report.errors
    assert reason in error.message and error.row == 1
    assert not re.search(r"Self-intersection|LineString|linearring|coordinates", error.message, re.IGNORECASE)


def test_a_broken_csv_is_german(tmp_path: Path) -> None:
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "Akteure.csv").write_text('ID;Name\n"a"x;Verein\n', encoding="utf-8")
    messages = [p.message for p in read_csv_export(folder).report.errors]
    assert messages and all(not ENGLISH.search(m) for m in messages), messages


# --- early stop after many errors ------------------------------------------------------------


def _template_with_bad_rows(tmp_path: Path, bad_rows: int, *, trailer: bool = False) -> tuple[Path, list[int]]:
    """The tiny city's template, then ``bad_rows`` offers whose „Alter von“ is no number.

    With ``trailer`` a last offer row carries a value right of the last column (read, it warns).
    """
    path = tmp_path / "vorlage.xlsx"
    write_template(path, tiny_batch())
    wb = openpyxl.load_workbook(path)
    ws = wb["Angebote"]
    headers = [c.value for c in ws[1]]
    template_row = [c.value for c in ws[2]]
    first = ws.max_row + 1
    for i in range(bad_rows):
        row = list(template_row)
        row[headers.index("ID")] = f"schlecht-{i}"
        row[headers.index("Alter von")] = "ab drei"
        ws.append(row)
    if trailer:
        ws.append(["nachzuegler", "Nachzügler", *template_row[2:], None, "rechts daneben"])
    wb.save(path)
    return path, list(range(first, first + bad_rows))


def test_reading_stops_after_the_error_limit_with_a_located_sentence(tmp_path: Path) -> None:
    path, rows = _template_with_bad_rows(tmp_path, 40, trailer=True)
    with limits.error_limit(10):
        parsed = read_template(path)
    # the rest of the workbook is never read: the trailer's warning and later sheets' problems never come
    assert not [p for p in parsed.report.problems if "rechts der letzten Spalte" in p.message]
    assert {p.sheet for p in parsed.report.problems} == {"Angebote"}
    errors = parsed.report.errors
    assert len(errors) == 11 and parsed.report.stopped
    assert [e.row for e in errors[:10]] == rows[:10]
    stop = errors[-1]
    assert (stop.sheet, stop.row, stop.file) == ("Angebote", rows[10], "vorlage.xlsx")
    assert stop.message.startswith(f"Die Prüfung wurde nach 10 Fehlern abgebrochen bei Zeile {rows[10]}; ")
    assert "nichts wurde gespeichert" in stop.message
    assert parsed.batch.node_count() == 0


def test_the_default_limit_stops_after_a_thousand_errors(tmp_path: Path) -> None:
    path, rows = _template_with_bad_rows(tmp_path, limits.DEFAULT_MAX_ERRORS + 200)
    parsed = read_template(path)
    assert len(parsed.report.errors) == limits.DEFAULT_MAX_ERRORS + 1
    assert parsed.report.errors[-1].message.startswith("Die Prüfung wurde nach 1.000 Fehlern abgebrochen")
    assert parsed.report.errors[-1].row == rows[limits.DEFAULT_MAX_ERRORS]


def test_a_file_with_exactly_the_limit_of_errors_is_checked_whole(tmp_path: Path) -> None:
    path, _ = _template_with_bad_rows(tmp_path, 10, trailer=True)
    with limits.error_limit(10):
        parsed = read_template(path)
    assert len(parsed.report.errors) == 10 and not parsed.report.stopped
    assert [p.message for p in parsed.report.warnings] == ["Werte rechts der letzten Spalte werden ignoriert (1)."]


def test_a_table_import_stops_early_too(tmp_path: Path) -> None:
    path = tmp_path / "liste.csv"
    path.write_text("Name;Alter\n" + "".join(f"Verein {i};ab drei\n" for i in range(50)), encoding="utf-8")
    mapping = tmp_path / "zuordnung.toml"
    mapping.write_text('[table]\nentity = "offer"\n[fields]\ntitle = "Name"\nage_min = "Alter"\n', encoding="utf-8")
    with limits.error_limit(5):
        parsed = read_table(path, mapping)
    assert parsed.report.stopped and parsed.report.errors[-1].row == 7
    assert len(parsed.report.errors) == 6


def test_outside_a_reader_nothing_stops() -> None:
    report = ImportReport(file="a.csv", format="tabelle")
    for row in range(2, limits.DEFAULT_MAX_ERRORS + 100):
        report.error("„x“ ist keine Zahl.", row=row)
    assert len(report.errors) == limits.DEFAULT_MAX_ERRORS + 98 and not report.stopped


# --- the JSON report is bounded, the Excel report complete -------------------------------------


def test_json_lists_the_first_problems_and_says_how_many_are_left_out(tmp_path: Path) -> None:
    report = ImportReport(file="liste.xlsx", format="tabelle")
    for row in range(2, 2502):
        report.warning(f"Unbekanntes Thema „T{row}“.", sheet="Angebote", row=row, column="Themen")
    data = report.model_dump(mode="json")
    assert len(data["problems"]) == limits.JSON_MAX_PROBLEMS and data["problems"][0]["row"] == 2
    assert data["problems_total"] == 2500 and data["problems_left_out"] == 1500
    assert data["problems_note"] == (
        "Hier stehen die ersten 1.000 von 2.500 Meldungen; 1.500 weitere sind ausgelassen. "
        "Die Gruppen fassen alle zusammen, der Excel-Bericht enthält jede einzelne."
    )
    assert [g["count"] for g in data["groups"]] == [2500]
    assert len(json.dumps(data)) < 400_000

    target = tmp_path / "bericht.xlsx"
    write_report_xlsx(report, target)
    rows = list(openpyxl.load_workbook(target, read_only=True)["Bericht"].iter_rows(values_only=True))
    assert len(rows) == 2501 and rows[-1][3] == 2501  # every problem, not only the first 1,000


def test_a_small_report_has_no_note() -> None:
    report = ImportReport(file="a.csv", format="tabelle")
    report.error("„x“ ist keine Zahl.", row=2)
    data = report.model_dump(mode="json")
    assert data["problems_left_out"] == 0 and data["problems_note"] is None and len(data["problems"]) == 1
