"""Uploads through the API against the real Neo4j: nothing lost silently, every input error located and German.

A workbook with a stale ``<dimension>`` lands whole; a workbook with thousands of bad rows
is refused with a bounded answer that says where the check stopped; a broken workbook and
a GeoJSON nested 100,000 deep are 422s naming the file as uploaded, never a 500 or a path.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path

import openpyxl
import pytest
from fastapi.testclient import TestClient

from graph.store import GraphStore

from api.app import create_app
from api.security import WRITE_HEADERS
from api.settings import Settings
from importers.template import write_template
from tests.integration.db_state import database_state
from tests.tiny_city import tiny_batch


@pytest.fixture
def client(store: GraphStore, test_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(test_settings, store=store), base_url="http://127.0.0.1", headers=WRITE_HEADERS) as client:
        yield client


def _bad_rows_workbook(tmp_path: Path, n: int) -> tuple[bytes, int]:
    """The template with ``n`` offer rows whose age cell cannot be read, and the first such row."""
    path = tmp_path / "vorlage.xlsx"
    write_template(path, tiny_batch())
    wb = openpyxl.load_workbook(path)
    ws = wb["Angebote"]
    headers = [c.value for c in ws[1]]
    first = ws.max_row + 1
    for i in range(n):
        row: list[object] = [None] * len(headers)
        row[headers.index("ID")], row[headers.index("Titel")] = f"schlecht-{i}", f"Angebot {i}"
        row[headers.index("Alter von")] = "ab drei"
        ws.append(row)
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue(), first


def _stale(data: bytes) -> bytes:
    """The workbook with every sheet's ``<dimension ref=…>`` rewritten to ``A1``."""
    out = BytesIO()
    with zipfile.ZipFile(BytesIO(data)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            content = zin.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                content = re.sub(rb'<dimension ref="[^"]*"\s*/>', b'<dimension ref="A1"/>', content)
            zout.writestr(item, content)
    return out.getvalue()


def test_a_template_with_stale_dimensions_lands_whole(client: TestClient, store: GraphStore, tmp_path: Path) -> None:
    path = tmp_path / "vorlage.xlsx"
    write_template(path, tiny_batch())

    response = client.post("/api/imports", files={"file": ("vorlage.xlsx", _stale(path.read_bytes()))})

    assert response.status_code == 200, response.text
    report = response.json()
    assert report["written"] and report["created"]["Offer"] == len(tiny_batch().offers)
    nodes, _, _ = database_state(store)
    assert nodes >= len(tiny_batch().offers) + len(tiny_batch().actors)


def test_thousands_of_bad_rows_give_a_bounded_answer_and_write_nothing(
    client: TestClient, store: GraphStore, tmp_path: Path
) -> None:
    data, first = _bad_rows_workbook(tmp_path, 3000)
    before = database_state(store)

    response = client.post("/api/imports", files={"file": ("Angebote Stadt.xlsx", data)})

    assert response.status_code == 422
    report = response.json()["report"]
    assert report["problems_total"] == 1001 and len(report["problems"]) == 1000
    assert report["problems_left_out"] == 1 and "1 weitere sind ausgelassen" in report["problems_note"]
    stop = report["groups"][-1]
    assert stop["first_row"] == first + 1000 and stop["sheet"] == "Angebote"
    assert stop["message"].startswith(f"Die Prüfung wurde nach 1.000 Fehlern abgebrochen bei Zeile {first + 1000}")
    assert report["groups"][0]["count"] == 1000 and report["groups"][0]["rows_text"].startswith(f"Zeilen {first}–")
    assert len(response.content) < 1_000_000
    assert database_state(store) == before


@pytest.mark.parametrize("content", [b"Name;Art\nVerein;Verein\n", b"PK\x03\x04 kaputt"])
def test_a_file_that_is_no_workbook_is_named_as_uploaded(client: TestClient, content: bytes) -> None:
    response = client.post("/api/imports", data={"format": "template"},
                           files={"file": ("Akteure Stadt.xlsx", content)})
    assert response.status_code == 422
    [problem] = response.json()["report"]["problems"]
    assert problem["file"] == "Akteure Stadt.xlsx"
    assert problem["message"].startswith("„Akteure Stadt.xlsx“ ist keine gültige Excel-Datei (xlsx): ")
    assert "praevnet-upload" not in response.text and "/tmp" not in response.text
    assert "zip file" not in response.text and "Error" not in response.text


def test_a_geojson_nested_deeply_is_a_located_error_not_a_crash(client: TestClient, store: GraphStore) -> None:
    deep = "[" * 100_000 + "]" * 100_000
    text = ('{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"name": "Nord"}, '
            f'"geometry": {{"type": "Polygon", "coordinates": {deep}}}}}]}}')
    before = database_state(store)
    response = client.post("/api/imports", data={"format": "districts"},
                           files={"file": ("bezirke.geojson", text.encode())})
    assert response.status_code == 422
    [problem] = response.json()["report"]["problems"]
    assert problem["file"] == "bezirke.geojson" and "zu tief verschachtelt" in problem["message"]
    assert database_state(store) == before


def test_the_limits_come_from_the_settings(store: GraphStore, test_settings: Settings, tmp_path: Path) -> None:
    """PRAEVNET_IMPORT_MAX_ERRORS and PRAEVNET_IMPORT_MAX_MB bound uploads as they bound the CLI."""
    data, _ = _bad_rows_workbook(tmp_path, 20)
    settings = test_settings.model_copy(update={"import_max_errors": 5, "import_max_mb": 0.05})
    with TestClient(create_app(settings, store=store), base_url="http://127.0.0.1", headers=WRITE_HEADERS) as client:
        response = client.post("/api/imports", files={"file": ("stadt.xlsx", data)})
        assert response.status_code == 422
        assert response.json()["report"]["problems_total"] == 6  # five errors and the sentence that stopped
        too_big = client.post("/api/imports", files={"file": ("gross.json", b" " * 60_000)})
        assert too_big.status_code == 422 and "größer als erlaubt (0.05 MB)" in too_big.json()["detail"]
