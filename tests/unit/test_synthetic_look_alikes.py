"""The synthetic city's harder parts: look-alikes, homonym clubs, who enters a copy (no database)."""

from __future__ import annotations

from collections import defaultdict

import pytest

from graph.analysis.duplicates import find_duplicate_offers
from graph.demo.synthetic import SyntheticCity, generate_city, normalise
from graph.projection import graph_from_batch


@pytest.fixture(scope="module")
def city() -> SyntheticCity:
    return generate_city(1500, seed=5)


def test_look_alikes_are_planted_labelled_and_never_duplicates(city: SyntheticCity) -> None:
    truth = city.truth
    offers = {o.id: o for o in city.batch.offers}
    assert len(truth.look_alike_offer_pairs) >= 10
    assert not truth.look_alike_offer_pairs & truth.duplicate_offer_pairs
    for a, b in truth.look_alike_offer_pairs:
        oa, ob = offers[a], offers[b]
        assert oa.districts == ob.districts and oa.phases == ob.phases and oa.topics == ob.topics
        assert normalise(oa.title) != normalise(ob.title)
        assert oa.providers[0].actor != ob.providers[0].actor or (oa.age_min, oa.age_max) != (ob.age_min, ob.age_max)


def test_age_ladders_form_chains(city: SyntheticCity) -> None:
    offers = {o.id: o for o in city.batch.offers}
    partners: dict[str, set[str]] = defaultdict(set)
    for a, b in city.truth.look_alike_offer_pairs:
        partners[a].add(b)
        partners[b].add(a)
    chains = 0
    for x, others in partners.items():
        for y in others:
            for z in others - {y}:
                ages = sorted(((offers[o].age_min, offers[o].age_max) for o in (x, y, z)))
                if ages[0][1] > ages[1][0] and ages[1][1] > ages[2][0] and ages[0][1] <= ages[2][0]:
                    chains += 1
    assert chains  # A and B overlap, B and C overlap, A and C do not


def test_homonym_clubs_in_several_stadtteile_are_labelled_no_duplicates(city: SyntheticCity) -> None:
    actors = {a.id: a for a in city.batch.actors}
    by_name: dict[str, set[str]] = defaultdict(set)
    for a in actors.values():
        if a.kind == "club":
            by_name[a.name].add(a.district or "")
    homonyms = {n for n, ds in by_name.items() if len(ds) > 1}
    assert homonyms
    labelled = {actors[x].name for p in city.truth.not_duplicate_actor_pairs for x in p}
    assert homonyms & labelled


def test_copies_are_mostly_entered_by_the_provider_or_someone_linked_to_it(city: SyntheticCity) -> None:
    offers = {o.id: o for o in city.batch.offers}
    linked = {frozenset((c.actor, c.partner)) for c in city.batch.cooperations}
    near = 0
    copies = 0
    for cluster in city.truth.duplicate_offer_clusters:
        lead = offers[cluster[0]].providers[0].actor
        for copy in cluster[1:]:
            copies += 1
            ids = [p.actor for p in offers[copy].providers]
            near += lead in ids or any(frozenset((lead, i)) in linked for i in ids)
    assert copies and near / copies >= 0.75


def test_the_detector_keeps_look_alikes_apart() -> None:
    city = generate_city(600, seed=3)
    found = {tuple(sorted((p.a, p.b))) for c in find_duplicate_offers(graph_from_batch(city.batch)) for p in c.pairs}
    assert city.truth.look_alike_offer_pairs
    assert len(found & city.truth.look_alike_offer_pairs) <= len(city.truth.look_alike_offer_pairs) // 10
