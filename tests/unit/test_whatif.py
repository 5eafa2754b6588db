"""What-if simulations on the tiny city and the demo city (no database)."""

from __future__ import annotations

import networkx as nx
import pytest

from graph.analysis.whatif import what_if_removed
from graph.demo import load_demo_batch
from graph.errors import NotFound
from graph.model import Offer
from graph.projection import graph_from_batch as graph_of
from tests.tiny_city import tiny_batch


def snapshot(G: nx.MultiDiGraph) -> tuple:
    return (sorted(G.nodes(data="label")), sorted(G.edges(keys=True)))


def test_unknown_ids_raise_not_found_in_german() -> None:
    G = graph_of(tiny_batch())
    with pytest.raises(NotFound, match="Akteur „gibt-es-nicht“ gibt es nicht."):
        what_if_removed(G, actors=["gibt-es-nicht"])
    with pytest.raises(NotFound, match="Angebot „awo“ gibt es nicht."):
        what_if_removed(G, offers=["awo"])  # an actor is not an offer
    with pytest.raises(NotFound):
        what_if_removed(nx.MultiDiGraph(), actors=["x"])


def test_nothing_removed_changes_nothing() -> None:
    result = what_if_removed(graph_of(tiny_batch()))
    assert result.lost_offers == result.new_gaps == result.splits == result.lost_cooperations == []
    assert result.explanation.startswith("Keine Akteure und keine Angebote angegeben")
    assert what_if_removed(nx.MultiDiGraph()).removed_actors == []


def test_funding_cut_of_a_leaf_actor_opens_a_gap() -> None:
    G = graph_of(tiny_batch())
    before = snapshot(G)
    result = what_if_removed(G, actors=["kita-sonne"])
    assert snapshot(G) == before  # pure
    assert [(o.offer, o.reason) for o in result.lost_offers] == [("o-bruecke-sued", "no_provider")]
    assert result.lost_offers[0].explanation == (
        "„Brückenjahr Süd“ entfällt, weil kein Träger übrig bleibt (bisher: Kita Sonnenschein).")
    [gap] = result.new_gaps
    assert (gap.gap.district, gap.gap.transition, gap.offers_before) == ("sued", "ue-kita-gs", ["o-bruecke-sued"])
    assert gap.explanation.startswith("Neue Lücke: Im Sozialraum Süd begleitet kein Angebot den Übergang Kita → Grundschule.")
    assert [c.actors for c in result.lost_cooperations] == [["awo", "kita-sonne"]]
    assert result.splits == []  # a leaf holds nothing together
    assert result.explanation.startswith("Wegfall von Kita Sonnenschein: 1 Angebot(e) entfallen, 1 neue Lücke(n)")
    assert result.model_dump_json()


def test_losing_the_middle_actor_splits_the_network() -> None:
    result = what_if_removed(graph_of(tiny_batch()), actors=["awo"])
    [split] = result.splits
    assert (split.removed, split.parts, split.cut_off) == (["awo"], [["jugendamt"], ["kita-sonne"]], ["kita-sonne"])
    assert split.explanation == (
        "Ohne AWO Ortsverein Nord e.V. zerfällt das Netzwerk in 2 Teile; vom größten Teil abgeschnitten: Kita Sonnenschein.")
    # the Elterncafé keeps running with the Jugendamt; the ended Brückenjahr Nord is lost
    assert [(w.offer, w.remaining_providers) for w in result.weakened_offers] == [("o-elterncafe", ["jugendamt"])]
    assert [o.offer for o in result.lost_offers] == ["o-bruecke-nord"]
    assert result.new_gaps == []  # Brückenjahr Nord was not running anyway


def test_closing_a_city_wide_offer_opens_gaps_everywhere() -> None:
    result = what_if_removed(graph_of(tiny_batch()), offers=["o-kitastart"])
    assert [(o.offer, o.reason) for o in result.lost_offers] == [("o-kitastart", "closed")]
    assert [(g.gap.district, g.gap.transition) for g in result.new_gaps] == [
        ("nord", "ue-krippe-kita"), ("sued", "ue-krippe-kita")]
    assert result.lost_cooperations == [] and result.splits == []


def test_thinned_transition_when_another_offer_remains() -> None:
    batch = tiny_batch()
    batch.offers.append(Offer(id="o-kitastart-2", title="Kita-Lotsen", providers=[{"actor": "awo"}],
                              transitions=["ue-krippe-kita"], districts=["nord"]))
    result = what_if_removed(graph_of(batch), offers=["o-kitastart"])
    assert [(g.gap.district) for g in result.new_gaps] == ["sued"]
    [thin] = result.thinned_transitions
    assert (thin.district, thin.offers_before, thin.offers_after) == ("nord", ["o-kitastart", "o-kitastart-2"], ["o-kitastart-2"])
    assert thin.explanation.startswith("Im Sozialraum Nord begleiten den Übergang Krippe → Kita nur noch 1 statt 2 Angebote")


def test_demo_city_is_left_untouched() -> None:
    G = graph_of(load_demo_batch())
    before = snapshot(G)
    result = what_if_removed(G, actors=["jugendamt", "fz-nord"], offers=["ang-kita-einstieg-ost"], evidence="tagged")
    assert snapshot(G) == before
    assert ("nord", "ue-krippe-kita") in {(g.gap.district, g.gap.transition) for g in result.new_gaps}
    assert result == what_if_removed(
        G, actors=["fz-nord", "jugendamt", "jugendamt"], offers=["ang-kita-einstieg-ost"], evidence="tagged"
    )
    assert result.model_dump_json()
