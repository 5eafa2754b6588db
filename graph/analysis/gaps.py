"""Transition coverage: which offers bridge each transition in each district, and where none does.

A *transition* (Übergang) is the step between two consecutive life phases. In a district
it is *bridged* when at least one **active** offer bridges it – by the one rule of
:mod:`graph.analysis.bridging` (tagged, named in its text, or serving both phases; with
``evidence="cooperation"`` also cooperating providers of both sides) – and is IN_DISTRICT
that district or one of its ancestors (an offer for the whole city or the Stadtbezirk
also serves each Stadtteil in it). A *gap* is a transition in a district that nothing
bridges; its explanation says what exists on both sides. Districts examined are the
leaves of the district tree (the Stadtteile or Sozialräume): a gap is only meaningful
where families live.
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx
from pydantic import BaseModel

from graph import texts
from graph.analysis.bridging import (
    DEFAULT_EVIDENCE,
    EVIDENCE_DE,
    Evidence,
    TransitionFrame,
    bridge_index,
    cooperating_sides,
    cooperation_partners,
    phase_offers_by_leaf,
    providers_of,
)
from graph.model import Label, OfferStatus, RelType
from graph.projection import nodes_with_label, sources, targets


class TransitionCoverage(BaseModel):
    """How one transition is bridged in one district."""

    transition: str
    transition_name: str
    from_phase: str | None
    to_phase: str | None
    district: str
    district_name: str
    offers: list[str]
    """Active offers that bridge the transition here, sorted by id."""
    inactive_offers: list[str]
    """Planned, paused or ended offers that would bridge it, sorted by id."""
    evidence: dict[str, Evidence] = {}
    """For each offer in ``offers``: why it counts (tagged, keyword, spanning)."""
    evidence_level: str = DEFAULT_EVIDENCE
    """The rule applied: tagged, spanning or cooperation."""
    from_side_offers: int = 0
    """Active offers here for the phase before the transition."""
    to_side_offers: int = 0
    """Active offers here for the phase after it."""
    cooperating: list[tuple[str, str]] = []
    """Providers of both sides here that coincide or cooperate (at most five pairs)."""
    phase_without_offers: str | None = None
    """A phase of the two with no active offer anywhere in the city: likely missing data."""
    covered: bool
    explanation: str


class TransitionGap(BaseModel):
    """A transition in a district that no active offer bridges.

    ``children`` counts the children in the two phases around the transition (from the
    district's ``children_by_phase``); ``share_social_benefits`` is the district's share
    of under-15s on SGB II. ``priority`` = children × (0.5 + share), so a gap where many
    poor children live ranks above one in a well-off district; ``None`` when the district
    has no indicators.
    """

    transition: str
    transition_name: str
    from_phase: str | None
    to_phase: str | None
    district: str
    district_name: str
    inactive_offers: list[str]
    explanation: str
    evidence_level: str = DEFAULT_EVIDENCE
    from_side_offers: int = 0
    to_side_offers: int = 0
    cooperating: list[tuple[str, str]] = []
    phase_without_offers: str | None = None
    """A phase of the two with no active offer anywhere in the city: likely missing data, not only a gap."""
    children: int | None = None
    share_social_benefits: float | None = None
    priority: float | None = None
    priority_reason: str | None = None


def leaf_districts(G: nx.MultiDiGraph) -> list[str]:
    """District ids that no other district is PART_OF (the Stadtteile), sorted.

    Examples
    --------
    >>> from graph.projection import build_graph
    >>> G = build_graph(
    ...     [("city", "District", {"id": "city", "name": "Stadt", "kind": "city"}),
    ...      ("nord", "District", {"id": "nord", "name": "Nord"})],
    ...     [("nord", "city", "PART_OF", {})])
    >>> leaf_districts(G)
    ['nord']
    """
    districts = nodes_with_label(G, Label.DISTRICT)
    return [d for d in districts if not any(G.nodes[c].get("label") == Label.DISTRICT for c in sources(G, d, RelType.PART_OF))]


def district_with_ancestors(G: nx.MultiDiGraph, district: str) -> list[str]:
    """``district`` followed by the districts it is part of, innermost first."""
    chain = [district]
    seen = {district}
    current = district
    while True:
        parents = [p for p in targets(G, current, RelType.PART_OF) if G.nodes[p].get("label") == Label.DISTRICT]
        if not parents or parents[0] in seen:  # a cycle in bad data must not hang the analysis
            return chain
        current = parents[0]
        chain.append(current)
        seen.add(current)


def _ordered_transitions(G: nx.MultiDiGraph) -> list[str]:
    def phase_order(t: str) -> tuple[float, str]:
        phase = next(iter(targets(G, t, RelType.FROM_PHASE)), None)
        order = G.nodes[phase].get("order") if phase is not None else None
        return (order if order is not None else float("inf"), t)

    return sorted(nodes_with_label(G, Label.TRANSITION), key=phase_order)


def transition_coverage(
    G: nx.MultiDiGraph,
    *,
    districts: Iterable[str] | None = None,
    evidence: str = DEFAULT_EVIDENCE,
) -> list[TransitionCoverage]:
    """For each leaf district and transition, the offers that bridge it.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The projected city graph (see :mod:`graph.projection`).
    districts : iterable of str, optional
        Restrict the answer to these district ids (leaf or not: a borough id gives its
        Stadtteile). Default: every leaf district.
    evidence : {"tagged", "spanning", "cooperation"}
        How strict the bridging rule is (:mod:`graph.analysis.bridging`).

    Returns
    -------
    list of TransitionCoverage
        Sorted by district id, then by transition along the life course.

    Examples
    --------
    >>> from graph.projection import build_graph
    >>> G = build_graph(
    ...     [("nord", "District", {"id": "nord", "name": "Nord"}),
    ...      ("a", "LifePhase", {"id": "a", "name": "Kita", "order": 1}),
    ...      ("b", "LifePhase", {"id": "b", "name": "Grundschule", "order": 2}),
    ...      ("ab", "Transition", {"id": "ab", "name": "Kita → Grundschule"}),
    ...      ("o", "Offer", {"id": "o", "title": "Brückenjahr"})],
    ...     [("ab", "a", "FROM_PHASE", {}), ("ab", "b", "TO_PHASE", {}),
    ...      ("o", "ab", "BRIDGES", {}), ("o", "nord", "IN_DISTRICT", {})])
    >>> [(c.district, c.transition, c.offers) for c in transition_coverage(G)]
    [('nord', 'ab', ['o'])]

    Notes
    -----
    O(T * D + B * l + E) for T transitions, D districts, B bridging offers, l leaves
    below an offer's district and E edges.
    """
    index = bridge_index(G, evidence=evidence)
    leaves = selected_leaves(G, districts)
    transitions = _ordered_transitions(G)
    under = leaves_under(G)
    here: dict[tuple[str, str], list[str]] = {}
    for t in transitions:
        for o in index.bridges.get(t, ()):
            for leaf in offer_leaves(G, o, under):
                here.setdefault((leaf, t), []).append(o)
    sides = phase_offers_by_leaf(G, index.phases, under)
    served_somewhere = {phase for (_, phase) in sides}
    partners = cooperation_partners(G)
    result: list[TransitionCoverage] = []
    for district in leaves:
        district_name = G.nodes[district].get("name") or district
        for t in transitions:
            offers = sorted(here.get((district, t), ()))
            active = [o for o in offers if G.nodes[o].get("status") == OfferStatus.ACTIVE]
            inactive = [o for o in offers if G.nodes[o].get("status") != OfferStatus.ACTIVE]
            frame = index.frames[t]
            left = sides.get((district, frame.from_phase), []) if frame.from_phase else []
            right = sides.get((district, frame.to_phase), []) if frame.to_phase else []
            pairs = cooperating_sides(providers_of(G, left), providers_of(G, right), partners)
            empty = [p for p in (frame.from_phase, frame.to_phase) if p is not None and p not in served_somewhere]
            result.append(_coverage(
                G, frame, district, district_name, active, inactive,
                evidence={o: index.bridges[t][o] for o in active}, level=evidence,
                left=left, right=right, pairs=pairs, empty_phase=empty[0] if empty else None,
            ))
    return result


def selected_leaves(G: nx.MultiDiGraph, districts: Iterable[str] | None) -> list[str]:
    """The Stadtteile (leaf districts) inside ``districts`` (all of them for ``None``)."""
    leaves = leaf_districts(G)
    if districts is None:
        return leaves
    wanted = set(districts)
    return [d for d in leaves if wanted.intersection(district_with_ancestors(G, d))]


def leaves_under(G: nx.MultiDiGraph) -> dict[str, list[str]]:
    """For every district, the leaf districts (Stadtteile) inside it, itself included if a leaf.

    Examples
    --------
    >>> from graph.projection import build_graph
    >>> G = build_graph(
    ...     [("city", "District", {"id": "city", "name": "Stadt"}),
    ...      ("nord", "District", {"id": "nord", "name": "Nord"})],
    ...     [("nord", "city", "PART_OF", {})])
    >>> leaves_under(G)
    {'nord': ['nord'], 'city': ['nord']}
    """
    result: dict[str, list[str]] = {}
    for leaf in leaf_districts(G):
        for d in district_with_ancestors(G, leaf):
            result.setdefault(d, []).append(leaf)
    return result


def offer_leaves(G: nx.MultiDiGraph, offer: str, under: dict[str, list[str]]) -> set[str]:
    """The Stadtteile an offer serves: those inside any district it is IN_DISTRICT."""
    return {leaf for d in targets(G, offer, RelType.IN_DISTRICT) for leaf in under.get(d, ())}


def _coverage(
    G: nx.MultiDiGraph, frame: TransitionFrame, district: str, district_name: str, active: list[str],
    inactive: list[str], *,
    evidence: dict[str, Evidence], level: str, left: list[str], right: list[str], pairs: list[tuple[str, str]],
    empty_phase: str | None = None,
) -> TransitionCoverage:
    t, from_phase, to_phase = frame.id, frame.from_phase, frame.to_phase
    transition_name = G.nodes[t].get("name") or t
    by_cooperation = not active and level == "cooperation" and bool(pairs)
    if active:
        explanation = texts.COVERED.format(
            district=district_name, count=len(active), transition=transition_name,
            titles=_titles(G, active[:5], evidence) + (f" und {len(active) - 5} weitere" if len(active) > 5 else ""),
        )
    else:
        explanation = texts.GAP_NO_OFFER.format(district=district_name, transition=transition_name)
        explanation += " " + _sides_sentence(G, from_phase, to_phase, left, right)
        explanation += " " + _pairs_sentence(G, pairs, by_cooperation)
        if empty_phase is not None:
            explanation += " " + texts.GAP_PHASE_EMPTY_CITYWIDE.format(phase=_phase_name(G, empty_phase))
        if inactive:
            statuses = ", ".join(sorted({texts.STATUS_DE.get(G.nodes[o].get("status"), "?") for o in inactive}))
            explanation += texts.GAP_INACTIVE_OFFERS.format(
                count=len(inactive), statuses=statuses, titles=_titles(G, inactive)
            )
    return TransitionCoverage(
        transition=t,
        transition_name=transition_name,
        from_phase=from_phase,
        to_phase=to_phase,
        district=district,
        district_name=district_name,
        offers=active,
        inactive_offers=inactive,
        evidence=evidence,
        evidence_level=level,
        from_side_offers=len(left),
        to_side_offers=len(right),
        cooperating=pairs,
        phase_without_offers=empty_phase,
        covered=bool(active) or by_cooperation,
        explanation=explanation,
    )


def _phase_name(G: nx.MultiDiGraph, phase: str | None) -> str:
    return str(G.nodes[phase].get("name") or phase) if phase is not None else "?"


def _sides_sentence(G: nx.MultiDiGraph, a: str | None, b: str | None, left: list[str], right: list[str]) -> str:
    """„3 Angebote für Kita, 5 für Grundschule, keines begleitet beide.“"""
    return texts.GAP_SIDES.format(
        left=len(left), from_phase=_phase_name(G, a), right=len(right), to_phase=_phase_name(G, b)
    )


def _pairs_sentence(G: nx.MultiDiGraph, pairs: list[tuple[str, str]], covering: bool) -> str:
    if not pairs:
        return texts.GAP_NO_COOPERATION
    name = lambda x: G.nodes[x].get("name") or x  # noqa: E731
    shown = "; ".join(name(x) if x == y else f"{name(x)} – {name(y)}" for x, y in pairs)
    return (texts.BRIDGED_BY_COOPERATION if covering else texts.GAP_COOPERATION).format(count=len(pairs), pairs=shown)


def _titles(G: nx.MultiDiGraph, offers: list[str], evidence: dict[str, Evidence] | None = None) -> str:
    def one(o: str) -> str:
        title = f"„{G.nodes[o].get('title') or o}“"
        return f"{title} ({EVIDENCE_DE[evidence[o]]})" if evidence and o in evidence else title

    return ", ".join(one(o) for o in offers)


def find_transition_gaps(
    G: nx.MultiDiGraph, *, districts: Iterable[str] | None = None, evidence: str = DEFAULT_EVIDENCE
) -> list[TransitionGap]:
    """Find transitions that no active offer bridges, per leaf district.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The projected city graph (see :mod:`graph.projection`).
    districts : iterable of str, optional
        Restrict the answer to these district ids (and the Stadtteile inside them).
    evidence : {"tagged", "spanning", "cooperation"}
        How strict the bridging rule is (:mod:`graph.analysis.bridging`).

    Returns
    -------
    list of TransitionGap
        Sorted by district id, then transition along the life course; each carries a
        German explanation.

    Examples
    --------
    >>> from graph.projection import build_graph
    >>> G = build_graph(
    ...     [("nord", "District", {"id": "nord", "name": "Nord"}),
    ...      ("ab", "Transition", {"id": "ab", "name": "Kita → Grundschule"})], [])
    >>> [g.explanation for g in find_transition_gaps(G)]  # doctest: +NORMALIZE_WHITESPACE
    ['Im Sozialraum Nord begleitet kein Angebot den Übergang Kita → Grundschule. 0 laufende Angebote
      für ?, 0 für ?; keines richtet sich an beide Seiten. Die Träger beider Seiten arbeiten nicht
      zusammen.']
    """
    coverage = transition_coverage(G, districts=districts, evidence=evidence)
    return [gap_from_coverage(G, c) for c in coverage if not c.covered]


def gap_from_coverage(G: nx.MultiDiGraph, coverage: TransitionCoverage) -> TransitionGap:
    """The gap an uncovered :class:`TransitionCoverage` stands for, with its need weighting.

    For callers that have the coverage already (counts, before/after comparisons) and
    should not compute it a second time through :func:`find_transition_gaps`.
    """
    need = _need(G, coverage.district, [p for p in (coverage.from_phase, coverage.to_phase) if p])
    return TransitionGap(**coverage.model_dump(exclude={"offers", "covered", "evidence"}), **need)


def rank_gaps(gaps: Iterable[TransitionGap]) -> list[TransitionGap]:
    """Gaps by need-weighted priority, highest first (gaps without indicators last).

    Examples
    --------
    >>> a = TransitionGap(transition="t", transition_name="T", from_phase=None, to_phase=None,
    ...                   district="a", district_name="A", inactive_offers=[], explanation="", priority=5)
    >>> b = a.model_copy(update={"district": "b", "priority": 50})
    >>> [g.district for g in rank_gaps([a, b])]
    ['b', 'a']
    """
    return sorted(gaps, key=lambda g: (g.priority is None, -(g.priority or 0), g.district, g.transition))


def _need(G: nx.MultiDiGraph, district: str, phases: list[str]) -> dict[str, object]:
    data = G.nodes[district]
    by_phase = data.get("children_by_phase") or {}
    counts = [by_phase[p] for p in phases if p in by_phase]
    children = sum(counts) if counts else None
    share = data.get("share_social_benefits")
    if children is None:
        return {"children": None, "share_social_benefits": share, "priority": None, "priority_reason": None}
    weight = 0.5 + (share or 0.0)
    reason = texts.GAP_PRIORITY.format(
        children=children, share=f"{share * 100:.0f} %" if share is not None else "ein unbekannter Anteil"
    )
    return {
        "children": children,
        "share_social_benefits": share,
        "priority": round(children * weight, 1),
        "priority_reason": reason,
    }


class TopicGap(BaseModel):
    """A transition in a district that no active offer bridges *for a topic*, although
    other districts have such an offer."""

    transition: str
    transition_name: str
    district: str
    district_name: str
    topic: str
    topic_name: str
    elsewhere: list[str]
    """Districts (leaves) where an active offer bridges this transition for this topic."""
    examples: list[str]
    """Offers elsewhere that do it, sorted by id (at most three)."""
    explanation: str


def find_topic_gaps(
    G: nx.MultiDiGraph, *, districts: Iterable[str] | None = None, evidence: str = DEFAULT_EVIDENCE
) -> list[TopicGap]:
    """Find (district, transition, topic) triples bridged elsewhere in the city but not here.

    A topic counts for a transition when some active offer bridges the transition (by
    the rule of :mod:`graph.analysis.bridging`) and ADDRESSES the topic. Only topics that somewhere accompany a transition are examined,
    so the answer names what a district lacks compared with its neighbours, not every
    empty cell of a 3-D table.

    Parameters
    ----------
    G : networkx.MultiDiGraph
    districts : iterable of str, optional
        Restrict the answer to these districts (and the Stadtteile inside them).
    evidence : {"tagged", "spanning", "cooperation"}
        The bridging rule; topics need offers, so "cooperation" counts as "spanning".

    Returns
    -------
    list of TopicGap
        Sorted by district, transition (along the life course) and topic.

    Examples
    --------
    >>> from graph.projection import build_graph
    >>> G = build_graph(
    ...     [("a", "District", {"id": "a", "name": "A"}), ("b", "District", {"id": "b", "name": "B"}),
    ...      ("t", "Transition", {"id": "t", "name": "Kita → Schule"}),
    ...      ("s", "Topic", {"id": "s", "name": "Sprache"}),
    ...      ("o", "Offer", {"id": "o", "title": "Sprachbrücke"})],
    ...     [("o", "t", "BRIDGES", {}), ("o", "s", "ADDRESSES", {}), ("o", "a", "IN_DISTRICT", {})])
    >>> [(g.district, g.topic, g.elsewhere) for g in find_topic_gaps(G)]
    [('b', 's', ['a'])]

    Notes
    -----
    O(D * T * K + B * l * K) for D districts, T transitions, K topics, B bridging offers and
    l Stadtteile below an offer's district.
    """
    examined = selected_leaves(G, districts)
    transitions = _ordered_transitions(G)
    under = leaves_under(G)
    index = bridge_index(G, evidence=evidence)
    # (leaf district, transition) -> topic -> active offers bridging it there
    served: dict[tuple[str, str], dict[str, list[str]]] = {}
    for t in transitions:
        for o in index.bridges.get(t, ()):
            if G.nodes[o].get("status") != OfferStatus.ACTIVE:
                continue
            topics = targets(G, o, RelType.ADDRESSES)
            for leaf in offer_leaves(G, o, under):
                for topic in topics:
                    served.setdefault((leaf, t), {}).setdefault(topic, []).append(o)
    # transition -> topic -> leaves where it is served
    where: dict[str, dict[str, list[str]]] = {}
    offers_for: dict[tuple[str, str], set[str]] = {}
    for (leaf, t), topics in served.items():
        for topic, offers in topics.items():
            where.setdefault(t, {}).setdefault(topic, []).append(leaf)
            offers_for.setdefault((t, topic), set()).update(offers)
    result: list[TopicGap] = []
    for leaf in sorted(examined):
        for t in transitions:
            here = served.get((leaf, t), {})
            for topic in sorted(where.get(t, {})):
                if topic in here:
                    continue
                elsewhere = sorted(where[t][topic])
                examples = sorted(offers_for[t, topic])[:3]
                district_name = G.nodes[leaf].get("name") or leaf
                transition_name = G.nodes[t].get("name") or t
                topic_name = G.nodes[topic].get("name") or topic
                result.append(
                    TopicGap(
                        transition=t, transition_name=transition_name, district=leaf, district_name=district_name,
                        topic=topic, topic_name=topic_name, elsewhere=elsewhere, examples=examples,
                        explanation=texts.TOPIC_GAP.format(
                            district=district_name, transition=transition_name, topic=topic_name,
                            elsewhere=len(elsewhere), examples=_titles(G, examples),
                        ),
                    )
                )
    return result
