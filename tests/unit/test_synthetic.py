"""Synthetic cities: determinism, sizes, references and a ground truth that follows the rules.

No database and no timing (speed is measured in benchmarks/, not here). The rules are
re-implemented in a few lines where they are not the project's own analysis.
"""

from __future__ import annotations

import random
from collections import defaultdict
from itertools import combinations

import pytest

from graph.analysis.gaps import find_transition_gaps
from graph.demo.build_musterstadt import reference_problems, unlinked_offer_pairs
from graph.demo.synthetic import (
    GroundTruth,
    SyntheticCity,
    generate_city,
    normalise,
    paraphrase,
    vary_name,
    vary_title,
)
from graph.model import GraphBatch
from graph.projection import graph_from_batch

PHASE_IDS = ["schwangerschaft", "p0-3", "p3-6", "p6-10", "p10-16", "p16-27"]
TRANSITION_IDS = ["ue-geburt-krippe", "ue-krippe-kita", "ue-kita-grundschule", "ue-grundschule-weiterfuehrend",
                  "ue-schule-beruf"]


@pytest.fixture(scope="module")
def city() -> SyntheticCity:
    return generate_city(1000, seed=11)


def test_same_seed_same_city_other_seed_other_city() -> None:
    a, b, c = generate_city(400, seed=3), generate_city(400, seed=3), generate_city(400, seed=4)
    assert a.batch.model_dump_json() == b.batch.model_dump_json()
    assert a.truth == b.truth
    assert a.batch.model_dump_json() != c.batch.model_dump_json()


@pytest.mark.parametrize("n", [0, 1, 45, 1000, 2500])
def test_exact_offer_count_and_scaled_city(n: int) -> None:
    batch = generate_city(n, seed=1).batch
    assert len(batch.offers) == n
    kinds = defaultdict(int)
    for d in batch.districts:
        kinds[d.kind] += 1
    assert kinds["city"] == 1
    assert kinds["quarter"] == max(2, round(n / 120))
    assert kinds["borough"] == -(-kinds["quarter"] // 6)
    assert [p.id for p in sorted(batch.life_phases, key=lambda p: p.order)] == PHASE_IDS
    assert [t.id for t in batch.transitions] == TRANSITION_IDS
    assert len(batch.topics) == 10


def test_actor_count_follows_actors_per_offer(city: SyntheticCity) -> None:
    assert len(city.batch.actors) == 300
    assert len(generate_city(2000, seed=2, actors_per_offer=0.5).batch.actors) == 1000


def test_every_reference_resolves_and_ids_are_unique(city: SyntheticCity) -> None:
    assert reference_problems(city.batch) == []
    offers = {o.id for o in city.batch.offers}
    actors = {a.id for a in city.batch.actors}
    districts = {d.id for d in city.batch.districts}
    truth = city.truth
    assert {x for p in truth.duplicate_offer_pairs for x in p} <= offers
    assert {x for g in truth.parallel_offer_groups for x in g} <= offers
    assert {x for p in truth.hard_negative_offer_pairs for x in p} <= offers
    assert {x for p in truth.duplicate_actor_pairs | truth.not_duplicate_actor_pairs for x in p} <= actors
    assert {x for p in truth.parallel_committee_pairs for x in p} <= actors
    assert {d for d, _ in truth.gaps} <= districts and {t for _, t in truth.gaps} <= set(TRANSITION_IDS)


def test_batch_survives_its_own_json(city: SyntheticCity) -> None:
    again = GraphBatch.model_validate_json(city.batch.model_dump_json())
    assert again.model_dump() == city.batch.model_dump()


def test_gap_truth_is_what_the_gap_analysis_finds() -> None:
    for seed in (0, 5):
        city = generate_city(700, seed=seed, gap_rate=0.25)
        # the generator plants gaps by transition tags: its truth is the "tagged" rule
        G = graph_from_batch(city.batch)
        found = {(g.district, g.transition) for g in find_transition_gaps(G, evidence="tagged")}
        assert found == set(city.truth.gaps)
        assert city.truth.gaps  # something to find


def test_empty_city_has_only_gaps() -> None:
    truth = generate_city(0).truth
    assert truth.duplicate_offer_pairs == frozenset() and truth.parallel_offer_groups == frozenset()
    quarters = [d.id for d in generate_city(0).batch.districts if d.kind == "quarter"]
    assert truth.gaps == {(q, t) for q in quarters for t in TRANSITION_IDS}


def test_nothing_to_find_when_nothing_is_planted() -> None:
    city = generate_city(500, seed=2, duplicate_rate=0, actor_duplicate_rate=0, gap_rate=0, parallel_rate=0)
    truth = city.truth
    assert not truth.duplicate_offer_pairs and not truth.duplicate_actor_pairs
    # bridging offers everywhere; planted parallels are skipped only below 30 offers
    assert not truth.gaps
    assert len(city.batch.offers) == 500


def test_duplicate_offers_share_what_makes_them_the_same(city: SyntheticCity) -> None:
    offers = {o.id: o for o in city.batch.offers}
    truth = city.truth
    assert len(truth.duplicate_offer_clusters) >= 20
    sizes = {len(c) for c in truth.duplicate_offer_clusters}
    assert sizes <= {2, 3} and 2 in sizes
    assert truth.duplicate_offer_pairs == {
        tuple(sorted(p)) for c in truth.duplicate_offer_clusters for p in combinations(c, 2)}
    other_provider = 0
    for cluster in truth.duplicate_offer_clusters:
        os_ = [offers[i] for i in cluster]
        assert len({(tuple(o.phases), tuple(o.topics), tuple(o.districts), o.target_group, tuple(o.transitions))
                    for o in os_}) == 1
        assert len({o.title for o in os_}) == len(os_), [o.title for o in os_]
        assert all(o.status == "active" for o in os_)
        other_provider += len({o.providers[0].actor for o in os_}) > 1
    assert other_provider > len(truth.duplicate_offer_clusters) / 2


def test_no_unplanted_offer_shares_title_phase_and_district(city: SyntheticCity) -> None:
    planted = city.truth.duplicate_offer_pairs
    seen: dict[tuple, list[str]] = defaultdict(list)
    for o in city.batch.offers:
        for p in o.phases:
            seen[(normalise(o.title), p, tuple(o.districts))].append(o.id)
    for ids in seen.values():
        for a, b in combinations(sorted(ids), 2):
            assert (a, b) in planted


def test_hard_negatives_are_not_duplicates(city: SyntheticCity) -> None:
    truth = city.truth
    assert truth.hard_negative_offer_pairs and not truth.hard_negative_offer_pairs & truth.duplicate_offer_pairs
    offers = {o.id: o for o in city.batch.offers}
    for a, b in truth.hard_negative_offer_pairs:
        assert normalise(offers[a].title) == normalise(offers[b].title)
        assert offers[a].districts != offers[b].districts or not set(offers[a].phases) & set(offers[b].phases)
    assert truth.not_duplicate_actor_pairs and not truth.not_duplicate_actor_pairs & truth.duplicate_actor_pairs


def test_duplicate_actors_are_one_organisation_spelled_twice(city: SyntheticCity) -> None:
    actors = {a.id: a for a in city.batch.actors}
    assert city.truth.duplicate_actor_pairs
    for a, b in city.truth.duplicate_actor_pairs:
        assert actors[a].district == actors[b].district and actors[a].kind == actors[b].kind
        assert actors[a].name != actors[b].name
    names = {actors[x].name for p in city.truth.not_duplicate_actor_pairs for x in p}
    assert any("Kreisverband" in n for n in names) and any("Ortsverein" in n for n in names)
    assert any("Kirchengemeinde" in n for n in names)


def test_parallel_offers_follow_the_rule(city: SyntheticCity) -> None:
    truth = city.truth
    assert truth.parallel_offer_groups
    assert {frozenset(p) for p in truth.parallel_offer_pairs} == unlinked_offer_pairs(city.batch)
    offers = {o.id: o for o in city.batch.offers}
    for group in truth.parallel_offer_groups:
        cells = [{(p, t, d) for p in offers[o].phases for t in offers[o].topics for d in offers[o].districts}
                 for o in group]
        assert set.intersection(*cells)


def test_parallel_committees_follow_the_rule(city: SyntheticCity) -> None:
    members: dict[str, set[str]] = defaultdict(set)
    for m in city.batch.memberships:
        members[m.committee].add(m.actor)
    committees = {a.id: set(a.mandate_topics) for a in city.batch.actors if a.kind == "committee"}
    assert set(members) <= set(committees)

    def jaccard(x: set[str], y: set[str]) -> float:
        return len(x & y) / len(x | y)

    found = {(a, b) for a, b in combinations(sorted(committees), 2)
             if jaccard(members[a], members[b]) >= 0.5 and jaccard(committees[a], committees[b]) >= 0.5}
    assert found == set(city.truth.parallel_committee_pairs) and found
    for a, b in combinations(sorted(committees), 2):
        if (a, b) not in found:
            assert jaccard(members[a], members[b]) < 0.3


def test_variations_change_the_text_but_keep_it_recognisable() -> None:
    rng = random.Random(0)
    for title in ["Elterncafé Nord", "Hausaufgabenhilfe", "Sprachförderung – Städt. Kita Regenbogen", "Babytreff"]:
        for _ in range(20):
            v = vary_title(rng, title, suffixes=["Standort Hauptstraße", title])
            assert v != title and v.strip(" –-:()")
    for name in ["Arbeiterwohlfahrt Ortsverein Nord e.V.", "Ev. Kirchengemeinde Beispielstadt-Süd", "Kita Momo"]:
        assert all(vary_name(rng, name, site="Nord") != name for _ in range(20))
    assert paraphrase(rng, "Offener Treff für Eltern mit Frühstück.") != "Offener Treff für Eltern mit Frühstück."
    assert normalise("Eltern-Café  Süd") == "eltern cafe sued"


def test_ground_truth_is_immutable(city: SyntheticCity) -> None:
    assert isinstance(city.truth, GroundTruth)
    with pytest.raises(AttributeError):
        city.truth.gaps = frozenset()  # type: ignore[misc]
