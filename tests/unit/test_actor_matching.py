"""Duplicate actors as a directory editor sees them, on small real-shaped records (no database).

German and English records: a name inside a longer one is not a similar name, the same
name at another address is another site (unless phone or website say otherwise), an e. V.
and a gGmbH are two legal persons, two parishes are two actors, a neighbouring Teilort is
no veto, and the probability bands are monotone.
"""

from __future__ import annotations

import json

import networkx as nx
import pytest
from pydantic import ValidationError

from graph.analysis.actor_comparisons import ACTOR_COMPARISONS, ACTOR_PRIOR, BAND_CHECK, BAND_SURE, band
from graph.analysis.actor_matching import ActorMatcher
from graph.analysis.duplicates import ActorMergeProposal, find_duplicate_actors
from graph.analysis.matching import probability
from graph.analysis.actor_normalise import email_key, legal_forms, parse_address, phone_key, web_key
from graph.model import Actor, District, GraphBatch, Sector
from graph.projection import graph_from_batch

DISTRICTS = [
    District(id="stadt", name="Musterstadt", kind="city"),
    District(id="bezirk-kuhlen", name="Stadtbezirk Kuhlen", kind="borough", part_of="stadt"),
    District(id="bezirk-hafen", name="Stadtbezirk Hafen", kind="borough", part_of="stadt"),
    District(id="kuhlen", name="Kuhlen", part_of="bezirk-kuhlen"),
    District(id="kuhlen-nord", name="Kuhlen-Nord", part_of="bezirk-kuhlen"),
    District(id="hafenviertel", name="Hafenviertel", part_of="bezirk-hafen"),
]


def _graph(*actors: Actor) -> nx.MultiDiGraph:
    return graph_from_batch(GraphBatch(districts=DISTRICTS, actors=list(actors)))


def _pairs(*actors: Actor, threshold: float = 0.5) -> dict[frozenset[str], ActorMergeProposal]:
    return {frozenset((p.keep, p.merge)): p for p in find_duplicate_actors(_graph(*actors), threshold=threshold)}


# ---------------------------------------------------------------------------------------
# names: containment is not similarity
# ---------------------------------------------------------------------------------------


def test_a_name_inside_a_much_longer_one_is_not_99_percent_alike() -> None:
    found = _pairs(
        Actor(id="county", name="Whatcom County", address="311 Grand Ave, Bellingham, WA 98225"),
        Actor(id="clubs", name="Boys and Girls Clubs of Whatcom County", address="1607 Ellis St, Bellingham, WA 98225"),
        Actor(id="caritas", name="Caritas", kind="welfare_org"),
        Actor(id="sozialstation", name="Caritas-Sozialstation Kuhlen-Nord", kind="welfare_org"),
    )
    assert found == {}
    low = _pairs(Actor(id="county", name="Whatcom County"),
                 Actor(id="clubs", name="Boys and Girls Clubs of Whatcom County"), threshold=0.0)
    [p] = low.values()
    assert p.band == "verschieden" and not any("99 %" in r for r in p.reasons)
    assert "„Whatcom County“ ist nur ein Teil des viel längeren Namens „Boys and Girls Clubs of Whatcom County“" in p.reasons


def test_a_short_form_with_the_same_place_still_matches() -> None:
    found = _pairs(
        Actor(id="kita", name="Städt. Kita Sonnenschein", kind="kita", district="kuhlen", address="Zechenweg 14, 45999 Musterstadt"),
        Actor(id="kita-2", name="Kita Sonnenschein", kind="kita", district="kuhlen", address="Zechenweg 14a, 45999 Musterstadt"),
    )
    [p] = found.values()
    assert "„Kita Sonnenschein“ ist im Namen „Städt. Kita Sonnenschein“ enthalten" in p.reasons


# ---------------------------------------------------------------------------------------
# the same name at another address is another site
# ---------------------------------------------------------------------------------------

SV = "Sportverein Grün-Weiß Musterstadt e.V."


def test_same_name_other_address_is_another_site() -> None:
    assert _pairs(
        Actor(id="sv-a", name=SV, kind="club", address="Hauptstraße 1, 45999 Musterstadt"),
        Actor(id="sv-b", name=SV, kind="club", address="Parkweg 7, 45999 Musterstadt"),
        Actor(id="fb-a", name="Bellingham Food Bank", address="1824 Ellis St, Bellingham, WA 98225"),
        Actor(id="fb-b", name="Bellingham Food Bank", address="3620 Meridian St, Bellingham, WA 98225"),
    ) == {}


@pytest.mark.parametrize(("contact_a", "contact_b", "reason"), [
    ({"phone": "+49 (0)209 123 45-0"}, {"phone": "0209 1234 50"}, "gleiche Telefonnummer 0209123450"),
    ({"website": "https://www.gruen-weiss-musterstadt.de"}, {"website": "http://gruen-weiss-musterstadt.de/"},
     "gleiche Internetseite gruen-weiss-musterstadt.de"),
    ({"email": "info@gruen-weiss-musterstadt.de"}, {"email": "vorstand@gruen-weiss-musterstadt.de"},
     "gleiche E-Mail-Domain gruen-weiss-musterstadt.de"),
])
def test_same_name_other_address_but_same_phone_or_domain_is_worth_a_look(
        contact_a: dict[str, str], contact_b: dict[str, str], reason: str) -> None:
    [p] = _pairs(
        Actor(id="sv-a", name=SV, kind="club", address="Hauptstraße 1, 45999 Musterstadt", **contact_a),
        Actor(id="sv-b", name=SV, kind="club", address="Parkweg 7, 45999 Musterstadt", **contact_b),
    ).values()
    assert p.band in ("prüfen", "sicher") and reason in p.reasons
    assert any(r.startswith("andere Anschrift") for r in p.reasons)
    assert {p.keep_address, p.merge_address} == {"Hauptstraße 1, 45999 Musterstadt", "Parkweg 7, 45999 Musterstadt"}
    assert {p.keep_place, p.merge_place} == {"45999 Musterstadt"}


def test_a_website_many_sites_share_does_not_join_them() -> None:
    sites = [Actor(id=f"wwu-{i}", name="Western Washington University", website="http://www.wwu.edu",
                   address=f"{street}, Bellingham, WA 98225")
             for i, street in enumerate(["516 High Street", "1900 Commercial St", "700 Bill McDonald Pkwy",
                                         "101 Harris Ave", "2001 Bill McDonald Pkwy"])]
    assert _pairs(*sites) == {}


# ---------------------------------------------------------------------------------------
# legal persons, federation levels, parishes
# ---------------------------------------------------------------------------------------


def test_an_ev_and_a_ggmbh_of_one_name_are_two_legal_persons() -> None:
    common = {"address": "Am Markt 3, 45999 Musterstadt", "phone": "0209 55 66 77", "kind": "welfare_org"}
    assert _pairs(Actor(id="lh-ev", name="Lebenshilfe Musterstadt e.V.", **common),
                  Actor(id="lh-gmbh", name="Lebenshilfe Musterstadt gGmbH", **common), threshold=0.0) == {}
    assert sorted(legal_forms("Lebenshilfe Musterstadt gemeinnützige GmbH")) == ["GmbH"]
    assert legal_forms("Ev. Jugendhilfe Musterstadt") == frozenset()


def test_landesverband_and_ortsverein_are_different() -> None:
    assert _pairs(Actor(id="lv", name="AWO Landesverband Musterland e.V.", kind="welfare_org"),
                  Actor(id="ov", name="AWO Ortsverein Musterland e.V.", kind="welfare_org"), threshold=0.0) == {}


def test_sibling_parishes_are_two_actors() -> None:
    assert _pairs(
        Actor(id="marien", name="Kath. Kirchengemeinde St. Marien Musterstadt", kind="church"),
        Actor(id="martin", name="Katholische Kirchengemeinde St. Martin Musterstadt", kind="church"),
        Actor(id="ev-nord", name="Ev. Kirchengemeinde Musterstadt-Nord", kind="church"),
        Actor(id="ev-sued", name="Ev. Kirchengemeinde Musterstadt-Süd", kind="church"),
    ) == {}
    # one parish written twice is still one
    [p] = _pairs(Actor(id="marien", name="Kath. Kirchengemeinde St. Marien Musterstadt", kind="church"),
                 Actor(id="marien-2", name="Katholische Kirchengemeinde Sankt Marien Musterstadt", kind="church",
                       address="Marienplatz 1, 45999 Musterstadt")).values()
    assert "gleicher Name nach Vereinheitlichung der Schreibweise" in p.reasons


# ---------------------------------------------------------------------------------------
# districts: a neighbouring Teilort is weak evidence, no veto
# ---------------------------------------------------------------------------------------


def test_neighbouring_teilort_with_same_address_and_phone_is_one_actor() -> None:
    common = {"address": "Kuhlener Straße 12, 45881 Musterstadt", "phone": "0209 4711", "kind": "club"}
    [p] = _pairs(Actor(id="sv", name="Sportverein Kuhlen 1921 e.V.", district="kuhlen", **common),
                 Actor(id="sv-2", name="SV Kuhlen 1921", district="kuhlen-nord", **common)).values()
    assert p.band == "sicher"
    assert "benachbarte Sozialräume: Kuhlen / Kuhlen-Nord (beide in Stadtbezirk Kuhlen)" in p.reasons
    assert {p.keep_place, p.merge_place} == {"Kuhlen", "Kuhlen-Nord"}


def test_distant_districts_weigh_strongly_and_a_generic_name_never_joins() -> None:
    assert _pairs(
        Actor(id="sp-k", name="Sportplatz", district="kuhlen"),
        Actor(id="sp-h", name="Sportplatz", district="hafenviertel"),
        Actor(id="tafel-k", name="Tafel Musterstadt", kind="initiative", district="kuhlen"),
        Actor(id="tafel-h", name="Tafel Musterstadt", kind="initiative", district="hafenviertel"),
    ) == {}


def test_pruned_pairs_could_never_reach_half() -> None:
    """What blocking skips (distant districts or names < 60 % alike, no shared contact) stays below 0.5."""
    best = {c.name: max(lv.weight for lv in c.levels) for c in ACTOR_COMPARISONS}
    district = next(c for c in ACTOR_COMPARISONS if c.name == "Sozialraum")
    no_contact = sum(w for n, w in best.items() if n not in ("Telefon", "E-Mail", "Internetseite", "Sozialraum"))
    street_only = 0.0 + max(lv.weight for lv in next(c for c in ACTOR_COMPARISONS if c.name == "Anschrift").levels
                            if lv.at_least is not None and lv.at_least <= 0.7)
    far = ACTOR_PRIOR + district.levels[-1].weight + no_contact - best["Anschrift"] + street_only
    assert probability(far) < 0.5
    name = next(c for c in ACTOR_COMPARISONS if c.name == "Name")
    unlike = (ACTOR_PRIOR + best["Sozialraum"] + no_contact - best["Anschrift"] + street_only
              - best["Name"] + name.levels[-2].weight - best["Namensteil"])
    assert probability(unlike) < 0.5


# ---------------------------------------------------------------------------------------
# calibrated scores and bands
# ---------------------------------------------------------------------------------------


def test_bands_are_monotone_in_the_score() -> None:
    order = {"verschieden": 0, "prüfen": 1, "sicher": 2}
    grid = [i / 100 for i in range(101)]
    assert [order[band(s)] for s in grid] == sorted(order[band(s)] for s in grid)
    assert band(BAND_SURE) == "sicher" and band(BAND_CHECK) == "prüfen" and band(BAND_CHECK - 0.01) == "verschieden"


def test_more_agreeing_evidence_never_lowers_the_score() -> None:
    steps = [
        {},
        {"kind": "family_centre"},
        {"kind": "family_centre", "district": "kuhlen"},
        {"kind": "family_centre", "district": "kuhlen", "address": "Zechenweg 3, 45881 Musterstadt"},
        {"kind": "family_centre", "district": "kuhlen", "address": "Zechenweg 3, 45881 Musterstadt",
         "phone": "0209 12 34 56"},
    ]
    scores = []
    for attrs in steps:
        m = ActorMatcher([("a", "Familienzentrum am Zechenweg", attrs), ("b", "Familienzentrum Zechenweg", attrs)],
                         district_names={"kuhlen": "Kuhlen"})
        s = m.compare(m.records["a"], m.records["b"])
        assert s is not None
        scores.append(s.score)
    assert scores == sorted(scores) and band(scores[0]) != "sicher" and band(scores[-1]) == "sicher"


def test_proposals_carry_band_weight_ids_addresses_and_places() -> None:
    [p] = _pairs(Actor(id="awo", name="Arbeiterwohlfahrt Ortsverein Kuhlen e.V.", kind="welfare_org",
                       district="kuhlen", address="Glückaufplatz 3, 45881 Musterstadt"),
                 Actor(id="awo-2", name="AWO OV Kuhlen", kind="welfare_org", district="kuhlen",
                       address="Glückaufplatz 3")).values()
    assert p.band == "sicher" and p.score >= 0.9 and p.match_weight > 3
    assert (p.keep_place, p.merge_place) == ("Kuhlen", "Kuhlen")
    assert {p.keep_address, p.merge_address} == {"Glückaufplatz 3, 45881 Musterstadt", "Glückaufplatz 3"}
    assert p.explanation.startswith("„AWO OV Kuhlen“ und „Arbeiterwohlfahrt Ortsverein Kuhlen e.V.“ sind sicher")
    json.dumps(p.model_dump(mode="json"))


def test_nothing_to_find() -> None:
    assert find_duplicate_actors(nx.MultiDiGraph()) == []
    assert _pairs(Actor(id="a", name="Jugendamt"), Actor(id="b", name="Gesundheitsamt")) == {}


# ---------------------------------------------------------------------------------------
# contact data and the model
# ---------------------------------------------------------------------------------------


def test_contact_data_normalise() -> None:
    assert phone_key("+49 (0)209 123-45") == phone_key("0209/12345") == "020912345"
    assert phone_key("(360) 676-6000") == phone_key("+1 360.676.6000") == "3606766000"
    assert web_key("HTTPS://www.Example.org/") == ("example.org", "example.org")
    assert email_key("Info@Traeger.DE") == ("traeger.de", "info@traeger.de")
    assert email_key("x@gmail.com") == ("", "x@gmail.com")
    assert parse_address("Kuhlener Str. 12a, 45881 Musterstadt") == ("kuhlenerstr", "12a", "45881", "musterstadt")
    assert parse_address("3028 Lindbergh Avenue, Bellingham, WA 98225")[:3] == ("lindberghave", "3028", "98225")
    assert parse_address("3028 lindbergh ave") == parse_address("3028 Lindbergh Avenue")


def test_actor_contact_fields_are_optional_and_checked_in_german() -> None:
    a = Actor(id="a", name="Träger", email="info@traeger.de", phone="0209 1234", website="traeger.de")
    assert (a.email, a.phone, a.website) == ("info@traeger.de", "0209 1234", "traeger.de")
    assert Actor(id="b", name="Träger").email is None
    with pytest.raises(ValidationError, match="keine gültige E-Mail-Adresse"):
        Actor(id="c", name="Träger", email="info(at)traeger.de")
    with pytest.raises(ValidationError, match="keine Telefonnummer"):
        Actor(id="d", name="Träger", phone="siehe Website")
    assert Actor(id="e", name="Träger", sector="unknown").sector == Sector.UNKNOWN


# ---------------------------------------------------------------------------------------
# a small labelled set, German and English, written from directory practice
# ---------------------------------------------------------------------------------------

SAME, OTHER = True, False
LABELLED: list[tuple[dict[str, str], dict[str, str], bool]] = [
    # one organisation written twice
    ({"name": "Arbeiterwohlfahrt Ortsverein Kuhlen e.V.", "district": "kuhlen", "kind": "welfare_org"},
     {"name": "AWO OV Kuhlen", "district": "kuhlen", "kind": "welfare_org"}, SAME),
    ({"name": "Ev. Familienbildungsstätte Musterstadt", "address": "Kirchgasse 7, 45999 Musterstadt"},
     {"name": "Evangelische Familienbildungsstaette Musterstadt", "address": "Kirchgasse 7"}, SAME),
    ({"name": "Deutscher Kinderschutzbund Musterstadt e.V.", "phone": "0209 77 88 99"},
     {"name": "DKSB Musterstadt", "phone": "+49 209 778899"}, SAME),
    ({"name": "Kita Pusteblume", "district": "hafenviertel", "address": "Hafenstraße 40, 45999 Musterstadt"},
     {"name": "Kindertagesstätte Pusteblume (Hafenviertel)", "district": "hafenviertel",
      "address": "Hafenstr. 40"}, SAME),
    ({"name": "Familienzentrum Kuhlen", "district": "kuhlen", "email": "fz-kuhlen@awo-musterstadt.de"},
     {"name": "Familienzentrum Kuhlen", "district": "kuhlen-nord", "email": "fz-kuhlen@awo-musterstadt.de"}, SAME),
    ({"name": "Lebenshilfe Musterstadt gGmbH", "website": "https://www.lebenshilfe-musterstadt.de"},
     {"name": "Lebenshilfe Musterstadt gemeinnützige GmbH", "website": "lebenshilfe-musterstadt.de/"}, SAME),
    ({"name": "Bellingham Food Bank", "address": "1824 Ellis St, Bellingham, WA 98225"},
     {"name": "Bellingham Food Bnak", "address": "1824 Ellis Street, Bellingham, WA 98225"}, SAME),
    ({"name": "Opportunity Council", "website": "http://www.oppco.org", "phone": "(360) 734-8396"},
     {"name": "Opportunity Council, Inc.", "website": "https://oppco.org/", "phone": "360.734.8396"}, SAME),
    ({"name": "Lydia Place", "address": "1701 Gladstone Street, Bellingham, WA 98229"},
     {"name": "Lydia Place", "address": "1701 Gladstone St, Bellingham, WA 98229"}, SAME),
    # look-alikes that are two organisations or two sites
    ({"name": "AWO Kreisverband Musterstadt e.V.", "kind": "welfare_org"},
     {"name": "AWO Ortsverein Musterstadt e.V.", "kind": "welfare_org"}, OTHER),
    ({"name": "Lebenshilfe Musterstadt e.V.", "address": "Am Markt 3, 45999 Musterstadt"},
     {"name": "Lebenshilfe Musterstadt gGmbH", "address": "Am Markt 3, 45999 Musterstadt"}, OTHER),
    ({"name": "Kath. Kirchengemeinde St. Josef Kuhlen", "kind": "church"},
     {"name": "Kath. Kirchengemeinde St. Joseph und Anna Kuhlen", "kind": "church"}, OTHER),
    ({"name": "Ev. Kirchengemeinde Kuhlen", "kind": "church", "district": "kuhlen"},
     {"name": "Ev. Kirchengemeinde Hafen", "kind": "church", "district": "hafenviertel"}, OTHER),
    ({"name": "Grundschule am Park", "district": "kuhlen", "address": "Parkweg 2, 45881 Musterstadt"},
     {"name": "Grundschule am Park", "district": "hafenviertel", "address": "Parkallee 9, 45999 Musterstadt"}, OTHER),
    ({"name": "Familienzentrum Kuhlen", "district": "kuhlen"},
     {"name": "Familienzentrum Kuhlen-Nord", "district": "kuhlen-nord"}, OTHER),
    ({"name": "Kita Sonnenschein", "district": "kuhlen"}, {"name": "Kita Sonnenblume", "district": "kuhlen"}, OTHER),
    ({"name": "Jugendamt", "kind": "department"}, {"name": "Jugendamt der Stadt Musterstadt – Allgemeiner Sozialer "
                                                            "Dienst Kuhlen", "kind": "department"}, OTHER),
    ({"name": "Whatcom County Health Department", "address": "509 Girard St, Bellingham, WA 98225"},
     {"name": "Whatcom County", "address": "311 Grand Ave, Bellingham, WA 98225"}, OTHER),
    ({"name": "Sea Mar Community Health Centers", "address": "4455 Cordata Pkwy, Bellingham, WA 98226",
      "website": "https://www.seamar.org"},
     {"name": "Sea Mar Community Health Centers", "address": "8219 Guide Meridian Rd, Lynden, WA 98264",
      "website": "https://www.seamar.org"}, OTHER),
    ({"name": "Western Washington University", "address": "516 High Street, Room 540, Bellingham, WA 98225"},
     {"name": "Western Washington University", "address": "516 High Street, Room 102, Bellingham, WA 98225"}, OTHER),
]


@pytest.mark.parametrize(("a", "b", "same"), LABELLED, ids=[f"{a['name']} / {b['name']}" for a, b, _ in LABELLED])
def test_labelled_pairs(a: dict[str, str], b: dict[str, str], same: bool) -> None:
    found = _pairs(Actor(id="a", **a), Actor(id="b", **b), threshold=0.0)
    score = next(iter(found.values())).score if found else 0.0
    assert (score >= BAND_CHECK) == same, (score, found and next(iter(found.values())).reasons)
