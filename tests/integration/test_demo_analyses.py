"""Every analysis through the API on the demo city in the real Neo4j: exactly the manifest's plants."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from graph.demo import load_manifest, planted_gaps
from graph.store import GraphStore

from api.app import create_app
from api.security import WRITE_HEADERS
from api.settings import Settings


@pytest.fixture
def client(demo_store: GraphStore, test_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(test_settings, store=demo_store), base_url="http://127.0.0.1", headers=WRITE_HEADERS) as client:
        yield client


def test_parallels_are_exactly_the_planted_ones(client: TestClient) -> None:
    planted = load_manifest()["parallel_structures"]
    body = client.get("/api/analysis/parallels").json()
    assert sorted(sorted(f["offers"]) for f in body["offers"]) == sorted(sorted(p["offers"]) for p in planted["offers"])
    assert sorted(sorted(f["committees"]) for f in body["committees"]) == sorted(
        sorted(p["committees"]) for p in planted["committees"]
    )
    assert all(f["explanation"] for f in body["offers"] + body["committees"])


def test_roles_report_the_isolated_actors(client: TestClient) -> None:
    body = client.get("/api/analysis/roles", params={"top": 5}).json()
    assert sorted(i["actor"] for i in body["isolated"]) == sorted(a["actor"] for a in load_manifest()["isolated_actors"])
    assert len(body["brokers"]) == 5 and body["brokers"][0]["explanation"]
    assert 0 <= body["cross_department"]["share"] <= 1


def test_recommendations_and_what_if(client: TestClient) -> None:
    recs = client.get("/api/analysis/recommendations", params={"top": 3}).json()
    assert len(recs) == 3 and all(r["explanation"] for r in recs)
    # closing the planned bridge's only active neighbour changes nothing; removing an
    # offer that bridges a transition alone opens a gap
    planted = {(g["district"], g["transition"]) for g in planted_gaps()}
    coverage = client.get("/api/analysis/coverage").json()
    sole = next(c for c in coverage if len(c["offers"]) == 1 and c["offers"][0].startswith("ang-"))
    result = client.get("/api/analysis/what-if", params={"offer": sole["offers"][0]}).json()
    opened = {(g["gap"]["district"], g["gap"]["transition"]) for g in result["new_gaps"]}
    assert (sole["district"], sole["transition"]) in opened and not opened & planted
    assert client.get("/api/analysis/what-if", params={"actor": "niemand"}).status_code == 404


def test_cli_and_api_agree_on_parallels(client: TestClient, test_settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    from typer.testing import CliRunner

    from api.cli import app

    if not test_settings.uses_embedded:
        pytest.skip("CLI env wiring is tested with the embedded database")
    monkeypatch.setenv("PRAEVNET_DATA_DIR", str(test_settings.data_dir))
    monkeypatch.setenv("PRAEVNET_NEO4J_PORT", str(test_settings.embedded_port))
    result = CliRunner().invoke(app, ["analyse", "parallels", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == client.get("/api/analysis/parallels").json()


def test_duplicates_are_exactly_the_planted_ones(client: TestClient) -> None:
    manifest = load_manifest()
    clusters = client.get("/api/analysis/duplicates").json()
    assert sorted(c["offers"] for c in clusters) == sorted(sorted(d["offers"]) for d in manifest["duplicate_offers"])
    assert all(c["explanation"] and c["pairs"][0]["reasons"] for c in clusters)
    proposals = client.get("/api/analysis/duplicate-actors").json()
    assert sorted(sorted([p["keep"], p["merge"]]) for p in proposals) == sorted(
        sorted(d["actors"]) for d in manifest["duplicate_actors"]
    )
