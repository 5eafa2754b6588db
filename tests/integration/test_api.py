"""The HTTP API against the real Neo4j (tiny city)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from graph.store import GraphStore

from api.app import create_app
from api.security import WRITE_HEADERS
from api.settings import Settings
from tests.tiny_city import TINY_GAPS, tiny_batch


@pytest.fixture
def client(store: GraphStore, test_settings: Settings) -> Iterator[TestClient]:
    store.write(tiny_batch())
    with TestClient(create_app(test_settings, store=store), base_url="http://127.0.0.1", headers=WRITE_HEADERS) as client:
        yield client


def test_healthz_reports_neo4j(client: TestClient) -> None:
    body = client.get("/healthz").json()
    assert body["neo4j"] is True and body["status"] == "ok"


def test_list_offers_with_filters_and_pagination(client: TestClient) -> None:
    body = client.get("/api/offers", params={"topic": "sprache", "limit": 2}).json()
    assert body["total"] == 3 and len(body["items"]) == 2 and body["limit"] == 2
    rest = client.get("/api/offers", params={"topic": "sprache", "limit": 2, "offset": 2}).json()
    assert [o["id"] for o in rest["items"]] == ["o-kitastart"]
    nord = client.get("/api/offers", params={"district": "nord", "phase": "p0-3"}).json()
    assert {o["id"] for o in nord["items"]} == {"o-elterncafe", "o-kitastart"}
    by_provider = client.get("/api/offers", params={"provider": "awo"}).json()
    assert {o["id"] for o in by_provider["items"]} == {"o-elterncafe", "o-bruecke-nord"}


def test_get_offer_and_actor(client: TestClient) -> None:
    offer = client.get("/api/offers/o-elterncafe").json()
    assert offer["title"] == "Elterncafé Nord"
    assert offer["providers"] == [{"actor": "awo", "role": "lead"}, {"actor": "jugendamt", "role": "partner"}]
    assert offer["start_date"] == "2024-01-15" and offer["languages"] == ["de", "tr"]
    actor = client.get("/api/actors/jugendamt").json()
    assert actor["part_of"] == "stadtverwaltung" and actor["last_verified"] == "2025-03-01"
    assert client.get("/api/actors", params={"kind": "committee"}).json()["total"] == 1


def test_unknown_ids_and_filters_give_german_problem(client: TestClient) -> None:
    response = client.get("/api/offers/gibt-es-nicht")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["detail"] == "Angebot „gibt-es-nicht“ gibt es nicht."
    assert client.get("/api/offers", params={"district": "atlantis"}).status_code == 404
    assert client.get("/api/analysis/gaps", params={"district": "atlantis"}).status_code == 404
    assert client.get("/api/offers", params={"limit": 0}).status_code == 422


def test_gaps_endpoint(client: TestClient) -> None:
    body = client.get("/api/analysis/gaps").json()
    assert [(g["district"], g["transition"]) for g in body["gaps"]] == TINY_GAPS
    assert body["checked"] == 4 and body["covered"] == 3
    assert "Im Sozialraum Nord begleitet kein Angebot" in body["gaps"][0]["explanation"]
    assert client.get("/api/analysis/gaps", params={"district": "sued"}).json()["gaps"] == []
    coverage = client.get("/api/analysis/coverage", params={"district": "sued"}).json()
    assert len(coverage) == 2 and all(c["covered"] for c in coverage)


def test_projection_follows_writes(client: TestClient, store: GraphStore) -> None:
    assert len(client.get("/api/analysis/gaps").json()["gaps"]) == 1
    batch = tiny_batch()
    ended = next(o for o in batch.offers if o.id == "o-bruecke-nord")
    store.write(batch.model_copy(update={"offers": [ended.model_copy(update={"status": "active"})]}))
    assert client.get("/api/analysis/gaps").json()["gaps"] == []


EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//|url\(\s*["']?\s*(?:https?:)?//""", re.I)


@pytest.mark.parametrize("path", ["/", "/docs", "/maps/network", "/maps/network?district=nord"])
def test_pages_load_nothing_from_the_internet(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert not EXTERNAL.search(response.text), EXTERNAL.search(response.text)
    assert "cdn" not in response.text.lower()


def test_start_page_is_german_and_links(client: TestClient) -> None:
    html = client.get("/").text
    assert 'lang="de"' in html and "Netzwerkkarte öffnen" in html and 'href="/maps/network"' in html
    assert "Im Sozialraum Nord begleitet kein Angebot den Übergang Kita → Grundschule." in html


def test_docs_assets_are_served_by_the_app(client: TestClient) -> None:
    bundle = client.get("/static/swagger/swagger-ui-bundle.js")
    assert bundle.status_code == 200
    spec = client.get("/openapi.json").json()
    assert spec["paths"]["/api/analysis/gaps"]
    # Swagger UI 4 answered "Unable to render this definition" to OpenAPI 3.1; 5 reads it
    version = re.search(r'PACKAGE_VERSION:"(\d+)\.', bundle.text)
    assert spec["openapi"].startswith("3.1") and version and int(version.group(1)) >= 5
    assert "isOAS31" in bundle.text
    page = client.get("/docs").text
    assert "/static/swagger/swagger-ui-bundle.js" in page and "https://" not in page


def test_merge_actors_endpoint(client: TestClient) -> None:
    refused = client.post("/api/actors/merge", json={"keep": "awo", "merge": "kita-sonne"})
    assert refused.status_code == 422 and "force" in refused.json()["detail"]  # a welfare org and a Kita
    response = client.post("/api/actors/merge", json={"keep": "awo", "merge": "kita-sonne", "force": True})
    assert response.status_code == 200 and "zusammengeführt" in response.json()["explanation"]
    assert client.get("/api/actors/kita-sonne").status_code == 404
    assert {o["id"] for o in client.get("/api/offers", params={"provider": "awo"}).json()["items"]} >= {"o-bruecke-sued"}
    assert client.post("/api/actors/merge", json={"keep": "awo", "merge": "awo"}).status_code == 422
