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
