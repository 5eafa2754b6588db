"""The demo city through the real Neo4j: the analyses find exactly the manifest's plants."""

from __future__ import annotations

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
