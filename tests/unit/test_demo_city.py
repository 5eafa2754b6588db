"""The demo city Musterstadt: structure, references, determinism and the planted findings.

No database: everything here reads the shipped JSON (``graph/demo/*.json``) or runs the
generator in memory. The manifest checks re-implement each rule in a few lines of plain
Python, independently of the generator's own checks.
"""

from __future__ import annotations

import difflib
import hashlib
import os
import subprocess
import sys
from collections import defaultdict
from itertools import combinations
from pathlib import Path

import pytest

from graph.demo import CITY_FILE, MANIFEST_FILE, load_demo_batch, load_manifest
from graph.demo.build_musterstadt import build, dump
from graph.model import GraphBatch

REPO = Path(__file__).resolve().parents[2]

PHASE_IDS = ["schwangerschaft", "p0-3", "p3-6", "p6-10", "p10-16", "p16-27"]
TRANSITIONS = {
    "ue-geburt-krippe": ("schwangerschaft", "p0-3"),
    "ue-krippe-kita": ("p0-3", "p3-6"),
    "ue-kita-grundschule": ("p3-6", "p6-10"),
    "ue-grundschule-weiterfuehrend": ("p6-10", "p10-16"),
    "ue-schule-beruf": ("p10-16", "p16-27"),
}


@pytest.fixture(scope="module")
def batch() -> GraphBatch:
    return load_demo_batch()


@pytest.fixture(scope="module")
def manifest() -> dict:
    return load_manifest()


# ---------------------------------------------------------------------------------------
# structure and counts
# ---------------------------------------------------------------------------------------


def test_phases_and_transitions_have_the_agreed_ids(batch: GraphBatch) -> None:
    assert [p.id for p in sorted(batch.life_phases, key=lambda p: p.order)] == PHASE_IDS
    assert [p.order for p in sorted(batch.life_phases, key=lambda p: p.order)] == list(range(6))
    assert all(p.age_min is not None and p.age_max is not None for p in batch.life_phases)
    assert {t.id: (t.from_phase, t.to_phase) for t in batch.transitions} == TRANSITIONS
    assert all(" → " in t.name for t in batch.transitions)


def test_counts(batch: GraphBatch, manifest: dict) -> None:
    assert len(batch.topics) == 10
    assert {"armut-teilhabe", "gesundheit-bewegung", "medienkompetenz", "flucht-migration", "sprache",
            "trennung-scheidung", "erziehungskompetenz", "bildung", "kinderschutz", "inklusion"} == {
        t.id for t in batch.topics}
    kinds = defaultdict(list)
    for d in batch.districts:
        kinds[d.kind].append(d.id)
    assert kinds["city"] == ["musterstadt"]
    assert 2 <= len(kinds["borough"]) <= 3
    assert len(kinds["quarter"]) == 8
    assert len(batch.actors) >= 80
    assert len(batch.offers) >= 200
    assert len(batch.cooperations) >= 100
    assert len(batch.memberships) >= 40
    counts = manifest["counts"]
    assert (counts["actors"], counts["offers"], counts["cooperations"], counts["memberships"]) == (
        len(batch.actors), len(batch.offers), len(batch.cooperations), len(batch.memberships))


def test_offers_cover_every_phase_topic_and_quarter(batch: GraphBatch) -> None:
    quarters = {d.id for d in batch.districts if d.kind == "quarter"}
    assert {p for o in batch.offers for p in o.phases} == set(PHASE_IDS)
    assert {t for o in batch.offers for t in o.topics} == {t.id for t in batch.topics}
    assert quarters <= {d for o in batch.offers for d in o.districts}
    assert any("musterstadt" in o.districts for o in batch.offers)
    assert sum(o.status == "active" for o in batch.offers) > 0.9 * len(batch.offers)
    assert {"planned", "paused", "ended"} <= {o.status for o in batch.offers}
    assert {"tr", "ar", "uk", "ru", "en"} <= {lang for o in batch.offers for lang in o.languages}
    assert all(o.providers and o.providers[0].role == "lead" for o in batch.offers)


def test_quarters_carry_need_indicators(batch: GraphBatch) -> None:
    quarters = [d for d in batch.districts if d.kind == "quarter"]
    for d in quarters:
        assert set(d.children_by_phase) == set(PHASE_IDS), d.id
        assert all(n > 0 for n in d.children_by_phase.values())
        assert d.population and d.share_single_parents is not None
    shares = [d.share_social_benefits for d in quarters]
    assert min(shares) <= 0.15 and max(shares) >= 0.4


def test_offer_ages_and_transitions_match_their_phases(batch: GraphBatch) -> None:
    ages = {p.id: (p.age_min, p.age_max) for p in batch.life_phases}
    for o in batch.offers:
        for t in o.transitions:
            assert set(TRANSITIONS[t]) <= set(o.phases), o.id
        assert o.age_min is not None and o.age_max is not None, o.id
        assert min(ages[p][0] for p in o.phases) <= o.age_min <= o.age_max <= max(ages[p][1] for p in o.phases), o.id
        assert all(o.age_min <= ages[p][1] and o.age_max >= ages[p][0] for p in o.phases), o.id


# ---------------------------------------------------------------------------------------
# references and ids
# ---------------------------------------------------------------------------------------


def test_ids_unique_across_all_entities(batch: GraphBatch) -> None:
    ids = [n.id for nodes in batch.nodes_by_label().values() for n in nodes]
    assert len(ids) == len(set(ids))


def test_every_reference_resolves(batch: GraphBatch) -> None:
    phases = {p.id for p in batch.life_phases}
    transitions = {t.id for t in batch.transitions}
    topics = {t.id for t in batch.topics}
    districts = {d.id for d in batch.districts}
    actors = {a.id: a for a in batch.actors}
    committees = {a.id for a in batch.actors if a.kind == "committee"}
    for t in batch.transitions:
        assert {t.from_phase, t.to_phase} <= phases
    for d in batch.districts:
        assert d.part_of is None or d.part_of in districts, d.id
    for a in batch.actors:
        assert a.part_of is None or a.part_of in actors, a.id
        assert a.district is None or a.district in districts, a.id
        assert set(a.mandate_topics) <= topics and set(a.mandate_phases) <= phases, a.id
        if a.kind == "committee":
            assert a.mandate_topics and a.mandate_phases, a.id
    for o in batch.offers:
        assert {p.actor for p in o.providers} <= set(actors), o.id
        assert set(o.phases) <= phases and o.phases, o.id
        assert set(o.transitions) <= transitions, o.id
        assert set(o.topics) <= topics and o.topics, o.id
        assert set(o.districts) <= districts and o.districts, o.id
    for c in batch.cooperations:
        assert c.actor in actors and c.partner in actors
        assert c.actor not in committees and c.partner not in committees
    assert len({frozenset((c.actor, c.partner)) for c in batch.cooperations}) == len(batch.cooperations)
    for m in batch.memberships:
        assert m.actor in actors and m.committee in committees
    assert len({(m.actor, m.committee) for m in batch.memberships}) == len(batch.memberships)


def test_actors_sit_in_districts_and_nest(batch: GraphBatch) -> None:
    actors = {a.id: a for a in batch.actors}
    assert sum(a.district is not None for a in batch.actors) >= 0.9 * len(batch.actors)
    assert actors["jugendamt"].part_of == "fb5"
    assert actors["awo-ov-nord"].part_of == "awo-kv"
    assert {a.sector for a in batch.actors} == {"public", "free_welfare", "private", "civil_society"}
    for a in batch.actors:  # part_of chains end and never loop
        seen, cur = set(), a.id
        while cur is not None:
            assert cur not in seen, a.id
            seen.add(cur)
            cur = actors[cur].part_of


# ---------------------------------------------------------------------------------------
# files and determinism
# ---------------------------------------------------------------------------------------


def test_generator_is_deterministic_and_matches_the_shipped_files() -> None:
    first = dump(*build())
    second = dump(*build())
    assert first == second
    assert first == (CITY_FILE.read_text(encoding="utf-8"), MANIFEST_FILE.read_text(encoding="utf-8")), (
        "graph/demo/*.json sind veraltet: python -m graph.demo.build_musterstadt ausführen")
    assert CITY_FILE.stat().st_size < 1_500_000


def test_generator_does_not_depend_on_hash_seed() -> None:
    code = ("import hashlib; from graph.demo.build_musterstadt import build, dump; "
            "c, m = dump(*build()); print(hashlib.sha256((c + m).encode()).hexdigest())")
    digests = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True,
                             check=True)
        digests.add(out.stdout.strip())
    shipped = CITY_FILE.read_text(encoding="utf-8") + MANIFEST_FILE.read_text(encoding="utf-8")
    assert digests == {hashlib.sha256(shipped.encode()).hexdigest()}


# ---------------------------------------------------------------------------------------
# planted findings (each rule re-implemented here)
# ---------------------------------------------------------------------------------------


def _ancestors(batch: GraphBatch, district: str) -> set[str]:
    parent = {d.id: d.part_of for d in batch.districts}
    out, cur = set(), district
    while cur is not None:
        out.add(cur)
        cur = parent[cur]
    return out


def test_manifest_gaps_are_exactly_the_unbridged_pairs(batch: GraphBatch, manifest: dict) -> None:
    gaps = set()
    for d in (d for d in batch.districts if d.kind == "quarter"):
        area = _ancestors(batch, d.id)
        for t in batch.transitions:
            if not any(o.status == "active" and t.id in o.transitions and area & set(o.districts)
                       for o in batch.offers):
                gaps.add((d.id, t.id))
    planted = {(g["district"], g["transition"]) for g in manifest["gaps"]}
    assert 4 <= len(manifest["gaps"]) <= 6
    assert gaps == planted
    assert all(g["reason"] for g in manifest["gaps"])


def test_an_inactive_offer_bridges_a_planted_gap(batch: GraphBatch, manifest: dict) -> None:
    offers = {o.id: o for o in batch.offers}
    inactive = [(g, offers[i]) for g in manifest["gaps"] for i in g["inactive_offers"]]
    assert inactive
    for g, o in inactive:
        assert o.status != "active" and g["transition"] in o.transitions and g["district"] in o.districts
    assert {"planned", "ended"} & {o.status for _, o in inactive}


def _signature(o) -> tuple:
    return frozenset(o.phases), frozenset(o.topics), frozenset(o.districts)


def test_duplicate_offer_clusters(batch: GraphBatch, manifest: dict) -> None:
    offers = {o.id: o for o in batch.offers}
    clusters = [set(c["offers"]) for c in manifest["duplicate_offers"]]
    assert 4 <= len(clusters) <= 6
    assert any(len(c) == 3 for c in clusters)
    for c in manifest["duplicate_offers"]:
        members = [offers[i] for i in c["offers"]]
        assert len({(_signature(o), o.target_group) for o in members}) == 1, c["offers"]
        assert c["reason"]
    # no near-duplicates outside the clusters
    groups = defaultdict(list)
    for o in batch.offers:
        groups[_signature(o)].append(o)
    for group in groups.values():
        for a, b in combinations(group, 2):
            ratio = difflib.SequenceMatcher(None, a.title.lower(), b.title.lower()).ratio()
            if ratio > 0.6:
                assert any({a.id, b.id} <= c for c in clusters), (a.id, b.id, ratio)


def test_duplicate_and_look_alike_actors(batch: GraphBatch, manifest: dict) -> None:
    actors = {a.id: a for a in batch.actors}
    assert 2 <= len(manifest["duplicate_actors"]) <= 3
    for entry in manifest["duplicate_actors"]:
        a, b = (actors[i] for i in entry["actors"])
        assert a.name != b.name and a.kind == b.kind and a.district == b.district
    pairs = {frozenset(e["actors"]) for e in manifest["not_duplicate_actors"]}
    assert frozenset(("awo-kv", "awo-ov-nord")) in pairs
    for entry in manifest["not_duplicate_actors"]:
        assert all(i in actors for i in entry["actors"]) and entry["reason"]
    parishes = [actors[i] for e in manifest["not_duplicate_actors"] for i in e["actors"]
                if actors[i].kind == "church"]
    assert len(parishes) == 2 and parishes[0].part_of == parishes[1].part_of


def test_parallel_offers_are_exactly_the_planted_groups(batch: GraphBatch, manifest: dict) -> None:
    nb = defaultdict(set)
    for c in batch.cooperations:
        nb[c.actor].add(c.partner)
        nb[c.partner].add(c.actor)

    def close(a: str, b: str) -> bool:  # cooperation distance <= 2
        return a == b or b in nb[a] or bool(nb[a] & nb[b])

    by_key = defaultdict(list)
    for o in batch.offers:
        if o.status == "active":
            for key in ((p, t, d) for p in o.phases for t in o.topics for d in o.districts):
                by_key[key].append(o)
    unlinked = set()
    for group in by_key.values():
        for a, b in combinations(group, 2):
            if not any(close(x.actor, y.actor) for x in a.providers for y in b.providers):
                unlinked.add(frozenset((a.id, b.id)))

    planted = manifest["parallel_structures"]["offers"]
    assert 2 <= len(planted) <= 3
    expected = {frozenset(p) for g in planted for p in combinations(g["offers"], 2)}
    assert unlinked == expected
    for g in planted:
        assert all((g["phase"], g["topic"], g["district"]) in
                   {(p, t, d) for p in o.phases for t in o.topics for d in o.districts}
                   for o in batch.offers if o.id in g["offers"])


def test_parallel_committees(batch: GraphBatch, manifest: dict) -> None:
    members = defaultdict(set)
    for m in batch.memberships:
        members[m.committee].add(m.actor)
    committees = {a.id: a for a in batch.actors if a.kind == "committee"}
    assert len(committees) >= 6

    def jac(x: set, y: set) -> float:
        return len(x & y) / len(x | y)

    planted = {frozenset(e["committees"]) for e in manifest["parallel_structures"]["committees"]}
    assert 1 <= len(planted) <= 2
    for a, b in combinations(sorted(committees), 2):
        jm = jac(members[a], members[b])
        if frozenset((a, b)) in planted:
            assert jm >= 0.6, (a, b, jm)
            assert jac(set(committees[a].mandate_topics), set(committees[b].mandate_topics)) >= 0.5
        else:
            assert jm < 0.3, (a, b, jm)


def test_isolated_actors(batch: GraphBatch, manifest: dict) -> None:
    linked = {x for c in batch.cooperations for x in (c.actor, c.partner)}
    linked |= {x for m in batch.memberships for x in (m.actor, m.committee)}
    isolated = {a.id for a in batch.actors if a.id not in linked}
    assert isolated == {e["actor"] for e in manifest["isolated_actors"]}
    assert len(isolated) <= 3
