"""Chain continuity: are the offers of consecutive life phases in a district linked?

A prevention chain is more than offers in every phase: the people running the Kita offer
must know those running the primary-school offer, or families fall through at the step
between them. For each leaf district and each pair of consecutive life phases (NEXT),
the chain is *linked* when a provider of an active offer for the earlier phase and a
provider of an active offer for the later phase (phases tagged or read from the offer's
age range, as in :mod:`graph.analysis.bridging`) are the same actor or cooperate
(COOPERATES_WITH of any kind, read undirected, referral included). It *breaks* when no
such pair exists, or when one of the phases has no active offer at all.
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx
from pydantic import BaseModel

from graph import texts
from graph.analysis.bridging import (
    cooperating_sides,
    cooperation_partners,
    phase_offers_by_leaf,
    providers_of,
    served_phases,
)
from graph.analysis.gaps import leaves_under, selected_leaves
from graph.model import Label
from graph.projection import nodes_with_label


class ChainLink(BaseModel):
    """The step between two consecutive phases in one district."""

    district: str
    district_name: str
    from_phase: str
    to_phase: str
    linked: bool
    links: list[tuple[str, str]]
    """(provider of an earlier-phase offer, provider of a later-phase offer) pairs that
    cooperate or coincide, sorted; at most five."""
    explanation: str


def _phase_chain(G: nx.MultiDiGraph) -> list[tuple[str, str]]:
    phases = sorted(nodes_with_label(G, Label.LIFE_PHASE), key=lambda p: (G.nodes[p].get("order", 0), p))
    return list(zip(phases, phases[1:]))


def chain_continuity(G: nx.MultiDiGraph, *, districts: Iterable[str] | None = None) -> list[ChainLink]:
    """For each leaf district and consecutive phase pair, whether the chain holds.

    Parameters
    ----------
    G : networkx.MultiDiGraph
    districts : iterable of str, optional
        Restrict to these districts (and the Stadtteile inside them).

    Returns
    -------
    list of ChainLink
        Sorted by district, then along the life course.

    Examples
    --------
    >>> from graph.projection import build_graph
    >>> G = build_graph(
    ...     [("n", "District", {"id": "n", "name": "Nord"}),
    ...      ("p1", "LifePhase", {"id": "p1", "name": "Kita", "order": 1}),
    ...      ("p2", "LifePhase", {"id": "p2", "name": "Grundschule", "order": 2}),
    ...      ("o1", "Offer", {"id": "o1", "title": "A"}), ("o2", "Offer", {"id": "o2", "title": "B"}),
    ...      ("kita", "Actor", {"id": "kita", "name": "Kita"}), ("gs", "Actor", {"id": "gs", "name": "GS"})],
    ...     [("o1", "p1", "FOR_PHASE", {}), ("o2", "p2", "FOR_PHASE", {}),
    ...      ("o1", "n", "IN_DISTRICT", {}), ("o2", "n", "IN_DISTRICT", {}),
    ...      ("kita", "o1", "PROVIDES", {}), ("gs", "o2", "PROVIDES", {})])
    >>> [link.linked for link in chain_continuity(G)]
    [False]

    Notes
    -----
    O(O * l * p + D * P * a^2) for O offers serving l Stadtteile in p phases each, D
    districts, P phases and a providers per phase and district.
    """
    leaves = selected_leaves(G, districts)
    under = leaves_under(G)
    partners = cooperation_partners(G)
    offers = phase_offers_by_leaf(G, served_phases(G), under)
    chain = _phase_chain(G)
    result: list[ChainLink] = []
    for district in leaves:
        name = G.nodes[district].get("name") or district
        for a, b in chain:
            left = providers_of(G, offers.get((district, a), ()))
            right = providers_of(G, offers.get((district, b), ()))
            links = cooperating_sides(left, right, partners)
            result.append(_link(G, district, name, a, b, left, right, links))
    return result


def _link(
    G: nx.MultiDiGraph, district: str, name: str, a: str, b: str, left: list[str], right: list[str],
    links: list[tuple[str, str]],
) -> ChainLink:
    phase = lambda p: G.nodes[p].get("name") or p  # noqa: E731
    actor = lambda x: G.nodes[x].get("name") or x  # noqa: E731
    if not left or not right:
        explanation = texts.CHAIN_EMPTY.format(district=name, phase=phase(a if not left else b))
    elif links:
        shown = "; ".join(actor(x) if x == y else f"{actor(x)} – {actor(y)}" for x, y in links)
        explanation = texts.CHAIN_LINKED.format(district=name, from_phase=phase(a), to_phase=phase(b), links=shown)
    else:
        explanation = texts.CHAIN_BROKEN.format(
            district=name, from_phase=phase(a), to_phase=phase(b),
            left=", ".join(actor(x) for x in left[:4]), right=", ".join(actor(x) for x in right[:4]),
        )
    return ChainLink(
        district=district, district_name=name, from_phase=a, to_phase=b,
        linked=bool(links), links=links, explanation=explanation,
    )
