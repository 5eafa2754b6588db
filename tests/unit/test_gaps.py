"""Transition gaps on tiny known graphs (no database)."""

from __future__ import annotations

import networkx as nx

from graph.analysis.gaps import find_transition_gaps, leaf_districts, transition_coverage
from graph.projection import graph_from_batch as graph_of
from tests.tiny_city import TINY_GAPS, tiny_batch


def test_empty_graph_has_no_gaps() -> None:
    assert find_transition_gaps(nx.MultiDiGraph()) == []
    assert transition_coverage(nx.MultiDiGraph()) == []


def test_tiny_city_gaps_exactly() -> None:
    G = graph_of(tiny_batch())
    gaps = find_transition_gaps(G)
    assert [(g.district, g.transition) for g in gaps] == TINY_GAPS
    gap = gaps[0]
    assert gap.explanation.startswith("Im Sozialraum Nord begleitet kein Angebot den Übergang Kita → Grundschule.")
    # the ended offer is named, but does not close the gap
    assert gap.inactive_offers == ["o-bruecke-nord"] and "beendet" in gap.explanation


def test_city_wide_offer_covers_every_quarter() -> None:
    G = graph_of(tiny_batch())
    coverage = {(c.district, c.transition): c for c in transition_coverage(G)}
    assert coverage[("nord", "ue-krippe-kita")].offers == ["o-kitastart"]
    assert coverage[("sued", "ue-krippe-kita")].offers == ["o-kitastart"]
    assert coverage[("sued", "ue-kita-gs")].offers == ["o-bruecke-sued"]
    assert leaf_districts(G) == ["nord", "sued"]  # the city itself is not examined


def test_nothing_to_find_when_every_transition_is_bridged() -> None:
    batch = tiny_batch()
    ended = next(o for o in batch.offers if o.id == "o-bruecke-nord")
    ended.status = "active"
    assert find_transition_gaps(graph_of(batch)) == []


def test_district_filter_restricts_to_quarters_inside() -> None:
    G = graph_of(tiny_batch())
    assert find_transition_gaps(G, districts=["sued"]) == []
    assert [g.district for g in find_transition_gaps(G, districts=["stadt"])] == ["nord"]
    # transitions are ordered along the life course
    assert [c.transition for c in transition_coverage(G, districts=["nord"])] == ["ue-krippe-kita", "ue-kita-gs"]
