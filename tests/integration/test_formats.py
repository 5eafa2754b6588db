"""Every import format through the service into the real Neo4j: round trips, and bad input
refused with the database exactly as it was (checked by an independent query)."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest

from graph.demo import load_demo_batch
from graph.errors import ImportRejected
from graph.model import GraphBatch
from graph.store import GraphStore

from api.exporting import export_bytes
from api.importing import import_file
from tests.integration.db_state import database_state
from tests.tiny_city import tiny_batch

DATA = Path(__file__).resolve().parent.parent / "data"


def _reimport(store: GraphStore, tmp_path: Path, fmt: str, name: str) -> None:
    exported = export_bytes(store.export_batch(), fmt)
    store.delete_all()
    if fmt == "hsds":  # HSDS has no transitions: a city keeps its frame of phases and transitions
        demo = load_demo_batch()
        store.write(GraphBatch(life_phases=demo.life_phases, transitions=demo.transitions))
    target = tmp_path / name
    if name.endswith(".zip"):
        folder = tmp_path / "unpacked"
        with zipfile.ZipFile(__import__("io").BytesIO(exported)) as zf:
            zf.extractall(folder)
        target = folder
    else:
        target.write_bytes(exported)
    import_file(store, target, fmt=None if not name.endswith(".zip") else "hsds")


@pytest.mark.parametrize("fmt,name", [("json", "stadt.json"), ("graphml", "stadt.graphml"), ("gexf", "stadt.gexf")])
def test_demo_city_export_reimport_is_lossless(store: GraphStore, tmp_path: Path, fmt: str, name: str) -> None:
    store.write(load_demo_batch())
    before = store.export_batch()
    _reimport(store, tmp_path, fmt, name)
    after = store.export_batch()
    strip = {"source"}  # a reader records the file it read
    assert [a.model_dump(exclude=strip) for a in after.actors] == [a.model_dump(exclude=strip) for a in before.actors]
    assert [o.model_dump(exclude=strip) for o in after.offers] == [o.model_dump(exclude=strip) for o in before.offers]
    assert after.districts == before.districts and after.cooperations == before.cooperations


def test_hsds_export_reimport_keeps_actors_and_offers(store: GraphStore, tmp_path: Path) -> None:
    store.write(load_demo_batch())
    before = store.export_batch()
    _reimport(store, tmp_path, "hsds", "hsds.zip")
    after = store.export_batch()
    assert {o.id for o in after.offers} == {o.id for o in before.offers}
    assert {o.id: o.title for o in after.offers} == {o.id: o.title for o in before.offers}
    assert {o.id: sorted(o.phases) for o in after.offers} == {o.id: sorted(o.phases) for o in before.offers}


@pytest.mark.parametrize("fixture", ["hsds-1.1", "hsds-3.0", "network.graphml", "network.gexf", "kumu.xlsx", "districts.geojson"])
def test_shipped_samples_import_and_reimport_unchanged(store: GraphStore, tmp_path: Path, fixture: str) -> None:
    source = DATA / fixture
    fmt = "districts" if fixture.endswith(".geojson") else ("kumu" if fixture.startswith("kumu") else None)
    first = import_file(store, source, fmt=fmt)
    assert first.written and sum(first.created.values()) > 0
    state = database_state(store)[:2]
    again = import_file(store, source, fmt=fmt)
    assert not again.created and not again.updated
    assert database_state(store)[:2] == state


def _bad_files(tmp_path: Path) -> dict[str, tuple[Path, str | None]]:
    bomb = tmp_path / "bombe.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/worksheets/sheet1.xml", "0" * (300 * 1024 * 1024))
    laughs = tmp_path / "lachen.graphml"
    laughs.write_text(
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        '<graphml><graph><node id="&lol2;"/></graph></graphml>'
    )
    broken_xml = tmp_path / "kaputt.gexf"
    broken_xml.write_text("<gexf><graph><nodes><node id='a'>")
    geo = json.loads((DATA / "districts.geojson").read_text())
    geo["features"][1]["geometry"]["coordinates"] = [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]  # bow-tie
    bad_geo = tmp_path / "kaputt.geojson"
    bad_geo.write_text(json.dumps(geo))
    no_sheet = tmp_path / "kumu-ohne-elements.xlsx"
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.title = "Connections"
    wb.active.append(["From", "To", "Type"])
    wb.save(no_sheet)
    empty = tmp_path / "leer.graphml"
    empty.write_text("")
    hsds = tmp_path / "hsds"
    shutil.copytree(DATA / "hsds-1.1", hsds)
    services = hsds / "services.csv"
    services.write_text(services.read_text(encoding="utf-8").replace("\n", "\n\"", 1), encoding="utf-8")
    return {
        "zip bomb": (bomb, "kumu"),
        "entity expansion": (laughs, None),
        "malformed xml": (broken_xml, None),
        "invalid geometry": (bad_geo, "districts"),
        "missing sheet": (no_sheet, "kumu"),
        "empty file": (empty, None),
        "malformed hsds csv": (hsds, "hsds"),
    }


@pytest.mark.parametrize(
    "case",
    ["zip bomb", "entity expansion", "malformed xml", "invalid geometry", "missing sheet", "empty file", "malformed hsds csv"],
)
def test_bad_input_is_refused_and_nothing_changes(store: GraphStore, tmp_path: Path, case: str) -> None:
    store.write(tiny_batch())
    before = database_state(store)
    path, fmt = _bad_files(tmp_path)[case]
    with pytest.raises(ImportRejected) as info:
        import_file(store, path, fmt=fmt)
    errors = info.value.report.errors
    assert errors and all(e.message and e.file for e in errors)
    assert database_state(store) == before


def _tabular_bad_files(tmp_path: Path) -> dict[str, tuple[Path, str | None, Path | None]]:
    from openpyxl import load_workbook

    from importers.template import write_template

    def template_with(edit) -> Path:  # type: ignore[no-untyped-def]
        path = tmp_path / f"vorlage-{len(list(tmp_path.glob('vorlage-*')))}.xlsx"
        write_template(path, tiny_batch())
        wb = load_workbook(path)
        edit(wb)
        wb.save(path)
        return path

    def headers(ws) -> dict[str, int]:  # type: ignore[no-untyped-def]
        return {c.value: c.column for c in ws[1] if c.value}

    def drop_sheet(wb) -> None:  # type: ignore[no-untyped-def]
        del wb["Angebote"]

    def drop_column(wb) -> None:  # type: ignore[no-untyped-def]
        ws = wb["Angebote"]
        ws.delete_cols(headers(ws)["Titel"])

    def duplicate_id(wb) -> None:  # type: ignore[no-untyped-def]
        ws = wb["Angebote"]
        ws.cell(row=3, column=headers(ws)["ID"]).value = ws.cell(row=2, column=headers(ws)["ID"]).value

    def bad_range(wb) -> None:  # type: ignore[no-untyped-def]
        ws = wb["Angebote"]
        ws.cell(row=2, column=headers(ws)["Alter von"]).value = 12
        ws.cell(row=2, column=headers(ws)["Alter bis"]).value = 3

    def unknown_actor(wb) -> None:  # type: ignore[no-untyped-def]
        ws = wb["Angebote"]
        ws.cell(row=2, column=headers(ws)["Träger (federführend)"]).value = "gibt-es-nicht"

    csv_dir = tmp_path / "csv"
    csv_dir.mkdir()
    malformed = csv_dir / "kaputt.csv"
    malformed.write_text('Titel;Träger\n"Elterncafé;AWO\nLesepaten;Bibliothek\n', encoding="utf-8")
    binary = csv_dir / "binaer.csv"  # e.g. a PDF or an old .xls renamed to .csv
    binary.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00Titel;Tr\x00ger\n")
    empty = csv_dir / "leer.csv"
    empty.write_text("", encoding="utf-8")
    mapping = csv_dir / "liste.toml"
    mapping.write_text('[table]\nentity = "offer"\n\n[fields]\ntitle = "Titel"\nproviders = "Träger"\n', encoding="utf-8")
    wrong_mapping = csv_dir / "falsch.toml"
    wrong_mapping.write_text('[table]\nentity = "offer"\n\n[fields]\ntitle = "Angebotstitel"\n', encoding="utf-8")
    good = csv_dir / "gut.csv"
    good.write_text("Titel;Träger\nElterncafé;AWO\n", encoding="utf-8")
    return {
        "template: missing sheet": (template_with(drop_sheet), "template", None),
        "template: missing required column": (template_with(drop_column), "template", None),
        "template: duplicate id": (template_with(duplicate_id), "template", None),
        "template: age range not a range": (template_with(bad_range), "template", None),
        "template: unknown actor": (template_with(unknown_actor), "template", None),
        "csv: malformed": (malformed, "table", mapping),
        "csv: wrong encoding": (binary, "table", mapping),
        "csv: empty": (empty, "table", mapping),
        "csv: mapping names a missing column": (good, "table", wrong_mapping),
    }


TABULAR_CASES = [
    "template: missing sheet", "template: missing required column", "template: duplicate id",
    "template: age range not a range", "template: unknown actor", "csv: malformed", "csv: wrong encoding",
    "csv: empty", "csv: mapping names a missing column",
]


@pytest.mark.parametrize("case", TABULAR_CASES)
def test_bad_tables_are_refused_and_nothing_changes(store: GraphStore, tmp_path: Path, case: str) -> None:
    from graph.errors import InvalidData

    store.write(tiny_batch())
    before = database_state(store)
    path, fmt, mapping = _tabular_bad_files(tmp_path)[case]
    with pytest.raises((ImportRejected, InvalidData)) as info:
        import_file(store, path, fmt=fmt, mapping=mapping)
    if isinstance(info.value, ImportRejected):
        errors = info.value.report.errors
        assert errors and all(e.message for e in errors)
        if case.startswith("template") and "sheet" not in case:
            assert any(e.sheet == "Angebote" and e.row for e in errors), [e.describe() for e in errors]
    else:
        assert info.value.problems or str(info.value)
    assert database_state(store) == before


def test_too_large_file_is_refused_before_reading(store: GraphStore, tmp_path: Path) -> None:
    big = tmp_path / "gross.json"
    big.write_text(tiny_batch().model_dump_json(), encoding="utf-8")
    before = database_state(store)
    with pytest.raises(ImportRejected, match="Fehler") as info:
        import_file(store, big, max_bytes=100)
    assert "größer als erlaubt" in info.value.report.errors[0].message
    assert database_state(store) == before


def test_template_round_trip_through_neo4j(store: GraphStore, tmp_path: Path) -> None:
    from importers.template import write_template

    store.write(load_demo_batch())
    path = tmp_path / "stadt.xlsx"
    write_template(path, store.export_batch())
    before = store.export_batch()
    store.delete_all()
    import_file(store, path)
    after = store.export_batch()
    strip = {"source"}
    assert [o.model_dump(exclude=strip) for o in after.offers] == [o.model_dump(exclude=strip) for o in before.offers]
    assert after.districts == before.districts and after.memberships == before.memberships
    again = import_file(store, path)
    assert not again.created and not again.updated


def test_utf16_csv_as_excel_saves_unicode_text(store: GraphStore, tmp_path: Path) -> None:
    path = tmp_path / "unicode.csv"
    path.write_bytes("Titel\tTräger\nElterncafé\tAWO Nord\n".encode("utf-16"))
    mapping = tmp_path / "m.toml"
    mapping.write_text('[table]\nentity = "offer"\n\n[fields]\ntitle = "Titel"\nproviders = "Träger"\n', encoding="utf-8")
    report = import_file(store, path, fmt="table", mapping=mapping)
    assert report.written
    assert [o.title for o in store.export_batch().offers] == ["Elterncafé"]


def test_points_are_placed_in_their_district(store: GraphStore, tmp_path: Path) -> None:
    import_file(store, DATA / "districts.geojson", fmt="districts")
    geo = json.loads((DATA / "districts.geojson").read_text())
    quarter = next(f for f in geo["features"] if f["id"] != "stadt")
    from shapely.geometry import shape

    point = shape(quarter["geometry"]).representative_point()
    csv = tmp_path / "angebote.csv"
    csv.write_text(f"Titel;Träger;Länge;Breite\nSpielgruppe;AWO;{point.x};{point.y}\n".replace(".", ","), encoding="utf-8")
    mapping = tmp_path / "m.toml"
    mapping.write_text(
        '[table]\nentity = "offer"\n\n[fields]\ntitle = "Titel"\nproviders = "Träger"\n\n'
        '[coordinates]\nx = "Länge"\ny = "Breite"\ncrs = "EPSG:4326"\n',
        encoding="utf-8",
    )
    report = import_file(store, csv, fmt="table", mapping=mapping, place_in=DATA / "districts.geojson")
    assert report.written
    offer = store.export_batch().offers[0]
    assert offer.districts == [quarter["id"]] and round(offer.lon, 4) == round(point.x, 4)


def test_csv_export_round_trip(store: GraphStore, tmp_path: Path) -> None:
    store.write(load_demo_batch())
    before = store.export_batch()
    archive = tmp_path / "stadt-csv.zip"
    archive.write_bytes(export_bytes(before, "csv"))
    store.delete_all()
    report = import_file(store, archive, fmt="csv")
    assert report.written
    after = store.export_batch()
    strip = {"source"}
    assert [o.model_dump(exclude=strip) for o in after.offers] == [o.model_dump(exclude=strip) for o in before.offers]
    assert after.districts == before.districts and after.cooperations == before.cooperations
    assert not import_file(store, archive, fmt="csv").updated
