"""Contact recommendations on tiny known graphs and the demo city (no database)."""

from __future__ import annotations

import networkx as nx

from graph.analysis.recommend import need_weight, recommend_contacts
from graph.demo import load_demo_batch
from graph.model import Actor, Cooperation, District, GraphBatch, LifePhase, Membership, Offer, Topic
from graph.projection import graph_from_batch as graph_of
from tests.tiny_city import tiny_batch


def city(offers: list[tuple[str, list[str], str]], *, cooperations=(), part_of=None, memberships=()) -> GraphBatch:
    """Offers as (id, providers, district) for 6–10 Jahre / Gesundheit; Nord is needier than Süd."""
    actors = sorted({a for _, ps, _ in offers for a in ps} | {c for _, c in memberships})
    names = {"awo": "AWO Nord", "caritas": "Caritas Nord"}
    return GraphBatch(
        life_phases=[LifePhase(id="p6-10", name="6–10 Jahre", order=1)],
        topics=[Topic(id="gesundheit", name="Gesundheit")],
        districts=[
            District(id="nord", name="Nord", children_by_phase={"p6-10": 2000}, share_social_benefits=0.45),
            District(id="sued", name="Süd", children_by_phase={"p6-10": 1000}, share_social_benefits=0.12),
        ],
        actors=[Actor(id=a, name=names.get(a, a.upper()), part_of=(part_of or {}).get(a),
                      kind="committee" if a.startswith("ag") else "other") for a in actors],
        offers=[Offer(id=o, title=f"Angebot {o}", providers=[{"actor": a} for a in ps], phases=["p6-10"],
                      topics=["gesundheit"], districts=[d]) for o, ps, d in offers],
        cooperations=[Cooperation(actor=a, partner=b) for a, b in cooperations],
        memberships=[Membership(actor=a, committee=c) for a, c in memberships],
    )


def test_empty_graph_and_tiny_city_recommend_nothing() -> None:
    assert recommend_contacts(nx.MultiDiGraph()) == []
    assert recommend_contacts(graph_of(tiny_batch())) == []


def test_same_field_without_cooperation_is_recommended() -> None:
    [rec] = recommend_contacts(graph_of(city([("o1", ["awo"], "nord"), ("o2", ["caritas"], "nord")])))
    assert rec.actors == ["awo", "caritas"] and rec.shared_count == 1
    assert rec.score == need_weight(graph_of(city([])), "nord", "p6-10") == 1.9
    field = rec.shared_fields[0]
    assert (field.offers_a, field.offers_b, field.children, field.share_social_benefits) == (["o1"], ["o2"], 2000, 0.45)
    assert rec.explanation == (
        "AWO Nord und Caritas Nord bieten beide Angebote für 6–10 Jahre zum Thema Gesundheit in Nord an, "
        "arbeiten aber nicht zusammen. In Nord leben 2.000 Kinder der Lebensphase 6–10 Jahre; der "
        "SGB-II-Anteil liegt dort bei 45 %. Frage für den Workshop: Wie können AWO Nord und Caritas Nord "
        "ihre Angebote abstimmen?"
    )
    assert rec.model_dump_json()


def test_linked_pairs_are_not_recommended() -> None:
    offers = [("o1", ["awo"], "nord"), ("o2", ["caritas"], "nord")]
    assert recommend_contacts(graph_of(city(offers, cooperations=[("caritas", "awo")]))) == []
    assert recommend_contacts(graph_of(city(offers, part_of={"awo": "caritas"}))) == []
    # a shared offer is a working relation, too
    assert recommend_contacts(graph_of(city([*offers, ("o3", ["awo", "caritas"], "sued")]))) == []
    # different districts: nothing in common
    assert recommend_contacts(graph_of(city([("o1", ["awo"], "nord"), ("o2", ["caritas"], "sued")]))) == []


def test_ranking_by_need_and_top() -> None:
    batch = city([
        ("o1", ["a"], "sued"), ("o2", ["b"], "sued"),  # 1 + 1000*0.12/1000 = 1.12
        ("o3", ["c"], "nord"), ("o4", ["d"], "nord"),  # 1 + 2000*0.45/1000 = 1.9
    ])
    recs = recommend_contacts(graph_of(batch))
    assert [r.actors for r in recs] == [["c", "d"], ["a", "b"]]
    assert [r.score for r in recs] == [1.9, 1.12]
    assert len(recommend_contacts(graph_of(batch), top=1)) == 1


def test_common_committee_is_named_and_many_fields_are_summarised() -> None:
    batch = city([("o1", ["awo"], "nord"), ("o2", ["caritas"], "nord"),
                  ("o3", ["awo"], "sued"), ("o4", ["caritas"], "sued")],
                 memberships=[("awo", "ag-nord"), ("caritas", "ag-nord")])
    [rec] = recommend_contacts(graph_of(batch))
    assert rec.shared_count == 2 and rec.common_committees == ["ag-nord"]
    assert [f.district for f in rec.shared_fields] == ["nord", "sued"]
    assert rec.explanation.startswith("AWO Nord und Caritas Nord bieten in 2 gleichen Feldern")
    assert "Anknüpfungspunkt: beide sitzen in AG-NORD." in rec.explanation


def test_demo_city_recommendations_are_deterministic() -> None:
    G = graph_of(load_demo_batch())
    recs = recommend_contacts(G)
    assert len(recs) == 10 and recs == recommend_contacts(G)
    assert [r.score for r in recs] == sorted((r.score for r in recs), reverse=True)
    for r in recs:
        assert r.actors == sorted(r.actors) and "arbeiten aber nicht zusammen" in r.explanation
