"""Kumu workbooks: coordinate columns of elements become WGS84 lon/lat of actors and offers."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from graph.model import GraphBatch
from importers.geo import place_parsed
from importers.kumu import read_kumu

#: a primary school in Gelsenkirchen-Bismarck: UTM 32N and the same point in WGS84
UTM = (368578, 5710348)
LONLAT = (7.1053814, 51.5289295)


def _workbook(tmp_path: Path, elements: list[list], connections: list[list] | None = None) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in (("Elements", elements), ("Connections", connections or [["From", "To", "Type"]])):
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    path = tmp_path / "karte.xlsx"
    wb.save(path)
    return path


def _points(batch: GraphBatch) -> dict[str, tuple[float | None, float | None]]:
    return {e.id: (e.lon, e.lat) for e in [*batch.actors, *batch.offers]}


def test_latitude_longitude_with_decimal_commas(tmp_path: Path) -> None:
    path = _workbook(tmp_path, [
        ["Label", "Type", "Latitude", "Longitude", "x", "y"],
        ["AWO Nord", "Wohlfahrtsverband", "51,96", "7,62", 120, -40],
        ["Elterncafé", "Angebot", 51.5, 7.1, 300, 10],
        ["Kita ohne Ort", "Kita", None, None, 0, 0],
    ])
    parsed = read_kumu(path)
    assert parsed.report.problems == []  # x/y (Kumu's layout) and the coordinate columns are known
    assert _points(parsed.batch) == {"awo-nord": (7.62, 51.96), "elterncafe": (7.1, 51.5), "kita-ohne-ort": (None, None)}
    assert read_kumu(path).batch == parsed.batch


@pytest.mark.parametrize("headers", [("Lat", "Lng"), ("lat", "lon"), ("Breitengrad", "Längengrad")])
def test_other_spellings_of_geographic_columns(tmp_path: Path, headers: tuple[str, str]) -> None:
    path = _workbook(tmp_path, [["Label", "Type", *headers], ["AWO", "Verband", "51,52893", "7,10538"]])
    parsed = read_kumu(path)
    assert parsed.report.problems == [] and _points(parsed.batch) == {"awo": (7.10538, 51.52893)}


@pytest.mark.parametrize("headers", [("Rechtswert", "Hochwert"), ("East", "North"), ("UTMRechtswert", "UTMHochwert")])
def test_utm_columns_are_converted(tmp_path: Path, headers: tuple[str, str]) -> None:
    path = _workbook(tmp_path, [["Label", "Type", *headers], ["Grundschule", "Schule", *UTM],
                                ["Kita", "Kita", "368.578", "5.710.348"]])
    parsed = read_kumu(path)
    assert parsed.report.problems == []
    assert _points(parsed.batch) == {"grundschule": LONLAT, "kita": LONLAT}


def test_epsg_column_names_the_system_of_each_row(tmp_path: Path) -> None:
    east = (411_000, 5_700_000)  # zone 33N: the same numbers mean a point 6° further east
    path = _workbook(tmp_path, [["Label", "Type", "EPSG", "Rechtswert", "Hochwert"],
                                ["West", "Schule", "EPSG:25832", *UTM], ["Ost", "Schule", 25833, *east],
                                ["Ohne", "Schule", "null", *UTM], ["Kaputt", "Schule", "UTM", *UTM]])
    parsed = read_kumu(path)
    points = _points(parsed.batch)
    assert points["west"] == points["ohne"] == LONLAT  # an empty EPSG cell: the guess from the values
    assert 13.5 < points["ost"][0] < 14 and points["kaputt"] == (None, None)
    [warning] = parsed.report.warnings
    assert (warning.sheet, warning.row, warning.column) == ("Elements", 5, "EPSG")
    assert "„UTM“ ist unbekannt" in warning.message and "ohne Koordinaten übernommen" in warning.message


def test_mapping_coordinates_win_over_guessing(tmp_path: Path) -> None:
    path = _workbook(tmp_path, [["Label", "Type", "Lat", "Lon", "RW", "HW"],
                                ["Schule", "Schule", 10, 10, *UTM]])
    mapping = tmp_path / "karte.toml"
    mapping.write_text('[coordinates]\nx = "RW"\ny = "HW"\ncrs = "EPSG:25832"\n', encoding="utf-8")
    parsed = read_kumu(path, mapping=mapping)
    assert _points(parsed.batch) == {"schule": LONLAT}
    # the columns the mapping does not name are not read, and the report says so
    assert [w.column for w in parsed.report.warnings] == ["Lat", "Lon"]


def test_mapping_naming_a_missing_column_is_an_error(tmp_path: Path) -> None:
    path = _workbook(tmp_path, [["Label", "Type", "RW"], ["Schule", "Schule", UTM[0]]])
    mapping = tmp_path / "karte.toml"
    mapping.write_text('[coordinates]\nx = "RW"\ny = "Hochwert"\ncrs = "EPSG:25832"\n', encoding="utf-8")
    report = read_kumu(path, mapping=mapping).report
    [error] = report.errors
    assert "„Hochwert“" in error.message and "karte.toml" in error.message and error.sheet == "Elements"


def test_bad_values_are_warnings_at_their_cell(tmp_path: Path) -> None:
    path = _workbook(tmp_path, [
        ["Label", "Type", "Breitengrad", "Längengrad"],
        ["Gut", "Verein", "51,5", "7,1"],
        ["Text", "Verein", "51,5", "östlich"],
        ["Halb", "Verein", "51,5", None],
        ["Weit", "Verein", "151,5", "7,1"],
        ["UTM", "Verein", UTM[1], UTM[0]],
    ])
    parsed = read_kumu(path)
    assert parsed.report.ok  # every element is imported, the bad ones without a point
    assert _points(parsed.batch) == {"gut": (7.1, 51.5), "text": (None, None), "halb": (None, None),
                                     "weit": (None, None), "utm": (None, None)}
    located = [(w.sheet, w.row, w.column) for w in parsed.report.warnings]
    assert located == [("Elements", 3, "Längengrad"), ("Elements", 4, "Längengrad"),
                       ("Elements", 5, "Längengrad"), ("Elements", 6, "Längengrad")]
    messages = [w.message for w in parsed.report.warnings]
    assert "„östlich“ ist keine Koordinate" in messages[0] and "Nur eine" in messages[1]
    assert "keine WGS84" in messages[2] and "UTM" in messages[3]
    assert all(m.endswith("Der Eintrag wird ohne Koordinaten übernommen.") for m in messages)


def test_coordinates_of_topics_and_districts_are_dropped_with_one_warning(tmp_path: Path) -> None:
    path = _workbook(tmp_path, [
        ["Label", "Type", "Lat", "Lon"],
        ["Nord", "Stadtteil", 51.6, 7.1],
        ["Sprache", "Thema", 51.6, 7.1],
        ["Süd", "Stadtteil", 51.5, 7.1],
        ["AWO", "Verband", 51.5, 7.1],
    ])
    parsed = read_kumu(path)
    [warning] = parsed.report.warnings
    assert (warning.row, warning.column) == (2, "Lon") and "„Nord“" in warning.message
    assert _points(parsed.batch) == {"awo": (7.1, 51.5)}


def test_a_lone_coordinate_column_is_an_unknown_column(tmp_path: Path) -> None:
    parsed = read_kumu(_workbook(tmp_path, [["Label", "Type", "Lat"], ["AWO", "Verband", 51.5]]))
    [warning] = parsed.report.warnings
    assert warning.column == "Lat" and "unbekannt" in warning.message


def test_placed_in_districts_by_their_point(tmp_path: Path) -> None:
    square = {"type": "Polygon", "coordinates": [[[7.0, 51.45], [7.2, 51.45], [7.2, 51.55], [7.0, 51.55], [7.0, 51.45]]]}
    geojson = tmp_path / "sozialraeume.geojson"
    geojson.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "id": "sued", "geometry": square, "properties": {"name": "Süd"}}]}), encoding="utf-8")
    path = _workbook(tmp_path, [
        ["Label", "Type", "Rechtswert", "Hochwert"],
        ["Grundschule", "Schule", *UTM],
        ["Lernhilfe", "Angebot", "368.578", "5.710.348"],
        ["Weit weg", "Verein", 411_000, 5_800_000],
    ], [["From", "To", "Type"], ["Grundschule", "Lernhilfe", "bietet an"]])
    placed = place_parsed(read_kumu(path), geojson)
    actors = {a.id: a.district for a in placed.batch.actors}
    assert actors == {"grundschule": "sued", "weit-weg": None}
    assert placed.batch.offers[0].districts == ["sued"] and [d.id for d in placed.batch.districts] == ["sued"]
    [warning] = placed.report.warnings
    assert (warning.sheet, warning.row) == ("Elements", 4) and "in keinem Sozialraum" in warning.message
