"""Network roles on tiny known graphs and on the demo city (no database)."""

from __future__ import annotations

import random

import networkx as nx
import pytest

from graph.analysis import roles
from graph.analysis.roles import (
    cooperation_graph,
    department_of,
    isolated_actors,
    network_roles,
    split_structure,
)
from graph.demo import load_demo_batch, load_manifest
from graph.model import Actor, Cooperation, GraphBatch, Membership
from graph.projection import graph_from_batch as graph_of
from tests.tiny_city import tiny_batch


def coop_batch(edges: list[tuple[str, str]], actors: dict[str, dict] | None = None) -> GraphBatch:
    ids = sorted({x for e in edges for x in e} | set(actors or {}))
    return GraphBatch(
        actors=[Actor(id=a, name=a.upper(), **(actors or {}).get(a, {})) for a in ids],
        cooperations=[Cooperation(actor=a, partner=b) for a, b in edges],
    )


def test_empty_graph() -> None:
    result = network_roles(nx.MultiDiGraph())
    assert (result.actors, result.cooperations) == (0, 0)
    assert result.brokers == result.articulation_points == result.bridges == result.communities == []
    assert result.isolated == [] and result.cross_department.share is None
    assert result.cross_department.explanation.startswith("Es sind keine Kooperationen erfasst")
    assert result.model_dump_json()


def test_nothing_to_find_in_a_triangle() -> None:
    result = network_roles(graph_of(coop_batch([("a", "b"), ("b", "c"), ("c", "a")])))
    assert result.brokers == [] and result.articulation_points == [] and result.bridges == []
    assert result.isolated == [] and result.articulation_point_count == result.bridge_count == 0
    assert [c.actors for c in result.communities] == [["a", "b", "c"]]


def test_path_has_a_broker_a_cut_vertex_and_two_bridges() -> None:
    G = graph_of(coop_batch([("a", "b"), ("c", "b")]))
    result = network_roles(G)
    [broker] = result.brokers
    assert (broker.actor, broker.betweenness, broker.degree) == ("b", 1.0, 2)
    [point] = result.articulation_points
    assert (point.actor, point.parts, point.affected) == ("b", 2, ["c"])
    assert point.explanation.startswith("Fällt B weg, zerfällt das Netzwerk in 2 Teile; betroffen: C")
    assert [(b.actors, b.cut_off) for b in result.bridges] == [(["a", "b"], ["a"]), (["b", "c"], ["c"])]
    assert result.bridges[0].explanation == "Endet die Kooperation zwischen A und B, ist A vom übrigen Netzwerk getrennt."


def test_star_lists_the_biggest_cut_first_and_respects_top() -> None:
    # x holds two arms: a-b-c (3 actors) and d; y holds e
    G = graph_of(coop_batch([("x", "a"), ("a", "b"), ("b", "c"), ("x", "d"), ("x", "y"), ("y", "e")]))
    result = network_roles(G, top=2)
    first = result.articulation_points[0]
    assert (first.actor, first.parts, first.affected) == ("x", 3, ["d", "e", "y"])
    assert len(result.articulation_points) == 2 and result.articulation_point_count == 4
    assert len(result.bridges) == 2 and result.bridge_count == 6


@pytest.mark.parametrize("seed", range(8))
def test_split_structure_agrees_with_networkx(seed: int) -> None:
    rnd = random.Random(seed)
    C = nx.gnm_random_graph(40, rnd.randint(30, 60), seed=seed)
    C = nx.relabel_nodes(C, {n: f"n{n:02d}" for n in C})
    pieces, bridges = split_structure(C)
    assert set(pieces) == set(nx.articulation_points(C))
    assert {(u, v) for u, v, _ in bridges} == {tuple(sorted(e)) for e in nx.bridges(C)}
    for v, parts in pieces.items():
        component = nx.node_connected_component(C, v) - {v}
        expected = sorted((sorted(p) for p in nx.connected_components(C.subgraph(component))),
                          key=lambda p: (-len(p), p[0]))
        assert parts == expected
    for u, v, side in bridges:
        H = C.copy()
        H.remove_edge(u, v)
        assert set(side) in ({*nx.node_connected_component(H, u)}, {*nx.node_connected_component(H, v)})
        assert len(side) * 2 <= len(nx.node_connected_component(C, u))


def test_departments_tiny_city() -> None:
    G = graph_of(tiny_batch())
    # Jugendamt sits right under the administration: it is its own department
    assert department_of(G, "jugendamt") == "jugendamt"
    assert department_of(G, "stadtverwaltung") == "stadtverwaltung"
    assert department_of(G, "awo") == "sector:free_welfare"
    assert department_of(G, "ag-uebergang") == "sector:public"  # public, but no place in the administration


def test_cross_department_index_and_silo() -> None:
    actors = {
        "stadt": {"kind": "administration"},
        "fb5": {"kind": "department", "part_of": "stadt"},
        "ja": {"kind": "department", "part_of": "fb5"},
        "asd": {"kind": "department", "part_of": "ja"},
        "kita": {"kind": "kita", "part_of": "ja"},
        "awo": {"sector": "free_welfare"},
    }
    G = graph_of(coop_batch([("ja", "asd"), ("asd", "kita"), ("kita", "ja"), ("ja", "awo")], actors))
    result = network_roles(G, silo_share=0.75)
    cross = result.cross_department
    assert (cross.cooperations, cross.cross_department, cross.share) == (4, 1, 0.25)
    assert [(p.a, p.b, p.cooperations) for p in cross.pairs] == [("fb5", "sector:free_welfare", 1)]
    assert cross.never_together == []
    assert cross.explanation.startswith("25 % der 4 Kooperationen sind ressortübergreifend")
    assert result.communities[0].dominant_department == "fb5"
    assert result.communities[0].silo is (result.communities[0].dominant_share >= 0.75)
    broker = result.brokers[0]
    assert broker.actor == "ja" and broker.departments == ["fb5", "sector:free_welfare"]
    assert "freie Wohlfahrtspflege" in broker.explanation


def test_isolated_actors_ignore_offers_but_not_memberships() -> None:
    batch = coop_batch([("a", "b")], {"alone": {}, "member": {}, "ag": {"kind": "committee"}, "empty-ag": {"kind": "committee"}})
    batch.memberships = [Membership(actor="member", committee="ag")]
    G = graph_of(batch)
    assert [i.actor for i in isolated_actors(G)] == ["alone", "empty-ag"]
    assert isolated_actors(G)[0].explanation == "ALONE hat keine Kooperation und sitzt in keinem Gremium."


def test_sampled_betweenness_is_deterministic() -> None:
    C = nx.relabel_nodes(nx.gnm_random_graph(60, 150, seed=3), str)
    G = graph_of(coop_batch(list(C.edges())))
    first = network_roles(G, betweenness_sample=10, seed=7)
    assert "Stichprobe aus 10" in first.betweenness_method
    assert first == network_roles(G, betweenness_sample=10, seed=7)


def test_exact_betweenness_matches_networkx() -> None:
    C = nx.relabel_nodes(nx.gnm_random_graph(50, 120, seed=5), lambda n: f"a{n:02d}")
    values, method = roles._betweenness(C, None, 42)
    expected = nx.betweenness_centrality(C)
    assert values == pytest.approx(expected)
    assert method.startswith("exakt")


def test_demo_city() -> None:
    G = graph_of(load_demo_batch())
    result = network_roles(G)
    assert [i.actor for i in result.isolated] == sorted(e["actor"] for e in load_manifest()["isolated_actors"])
    assert result.isolated[0].explanation.startswith("Kinderarztpraxis Dr. Wenzel hat keine Kooperation")
    assert result.actors == len(load_demo_batch().actors) and len(result.brokers) == 10
    assert result.brokers[0].betweenness >= result.brokers[-1].betweenness
    assert 0 < result.cross_department.share < 1
    assert sum(c.size for c in result.communities) == sum(1 for a in cooperation_graph(G) if cooperation_graph(G).degree(a))
    assert result == network_roles(G)  # deterministic
    assert result.model_dump_json()


def test_without_igraph_networkx_gives_the_same_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    C = nx.relabel_nodes(nx.gnm_random_graph(50, 120, seed=9), lambda n: f"a{n:02d}")
    with_igraph, _ = roles._betweenness(C, None, 42)
    monkeypatch.setitem(__import__("sys").modules, "igraph", None)  # import igraph now fails
    fallback, method = roles._betweenness(C, None, 42)
    assert method == "exakt (NetworkX)"
    assert fallback == pytest.approx(with_igraph)
    # past the limit the fallback samples, seeded
    monkeypatch.setattr(roles, "EXACT_BETWEENNESS_LIMIT", 10)
    monkeypatch.setattr(roles, "DEFAULT_SAMPLE", 20)
    sampled, method = roles._betweenness(C, None, 42)
    assert method == "Stichprobe aus 20 Startakteuren (NetworkX, seed 42)"
    assert sampled == roles._betweenness(C, None, 42)[0]
