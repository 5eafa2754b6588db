"""Districts from GeoJSON and placing offers and actors by their coordinates."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pyproj import Transformer

from graph.model import Actor, GraphBatch, Offer
from importers.geo import district_id, place_in_districts, place_parsed, read_districts_geojson
from importers.report import ImportReport, ParsedFile, SourceLocation

DATA = Path(__file__).resolve().parent.parent / "data"
DISTRICTS = DATA / "districts.geojson"


def test_districts_with_indicators() -> None:
    parsed = read_districts_geojson(DISTRICTS, part_of_property="parent")
    by_id = {d.id: d for d in parsed.batch.districts}
    assert list(by_id) == ["stadt", "nord", "sued"]
    assert by_id["stadt"].kind == "city" and by_id["stadt"].population == 260000
    nord = by_id["nord"]
    assert nord.population == 12000 and nord.part_of == "stadt"  # German thousands separator
    assert nord.share_social_benefits == pytest.approx(0.412)  # per cent, with a warning
    assert nord.children_by_phase == {"p0-3": 400, "p3-6": 380}
    assert by_id["sued"].name == "Süd" and by_id["sued"].share_social_benefits == 0.12
    [warning] = parsed.report.warnings
    assert (warning.row, warning.column) == (2, "share_social_benefits")
    assert parsed.report.ok and parsed.locations["sued"].row == 3


def test_ids_from_names_match_other_readers() -> None:
    assert district_id("Süd") == "sued" and district_id("Bismarck / Schalke-Nord") == "bismarck-schalke-nord"


def _write(tmp_path: Path, features: list, **extra) -> Path:
    path = tmp_path / "bezirke.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features, **extra}), encoding="utf-8")
    return path


def _feature(name: str, geometry: dict) -> dict:
    return {"type": "Feature", "geometry": geometry, "properties": {"name": name}}


BOWTIE = {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]}
SQUARE = {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]}


def test_invalid_geometry_names_the_feature(tmp_path: Path) -> None:
    parsed = read_districts_geojson(_write(tmp_path, [_feature("Gut", SQUARE), _feature("Schleife", BOWTIE)]))
    [err] = parsed.report.errors
    assert (err.row, err.column) == (2, "geometry") and "Objekt Nr. 2 („Schleife“)" in err.message
    assert "ungültige Geometrie: die Grenze schneidet sich selbst bei 0.5, 0.5" in err.message
    assert [d.id for d in parsed.batch.districts] == ["gut"]


@pytest.mark.parametrize(("geometry", "message"), [
    ({"type": "Point", "coordinates": [7, 51]}, "keine Fläche"),
    ({"type": "Polygon", "coordinates": [[[0, 0], [1]]]}, "ungültige Geometrie"),
    (None, "keine Geometrie"),
])
def test_geometries_that_are_no_areas(tmp_path: Path, geometry, message: str) -> None:
    err = read_districts_geojson(_write(tmp_path, [_feature("X", geometry)])).report.errors[0]
    assert message in err.message and err.row == 1


@pytest.mark.parametrize(("text", "message"), [
    ("", "leer"),
    ("{", "kein gültiges JSON"),
    ('{"type": "Feature"}', "keine GeoJSON-FeatureCollection"),
    ('{"type": "FeatureCollection", "features": []}', "keine Objekte"),
])
def test_empty_and_broken_files(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "x.geojson"
    path.write_text(text, encoding="utf-8")
    parsed = read_districts_geojson(path)
    assert message in parsed.report.errors[0].message and parsed.batch == GraphBatch()


def test_property_that_no_feature_has(tmp_path: Path) -> None:
    err = read_districts_geojson(DISTRICTS, name_property="Stadtteil").report.errors[0]
    assert err.column == "Stadtteil" and "in keinem Objekt" in err.message and "name" in err.message


def test_duplicate_ids(tmp_path: Path) -> None:
    err = read_districts_geojson(_write(tmp_path, [_feature("Nord", SQUARE), _feature("Nord", SQUARE)])).report.errors[0]
    assert err.row == 2 and "Objekt Nr. 1" in err.message


def _batch(**points: tuple[float, float]) -> GraphBatch:
    """Two actors and three offers; ``points`` gives some of them lon/lat."""
    batch = GraphBatch(
        actors=[Actor(id="awo", name="AWO"), Actor(id="kita", name="Kita", district="sued")],
        offers=[Offer(id="o1", title="Elterncafé"), Offer(id="o2", title="Kurs", districts=["stadt"]), Offer(id="o3", title="Fern")],
    )
    for entity in [*batch.actors, *batch.offers]:
        if entity.id in points:
            entity.lon, entity.lat = points[entity.id]
    return batch


POINTS = {"awo": (7.1, 51.6), "kita": (7.1, 51.6), "o1": (7.1, 51.5), "o2": (7.1, 51.5), "o3": (9.0, 50.0)}


def test_place_in_districts_by_the_entities_own_lon_lat() -> None:
    report = ImportReport(file="x", format="test")
    placed = place_in_districts(_batch(**POINTS), DISTRICTS, report=report)
    offers = {o.id: o.districts for o in placed.offers}
    assert offers == {"o1": ["sued"], "o2": ["stadt"], "o3": []}  # the smallest containing district wins
    assert {a.id: a.district for a in placed.actors} == {"awo": "nord", "kita": "sued"}  # existing kept
    assert sorted(d.id for d in placed.districts) == ["nord", "sued"]
    assert placed.districts[0].population == 12000  # with the file's indicators
    messages = [w.message for w in report.warnings]
    assert any("„o3“" in m and "keinem Sozialraum" in m for m in messages)
    assert any("„kita“" in m and "„sued“" in m and "„nord“" in m for m in messages)
    assert _batch(**POINTS).offers[0].districts == []  # the input batch is left alone


def test_explicit_coords_in_utm_still_work() -> None:
    to_utm = Transformer.from_crs("EPSG:4326", "EPSG:25832", always_xy=True)
    coords = {"o1": to_utm.transform(7.1, 51.6), "unbekannt": (0.0, 0.0)}
    placed = place_in_districts(_batch(), DISTRICTS, coords=coords, crs="EPSG:25832", include_districts=False)
    assert placed.offers[0].districts == ["nord"] and placed.districts == []
    assert placed.offers[0].lon is None  # coords place; they do not become the entity's point


def test_projected_coordinates_given_as_wgs84_are_reported() -> None:
    report = ImportReport(file="x", format="test")
    placed = place_in_districts(_batch(), DISTRICTS, coords={"o1": (360000.0, 5720000.0)}, report=report)
    assert placed.offers[0].districts == [] and "UTM" in report.warnings[0].message


def test_unknown_crs_and_broken_districts_file_are_errors(tmp_path: Path) -> None:
    report = ImportReport(file="x", format="test")
    place_in_districts(_batch(**POINTS), DISTRICTS, coords={}, crs="EPSG:999999", report=report)
    assert "unbekannt" in report.errors[0].message
    broken = _write(tmp_path, [_feature("Schleife", BOWTIE)])
    report = ImportReport(file="x", format="test")
    assert place_in_districts(_batch(**POINTS), broken, report=report) == _batch(**POINTS)
    assert report.errors[0].file == "bezirke.geojson" and "ungültige Geometrie" in report.errors[0].message


def test_districts_file_in_utm(tmp_path: Path) -> None:
    to_utm = Transformer.from_crs("EPSG:4326", "EPSG:25832", always_xy=True)
    ring = [list(to_utm.transform(x, y)) for x, y in [(7.0, 51.5), (7.2, 51.5), (7.2, 51.7), (7.0, 51.7), (7.0, 51.5)]]
    path = _write(tmp_path, [_feature("Nord", {"type": "Polygon", "coordinates": [ring]})],
                  crs={"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::25832"}})
    placed = place_in_districts(_batch(**POINTS), path, include_districts=False)
    assert [a.district for a in placed.actors] == ["nord", "sued"]


def test_nothing_to_place() -> None:
    assert place_in_districts(GraphBatch(), DISTRICTS) == GraphBatch()
    assert place_in_districts(_batch(), DISTRICTS) == _batch()  # no entity has a point


def test_place_parsed_puts_warnings_at_the_rows() -> None:
    parsed = ParsedFile(
        batch=_batch(**POINTS),
        report=ImportReport(file="liste.csv", format="tabelle"),
        locations={"o2": SourceLocation(row=3), "o3": SourceLocation(row=4), "kita": SourceLocation(sheet="Akteure", row=3)},
    )
    placed = place_parsed(parsed, DISTRICTS)
    assert placed.batch == place_in_districts(_batch(**POINTS), DISTRICTS)
    where = {(w.sheet, w.row) for w in placed.report.warnings}
    assert where == {(None, 3), (None, 4), ("Akteure", 3)} and placed.report.ok  # o2 „stadt“ vs „sued“, o3 outside
    assert all(w.file == "liste.csv" for w in placed.report.warnings)
    assert parsed.report.problems == [] and parsed.batch == _batch(**POINTS)  # the input is left alone
    assert {a.id: a.district for a in placed.batch.actors} == {"awo": "nord", "kita": "sued"}


def test_place_parsed_with_a_broken_districts_file_stops_the_import(tmp_path: Path) -> None:
    parsed = ParsedFile(batch=_batch(**POINTS), report=ImportReport(file="liste.csv", format="tabelle"))
    placed = place_parsed(parsed, _write(tmp_path, [_feature("Schleife", BOWTIE)]))
    assert not placed.report.ok and placed.batch == parsed.batch
    empty = place_parsed(ParsedFile(report=ImportReport(file="leer.csv", format="tabelle")), DISTRICTS)
    assert empty.batch == GraphBatch() and empty.report.problems == []
