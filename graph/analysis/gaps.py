"""Transition coverage: which offers bridge each transition in each district, and where none does.

A *transition* (Übergang) is the step between two consecutive life phases. In a district
it is *bridged* when at least one **active** offer BRIDGES it and is IN_DISTRICT that
district or one of its ancestors (an offer for the whole city or the Stadtbezirk also
serves each Stadtteil in it). A *gap* is a transition in a district that no active offer
bridges. Districts examined are the leaves of the district tree (the Stadtteile or
Sozialräume): a gap is only meaningful where families live.
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx
from pydantic import BaseModel

from graph import texts
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
    covered: bool
    explanation: str


class TransitionGap(BaseModel):
    """A transition in a district that no active offer bridges."""

    transition: str
    transition_name: str
    from_phase: str | None
    to_phase: str | None
    district: str
    district_name: str
    inactive_offers: list[str]
    explanation: str


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
    G: nx.MultiDiGraph, *, districts: Iterable[str] | None = None
) -> list[TransitionCoverage]:
    """For each leaf district and transition, the offers that bridge it.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The projected city graph (see :mod:`graph.projection`).
    districts : iterable of str, optional
        Restrict the answer to these district ids (leaf or not: a borough id gives its
        Stadtteile). Default: every leaf district.

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
    O(T * D * h + E) for T transitions, D districts, district-tree height h and E edges.
    """
    leaves = leaf_districts(G)
    if districts is not None:
        wanted = set(districts)
        leaves = [d for d in leaves if wanted.intersection(district_with_ancestors(G, d))]

    # offers bridging each transition, split by whether they run
    result: list[TransitionCoverage] = []
    transitions = _ordered_transitions(G)
    bridging = {t: sources(G, t, RelType.BRIDGES) for t in transitions}
    offer_districts = {
        o: set(targets(G, o, RelType.IN_DISTRICT)) for offers in bridging.values() for o in offers
    }
    for district in leaves:
        area = set(district_with_ancestors(G, district))
        district_name = G.nodes[district].get("name") or district
        for t in transitions:
            here = [o for o in bridging[t] if offer_districts[o] & area]
            active = [o for o in here if G.nodes[o].get("status") == OfferStatus.ACTIVE]
            inactive = [o for o in here if o not in active]
            result.append(
                _coverage(G, t, district, district_name, active, inactive)
            )
    return result


def _coverage(
    G: nx.MultiDiGraph, t: str, district: str, district_name: str, active: list[str], inactive: list[str]
) -> TransitionCoverage:
    transition_name = G.nodes[t].get("name") or t
    if active:
        explanation = texts.COVERED.format(
            district=district_name, count=len(active), transition=transition_name, titles=_titles(G, active)
        )
    else:
        explanation = texts.GAP_NO_OFFER.format(district=district_name, transition=transition_name)
        if inactive:
            statuses = ", ".join(sorted({texts.STATUS_DE.get(G.nodes[o].get("status"), "?") for o in inactive}))
            explanation += texts.GAP_INACTIVE_OFFERS.format(
                count=len(inactive), statuses=statuses, titles=_titles(G, inactive)
            )
    return TransitionCoverage(
        transition=t,
        transition_name=transition_name,
        from_phase=next(iter(targets(G, t, RelType.FROM_PHASE)), None),
        to_phase=next(iter(targets(G, t, RelType.TO_PHASE)), None),
        district=district,
        district_name=district_name,
        offers=active,
        inactive_offers=inactive,
        covered=bool(active),
        explanation=explanation,
    )


def _titles(G: nx.MultiDiGraph, offers: list[str]) -> str:
    return ", ".join(f"„{G.nodes[o].get('title') or o}“" for o in offers)


def find_transition_gaps(G: nx.MultiDiGraph, *, districts: Iterable[str] | None = None) -> list[TransitionGap]:
    """Find transitions that no active offer bridges, per leaf district.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The projected city graph (see :mod:`graph.projection`).
    districts : iterable of str, optional
        Restrict the answer to these district ids (and the Stadtteile inside them).

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
    >>> [g.explanation for g in find_transition_gaps(G)]
    ['Im Sozialraum Nord begleitet kein Angebot den Übergang Kita → Grundschule.']
    """
    return [
        TransitionGap(**c.model_dump(exclude={"offers", "covered"}))
        for c in transition_coverage(G, districts=districts)
        if not c.covered
    ]
