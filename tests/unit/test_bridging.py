"""The one transition rule on a list shaped like real ones: age ranges and phase flags, no transition column."""

from __future__ import annotations

import networkx as nx

from graph.analysis.bridging import Evidence, bridge_index
from graph.analysis.chain import chain_continuity
from graph.analysis.gaps import find_topic_gaps, find_transition_gaps, transition_coverage
from graph.analysis.whatif import what_if_removed
from graph.model import (
    Actor, Cooperation, District, GraphBatch, LifePhase, Offer, Topic, Transition,
)
from graph.projection import graph_from_batch


def real_shaped_list() -> GraphBatch:
    """A Landkreis-like list: offers carry ages ("4 bis 8 Jahre") or phase flags, never a transition.

    Nord has a sports group for 4–8-year-olds (spans Kita → Grundschule); Süd has a Kita
    offer and a school offer only, whose providers cooperate; Ost has the same two sides
    without cooperation; a city-wide Familienpass (0–16), a Fachtag (event) and a
    counselling service for professionals serve every phase and must close nothing.
    """
    phases = [
        LifePhase(id="p0-3", name="Krippe", order=1, age_min=0, age_max=3),
        LifePhase(id="p3-6", name="Kita", order=2, age_min=3, age_max=6),
        LifePhase(id="p6-10", name="Grundschule", order=3, age_min=6, age_max=10),
        LifePhase(id="p10-16", name="Weiterführende Schule", order=4, age_min=10, age_max=16),
    ]
    offer = dict(status="active", topics=["bewegung"])
    return GraphBatch(
        life_phases=phases,
        transitions=[Transition(id="kita-gs", name="Kita → Grundschule", from_phase="p3-6", to_phase="p6-10")],
        topics=[Topic(id="bewegung", name="Bewegung")],
        districts=[
            District(id="kreis", name="Landkreis", kind="city"),
            *(District(id=d, name=n, part_of="kreis") for d, n in (("nord", "Nord"), ("sued", "Süd"), ("ost", "Ost"))),
        ],
        actors=[Actor(id=a, name=n, kind="club") for a, n in (
            ("tv-nord", "TV Nord"), ("kita-sued", "Kita Sonnenschein"), ("gs-sued", "Grundschule Süd"),
            ("kita-ost", "Kita Regenbogen"), ("gs-ost", "Grundschule Ost"), ("landkreis", "Landratsamt"),
        )],
        cooperations=[Cooperation(actor="kita-sued", partner="gs-sued")],
        offers=[
            Offer(id="turnen-nord", title="Kinderturnen", kind="group", age_min=4, age_max=8,
                  providers=[{"actor": "tv-nord"}], districts=["nord"], **offer),
            Offer(id="kita-sued-sport", title="Bewegungskita", kind="group", age_min=3, age_max=6,
                  providers=[{"actor": "kita-sued"}], districts=["sued"], **offer),
            Offer(id="gs-sued-ag", title="Sport-AG", kind="group", phases=["p6-10"],
                  providers=[{"actor": "gs-sued"}], districts=["sued"], **offer),
            Offer(id="kita-ost-sport", title="Bewegungsbaustelle", kind="group", phases=["p3-6"],
                  providers=[{"actor": "kita-ost"}], districts=["ost"], **offer),
            Offer(id="gs-ost-ag", title="Schwimmkurs", kind="course", age_min=7, age_max=9,
                  providers=[{"actor": "gs-ost"}], districts=["ost"], **offer),
            Offer(id="familienpass", title="Familienpass", kind="infrastructure", age_min=0, age_max=16,
                  providers=[{"actor": "landkreis"}], districts=["kreis"], **offer),
            Offer(id="fachtag", title="Fachtag Bewegung", kind="event", age_min=3, age_max=10,
                  providers=[{"actor": "landkreis"}], districts=["kreis"], **offer),
            Offer(id="fachberatung", title="Fachberatung Bewegung", kind="counselling", age_min=3, age_max=10,
                  target_group="Fachkräfte in Kita und Grundschule",
                  providers=[{"actor": "landkreis"}], districts=["kreis"], **offer),
        ],
    )


def gap_cells(G: nx.MultiDiGraph, **kw: str) -> list[str]:
    return [g.district for g in find_transition_gaps(G, **kw)]


def test_gaps_only_where_no_offer_serves_both_sides() -> None:
    G = graph_from_batch(real_shaped_list())
    assert gap_cells(G) == ["ost", "sued"]  # Nord's 4–8 group spans the step
    coverage = {c.district: c for c in transition_coverage(G)}
    assert coverage["nord"].offers == ["turnen-nord"]
    assert coverage["nord"].evidence == {"turnen-nord": Evidence.SPANNING}
    assert "richtet sich an beide Lebensphasen" in coverage["nord"].explanation


def test_gap_explanation_says_what_exists_on_both_sides() -> None:
    G = graph_from_batch(real_shaped_list())
    gaps = {g.district: g for g in find_transition_gaps(G)}
    sued, ost = gaps["sued"], gaps["ost"]
    assert (sued.from_side_offers, sued.to_side_offers) == (1, 1)
    assert "1 laufende Angebote für Kita, 1 für Grundschule; keines richtet sich an beide Seiten" in sued.explanation
    assert sued.cooperating == [("kita-sued", "gs-sued")] and "Kita Sonnenschein – Grundschule Süd" in sued.explanation
    assert ost.cooperating == [] and "arbeiten nicht zusammen" in ost.explanation


def test_general_offers_events_and_offers_for_professionals_close_nothing() -> None:
    index = bridge_index(graph_from_batch(real_shaped_list()))
    assert set(index.bridges["kita-gs"]) == {"turnen-nord"}
    assert index.phases["familienpass"] == {"p0-3", "p3-6", "p6-10", "p10-16"}  # serves all, accompanies none


def test_strictness_levels() -> None:
    G = graph_from_batch(real_shaped_list())
    assert gap_cells(G, evidence="tagged") == ["nord", "ost", "sued"]  # no list names the transition
    assert gap_cells(G, evidence="cooperation") == ["ost"]
    assert [c.covered for c in transition_coverage(G, evidence="cooperation") if c.district == "sued"] == [True]


def test_keyword_in_the_title_names_the_step() -> None:
    batch = real_shaped_list()
    batch.offers.append(Offer(
        id="uebergang-ost", title="Übergang in die Grundschule begleiten", kind="group", status="active",
        phases=["p3-6"], providers=[{"actor": "kita-ost"}], districts=["ost"],
    ))
    G = graph_from_batch(batch)
    assert gap_cells(G) == ["sued"]
    assert bridge_index(G).bridges["kita-gs"]["uebergang-ost"] == Evidence.KEYWORD
    # the same words in a school offer point back to the Kita: still this transition
    assert bridge_index(G, evidence="tagged").bridges["kita-gs"] == {}


def test_chain_topic_gaps_and_what_if_use_the_same_rule() -> None:
    G = graph_from_batch(real_shaped_list())
    chain = {link.district: link.linked for link in chain_continuity(G) if link.from_phase == "p3-6"}
    assert chain == {"nord": True, "ost": False, "sued": True}
    # under the cooperation rule a gap is exactly a broken chain
    assert gap_cells(G, evidence="cooperation") == sorted(d for d, linked in chain.items() if not linked)
    assert {(g.district, g.topic) for g in find_topic_gaps(G)} == {("ost", "bewegung"), ("sued", "bewegung")}
    opened = what_if_removed(G, offers=["turnen-nord"]).new_gaps
    assert [(g.gap.district, g.gap.transition) for g in opened] == [("nord", "kita-gs")]


def test_empty_graph() -> None:
    assert bridge_index(nx.MultiDiGraph()).bridges == {}


def test_a_phase_without_any_offer_in_the_city_is_named_as_missing_data() -> None:
    """Chemnitz's lists start at the Kita: no offer for 0–3 anywhere means missing data, not 100 % gaps."""
    batch = real_shaped_list()
    batch.transitions.append(Transition(id="krippe-kita", name="Krippe → Kita", from_phase="p0-3", to_phase="p3-6"))
    gaps = [g for g in find_transition_gaps(graph_from_batch(batch)) if g.transition == "krippe-kita"]
    assert {g.district for g in gaps} == {"nord", "ost", "sued"}
    assert all(g.phase_without_offers == "p0-3" and "vermutlich fehlen dafür Daten" in g.explanation for g in gaps)
    assert {g.phase_without_offers for g in find_transition_gaps(graph_from_batch(batch)) if g.transition == "kita-gs"} == {None}
