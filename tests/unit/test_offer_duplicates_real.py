"""Duplicate offers on small lists shaped like a real Landkreis list (no database).

What a list of 1,700 offers of a Landkreis showed, in miniature: a municipality
("Gemeinde Brigachtal") with Ortsteile, clubs named after the place, municipal Kitas with
one boilerplate description, courses in levels and age groups. The detector must not let
the shared place word carry a match ("FC Brigachtal" / "Motor-Sport-Club (MSC) Brigachtal
e.V."), must not chain look-alikes into one cluster (nine Kitas of one municipality), and
must still find the true duplicate among them.
"""

from __future__ import annotations

from itertools import combinations

import networkx as nx

from graph.analysis.duplicates import find_duplicate_offers, naive_duplicate_offers
from graph.analysis.matching import title_similarity
from graph.analysis.normalise import word_tuple
from graph.analysis.offer_tokens import token_weights, weighted_title_similarity
from graph.model import Actor, Cooperation, District, GraphBatch, LifePhase, Offer, Topic
from graph.projection import graph_from_batch

KITA_TEXT = ("Betreuung von Kindern ab einem Jahr bis zum Schuleintritt, Ganztagsgruppe mit Mittagessen. "
             "Anmeldung über das Bürgerbüro der Gemeinde.")

ACTORS = [
    Actor(id="gemeinde", name="Gemeinde Brigachtal", kind="administration", district="brigachtal"),
    Actor(id="fc", name="FC Brigachtal e.V.", kind="club", district="brigachtal"),
    Actor(id="msc", name="Motor-Sport-Club (MSC) Brigachtal e.V.", kind="club", district="brigachtal"),
    Actor(id="tv", name="TV Brigachtal 1905 e.V.", kind="club", district="brigachtal"),
    Actor(id="vhs", name="Volkshochschule Brigachtal", kind="education", district="brigachtal"),
    Actor(id="dlrg", name="DLRG Ortsgruppe Brigachtal e.V.", kind="club", district="brigachtal"),
    Actor(id="hebamme", name="Hebammenpraxis Lummerland", kind="health", district="brigachtal"),
    Actor(id="kath-kita", name="Kath. Kindergarten St. Martin", kind="kita", district="brigachtal"),
    Actor(id="kirchengemeinde", name="Kath. Kirchengemeinde St. Martin Brigachtal", kind="church",
          district="brigachtal"),
]


def _landkreis(offers: list[Offer], cooperations: list[Cooperation] | None = None) -> nx.MultiDiGraph:
    return graph_from_batch(GraphBatch(
        life_phases=[LifePhase(id="p0-3", name="0–3 Jahre", order=1, age_min=0, age_max=3),
                     LifePhase(id="p3-6", name="3–6 Jahre", order=2, age_min=3, age_max=6),
                     LifePhase(id="p6-10", name="6–10 Jahre", order=3, age_min=6, age_max=10),
                     LifePhase(id="eltern", name="Eltern", order=4, age_min=16, age_max=99)],
        topics=[Topic(id="bewegung", name="Bewegung"), Topic(id="bildung", name="Bildung"),
                Topic(id="sprache", name="Sprache")],
        districts=[District(id="lk", name="Schwarzwald-Baar-Kreis", kind="city"),
                   District(id="brigachtal", name="Brigachtal", kind="borough", part_of="lk"),
                   District(id="klengen", name="Klengen", kind="quarter", part_of="brigachtal"),
                   District(id="beckhofen", name="Beckhofen", kind="quarter", part_of="brigachtal"),
                   District(id="ueberauchen", name="Überauchen", kind="quarter", part_of="brigachtal")],
        actors=ACTORS, offers=offers, cooperations=cooperations or [],
    ))


def _offer(id: str, title: str, provider: str, *, description: str, phases: tuple[str, ...] = ("p3-6",),
           age: tuple[float, float] = (3, 6), target: str = "Kinder", kind: str = "group",
           topic: str = "bewegung") -> Offer:
    """An offer as the Landkreis list has it: recorded for the municipality, the Ortsteil only in the title."""
    return Offer(id=id, title=title, description=description, target_group=target, age_min=age[0], age_max=age[1],
                 kind=kind, phases=list(phases), topics=[topic], districts=["brigachtal"],
                 providers=[{"actor": provider}])


def _kita(id: str, title: str) -> Offer:
    return _offer(id, title, "gemeinde", description=KITA_TEXT, phases=("p0-3", "p3-6"), age=(1, 6),
                  target="Kinder von 1 bis 6 Jahren", kind="infrastructure", topic="bildung")


def _every_pair_matched(G: nx.MultiDiGraph) -> None:
    for c in find_duplicate_offers(G):
        assert {(p.a, p.b) for p in c.pairs} == set(combinations(c.offers, 2)), c.offers


# ---------------------------------------------------------------------------------------
# a shared place word carries no match
# ---------------------------------------------------------------------------------------


def test_clubs_sharing_only_the_place_name_are_no_duplicates() -> None:
    G = _landkreis([
        _offer("fc", "FC Brigachtal", "fc", description="Fußball für Kinder und Jugendliche in Brigachtal."),
        _offer("msc", "Motor-Sport-Club (MSC) Brigachtal e.V.", "msc",
               description="Jugendkart und Motorsport für Kinder und Jugendliche in Brigachtal."),
    ])
    assert find_duplicate_offers(G) == [] and naive_duplicate_offers(G) == []


def test_place_word_weighs_little_in_the_title_similarity() -> None:
    a, b = "FC Brigachtal", "Motor-Sport-Club (MSC) Brigachtal e.V."
    assert title_similarity(a, b) >= 0.85  # letters alone: the municipality's name carries it
    titles = [word_tuple(t) for t in (a, b, "Kinderturnen TV Brigachtal", "Elterncafé Klengen")]
    weights = token_weights(titles)
    assert weighted_title_similarity(word_tuple(a), word_tuple(b), weights, frozenset({"brigachtal"})) < 0.3


def test_two_clubs_same_activity_same_place_are_no_duplicates() -> None:
    text = "Turnen, Toben und Bewegungsspiele für Kinder von 3 bis 6 Jahren in der Gemeindehalle."
    G = _landkreis([
        _offer("tv", "Kinderturnen TV Brigachtal", "tv", description=text),
        _offer("fc", "Kinderturnen FC Brigachtal", "fc", description=text),
    ])
    assert find_duplicate_offers(G) == []


# ---------------------------------------------------------------------------------------
# nine municipal Kitas: no chain, one true duplicate
# ---------------------------------------------------------------------------------------

NINE_KITAS = [
    ("k1", "Kindergarten Klengen, Schulstraße"),
    ("k2", "Kindergarten Klengen, Talstraße"),
    ("k3", "Kita Sonnenschein Klengen"),
    ("k4", "Kindergarten Beckhofen"),
    ("k5", "Kita Regenbogen Beckhofen"),
    ("k6", "Kindergarten Überauchen"),
    ("k7", "Kita Pusteblume Überauchen"),
    ("k8", "Kinderkrippe Klengen"),
    ("k9", "Kita Regenbogen Überauchen"),
]


def test_nine_municipal_kitas_are_not_one_cluster_and_the_true_duplicate_is_found() -> None:
    offers = [_kita(i, t) for i, t in NINE_KITAS]
    offers.append(_kita("k3-2", "Kindertagesstätte Sonnenschein (Klengen)"))  # Kita Sonnenschein entered twice
    G = _landkreis(offers)
    found = find_duplicate_offers(G)
    assert [c.offers for c in found] == [["k3", "k3-2"]]
    assert "gleicher Träger: Gemeinde Brigachtal" in found[0].pairs[0].reasons
    assert naive_duplicate_offers(G) == found
    _every_pair_matched(G)


def test_kitas_in_two_ortsteile_with_one_name_are_no_duplicates() -> None:
    G = _landkreis([_kita("a", "Kita Regenbogen Beckhofen"), _kita("b", "Kita Regenbogen Überauchen")])
    assert find_duplicate_offers(G) == []


def test_kitas_at_two_streets_are_no_duplicates() -> None:
    G = _landkreis([_kita("a", "Kindergarten Klengen, Schulstraße"), _kita("b", "Kindergarten Klengen, Talstraße")])
    assert find_duplicate_offers(G) == []


# ---------------------------------------------------------------------------------------
# chains of look-alikes: A≈B, B≈C, A≉C
# ---------------------------------------------------------------------------------------


def test_chain_of_look_alikes_is_split_into_clusters_of_matched_pairs() -> None:
    text = "Wassergewöhnung für Babys ab vier Monaten mit einem Elternteil im Lehrschwimmbecken."
    G = _landkreis([
        _offer("a", "Babyschwimmen im Lehrschwimmbecken Klengen", "dlrg", description=text, phases=("p0-3",), age=(0, 1)),
        _offer("b", "Babyschwimmen Klengen", "dlrg", description=text, phases=("p0-3",), age=(0, 1)),
        _offer("c", "Babyschwimmen Klengen – Hebammenpraxis Lummerland", "hebamme", description=text,
               phases=("p0-3",), age=(0, 1)),
    ], [Cooperation(actor="dlrg", partner="hebamme")])
    found = find_duplicate_offers(G)
    assert not any({"a", "c"} <= set(c.offers) for c in found)  # a and c name two different things
    assert [c.offers for c in found] == [["a", "b"]]
    _every_pair_matched(G)


def test_course_levels_are_no_duplicates() -> None:
    text = "Deutschkurs für Eltern mit Kinderbetreuung, vormittags im Rathaus."
    G = _landkreis([
        _offer(f"dk-{level.lower()}", f"Deutschkurs für Eltern {level}", "vhs", description=text, phases=("eltern",),
               age=(16, 99), target="Eltern", kind="course", topic="sprache")
        for level in ("A1", "A2", "B1")
    ])
    assert find_duplicate_offers(G) == []


def test_overlapping_age_groups_are_no_duplicates() -> None:
    text = "Schwimmkurs mit Seepferdchen-Abzeichen im Hallenbad."
    G = _landkreis([
        _offer(f"s{lo}", f"Schwimmkurs {lo}–{hi} Jahre", "dlrg", description=text, phases=("p6-10",), age=(lo, hi))
        for lo, hi in ((6, 8), (7, 9), (8, 10))
    ])
    assert find_duplicate_offers(G) == []


# ---------------------------------------------------------------------------------------
# the classic duplicate is still found
# ---------------------------------------------------------------------------------------


def test_same_provider_same_place_similar_title_is_found() -> None:
    G = _landkreis([
        _offer("a", "Kinderturnen TV Brigachtal", "tv",
               description="Turnen, Toben und Bewegungsspiele für Kinder von 3 bis 6 Jahren in der Gemeindehalle."),
        _offer("b", "Kinder-Turnen (TV Brigachtal 1905 e.V.)", "tv",
               description="Bewegungsspiele, Turnen und Toben für Kinder von 3 bis 6 Jahren, Gemeindehalle."),
        _offer("c", "Eltern-Kind-Turnen TV Brigachtal", "tv", description="Turnen für Eltern mit Kleinkindern.",
               phases=("p0-3",), age=(1, 3)),
    ])
    [cluster] = find_duplicate_offers(G)
    assert cluster.offers == ["a", "b"]
    assert "gleicher Träger: TV Brigachtal 1905 e.V." in cluster.pairs[0].reasons


def test_a_partner_entering_the_offer_again_is_found_an_unlinked_provider_weighs_against() -> None:
    text = "Offener Treff für Eltern mit Kleinkindern: Frühstück, Austausch und Beratung durch die Hebamme."
    offers = [
        _offer("a", "Elterncafé Klengen", "hebamme", description=text, phases=("p0-3",), age=(0, 3)),
        _offer("b", "Eltern-Café Klengen", "kirchengemeinde", description=text, phases=("p0-3",), age=(0, 3)),
    ]
    linked = find_duplicate_offers(_landkreis(offers, [Cooperation(actor="hebamme", partner="kirchengemeinde")]))
    assert [c.offers for c in linked] == [["a", "b"]]
    assert any(r.startswith("verschiedene Träger: ") for r in linked[0].pairs[0].reasons)
    unlinked = naive_duplicate_offers(_landkreis(offers), threshold=0.01)
    reasons = [r for c in unlinked for p in c.pairs for r in p.reasons]
    assert any(r.startswith("verschiedene Träger ohne Verbindung im Netz: ") for r in reasons)
    assert unlinked[0].score < linked[0].score


# ---------------------------------------------------------------------------------------
# a different address weighs against
# ---------------------------------------------------------------------------------------


def test_two_addresses_in_the_titles_are_no_duplicates() -> None:
    text = "Offener Treff für Familien: Beratung, Krabbelgruppe und Elternfrühstück."
    G = _landkreis([
        _offer("a", "Familientreff Klengen, Kirchstraße", "kirchengemeinde", description=text, phases=("p0-3",), age=(0, 3)),
        _offer("b", "Familientreff Klengen, Kirchgasse", "kirchengemeinde", description=text, phases=("p0-3",), age=(0, 3)),
    ])
    assert find_duplicate_offers(G) == []


def test_offers_far_apart_are_no_duplicates_offers_at_one_place_are() -> None:
    text = "Wassergewöhnung für Babys ab vier Monaten mit einem Elternteil im Lehrschwimmbecken."

    def baby(id: str, title: str, lat: float, lon: float) -> Offer:
        o = _offer(id, title, "dlrg", description=text, phases=("p0-3",), age=(0, 1))
        return o.model_copy(update={"lat": lat, "lon": lon})

    near = find_duplicate_offers(_landkreis([baby("a", "Babyschwimmen", 48.0101, 8.4601),
                                             baby("b", "Baby-Schwimmen", 48.0102, 8.4602)]))
    assert [c.offers for c in near] == [["a", "b"]] and "gleicher Ort" in near[0].pairs[0].reasons
    far = _landkreis([baby("a", "Babyschwimmen", 48.0101, 8.4601), baby("b", "Baby-Schwimmen", 48.0371, 8.4601)])
    [pair] = [p for c in naive_duplicate_offers(far, threshold=0.01) for p in c.pairs]
    assert "verschiedene Orte, 3,0 km auseinander" in pair.reasons
    assert pair.score < near[0].pairs[0].score
