"""Chain continuity on tiny graphs."""

from __future__ import annotations

import networkx as nx

from graph.analysis.chain import chain_continuity
from graph.projection import graph_from_batch
from tests.tiny_city import tiny_batch


def test_empty_graph() -> None:
    assert chain_continuity(nx.MultiDiGraph()) == []


def test_tiny_city_chain() -> None:
    links = {(c.district, c.from_phase, c.to_phase): c for c in chain_continuity(graph_from_batch(tiny_batch()))}
    # Nord: 0-3 offers by AWO, Jugendamt (city-wide); 3-6 by Jugendamt (city-wide): same actor
    assert links["nord", "p0-3", "p3-6"].linked
    # Nord has no active offer for 6-10 (the bridge there has ended)
    assert not links["nord", "p3-6", "p6-10"].linked
    assert "kein laufendes Angebot" in links["nord", "p3-6", "p6-10"].explanation
    # Süd: 3-6 by Jugendamt and Kita Sonnenschein, 6-10 by Kita Sonnenschein: same actor
    assert links["sued", "p3-6", "p6-10"].linked


def test_broken_chain_names_both_sides() -> None:
    from graph.model import Offer

    batch = tiny_batch()
    batch.offers = [o for o in batch.offers if o.id != "o-kitastart"]  # no city-wide offer
    batch.offers.append(
        Offer(id="o-krabbel-sued", title="Krabbelgruppe Süd", providers=[{"actor": "awo"}], phases=["p0-3"], districts=["sued"])
    )
    linked = {(c.district, c.from_phase): c for c in chain_continuity(graph_from_batch(batch))}
    assert linked["sued", "p0-3"].linked and linked["sued", "p0-3"].links == [("awo", "kita-sonne")]

    batch.cooperations = [c for c in batch.cooperations if c.actor != "kita-sonne"]  # the referral goes
    broken = {(c.district, c.from_phase): c for c in chain_continuity(graph_from_batch(batch))}["sued", "p0-3"]
    assert not broken.linked and broken.links == []
    assert "reißt die Kette" in broken.explanation
    assert "AWO Ortsverein Nord e.V." in broken.explanation and "Kita Sonnenschein" in broken.explanation
