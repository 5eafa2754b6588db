"""GraphStore against the real Neo4j: round trip, idempotent upsert, filters, all-or-nothing."""

from __future__ import annotations

import pytest

from graph.errors import Conflict, InvalidData, NotFound
from graph.model import Actor, GraphBatch, Label, Offer
from graph.projection import targets
from graph.store import GraphStore
from tests.tiny_city import tiny_batch

COUNT_ALL = "MATCH (n) RETURN count(n) AS nodes"
COUNT_RELS = "MATCH ()-[r]->() RETURN count(r) AS rels"


def _count(store: GraphStore, query: str) -> int:
    records, _, _ = store._driver.execute_query(query, database_=store._database)
    return records[0][0]


def test_round_trip_keeps_every_attribute(store: GraphStore) -> None:
    batch = tiny_batch()
    store.write(batch)
    G = store.load_graph()

    for label, entities in batch.nodes_by_label().items():
        for entity in entities:
            assert G.nodes[entity.id]["label"] == label.value
            for field, value in entity.properties().items():
                expected = entity.model_dump()[field]
                assert G.nodes[entity.id][field] == expected, (entity.id, field)

    # relation fields come back as edges with their attributes
    assert targets(G, "o-elterncafe", "FOR_PHASE") == ["p0-3"]
    assert targets(G, "o-kitastart", "BRIDGES") == ["ue-krippe-kita"]
    assert targets(G, "jugendamt", "PART_OF") == ["stadtverwaltung"]
    assert targets(G, "nord", "PART_OF") == ["stadt"]
    assert G.edges["awo", "o-elterncafe", "PROVIDES"]["role"] == "lead"
    assert G.edges["jugendamt", "o-elterncafe", "PROVIDES"]["role"] == "partner"
    coop = G.edges["awo", "jugendamt", "COOPERATES_WITH"]
    assert coop["formal"] is True and coop["since"].isoformat() == "2019-05-01"
    assert G.edges["jugendamt", "ag-uebergang", "MEMBER_OF"]["role"] == "Vorsitz"
    assert targets(G, "p0-3", "NEXT") == ["p3-6"] and targets(G, "p3-6", "NEXT") == ["p6-10"]
    assert G.nodes["nord"]["children_by_phase"] == {"p0-3": 400, "p3-6": 380, "p6-10": 500}


def test_get_offer_and_actor_fold_relations_back(store: GraphStore) -> None:
    batch = tiny_batch()
    store.write(batch)
    original = next(o for o in batch.offers if o.id == "o-elterncafe")
    assert store.get_offer("o-elterncafe") == original
    assert store.get_actor("awo") == next(a for a in batch.actors if a.id == "awo")
    with pytest.raises(NotFound, match="Angebot „nix“ gibt es nicht"):
        store.get_offer("nix")


def test_writing_twice_changes_nothing(store: GraphStore) -> None:
    store.write(tiny_batch())
    nodes, rels = _count(store, COUNT_ALL), _count(store, COUNT_RELS)
    first = store.load_graph()
    store.write(tiny_batch())
    assert (_count(store, COUNT_ALL), _count(store, COUNT_RELS)) == (nodes, rels)
    second = store.load_graph()
    assert sorted(first.edges(keys=True)) == sorted(second.edges(keys=True))
    assert dict(first.nodes(data=True)) == dict(second.nodes(data=True))


def test_upsert_replaces_an_offers_relations(store: GraphStore) -> None:
    store.write(tiny_batch())
    changed = store.get_offer("o-elterncafe").model_copy(update={"districts": ["sued"], "title": "Elterncafé Süd"})
    store.write(GraphBatch(offers=[changed]))
    assert store.get_offer("o-elterncafe").districts == ["sued"]
    assert store.get_offer("o-elterncafe").title == "Elterncafé Süd"


def test_new_and_stored_offers_in_one_write_with_progress(store: GraphStore) -> None:
    """Stored offers are updated and relinked, new ones created, in the same statement chunk."""
    store.write(tiny_batch())
    old = store.get_offer("o-elterncafe")
    changed = Offer.model_validate({**old.model_dump(), "providers": [{"actor": "awo", "role": "partner"}], "topics": [], "phases": old.phases[:1]})
    new = Offer(id="o-neu", title="Neu", providers=[{"actor": "awo"}], phases=old.phases, districts=old.districts)
    calls: list[tuple[int, int]] = []
    store.write(GraphBatch(offers=[changed, new]), progress=lambda done, total: calls.append((done, total)))
    assert store.get_offer("o-elterncafe") == changed
    assert store.get_offer("o-neu") == new
    assert calls and calls[-1] == (2, 2) and [d for d, _ in calls] == sorted(d for d, _ in calls)


def test_bad_reference_writes_nothing(store: GraphStore) -> None:
    store.write(tiny_batch())
    before = (_count(store, COUNT_ALL), _count(store, COUNT_RELS), store.revision())
    bad = GraphBatch(
        actors=[Actor(id="neu", name="Neuer Verein", kind="club")],
        offers=[Offer(id="o-neu", title="Neu", providers=[{"actor": "neu"}], phases=["gibt-es-nicht"])],
    )
    with pytest.raises(InvalidData) as info:
        store.write(bad)
    assert any("Lebensphase „gibt-es-nicht“ gibt es nicht" in p and "o-neu" in p for p in info.value.problems)
    assert "o-neu" in info.value.owners  # the importer points at the offer's row
    assert (_count(store, COUNT_ALL), _count(store, COUNT_RELS), store.revision()) == before
    with pytest.raises(NotFound):
        store.get_actor("neu")


def test_id_reused_under_another_label_is_rejected(store: GraphStore) -> None:
    store.write(tiny_batch())
    with pytest.raises(InvalidData) as info:
        store.write(GraphBatch(offers=[Offer(id="awo", title="AWO als Angebot")]))
    assert "gehört schon zu einem Akteur" in info.value.problems[0]


def test_filtered_loads(store: GraphStore) -> None:
    store.write(tiny_batch())
    nord = store.load_graph(district="nord")
    offers = {n for n, d in nord.nodes(data=True) if d["label"] == "Offer"}
    # offers in Nord plus the city-wide one; not Süd's
    assert offers == {"o-elterncafe", "o-kitastart", "o-bruecke-nord"}
    assert "kita-sonne" not in nord and "awo" in nord
    assert "ag-uebergang" in nord  # the committee AWO sits in
    assert {"p0-3", "ue-kita-gs", "sprache", "sued"} <= set(nord)  # the frame stays

    sprache = store.load_graph(topic="sprache")
    assert {n for n, d in sprache.nodes(data=True) if d["label"] == "Offer"} == {
        "o-kitastart", "o-bruecke-sued", "o-bruecke-nord",
    }
    both = store.load_graph(phase="p0-3", district="nord")
    assert {n for n, d in both.nodes(data=True) if d["label"] == "Offer"} == {"o-elterncafe", "o-kitastart"}
    with pytest.raises(NotFound, match="Sozialraum „atlantis“"):
        store.load_graph(district="atlantis")


def test_list_offers_filters_and_pages(store: GraphStore) -> None:
    store.write(tiny_batch())
    page = store.list_offers(topic="sprache", limit=2, offset=0)
    assert page.total == 3 and [o.id for o in page.items] == ["o-bruecke-nord", "o-bruecke-sued"]
    assert [o.id for o in store.list_offers(topic="sprache", limit=2, offset=2).items] == ["o-kitastart"]
    assert [o.id for o in store.list_offers(provider="kita-sonne").items] == ["o-bruecke-sued"]
    assert store.list_actors(kind="committee").total == 1
    assert {a.id for a in store.list_actors(district="stadt").items} == {"awo", "kita-sonne"}


def test_counts_and_revision(store: GraphStore) -> None:
    revision = store.revision()  # a reset never restarts the counter (a cache could not tell)
    assert store.is_empty()
    summary = store.write(tiny_batch())
    assert summary.revision == store.revision() == revision + 1
    assert store.counts()[Label.OFFER] == 4


def test_export_batch_is_lossless(store: GraphStore) -> None:
    from graph.demo import load_demo_batch

    batch = load_demo_batch()
    store.write(batch)
    exported = store.export_batch()
    assert len(exported.offers) == len(batch.offers) and len(exported.cooperations) == len(batch.cooperations)
    store.delete_all()
    store.write(exported)
    assert store.export_batch() == exported
    original = {o.id: o for o in batch.offers}
    for offer in exported.offers:
        assert offer.model_dump(exclude={"phases", "topics", "districts", "transitions", "providers"}) == original[
            offer.id
        ].model_dump(exclude={"phases", "topics", "districts", "transitions", "providers"})
        assert sorted(offer.phases) == sorted(original[offer.id].phases)


def test_diff_says_what_a_write_would_do(store: GraphStore) -> None:
    batch = tiny_batch()
    first = store.diff(batch)
    assert first.created["Offer"] == ["o-elterncafe", "o-kitastart", "o-bruecke-sued", "o-bruecke-nord"]
    assert first.cooperations_created == 2
    store.write(batch)
    again = store.diff(batch)
    assert not any(again.created.values()) and not any(again.updated.values())
    assert len(again.unchanged["Offer"]) == 4 and again.cooperations_created == 0
    changed = batch.offers[0].model_copy(update={"capacity": 25})
    assert store.diff(GraphBatch(offers=[changed])).updated["Offer"] == ["o-elterncafe"]


def test_merge_actors_moves_relations_in_one_step(store: GraphStore) -> None:
    batch = tiny_batch()
    twin = Actor(id="awo-2", name="Arbeiterwohlfahrt OV Nord", kind="welfare_org", sector="free_welfare")
    extra = Offer(id="o-twin", title="Spielgruppe", providers=[{"actor": "awo-2"}], districts=["nord"])
    store.write(batch.model_copy(update={"actors": [*batch.actors, twin], "offers": [*batch.offers, extra]}))
    from graph.model import Cooperation, Membership

    store.write(GraphBatch(
        cooperations=[Cooperation(actor="awo-2", partner="kita-sonne", kind="informal"),
                      Cooperation(actor="awo-2", partner="awo", kind="informal")],
        memberships=[Membership(actor="awo-2", committee="ag-uebergang")],
    ))
    summary = store.merge_actors("awo", "awo-2")
    assert summary.relationships_moved >= 3
    G = store.load_graph()
    assert "awo-2" not in G
    assert targets(G, "awo", "PROVIDES") == ["o-bruecke-nord", "o-elterncafe", "o-twin"]
    assert "awo" not in targets(G, "awo", "COOPERATES_WITH")  # no self-loop
    assert len([k for _, v, k in G.out_edges("awo", keys=True) if v == "ag-uebergang"]) == 1
    with pytest.raises(Conflict, match="inzwischen gelöscht oder zusammengeführt"):
        store.merge_actors("awo", "awo-2")


def test_load_records_of_an_offer_next_to_a_transition(store: GraphStore) -> None:
    """Neighbours (a Transition the offer bridges) are loaded without their own relations:
    they must not be built as records (a Transition without phases is invalid)."""
    store.write(tiny_batch())
    records = store.load_records(["o-kitastart"])
    assert [o.id for o in records.offers] == ["o-kitastart"] and not records.transitions
    assert records.offers[0].transitions == ["ue-krippe-kita"]
