"""Contact recommendations: who should meet whom (a workshop's "Wer sollte mit wem reden?").

Two actors should talk when they provide offers for the same life phase, topic and
district (a *field*, ids as written on the offer, see
:func:`graph.analysis.parallels.offers_by_field`) and are not yet linked. *Linked* means:
a cooperation (COOPERATES_WITH in either direction), a shared offer (both provide one
offer), or one being part of the other (PART_OF, at any depth: a Kita of the Jugendamt and
the Jugendamt are one organisation). Two sibling units of one federation (two AWO
Ortsvereine) are separate bodies and may well be recommended.

Ranking: each shared field adds its *need weight*
``1 + children(district, phase) * share_social_benefits(district) / 1000``, that is one
point per field plus one point per thousand children of that life phase living on social
benefits there (the district's own figures; a district without them adds just the one
point). Ties go by number of shared fields, then by ids.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import networkx as nx
from pydantic import BaseModel

from graph import texts
from graph.analysis.network import PartOfIndex, german_join, name_of, percent
from graph.analysis.parallels import field_index
from graph.model import Label, RelType
from graph.projection import targets

#: children on benefits that add one point to a field's weight
POOR_CHILDREN_UNIT = 1000


class SharedField(BaseModel):
    """One (phase, topic, district) both actors serve, with their offers there."""

    phase: str
    phase_name: str
    topic: str
    topic_name: str
    district: str
    district_name: str
    offers_a: list[str]
    offers_b: list[str]
    need_weight: float
    children: int | None
    """Children of the phase living in the district (``children_by_phase``), if known."""
    share_social_benefits: float | None


class Recommendation(BaseModel):
    """Two unlinked actors working in the same fields: they should talk."""

    actors: list[str]
    """The two actor ids, sorted."""
    names: list[str]
    shared_fields: list[SharedField]
    """Highest need weight first."""
    shared_count: int
    score: float
    """Sum of the shared fields' need weights."""
    common_committees: list[str]
    """Committees both sit in: a place where the conversation can start."""
    explanation: str


def need_weight(G: nx.MultiDiGraph, district: str, phase: str) -> float:
    """``1 + children * share_social_benefits / POOR_CHILDREN_UNIT`` for one field.

    Examples
    --------
    >>> from graph.projection import build_graph
    >>> G = build_graph([("nord", "District", {"id": "nord", "name": "Nord",
    ...     "children_by_phase": {"p": 1000}, "share_social_benefits": 0.45})], [])
    >>> need_weight(G, "nord", "p")
    1.45
    """
    data = G.nodes[district]
    children = (data.get("children_by_phase") or {}).get(phase)
    share = data.get("share_social_benefits")
    if children is None or share is None:
        return 1.0
    return round(1.0 + children * share / POOR_CHILDREN_UNIT, 6)


def _linked(G: nx.MultiDiGraph, actors: Iterable[str]) -> set[frozenset[str]]:
    """Pairs already linked by cooperation, a shared offer or PART_OF (any depth).

    Only pairs with at least one of ``actors`` are collected (the others are never asked
    for), reading those actors' own adjacency: O(their edges + offers' providers).
    """
    coop, provides = RelType.COOPERATES_WITH.value, RelType.PROVIDES.value
    succ, pred = G._succ, G._pred
    index = PartOfIndex(G)
    pairs: set[frozenset[str]] = set()
    for a in set(actors):
        for adjacency in (succ[a], pred[a]):
            pairs.update(frozenset((a, b)) for b, keys in adjacency.items() if coop in keys and b != a)
        pairs.update(frozenset((a, p)) for p in index.ancestors(a))
        for o, keys in succ[a].items():
            if provides in keys:
                pairs.update(frozenset((a, b)) for b, k in pred[o].items() if provides in k and b != a)
    return pairs


def recommend_contacts(G: nx.MultiDiGraph, *, top: int = 10) -> list[Recommendation]:
    """Recommend actor pairs that serve the same fields but do not work together yet.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The projected city graph (see :mod:`graph.projection`).
    top : int
        How many recommendations to return.

    Returns
    -------
    list of Recommendation
        Highest score first (then more shared fields, then ids); each with German reasons
        that can be read out as a workshop prompt.

    Examples
    --------
    >>> from graph.projection import build_graph
    >>> nodes = [("nord", "District", {"id": "nord", "name": "Nord"}),
    ...          ("p", "LifePhase", {"id": "p", "name": "6–10 Jahre", "order": 1}),
    ...          ("t", "Topic", {"id": "t", "name": "Gesundheit"}),
    ...          ("awo", "Actor", {"id": "awo", "name": "AWO Nord"}),
    ...          ("cari", "Actor", {"id": "cari", "name": "Caritas Nord"}),
    ...          ("o1", "Offer", {"id": "o1", "title": "Kinderturnen"}),
    ...          ("o2", "Offer", {"id": "o2", "title": "Bewegungsförderung"})]
    >>> edges = [(a, o, "PROVIDES", {}) for a, o in (("awo", "o1"), ("cari", "o2"))]
    >>> edges += [(o, x, r, {}) for o in ("o1", "o2")
    ...           for x, r in (("p", "FOR_PHASE"), ("t", "ADDRESSES"), ("nord", "IN_DISTRICT"))]
    >>> recommend_contacts(build_graph(nodes, edges))[0].explanation.split(" Frage")[0]
    'AWO Nord und Caritas Nord bieten beide Angebote für 6–10 Jahre zum Thema Gesundheit in Nord an, arbeiten aber nicht zusammen.'

    Notes
    -----
    O(sum over fields of p^2) for p providers per field, plus O(E) to collect the links.
    """
    fields, providers_by_offer = field_index(G)
    # (a, b) -> field -> (offers of a, offers of b)
    shared: dict[tuple[str, str], dict[tuple[str, str, str], tuple[set[str], set[str]]]] = defaultdict(dict)
    providers_in: dict[tuple[str, str, str], dict[str, set[str]]] = {}
    for key, offers in fields.items():
        by_actor: dict[str, set[str]] = defaultdict(set)
        for o in offers:
            for a in providers_by_offer[o]:
                by_actor[a].add(o)
        if len(by_actor) > 1:
            providers_in[key] = by_actor
    if not providers_in:
        return []
    linked = _linked(G, {a for by_actor in providers_in.values() for a in by_actor})
    for key, by_actor in providers_in.items():
        ordered = sorted(by_actor)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1 :]:
                if frozenset((a, b)) not in linked:
                    shared[(a, b)][key] = (by_actor[a], by_actor[b])

    weights: dict[tuple[str, str], float] = {}

    def weight(key: tuple[str, str, str]) -> float:
        phase, _, district = key
        if (district, phase) not in weights:
            weights[(district, phase)] = need_weight(G, district, phase)
        return weights[(district, phase)]

    # rank on plain tuples; build the models only for the pairs returned
    ranked = sorted(
        (-round(sum(weight(k) for k in by_field), 6), -len(by_field), a, b)
        for (a, b), by_field in shared.items()
    )
    result = []
    for neg_score, _, a, b in ranked[:top]:
        entries = [_field(G, key, oa, ob) for key, (oa, ob) in shared[(a, b)].items()]
        entries.sort(key=lambda f: (-f.need_weight, f.district, f.phase, f.topic))
        result.append(_recommendation(G, a, b, entries, -neg_score))
    return result


def _field(G: nx.MultiDiGraph, key: tuple[str, str, str], offers_a: set[str], offers_b: set[str]) -> SharedField:
    phase, topic, district = key
    data = G.nodes[district]
    return SharedField(
        phase=phase,
        phase_name=name_of(G, phase),
        topic=topic,
        topic_name=name_of(G, topic),
        district=district,
        district_name=name_of(G, district),
        offers_a=sorted(offers_a),
        offers_b=sorted(offers_b),
        need_weight=need_weight(G, district, phase),
        children=(data.get("children_by_phase") or {}).get(phase),
        share_social_benefits=data.get("share_social_benefits"),
    )


def _committees(G: nx.MultiDiGraph, actor: str) -> set[str]:
    return {c for c in targets(G, actor, RelType.MEMBER_OF) if G.nodes[c].get("label") == Label.ACTOR}


def _recommendation(G: nx.MultiDiGraph, a: str, b: str, entries: list[SharedField], score: float) -> Recommendation:
    name_a, name_b = name_of(G, a), name_of(G, b)
    if len(entries) == 1:
        f = entries[0]
        field = texts.RECOMMENDATION_FIELD.format(phase=f.phase_name, topic=f.topic_name, district=f.district_name)
        explanation = texts.RECOMMENDATION.format(a=name_a, b=name_b, fields=field)
    else:
        examples = [
            texts.RECOMMENDATION_FIELD_SHORT.format(phase=f.phase_name, topic=f.topic_name, district=f.district_name)
            for f in entries[:2]
        ]
        explanation = texts.RECOMMENDATION_MANY.format(
            a=name_a, b=name_b, count=len(entries), fields=" und ".join(examples)
        )
    neediest = entries[0]
    if neediest.children is not None and neediest.share_social_benefits is not None:
        explanation += texts.RECOMMENDATION_NEED_PHASE.format(
            district=neediest.district_name, children=f"{neediest.children:,}".replace(",", "."),
            phase=neediest.phase_name, share=percent(neediest.share_social_benefits),
        )
    common = sorted(_committees(G, a) & _committees(G, b))
    if common:
        explanation += texts.RECOMMENDATION_COMMITTEES.format(committees=german_join(name_of(G, c) for c in common))
    explanation += texts.RECOMMENDATION_PROMPT.format(a=name_a, b=name_b)
    return Recommendation(
        actors=[a, b],
        names=[name_a, name_b],
        shared_fields=entries,
        shared_count=len(entries),
        score=score,
        common_committees=common,
        explanation=explanation,
    )


__all__ = ["POOR_CHILDREN_UNIT", "Recommendation", "SharedField", "need_weight", "recommend_contacts"]
