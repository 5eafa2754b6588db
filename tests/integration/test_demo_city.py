"""The demo city through the real Neo4j: the analyses find exactly the manifest's plants."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient

from graph.analysis.gaps import find_transition_gaps
from graph.demo import load_demo_batch, load_manifest, planted_gaps
from graph.projection import graph_from_batch
from graph.store import GraphStore

from api.app import create_app
from api.settings import Settings


def _planted_gaps() -> list[tuple[str, str]]:
    return sorted((g["district"], g["transition"]) for g in planted_gaps())


def test_demo_city_round_trips_through_neo4j(demo_store: GraphStore) -> None:
    batch = load_demo_batch()
    counts = demo_store.counts()
    assert counts["Actor"] == len(batch.actors) >= 80
    assert counts["Offer"] == len(batch.offers) >= 200
    assert counts["Topic"] == 10 and counts["LifePhase"] == 6
    stored, expected = demo_store.load_graph(), graph_from_batch(batch)
    assert set(stored.nodes) == set(expected.nodes)
    assert set(stored.edges(keys=True)) - {e for e in stored.edges(keys=True) if e[2] == "NEXT"} == set(
        expected.edges(keys=True)
    )


def test_gap_analysis_finds_exactly_the_planted_gaps(demo_store: GraphStore) -> None:
    gaps = find_transition_gaps(demo_store.load_graph())
    assert sorted((g.district, g.transition) for g in gaps) == _planted_gaps()
    by_pair = {(g.district, g.transition): g for g in gaps}
    for planted in planted_gaps():
        assert by_pair[planted["district"], planted["transition"]].inactive_offers == sorted(
            planted.get("inactive_offers", [])
        )


def test_api_lists_exactly_the_planted_gaps(demo_store: GraphStore, test_settings: Settings) -> None:
    with TestClient(create_app(test_settings, store=demo_store)) as client:
        body = client.get("/api/analysis/gaps").json()
        assert sorted((g["district"], g["transition"]) for g in body["gaps"]) == _planted_gaps()
        assert all(g["explanation"].startswith("Im Sozialraum ") for g in body["gaps"])
        nord = client.get("/api/analysis/gaps", params={"district": "nord"}).json()["gaps"]
        assert [(g["district"], g["transition"]) for g in nord] == [
            p for p in _planted_gaps() if p[0] == "nord"
        ]
        offers = client.get("/api/offers", params={"limit": 1000}).json()
        assert offers["total"] == len(load_demo_batch().offers)


def test_evidence_levels_through_api_and_cli(demo_store: GraphStore, test_settings: Settings) -> None:
    """Each strictness of the transition rule gives exactly the planted gaps of that level, in API and CLI."""
    from typer.testing import CliRunner

    from api.cli import app

    with TestClient(create_app(test_settings, store=demo_store), base_url="http://127.0.0.1") as client:
        for level in ("tagged", "spanning", "cooperation"):
            body = client.get("/api/analysis/gaps", params={"evidence": level}).json()
            planted = sorted((g["district"], g["transition"]) for g in planted_gaps(level))
            assert sorted((g["district"], g["transition"]) for g in body["gaps"]) == planted
            assert all(g["evidence_level"] == level for g in body["gaps"])
        assert len(planted_gaps("tagged")) == 5 and len(planted_gaps("spanning")) == 2
        coverage = client.get("/api/analysis/coverage", params={"evidence": "spanning"}).json()
        spanning = [c for c in coverage if "spanning" in c["evidence"].values()]
        assert spanning and all("richtet sich an beide Lebensphasen" in c["explanation"] for c in spanning)
        assert client.get("/api/analysis/gaps", params={"evidence": "loose"}).status_code == 422
    env = {"PRAEVNET_DATA_DIR": str(test_settings.data_dir), "PRAEVNET_NEO4J_PORT": str(test_settings.embedded_port),
           "COLUMNS": "200"}
    if test_settings.neo4j_uri:
        env.update(NEO4J_URI=test_settings.neo4j_uri, NEO4J_USER=test_settings.neo4j_user or "",
                   NEO4J_PASSWORD=test_settings.neo4j_password or "")
    result = CliRunner().invoke(app, ["analyse", "gaps", "--evidence", "tagged", "--json"], env=env)
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.output)) == 5
