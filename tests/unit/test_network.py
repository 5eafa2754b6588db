"""Building blocks of the cooperation network (graph.analysis.network) on tiny known graphs."""

from __future__ import annotations

import random
from itertools import combinations

import networkx as nx
import pytest

from graph.analysis.network import (
    PartOfIndex,
    actor_ancestors,
    cooperation_graph,
    cut_structure,
    split_structure,
)
from graph.analysis.parallels import _candidate_pairs, field_index, find_parallel_offers, offers_by_field
from graph.model import Actor, Cooperation, GraphBatch
from graph.projection import build_graph
from graph.projection import graph_from_batch as graph_of
from tests.tiny_city import tiny_batch


def test_empty_graph() -> None:
    G = nx.MultiDiGraph()
    C = cooperation_graph(G)
    assert C.number_of_nodes() == 0
    cuts = cut_structure(C)
    assert cuts.cut_vertices() == [] and cuts.bridges == []
    assert split_structure(C) == ({}, [])
    assert field_index(G) == ({}, {})


def test_nothing_to_cut_in_a_triangle() -> None:
    C = nx.cycle_graph(["a", "b", "c"])
    cuts = cut_structure(C)
    assert cuts.cut_vertices() == [] and cuts.bridges == []


def test_cooperation_graph_keeps_actors_only_and_one_edge_per_pair() -> None:
    batch = GraphBatch(
        actors=[Actor(id=a, name=a.upper()) for a in ("a", "b", "c")],
        cooperations=[Cooperation(actor="a", partner="b"), Cooperation(actor="b", partner="a")],
    )
    G = graph_of(batch)
    G.add_edge("c", "c", key="COOPERATES_WITH", type="COOPERATES_WITH")  # a loop a store could hold
    C = cooperation_graph(G)
    assert list(C) == ["a", "b", "c"] and sorted(C.edges()) == [("a", "b")]


@pytest.mark.parametrize("seed", range(10))
def test_cut_structure_sizes_match_the_pieces_it_lists(seed: int) -> None:
    rnd = random.Random(seed)
    C = nx.gnm_random_graph(30, rnd.randint(15, 45), seed=seed)
    C = nx.relabel_nodes(C, {n: f"n{rnd.randint(0, 99):02d}-{n}" for n in C})
    cuts = cut_structure(C)
    pieces, bridges = split_structure(C)
    assert cuts.cut_vertices() == sorted(pieces)
    for v, parts in pieces.items():
        assert cuts.cut_vertex_summary(v) == (len(parts), sum(len(p) for p in parts[1:]))
    assert [cuts.bridge_side_size(b) for b in cuts.bridges] == [len(side) for _, _, side in bridges]


def test_part_of_index_walks_chains_once_and_survives_cycles() -> None:
    G = build_graph(
        [(a, "Actor", {"id": a, "name": a}) for a in ("x", "y", "z", "solo")],
        [("x", "y", "PART_OF", {}), ("y", "z", "PART_OF", {}), ("z", "x", "PART_OF", {})],
    )
    index = PartOfIndex(G)
    assert index.ancestors("x") == ["y", "z"] == actor_ancestors(G, "x")
    assert index.ancestors("solo") == [] and index.parent("solo") is None


def test_department_index_agrees_with_department_of_on_the_tiny_city() -> None:
    from graph.analysis.network import department_of

    G = graph_of(tiny_batch())
    index = PartOfIndex(G)
    actors = [n for n, d in G.nodes(data=True) if d["label"] == "Actor"]
    assert {a: index.department(a) for a in actors} == {a: department_of(G, a) for a in actors}


def test_field_index_agrees_with_offers_by_field() -> None:
    G = graph_of(tiny_batch())
    fields, providers = field_index(G, statuses=("active", "planned"))
    assert fields == offers_by_field(G, statuses=("active", "planned"))
    assert set(providers) == {o for offers in fields.values() for o in offers} or not fields


def test_three_steps_split_into_balls_of_two_and_one() -> None:
    # providers a and d are three cooperation steps apart: parallel only up to max_steps=2
    nodes = [("d1", "District", {"id": "d1", "name": "Nord"}),
             ("p", "LifePhase", {"id": "p", "name": "P", "order": 1}), ("t", "Topic", {"id": "t", "name": "T"})]
    nodes += [(a, "Actor", {"id": a, "name": a.upper()}) for a in "abcd"]
    nodes += [(o, "Offer", {"id": o, "title": o}) for o in ("o1", "o2")]
    edges = [("a", "o1", "PROVIDES", {}), ("d", "o2", "PROVIDES", {})]
    edges += [(u, v, "COOPERATES_WITH", {}) for u, v in (("a", "b"), ("b", "c"), ("c", "d"))]
    edges += [(o, x, r, {}) for o in ("o1", "o2") for x, r in (("p", "FOR_PHASE"), ("t", "ADDRESSES"), ("d1", "IN_DISTRICT"))]
    G = build_graph(nodes, edges)
    assert [len(find_parallel_offers(G, max_steps=k)) for k in range(5)] == [1, 1, 1, 0, 0]


@pytest.mark.parametrize("threshold", [-1, 0, 0.2, 0.5, 0.6, 1.0, 1.5])
def test_committee_candidates_hold_every_pair_that_can_reach_the_threshold(threshold: float) -> None:
    rnd = random.Random(7)
    members = {f"c{i:02d}": {f"m{j}" for j in range(12) if rnd.random() < 0.4} for i in range(25)}
    members["c99"] = {f"m{j}" for j in range(12)}  # a member of everything
    candidates = set(_candidate_pairs(members, threshold))
    for a, b in combinations(sorted(members), 2):
        shared, union = members[a] & members[b], members[a] | members[b]
        if shared and len(shared) / len(union) >= threshold:
            assert (a, b) in candidates
    assert _candidate_pairs({}, 0.5) == []
