"""Parallel structures on tiny known graphs and on the demo city (no database)."""

from __future__ import annotations

import networkx as nx
import pytest

from graph.analysis.parallels import find_parallel_committees, find_parallel_offers
from graph.demo import load_demo_batch, load_manifest
from graph.errors import InvalidData
from graph.model import Actor, Cooperation, District, GraphBatch, LifePhase, Membership, Offer, Topic
from graph.projection import graph_from_batch as graph_of
from tests.tiny_city import tiny_batch


def field_batch(offers: dict[str, list[str]], cooperations: list[tuple[str, str]] = (), *,
                district: str = "nord", status: dict[str, str] | None = None) -> GraphBatch:
    """One field (6–10, Gesundheit, Nord); ``offers`` maps offer id -> provider ids."""
    actors = sorted({a for ps in offers.values() for a in ps} | {x for c in cooperations for x in c})
    return GraphBatch(
        life_phases=[LifePhase(id="p6-10", name="6–10 Jahre", order=1)],
        topics=[Topic(id="gesundheit", name="Gesundheit")],
        districts=[District(id="stadt", name="Teststadt", kind="city"),
                   District(id="nord", name="Nord", part_of="stadt")],
        actors=[Actor(id=a, name=a.upper()) for a in actors],
        offers=[
            Offer(id=o, title=f"Angebot {o}", providers=[{"actor": a} for a in ps], phases=["p6-10"],
                  topics=["gesundheit"], districts=[district], status=(status or {}).get(o, "active"))
            for o, ps in offers.items()
        ],
        cooperations=[Cooperation(actor=a, partner=b) for a, b in cooperations],
    )


def test_empty_graph_finds_nothing() -> None:
    assert find_parallel_offers(nx.MultiDiGraph()) == []
    assert find_parallel_committees(nx.MultiDiGraph()) == []


def test_tiny_city_has_nothing_to_find() -> None:
    G = graph_of(tiny_batch())
    assert find_parallel_offers(G) == []
    assert find_parallel_committees(G) == []


def test_two_unconnected_providers_are_parallel() -> None:
    findings = find_parallel_offers(graph_of(field_batch({"o1": ["tus"], "o2": ["praxis"]})))
    assert len(findings) == 1
    f = findings[0]
    assert (f.phase, f.topic, f.district, f.offers, f.providers) == (
        "p6-10", "gesundheit", "nord", ["o1", "o2"], ["praxis", "tus"])
    assert [g.offers for g in f.groups] == [["o1"], ["o2"]]
    assert f.explanation.startswith(
        "In Nord gibt es für 6–10 Jahre zum Thema Gesundheit zwei Angebote von Trägern, die nicht "
        "miteinander kooperieren – auch nicht über einen gemeinsamen Partner: „Angebot o1“ (TUS); ")
    assert f.model_dump_json()


def test_max_steps_decides_what_counts_as_connected() -> None:
    two_steps = field_batch({"o1": ["a"], "o2": ["b"]}, [("a", "x"), ("x", "b")])
    assert find_parallel_offers(graph_of(two_steps)) == []
    assert len(find_parallel_offers(graph_of(two_steps), max_steps=1)) == 1
    three_steps = field_batch({"o1": ["a"], "o2": ["b"]}, [("a", "x"), ("x", "y"), ("y", "b")])
    assert len(find_parallel_offers(graph_of(three_steps))) == 1
    assert find_parallel_offers(graph_of(three_steps), max_steps=3) == []
    # the same provider always connects, even with max_steps=0
    assert find_parallel_offers(graph_of(field_batch({"o1": ["a"], "o2": ["a"]})), max_steps=0) == []
    with pytest.raises(InvalidData):
        find_parallel_offers(graph_of(two_steps), max_steps=-1)


def test_groups_are_components_of_the_field() -> None:
    # a and b are far apart, but c (same field) is close to both: one connected field
    bridged = field_batch({"o1": ["a"], "o2": ["b"], "o3": ["c"]}, [("a", "c"), ("c", "b")])
    assert find_parallel_offers(graph_of(bridged), max_steps=1) == []
    # a joint offer joins its providers; d stays alone
    joint = field_batch({"o1": ["a"], "o2": ["b"], "o3": ["a", "b"], "o4": ["d"]})
    [f] = find_parallel_offers(graph_of(joint))
    assert [(g.offers, g.providers) for g in f.groups] == [(["o1", "o2", "o3"], ["a", "b"]), (["o4"], ["d"])]
    assert "vier Angebote" in f.explanation


def test_statuses_and_districts_as_written() -> None:
    ended = field_batch({"o1": ["a"], "o2": ["b"]}, status={"o2": "ended"})
    assert find_parallel_offers(graph_of(ended)) == []
    assert len(find_parallel_offers(graph_of(ended), statuses=("active", "ended"))) == 1
    # a city-wide offer is not compared with one in Nord
    batch = field_batch({"o1": ["a"], "o2": ["b"]})
    batch.offers[0].districts = ["stadt"]
    assert find_parallel_offers(graph_of(batch)) == []
    # offers without a provider are left out
    batch = field_batch({"o1": ["a"], "o2": []})
    assert find_parallel_offers(graph_of(batch)) == []


def committee_batch(members: dict[str, list[str]], topics: dict[str, list[str]]) -> GraphBatch:
    people = sorted({a for ms in members.values() for a in ms})
    return GraphBatch(
        topics=[Topic(id=t, name=t.capitalize()) for t in sorted({t for ts in topics.values() for t in ts})],
        actors=[Actor(id=a, name=a.upper()) for a in people]
        + [Actor(id=c, name=f"AG {c}", kind="committee", mandate_topics=topics[c]) for c in members],
        memberships=[Membership(actor=a, committee=c) for c, ms in members.items() for a in ms],
    )


def test_parallel_committees_thresholds() -> None:
    batch = committee_batch(
        {"k1": ["a", "b", "c"], "k2": ["a", "b", "c", "d"], "k3": ["a", "e"]},
        {"k1": ["armut", "bildung"], "k2": ["armut", "bildung", "sprache"], "k3": ["armut", "bildung"]},
    )
    G = graph_of(batch)
    [pair] = find_parallel_committees(G)
    assert pair.committees == ["k1", "k2"]
    assert (pair.member_jaccard, pair.topic_jaccard) == (0.75, pytest.approx(2 / 3, abs=1e-6))
    assert pair.shared_members == ["a", "b", "c"] and pair.shared_topics == ["armut", "bildung"]
    assert pair.explanation.startswith("AG k1 und AG k2 überschneiden sich stark: 3 von 4 Mitgliedern")
    assert find_parallel_committees(G, topic_threshold=0.7) == []
    assert [p.committees for p in find_parallel_committees(G, member_threshold=0.25)] == [["k1", "k2"], ["k1", "k3"]]


def test_demo_city_finds_exactly_the_planted_parallel_structures() -> None:
    G = graph_of(load_demo_batch())
    planted = load_manifest()["parallel_structures"]
    found = find_parallel_offers(G)
    assert sorted((f.phase, f.topic, f.district, f.offers) for f in found) == sorted(
        (p["phase"], p["topic"], p["district"], sorted(p["offers"])) for p in planted["offers"])
    assert all(len(f.groups) == len(f.offers) for f in found)  # every provider on its own
    committees = find_parallel_committees(G)
    assert {frozenset(c.committees) for c in committees} == {frozenset(p["committees"]) for p in planted["committees"]}
    assert all(c.member_jaccard >= 0.6 and c.topic_jaccard >= 0.5 for c in committees)
