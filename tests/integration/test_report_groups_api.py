"""The rejected upload's problem+json carries the grouped report beside every single problem."""

from __future__ import annotations

from collections.abc import Iterator
from io import BytesIO
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from graph.store import GraphStore

from api.app import create_app
from api.security import WRITE_HEADERS
from api.settings import Settings
from importers.template import write_template
from tests.tiny_city import tiny_batch


@pytest.fixture
def client(store: GraphStore, test_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(test_settings, store=store), base_url="http://127.0.0.1", headers=WRITE_HEADERS) as client:
        yield client


def test_the_same_bad_value_in_every_offer_row_is_one_group(client: TestClient, tmp_path: Path) -> None:
    path = tmp_path / "vorlage.xlsx"
    write_template(path, tiny_batch())
    wb = load_workbook(path)
    ws = wb["Angebote"]
    column = next(c.column for c in ws[1] if c.value == "Alter von")
    offer_rows = [row for row in range(2, ws.max_row + 1) if ws.cell(row=row, column=1).value]
    for row in offer_rows:
        ws.cell(row=row, column=column).value = "ab drei"
    buffer = BytesIO()
    wb.save(buffer)

    response = client.post("/api/imports", files={"file": ("vorlage.xlsx", buffer.getvalue())})

    assert response.status_code == 422
    report = response.json()["report"]
    bad = [p for p in report["problems"] if p["column"] == "Alter von"]
    assert len(bad) == len(offer_rows) > 1
    groups = [g for g in report["groups"] if g["column"] == "Alter von"]
    assert len(groups) == 1
    group = groups[0]
    assert group["count"] == len(offer_rows) and group["sheet"] == "Angebote"
    assert group["first_row"] == offer_rows[0] and group["rows_text"].startswith("Zeilen ")
    assert group["message"] == bad[0]["message"]
