"""A Kumu workbook with coordinates through the import service into Neo4j and out as JSON."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from graph.store import GraphStore

from api.exporting import export_bytes
from api.importing import import_file
from tests.integration.db_state import database_state

DATA = Path(__file__).resolve().parent.parent / "data"
#: a primary school in Gelsenkirchen-Bismarck (UTM 32N) and the same point in WGS84
UTM = (368578, 5710348)
LONLAT = (7.1053814, 51.5289295)


def _kumu(tmp_path: Path) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    elements = wb.create_sheet("Elements")
    for row in [
        ["Label", "Type", "Breitengrad", "Längengrad", "Rechtswert", "Hochwert", "x", "y"],
        ["AWO Nord", "Wohlfahrtsverband", "51,5612", "7,0834", None, None, 10, 20],
        ["Grundschule Marschallstraße", "Schule", None, None, *UTM, 30, 40],
        ["Lernhilfe", "Angebot", "51,52", "7,11", None, None, 50, 60],
        ["Jugendamt", "Amt", None, None, None, None, 70, 80],
        ["Sprache", "Thema", "51,5", "7,1", None, None, 90, 100],
    ]:
        elements.append(row)
    connections = wb.create_sheet("Connections")
    for row in [["From", "To", "Type"], ["AWO Nord", "Lernhilfe", "bietet an"], ["Lernhilfe", "Sprache", None],
                ["AWO Nord", "Jugendamt", "Kooperation"]]:
        connections.append(row)
    path = tmp_path / "karte.xlsx"
    wb.save(path)
    return path


def test_kumu_coordinates_survive_export_and_reimport_is_unchanged(store: GraphStore, tmp_path: Path) -> None:
    path = _kumu(tmp_path)
    first = import_file(store, path, fmt="kumu")
    assert first.written and first.created
    [warning] = [w for w in first.warnings if w.sheet == "Elements"]  # the topic's point is not kept
    assert (warning.sheet, warning.row) == ("Elements", 6)

    exported = json.loads(export_bytes(store.export_batch(), "json"))
    points = {e["id"]: (e["lon"], e["lat"]) for e in exported["actors"] + exported["offers"]}
    assert points == {
        "awo-nord": (7.0834, 51.5612),
        "grundschule-marschallstrasse": pytest.approx(LONLAT, abs=1e-7),
        "lernhilfe": (7.11, 51.52),
        "jugendamt": (None, None),
    }

    state, before = database_state(store)[:2], store.export_batch()  # the hash: the revision counter moves
    again = import_file(store, path, fmt="kumu")
    assert again.written and not again.created and not again.updated
    assert again.unchanged == {"Actor": 3, "Offer": 1, "Topic": 1}
    assert database_state(store)[:2] == state and store.export_batch() == before


def test_kumu_actors_and_offers_are_placed_in_districts(store: GraphStore, tmp_path: Path) -> None:
    import_file(store, DATA / "districts.geojson", fmt="districts")
    report = import_file(store, _kumu(tmp_path), fmt="kumu", place_in=DATA / "districts.geojson")
    assert report.written
    batch = store.export_batch()
    districts = {a.id: a.district for a in batch.actors}
    assert districts == {"awo-nord": "nord", "grundschule-marschallstrasse": "sued", "jugendamt": None}
    assert [o.districts for o in batch.offers] == [["sued"]]


def test_reimported_map_keeps_what_other_sources_filled(store: GraphStore, tmp_path: Path) -> None:
    """A map says nothing of an actor's website or an offer's age range: those stay as stored."""
    import_file(store, _kumu(tmp_path), fmt="kumu")
    richer = store.export_batch()
    richer.actors[0].website = "https://awo-nord.example"
    richer.offers[0].age_min, richer.offers[0].age_max = 6.0, 10.0
    json_path = tmp_path / "reich.json"
    json_path.write_text(richer.model_dump_json())
    assert import_file(store, json_path).updated == {"Actor": 1, "Offer": 1}

    again = import_file(store, _kumu(tmp_path), fmt="kumu")
    assert not again.updated and not again.created
    kept = store.export_batch()
    assert kept.actors[0].website == "https://awo-nord.example"
    assert (kept.offers[0].age_min, kept.offers[0].age_max) == (6.0, 10.0)
    assert (kept.offers[0].lon, kept.offers[0].lat) == (7.11, 51.52)
