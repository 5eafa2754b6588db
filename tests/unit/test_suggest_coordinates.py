"""The suggested mapping gets a [coordinates] section when a table has coordinate columns."""

from __future__ import annotations

from pathlib import Path

import pytest

from importers.mapping import parse_mapping, read_table
from importers.suggest import suggest_mapping

#: a few rows in the shape of the NRW school list (Schulgrunddaten): UTM 32N and a column EPSG
NRW_LIKE = (
    "sep=;\n"
    "Schulnummer;Schulform;Schulbezeichnung_1;Schulbezeichnung_2;PLZ;Ort;Strasse;EPSG;UTMRechtswert;UTMHochwert;\n"
    '"118928";"02";"Städt. Gemeinschaftsgrundschule";"Marschallstraße";"45889";"Gelsenkirchen";"Marschallstr. 6";'
    '"EPSG:25832";"368578";"5710348"\n'
    '"100011";"15";"Städt. Gesamtschule";"Walder Straße";"42781";"Haan";"Walder Str. 15";"null";"361466";"5673192"\n'
    '"100012";"02";"Städt. Grundschule";"Am Friedenspark";"51371";"Leverkusen";"Netzestr. 12";"25832";"361100";"5658900"\n'
)
GERMANY = ((5.8, 15.1), (47.2, 55.1))


def _csv(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "liste.csv"
    path.write_text(text, encoding="utf-8")
    return path


def _in_germany(lon: float | None, lat: float | None) -> bool:
    (west, east), (south, north) = GERMANY
    return lon is not None and lat is not None and west <= lon <= east and south <= lat <= north


def test_nrw_school_list_gets_utm_coordinates_from_its_epsg_column(tmp_path: Path) -> None:
    data = _csv(tmp_path, NRW_LIKE)
    text = suggest_mapping(data)
    mapping = parse_mapping(text)
    assert mapping.coordinates is not None
    assert (mapping.coordinates.x, mapping.coordinates.y, mapping.coordinates.crs) == (
        "UTMRechtswert", "UTMHochwert", "EPSG:25832")
    assert "Spalte „EPSG“" in text
    assert not {'#   "UTMRechtswert"', '#   "UTMHochwert"', '#   "EPSG"'} & set(text.splitlines())  # all assigned
    parsed = read_table(data, mapping)
    assert parsed.report.problems == []
    assert len(parsed.batch.actors) == 3 and all(_in_germany(a.lon, a.lat) for a in parsed.batch.actors)
    school = next(a for a in parsed.batch.actors if a.id == "118928")
    assert (school.lon, school.lat) == pytest.approx((7.1053814, 51.5289295), abs=1e-7)


def test_utm_without_epsg_column_is_guessed_with_a_hint_on_the_zone(tmp_path: Path) -> None:
    data = _csv(tmp_path, "Träger;Rechtswert;Hochwert\nAWO Nord;368578;5710348\nCaritas;368.900;5.711.000\n")
    text = suggest_mapping(data)
    mapping = parse_mapping(text)
    assert mapping.coordinates is not None and mapping.coordinates.crs == "EPSG:25832"
    assert "Zone 32N" in text and "EPSG:25833" in text  # the clerk is told to check the zone
    parsed = read_table(data, mapping)
    assert parsed.report.problems == [] and all(_in_germany(a.lon, a.lat) for a in parsed.batch.actors)


@pytest.mark.parametrize("headers", ["Breitengrad;Längengrad", "Lat;Lon", "Latitude;Longitude"])
def test_latitude_longitude_headers_give_wgs84(tmp_path: Path, headers: str) -> None:
    data = _csv(tmp_path, f"Maßnahme;Anbieter;{headers}\nElterncafé;AWO;51,52893;7,10538\n")
    text = suggest_mapping(data)
    mapping = parse_mapping(text)
    lat, lon = headers.split(";")
    assert mapping.coordinates is not None
    assert (mapping.coordinates.x, mapping.coordinates.y, mapping.coordinates.crs) == (lon, lat, "EPSG:4326")
    parsed = read_table(data, mapping)
    [offer] = parsed.batch.offers
    assert parsed.report.problems == [] and (offer.lon, offer.lat) == (7.10538, 51.52893)


def test_east_north_with_degrees_are_wgs84(tmp_path: Path) -> None:
    data = _csv(tmp_path, "Name;East;North\nAWO;7.1;51.5\nKita;7.2;51.6\n")
    mapping = parse_mapping(suggest_mapping(data))
    assert mapping.coordinates is not None and mapping.coordinates.crs == "EPSG:4326"


def test_easting_with_zone_in_front(tmp_path: Path) -> None:
    data = _csv(tmp_path, "Name;UTM Rechtswert;UTM Hochwert\nSchule;32368578;5710348\n")
    mapping = parse_mapping(suggest_mapping(data))
    assert mapping.coordinates is not None and mapping.coordinates.crs == "EPSG:4647"
    [actor] = read_table(data, mapping).batch.actors
    assert (actor.lon, actor.lat) == pytest.approx((7.1053814, 51.5289295), abs=1e-7)


def test_no_coordinate_columns_no_section(tmp_path: Path) -> None:
    text = suggest_mapping(_csv(tmp_path, "Träger;Ort;x;y\nAWO;Gelsenkirchen;1;2\n"))
    assert "[coordinates]" not in text


def test_gauss_krueger_is_recognised_by_its_seven_digit_easting(tmp_path: Path) -> None:
    data = _csv(tmp_path, "Name;Rechtswert;Hochwert\nSchule;2574000;5710000\n")
    text = suggest_mapping(data)
    mapping = parse_mapping(text)
    assert mapping.coordinates is not None and mapping.coordinates.crs == "EPSG:31466"
    assert "Gauß-Krüger-Streifen 2" in text
    [actor] = read_table(data, mapping).batch.actors
    assert _in_germany(actor.lon, actor.lat)
