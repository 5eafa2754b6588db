"""Duplicate offers and actors (Dopplungen) on tiny graphs and on the demo city (no database)."""

from __future__ import annotations

import datetime as dt
import json
import warnings

import networkx as nx
import pytest

from graph.analysis.duplicates import (
    BlockTooLargeWarning,
    find_duplicate_actors,
    find_duplicate_offers,
    naive_duplicate_offers,
)
from graph.analysis.matching import ActorMatcher, Comparison, Level, Measure, score_pair, title_similarity
from graph.demo import load_demo_batch, load_manifest
from graph.model import Actor, District, GraphBatch, LifePhase, Offer, Topic
from graph.projection import graph_from_batch
from tests.tiny_city import tiny_batch

DESCRIPTION = "Offenes Café für Mütter und Väter mit Kleinkindern: Frühstück, Austausch und Beratung."


def _city(offers: list[Offer], actors: list[Actor] | None = None) -> nx.MultiDiGraph:
    return graph_from_batch(GraphBatch(
        life_phases=[LifePhase(id="p0-3", name="0–3 Jahre", order=1, age_min=0, age_max=3),
                     LifePhase(id="p3-6", name="3–6 Jahre", order=2, age_min=3, age_max=6)],
        topics=[Topic(id="eltern", name="Elternarbeit"), Topic(id="sprache", name="Sprache")],
        districts=[District(id="stadt", name="Teststadt", kind="city"),
                   District(id="nord", name="Nord", part_of="stadt"),
                   District(id="sued", name="Süd", part_of="stadt")],
        actors=actors or [Actor(id="awo", name="AWO Nord"), Actor(id="caritas", name="Caritas")],
        offers=offers,
    ))


def _offer(id: str, title: str, *, district: str = "nord", phase: str = "p0-3", provider: str = "awo",
           description: str = DESCRIPTION, topic: str = "eltern") -> Offer:
    return Offer(id=id, title=title, description=description, target_group="Eltern mit Kleinkindern",
                 age_min=0, age_max=3 if phase == "p0-3" else 6, kind="group", phases=[phase], topics=[topic],
                 districts=[district], providers=[{"actor": provider}])


# ---------------------------------------------------------------------------------------
# offers
# ---------------------------------------------------------------------------------------


def test_empty_graph() -> None:
    G = nx.MultiDiGraph()
    assert find_duplicate_offers(G) == [] and naive_duplicate_offers(G) == []
    assert find_duplicate_actors(G) == []


def test_nothing_to_find() -> None:
    G = graph_from_batch(tiny_batch())
    assert find_duplicate_offers(G) == [] and naive_duplicate_offers(G) == []
    assert find_duplicate_actors(G) == []


def test_spelling_variants_are_one_offer_with_german_reasons() -> None:
    G = _city([
        _offer("a", "Elterncafé Nord"),
        _offer("b", "Eltern-Cafe Nord (AWO e.V.)", provider="caritas",
               description="Offenes Eltern-Café für Mütter und Väter mit Kleinkindern, mit Frühstück und Beratung."),
        _offer("c", "Krabbelgruppe Nord", description="Krabbeln, Singen und Spielen für die Kleinsten."),
    ])
    [cluster] = find_duplicate_offers(G)
    assert cluster.offers == ["a", "b"] and cluster.titles == ["Elterncafé Nord", "Eltern-Cafe Nord (AWO e.V.)"]
    [pair] = cluster.pairs
    assert (pair.a, pair.b) == ("a", "b") and 0.5 <= pair.score <= 1
    assert "gleicher Sozialraum Nord" in pair.reasons and "gleiche Lebensphase 0–3 Jahre" in pair.reasons
    assert any(r.startswith("Titel zu ") and r.endswith(" % ähnlich") for r in pair.reasons)
    assert "verschiedene Träger: AWO Nord / Caritas" in pair.reasons
    assert pair.explanation.startswith("„Elterncafé Nord“ und „Eltern-Cafe Nord (AWO e.V.)“ sind vermutlich")
    assert cluster.explanation.startswith("2 Einträge beschreiben vermutlich dasselbe Angebot")
    json.dumps(cluster.model_dump(mode="json"))  # JSON-serialisable


def test_generic_title_in_other_district_or_phase_is_no_duplicate() -> None:
    G = _city([
        _offer("a", "Elterncafé"),
        _offer("b", "Elterncafé", district="sued"),
        _offer("c", "Elterncafé", phase="p3-6"),
        _offer("d", "Elterncafé", district="stadt"),  # the whole city is another scope than Nord
    ])
    assert find_duplicate_offers(G) == [] and naive_duplicate_offers(G) == []


def test_different_names_in_one_template_are_no_duplicates() -> None:
    G = _city([
        _offer("a", "Sprachförderung in der Kita Sonnenschein", phase="p3-6", topic="sprache"),
        _offer("b", "Sprachförderung in der Kita Regenbogen", phase="p3-6", topic="sprache"),
        _offer("c", "Familienzentrum", phase="p3-6", description="Treffpunkt, Beratung und Kurse für Familien."),
        _offer("d", "Kleiderbörse im Familienzentrum", phase="p3-6",
               description="Zweimal im Jahr gebrauchte Kinderkleidung kaufen und verkaufen."),
    ])
    assert find_duplicate_offers(G) == [] and naive_duplicate_offers(G) == []


def test_clusters_join_pairs_and_order_is_deterministic() -> None:
    offers = [
        _offer("x1", "Hausaufgabenhilfe an der GGS Ostpark", phase="p3-6"),
        _offer("x2", "HA-Hilfe GGS Ostpark", phase="p3-6", provider="caritas"),
        _offer("x3", "Hausaufgabenhilfe GGS Ostpark – Standort Lindenstraße", phase="p3-6"),
        _offer("y1", "Elterncafé Süd", district="sued"),
        _offer("y2", "Elterncafe Sued", district="sued"),
    ]
    G = _city(offers)
    clusters = find_duplicate_offers(G)
    assert [c.offers for c in clusters] in ([["y1", "y2"], ["x1", "x2", "x3"]], [["x1", "x2", "x3"], ["y1", "y2"]])
    assert [c.score for c in clusters] == sorted((c.score for c in clusters), reverse=True)
    assert find_duplicate_offers(_city(list(reversed(offers)))) == clusters
    assert naive_duplicate_offers(G) == clusters


def test_threshold_is_a_keyword() -> None:
    G = _city([_offer("a", "Elterncafé Nord"), _offer("b", "Elterncafe Nord")])
    assert find_duplicate_offers(G, threshold=0.999999) == []
    with pytest.raises(TypeError):
        find_duplicate_offers(G, 0.5)  # type: ignore[misc]


def test_too_large_blocks_warn_in_german_and_still_find() -> None:
    names = ["Sonne", "Mond", "Sterne", "Wolke", "Regen", "Schnee", "Wind", "Blitz"]
    offers = [_offer(f"o{i}", f"Spielgruppe {name}", description=f"Spielen und Singen in der Gruppe {name}.")
              for i, name in enumerate(names)]
    offers += [_offer("dup", "Spielgruppe Sonne (Standort Markt)", description="Spielen und Singen: Gruppe Sonne.")]
    G = _city(offers)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        clusters = find_duplicate_offers(G, max_block=4)
    assert [c.offers for c in clusters] == [["dup", "o0"]]
    assert caught and all(issubclass(w.category, BlockTooLargeWarning) for w in caught)
    assert "Dopplungssuche" in str(caught[0].message)


def test_demo_city_duplicate_offers_exactly() -> None:
    G = graph_from_batch(load_demo_batch())
    expected = sorted(sorted(c["offers"]) for c in load_manifest()["duplicate_offers"])
    found = find_duplicate_offers(G)
    assert sorted(c.offers for c in found) == expected
    assert all(c.explanation and all(p.reasons for p in c.pairs) for c in found)


# ---------------------------------------------------------------------------------------
# actors
# ---------------------------------------------------------------------------------------


def test_demo_city_duplicate_actors_exactly_and_no_look_alikes() -> None:
    G = graph_from_batch(load_demo_batch())
    manifest = load_manifest()
    found = {frozenset((p.keep, p.merge)) for p in find_duplicate_actors(G)}
    assert found == {frozenset(e["actors"]) for e in manifest["duplicate_actors"]}
    assert not found & {frozenset(e["actors"]) for e in manifest["not_duplicate_actors"]}


def test_keep_the_richer_record_and_say_why() -> None:
    G = graph_from_batch(load_demo_batch())
    proposal = next(p for p in find_duplicate_actors(G) if "kita-sonnenschein" in (p.keep, p.merge))
    assert (proposal.keep, proposal.merge) == ("kita-sonnenschein", "kita-sonnenschein-2")
    assert proposal.keep_reason.startswith("„Städt. Kita Sonnenschein“ behalten: mehr Verbindungen im Netz")
    assert "zuletzt geprüft am 11.10.2024" in proposal.keep_reason
    assert "gleicher Sozialraum Nord" in proposal.reasons
    json.dumps(proposal.model_dump(mode="json"))


def test_federation_levels_parents_and_districts_are_never_merged() -> None:
    actors = [
        Actor(id="kv", name="AWO Kreisverband Teststadt e.V.", kind="welfare_org", district="nord"),
        Actor(id="ov", name="AWO Ortsverein Nord e.V.", kind="welfare_org", district="nord", part_of="kv"),
        Actor(id="ov2", name="Arbeiterwohlfahrt OV Nord", kind="welfare_org", district="nord",
              last_verified=dt.date(2025, 1, 1)),
        Actor(id="fz-n", name="Familienzentrum Nord", kind="family_centre", district="nord"),
        Actor(id="fz-s", name="Familienzentrum Süd", kind="family_centre", district="sued"),
        Actor(id="sp-n", name="Sportplatz", kind="other", district="nord"),
        Actor(id="sp-s", name="Sportplatz", kind="other", district="sued"),
        Actor(id="kg-n", name="Ev. Kirchengemeinde Teststadt-Nord", kind="church", district="nord"),
        Actor(id="kg-s", name="Ev. Kirchengemeinde Teststadt-Süd", kind="church"),
    ]
    proposals = find_duplicate_actors(_city([], actors))
    assert [(p.keep, p.merge) for p in proposals] == [("ov", "ov2")]  # ov has the PART_OF relation
    assert proposals[0].keep_reason == "„AWO Ortsverein Nord e.V.“ behalten: mehr Verbindungen im Netz (2 statt 1)"


def test_actor_matcher_candidates_for_importers() -> None:
    m = ActorMatcher([
        ("awo-ahlen", "Arbeiterwohlfahrt Ortsverein Ahlen e.V.", {"kind": "welfare_org", "district": "ahlen"}),
        ("awo-kv", "AWO Kreisverband Warendorf e.V.", {"kind": "welfare_org"}),
        ("caritas", "Caritasverband Ahlen e.V.", {"kind": "welfare_org", "district": "ahlen"}),
    ], district_names={"ahlen": "Ahlen"})
    [best] = m.candidates("AWO Ahlen", district="ahlen", kind="welfare_org")
    assert best.id == "awo-ahlen" and best.score > 0.5 and "gleicher Sozialraum Ahlen" in best.reasons
    assert m.candidates("AWO Ahlen", district="beckum") == []  # another district rules it out
    assert m.candidates("") == [] and ActorMatcher([]).candidates("AWO") == []
    assert [c.id for c in m.candidates("Caritas Ahlen", limit=1, min_score=0.05)] == ["caritas"]


# ---------------------------------------------------------------------------------------
# the comparison machinery
# ---------------------------------------------------------------------------------------


def test_levels_are_plain_data_and_their_labels_are_reasons() -> None:
    name = Comparison("Name", lambda a, b: Measure(title_similarity(a, b), {"a": a}), (
        Level("gleicher Name", 1.0, 6.0),
        Level("Name zu {pct} ähnlich ({a})", 0.8, 3.0),
        Level("verschiedene Namen", None, 0.0, veto=True),
    ))
    assert name.compare("Kita Sonnenschein", "Kita Sonnenschien").label == "Name zu 94 % ähnlich (Kita Sonnenschein)"
    assert score_pair([name], "Kita Sonnenschein", "Jugendamt", prior=0.0) is None  # vetoed
    assert score_pair([name], "AWO", "Arbeiterwohlfahrt", prior=-2.0).reasons == ["gleicher Name"]
    assert name.max_weight == 6.0
