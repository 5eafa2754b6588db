"""A Stadtteil statistics table through the API into the real Neo4j, checked by an independent query."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from graph.store import GraphStore

from api.app import create_app
from api.security import WRITE_HEADERS
from api.settings import Settings
from tests.integration.db_state import database_state
from tests.tiny_city import tiny_batch

DATA = Path(__file__).resolve().parent.parent / "data"


def _district(store: GraphStore, district: str) -> dict:
    records, _, _ = store._driver.execute_query(
        "MATCH (d:District {id: $id}) OPTIONAL MATCH (d)-[:PART_OF]->(p) RETURN properties(d) AS props, p.id AS parent",
        {"id": district}, database_=store._database,
    )
    return {**records[0]["props"], "parent": records[0]["parent"]}


def test_statistics_import_keeps_shares_below_one_per_cent_and_feeds_the_ranking(
    store: GraphStore, test_settings: Settings
) -> None:
    store.write(tiny_batch())
    with TestClient(create_app(test_settings, store=store), base_url="http://127.0.0.1", headers=WRITE_HEADERS) as client:
        before = database_state(store)
        refused = client.post("/api/imports", data={"format": "statistics"},
                              files={"file": ("stadtteilprofil.csv", (DATA / "stadtteilprofil.csv").read_bytes())})
        assert refused.status_code == 422 and "„Mitte“ gibt es nicht" in refused.text
        assert database_state(store) == before  # all or nothing
        response = client.post(
            "/api/imports", params={"create_missing": "districts"}, data={"format": "statistics"},
            files={"file": ("stadtteilprofil.csv", (DATA / "stadtteilprofil.csv").read_bytes())},
        )
        assert response.status_code == 200, response.text
        sued, nord = _district(store, "sued"), _district(store, "nord")
        assert sued["share_social_benefits"] == 0.008 and sued["name"] == "Süd" and sued["parent"] == "stadt"
        assert nord["share_social_benefits"] == 0.284 and nord["population"] == 12301
        assert _district(store, "mitte")["name"] == "Mitte"
        gaps = client.get("/api/analysis/gaps", params={"evidence": "tagged"}).json()["gaps"]
        ranked = next(g for g in gaps if g["district"] == "nord")
        assert ranked["share_social_benefits"] == 0.284 and "28 %" in ranked["priority_reason"]
