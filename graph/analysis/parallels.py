"""Parallel structures (Parallelstrukturen): the same work done side by side without contact.

Two questions from the seeds:

* **Parallel offers**: offers for the same life phase, topic and district whose providers
  do not know each other -- neither cooperate directly nor through a few common partners
  (:func:`find_parallel_offers`).
* **Parallel committees**: working groups with largely the same members and the same
  mandate, "similar planning processes reaching the same results without knowing of each
  other" (:func:`find_parallel_committees`).

Cooperation is read on the undirected actor cooperation graph of
:func:`graph.analysis.network.cooperation_graph` (COOPERATES_WITH only).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable

import networkx as nx
from pydantic import BaseModel

from graph import texts
from graph.analysis.network import cooperation_graph, german_join, name_of, percent
from graph.errors import InvalidData
from graph.model import ActorKind, Label, RelType
from graph.projection import nodes_with_label


class OfferGroup(BaseModel):
    """Offers whose providers are connected among themselves, but not to the other groups."""

    offers: list[str]
    providers: list[str]


class ParallelOffers(BaseModel):
    """Offers for one (phase, topic, district) split into mutually unconnected groups."""

    phase: str
    phase_name: str
    topic: str
    topic_name: str
    district: str
    district_name: str
    offers: list[str]
    """Every offer of the finding (all groups), sorted."""
    providers: list[str]
    """Every provider of those offers, sorted."""
    groups: list[OfferGroup]
    """At least two; sorted by their first offer id."""
    explanation: str


class ParallelCommittees(BaseModel):
    """Two committees with largely the same members and mandate topics."""

    committees: list[str]
    """The two committee ids, sorted."""
    committee_names: list[str]
    member_jaccard: float
    topic_jaccard: float
    shared_members: list[str]
    shared_topics: list[str]
    explanation: str


def _linked(G: nx.MultiDiGraph, node: str, rel: RelType, label: Label, *, incoming: bool = False) -> list[str]:
    # reads NetworkX' adjacency dicts directly (as its own algorithms do): several times
    # faster than the edge views, which matters on a city with thousands of offers
    adjacency = G._pred[node] if incoming else G._succ[node]
    attrs = G._node
    return sorted(n for n, keys in adjacency.items() if rel in keys and attrs[n].get("label") == label)


def field_index(
    G: nx.MultiDiGraph, *, statuses: Iterable[str] = ("active",)
) -> tuple[dict[tuple[str, str, str], list[str]], dict[str, list[str]]]:
    """:func:`offers_by_field` and the providers of every offer in it, in one pass.

    Each offer's adjacency is read once (its phases, topics and districts together), so
    the cost is linear in the offers and their edges.

    Examples
    --------
    >>> from graph.projection import build_graph
    >>> G = build_graph([("p", "LifePhase", {"id": "p", "name": "P", "order": 1}),
    ...                  ("t", "Topic", {"id": "t", "name": "T"}), ("d", "District", {"id": "d", "name": "D"}),
    ...                  ("a", "Actor", {"id": "a", "name": "A"}), ("o", "Offer", {"id": "o", "title": "O"})],
    ...                 [("a", "o", "PROVIDES", {}), ("o", "p", "FOR_PHASE", {}), ("o", "t", "ADDRESSES", {}),
    ...                  ("o", "d", "IN_DISTRICT", {})])
    >>> field_index(G)
    ({('p', 't', 'd'): ['o']}, {'o': ['a']})
    """
    wanted = set(statuses)
    nodes, succ = G._node, G._succ
    wanted_rels = (
        (RelType.FOR_PHASE.value, Label.LIFE_PHASE.value),
        (RelType.ADDRESSES.value, Label.TOPIC.value),
        (RelType.IN_DISTRICT.value, Label.DISTRICT.value),
    )
    fields: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    providers: dict[str, list[str]] = {}
    for offer in nodes_with_label(G, Label.OFFER):
        if nodes[offer].get("status") not in wanted:
            continue
        by = providers_of(G, offer)
        if not by:
            continue
        providers[offer] = by
        linked: tuple[list[str], list[str], list[str]] = ([], [], [])
        for n, keys in succ[offer].items():
            label = nodes[n].get("label")
            for found, (rel, wanted_label) in zip(linked, wanted_rels):
                if rel in keys and label == wanted_label:
                    found.append(n)
        phases, topics, districts = (sorted(x) for x in linked)
        for p in phases:
            for t in topics:
                for d in districts:
                    fields[(p, t, d)].append(offer)
    return dict(sorted(fields.items())), providers


def offers_by_field(
    G: nx.MultiDiGraph, *, statuses: Iterable[str] = ("active",)
) -> dict[tuple[str, str, str], list[str]]:
    """Offers with the given statuses and at least one provider, per (phase, topic, district).

    District ids are taken as written on the offer: a city-wide offer is filed under the
    city, not under each Stadtteil. Lists are sorted; keys come in sorted order.
    """
    return field_index(G, statuses=statuses)[0]


def providers_of(G: nx.MultiDiGraph, offer: str) -> list[str]:
    """Actors that PROVIDE ``offer``, sorted."""
    return _linked(G, offer, RelType.PROVIDES, Label.ACTOR, incoming=True)


def find_parallel_offers(
    G: nx.MultiDiGraph, *, max_steps: int = 2, statuses: Iterable[str] = ("active",)
) -> list[ParallelOffers]:
    """Find offers for the same phase, topic and district whose providers are not connected.

    For every key (life phase, topic, district) -- district ids compared as written on the
    offer, a city-wide offer is *not* expanded to the Stadtteile -- take the offers with a
    status in ``statuses`` that have at least one provider. Two providers are *close* when
    they are the same actor or at most ``max_steps`` cooperation steps apart (so with the
    default 2: direct partners, or partners of a common partner). Offers are then joined
    when they share a close pair of providers, and an offer joins all of its own providers
    (co-providers work together by definition). The connected pieces of that relation are
    the *groups*; a key with two or more groups is a finding: each group works on the same
    thing for the same people in the same place, but no group is connected to another,
    not even through the other offers of that key.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The projected city graph (see :mod:`graph.projection`).
    max_steps : int
        Cooperation distance up to which two providers count as connected (0: only the
        same provider connects).
    statuses : iterable of str
        Offer statuses taken into account; default only running (``active``) offers.

    Returns
    -------
    list of ParallelOffers
        Sorted by district id, life phase order, topic id; each with a German explanation.

    Raises
    ------
    graph.errors.InvalidData
        When ``max_steps`` is negative.

    Examples
    --------
    >>> from graph.projection import build_graph
    >>> nodes = [("nord", "District", {"id": "nord", "name": "Nord"}),
    ...          ("p", "LifePhase", {"id": "p", "name": "6–10 Jahre", "order": 1}),
    ...          ("t", "Topic", {"id": "t", "name": "Gesundheit"}),
    ...          ("a", "Actor", {"id": "a", "name": "TuS Nord"}),
    ...          ("b", "Actor", {"id": "b", "name": "Praxis Löwenzahn"}),
    ...          ("o1", "Offer", {"id": "o1", "title": "Kinderturnen"}),
    ...          ("o2", "Offer", {"id": "o2", "title": "Bewegungsförderung"})]
    >>> edges = [(a, o, "PROVIDES", {}) for a, o in (("a", "o1"), ("b", "o2"))]
    >>> edges += [(o, x, r, {}) for o in ("o1", "o2")
    ...           for x, r in (("p", "FOR_PHASE"), ("t", "ADDRESSES"), ("nord", "IN_DISTRICT"))]
    >>> [f.offers for f in find_parallel_offers(build_graph(nodes, edges))]
    [['o1', 'o2']]

    Notes
    -----
    O(V + E) for the fields plus O(p^2 * d) per key with p providers, d the size of the
    smaller of two providers' neighbourhoods of radius ``max_steps / 2`` (each searched
    once and cached).
    """
    if max_steps < 0:
        raise InvalidData("max_steps darf nicht negativ sein.")
    C = cooperation_graph(G)
    close = _closeness(C, max_steps)
    fields, providers_by_offer = field_index(G, statuses=statuses)
    findings = []
    for (phase, topic, district), offers in fields.items():
        if len(offers) < 2:
            continue
        # union-find over the providers; an offer joins its providers (all of them)
        root: dict[str, str] = {}

        def find(x: str) -> str:
            while root[x] != x:
                root[x] = root[root[x]]
                x = root[x]
            return x

        for o in offers:
            first, *others = providers_by_offer[o]
            root.setdefault(first, first)
            for a in others:
                root.setdefault(a, a)
                root[find(a)] = find(first)
        ordered = sorted(root)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1 :]:
                ra, rb = find(a), find(b)
                if ra != rb and close(a, b):
                    root[rb] = ra
        pieces: dict[str, tuple[list[str], list[str]]] = {}
        for a in ordered:
            pieces.setdefault(find(a), ([], []))[1].append(a)
        for o in offers:
            pieces[find(providers_by_offer[o][0])][0].append(o)
        if len(pieces) < 2:
            continue
        groups = sorted(
            (OfferGroup(offers=offers_, providers=providers_) for offers_, providers_ in pieces.values()),
            key=lambda g: g.offers[0],
        )
        findings.append(_parallel_offers(G, phase, topic, district, groups, max_steps))
    findings.sort(key=lambda f: (f.district, _order(G, f.phase), f.phase, f.topic))
    return findings


def _closeness(C: nx.Graph, max_steps: int):  # noqa: ANN202 (a closure)
    """``close(a, b)``: are ``a`` and ``b`` at most ``max_steps`` cooperation steps apart?

    Two actors are that close exactly when their balls of radius ``ceil(max_steps / 2)``
    and ``floor(max_steps / 2)`` meet. With the default 2 both balls are the closed
    neighbourhoods: no search ever expands a hub's partners (which made the
    two-step neighbourhoods of everybody next to a hub, and the whole search, grow with
    the square of the city).
    """
    balls: dict[tuple[str, int], set[str]] = {}
    adjacency = C._adj

    def ball(actor: str, radius: int) -> set[str]:
        if (actor, radius) not in balls:
            if radius == 0:
                balls[(actor, radius)] = {actor}
            elif radius == 1:
                balls[(actor, radius)] = {actor, *adjacency[actor]}
            else:
                balls[(actor, radius)] = set(nx.single_source_shortest_path_length(C, actor, cutoff=radius))
        return balls[(actor, radius)]

    far, near = (max_steps + 1) // 2, max_steps // 2

    def close(a: str, b: str) -> bool:
        return not ball(a, far).isdisjoint(ball(b, near))

    return close


def _order(G: nx.MultiDiGraph, phase: str) -> float:
    order = G.nodes[phase].get("order")
    return float(order) if order is not None else float("inf")


def _count_word(n: int) -> str:
    return texts.NUMBER_WORDS_DE.get(n, str(n)) if n > 1 else str(n)


def _parallel_offers(
    G: nx.MultiDiGraph, phase: str, topic: str, district: str, groups: list[OfferGroup], max_steps: int
) -> ParallelOffers:
    offers = sorted(o for g in groups for o in g.offers)
    if max_steps <= 1:
        steps = texts.PARALLEL_STEPS_DIRECT
    elif max_steps == 2:
        steps = texts.PARALLEL_STEPS_ONE
    else:
        steps = texts.PARALLEL_STEPS_MANY.format(between=max_steps - 1)
    group_texts = [
        texts.PARALLEL_GROUP.format(
            titles=german_join(f"„{name_of(G, o)}“" for o in g.offers),
            providers=german_join(name_of(G, a) for a in g.providers),
        )
        for g in groups
    ]
    return ParallelOffers(
        phase=phase,
        phase_name=name_of(G, phase),
        topic=topic,
        topic_name=name_of(G, topic),
        district=district,
        district_name=name_of(G, district),
        offers=offers,
        providers=sorted({a for g in groups for a in g.providers}),
        groups=groups,
        explanation=texts.PARALLEL_OFFERS.format(
            district=name_of(G, district), phase=name_of(G, phase), topic=name_of(G, topic),
            count=_count_word(len(offers)), steps=steps, groups="; ".join(group_texts),
        ),
    )


def _jaccard(a: set[str], b: set[str]) -> float:
    union = a | b
    return len(a & b) / len(union) if union else 0.0


def find_parallel_committees(
    G: nx.MultiDiGraph, *, member_threshold: float = 0.6, topic_threshold: float = 0.5
) -> list[ParallelCommittees]:
    """Find pairs of committees with largely the same members and mandate topics.

    A committee is an actor of kind ``committee``; its members are the actors with a
    MEMBER_OF edge to it, its topics the ``mandate_topics`` attribute. A pair is reported
    when the Jaccard index of the members (shared / all) reaches ``member_threshold`` and
    that of the mandate topics reaches ``topic_threshold``. Empty sets never overlap, and a
    pair without a shared member is never reported (even with ``member_threshold=0``).

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The projected city graph (see :mod:`graph.projection`).
    member_threshold, topic_threshold : float
        Lowest Jaccard index (0–1) that counts, inclusive.

    Returns
    -------
    list of ParallelCommittees
        Highest member overlap first, then topic overlap, then ids.

    Examples
    --------
    >>> from graph.projection import build_graph
    >>> nodes = [(c, "Actor", {"id": c, "name": c.upper(), "kind": "committee", "mandate_topics": ["armut"]})
    ...          for c in ("ag1", "ag2")] + [(a, "Actor", {"id": a, "name": a}) for a in ("x", "y")]
    >>> edges = [(a, c, "MEMBER_OF", {}) for a in ("x", "y") for c in ("ag1", "ag2")]
    >>> [(p.committees, p.member_jaccard) for p in find_parallel_committees(build_graph(nodes, edges))]
    [(['ag1', 'ag2'], 1.0)]

    Notes
    -----
    Candidate pairs come from prefix filtering (a pair reaching the member threshold must
    share one of the rarest members of either committee), so a member sitting in every
    committee does not make all K^2 pairs candidates; each candidate costs O(m).
    """
    committees = [
        c for c in nodes_with_label(G, Label.ACTOR) if G.nodes[c].get("kind") == ActorKind.COMMITTEE
    ]
    members = {
        c: set(_linked(G, c, RelType.MEMBER_OF, Label.ACTOR, incoming=True))
        for c in committees
    }
    topics = {c: set(G.nodes[c].get("mandate_topics") or []) for c in committees}
    findings = []
    for a, b in _candidate_pairs(members, member_threshold):
        jm = _jaccard(members[a], members[b])
        jt = _jaccard(topics[a], topics[b])
        if jm < member_threshold or jt < topic_threshold or not members[a] & members[b]:
            continue
        shared_members = sorted(members[a] & members[b])
        shared_topics = sorted(topics[a] & topics[b])
        findings.append(
            ParallelCommittees(
                committees=[a, b],
                committee_names=[name_of(G, a), name_of(G, b)],
                member_jaccard=round(jm, 6),
                topic_jaccard=round(jt, 6),
                shared_members=shared_members,
                shared_topics=shared_topics,
                explanation=texts.PARALLEL_COMMITTEES.format(
                    a=name_of(G, a), b=name_of(G, b),
                    shared_members=len(shared_members), all_members=len(members[a] | members[b]),
                    member_share=percent(jm),
                    shared_topics=len(shared_topics), all_topics=len(topics[a] | topics[b]),
                    topic_share=percent(jt),
                    topics=german_join(name_of(G, t) for t in shared_topics),
                    members=german_join(sorted(name_of(G, m) for m in shared_members), limit=6),
                ),
            )
        )
    findings.sort(key=lambda f: (-f.member_jaccard, -f.topic_jaccard, f.committees))
    return findings


def _candidate_pairs(members: dict[str, set[str]], threshold: float) -> list[tuple[str, str]]:
    """Committee pairs ``(a, b)``, ``a < b``, that may reach ``threshold`` with a shared member.

    Members are ordered rarest first; a committee of s members is indexed by its first
    ``s - floor(threshold * s) + 1`` (all of them for a threshold of 0 or below): two sets
    with Jaccard index >= threshold always share a member among those (prefix filtering).
    """
    frequency: Counter[str] = Counter(m for ms in members.values() for m in ms)
    by_member: dict[str, list[str]] = defaultdict(list)
    pairs: set[tuple[str, str]] = set()
    for c in sorted(members):
        ranked = sorted(members[c], key=lambda m: (frequency[m], m))
        size = len(ranked)
        prefix = size if threshold <= 0 else size - math.floor(threshold * size) + 1
        for m in ranked[: max(prefix, 0)]:
            pairs.update((other, c) for other in by_member[m])
            by_member[m].append(c)
    return sorted(pairs)


__all__ = [
    "OfferGroup",
    "ParallelCommittees",
    "ParallelOffers",
    "find_parallel_committees",
    "find_parallel_offers",
    "field_index",
    "offers_by_field",
    "providers_of",
]
