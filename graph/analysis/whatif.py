"""What if an actor loses its funding or an offer closes? Pure: the city graph is never changed.

Removing an **actor** (a funding cut) removes it with its cooperations and memberships;
its offers lose that provider, and an offer left without any provider disappears too
(offers that never had a provider stay: nothing changes for them). Removing an **offer**
(a closure) removes just that offer. The analysis then compares before and after:

* offers lost, and offers that keep running with fewer providers;
* transition gaps that open (:func:`graph.analysis.gaps.transition_coverage` before and
  after) and transitions still bridged, but by fewer offers;
* cooperations lost, and parts of the cooperation network that fall apart (a removed
  actor held a bridging position, see :mod:`graph.analysis.roles`).
"""

from __future__ import annotations

from collections.abc import Sequence

import networkx as nx
from pydantic import BaseModel

from graph import texts
from graph.analysis.bridging import DEFAULT_EVIDENCE
from graph.analysis.gaps import TransitionGap, gap_from_coverage, transition_coverage
from graph.analysis.network import cooperation_graph, german_join, name_of
from graph.analysis.parallels import providers_of
from graph.errors import NotFound
from graph.model import Label, RelType
from graph.projection import targets


class LostOffer(BaseModel):
    """An offer that no longer runs after the change."""

    offer: str
    title: str
    reason: str
    """``"closed"`` (removed directly) or ``"no_provider"`` (every provider removed)."""
    providers: list[str]
    """Its providers before the change, sorted."""
    explanation: str


class WeakenedOffer(BaseModel):
    """An offer that keeps running with fewer providers."""

    offer: str
    title: str
    lost_providers: list[str]
    remaining_providers: list[str]
    explanation: str


class NewGap(BaseModel):
    """A transition in a district that was bridged before and no longer is."""

    gap: TransitionGap
    """The gap as :func:`~graph.analysis.gaps.find_transition_gaps` reports it afterwards."""
    offers_before: list[str]
    """The active offers that bridged it before, sorted."""
    explanation: str


class ThinnedTransition(BaseModel):
    """A transition in a district still bridged, but by fewer active offers."""

    transition: str
    transition_name: str
    district: str
    district_name: str
    offers_before: list[str]
    offers_after: list[str]
    explanation: str


class LostCooperation(BaseModel):
    actors: list[str]
    """The two partners, sorted."""
    names: list[str]
    explanation: str


class NetworkSplit(BaseModel):
    """A connected part of the cooperation network that falls apart."""

    removed: list[str]
    """The removed actors that held it together, sorted."""
    parts: list[list[str]]
    """The remaining pieces, largest first, each sorted."""
    cut_off: list[str]
    """Actors outside the largest piece, sorted."""
    explanation: str


class WhatIfResult(BaseModel):
    """Everything :func:`what_if_removed` finds."""

    removed_actors: list[str]
    removed_offers: list[str]
    lost_offers: list[LostOffer]
    weakened_offers: list[WeakenedOffer]
    new_gaps: list[NewGap]
    thinned_transitions: list[ThinnedTransition]
    lost_cooperations: list[LostCooperation]
    splits: list[NetworkSplit]
    explanation: str


def _check(G: nx.MultiDiGraph, ids: Sequence[str], label: Label) -> list[str]:
    for i in ids:
        if i not in G or G.nodes[i].get("label") != label:
            raise NotFound(texts.NOT_FOUND.format(what=texts.LABEL_DE[label], id=i))
    return sorted(set(ids))


def what_if_removed(
    G: nx.MultiDiGraph, *, actors: Sequence[str] = (), offers: Sequence[str] = (), evidence: str = DEFAULT_EVIDENCE
) -> WhatIfResult:
    """Simulate the loss of actors (funding cut) and/or offers (closure).

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The projected city graph (see :mod:`graph.projection`); it is not modified.
    actors : sequence of str
        Ids of actors that drop out.
    offers : sequence of str
        Ids of offers that close.
    evidence : {"tagged", "spanning", "cooperation"}
        The bridging rule of :mod:`graph.analysis.bridging`, the same the gaps use.

    Returns
    -------
    WhatIfResult
        Lists sorted by id (gaps and transitions by district, then along the life course),
        each entry with a German explanation, plus a German summary.

    Raises
    ------
    graph.errors.NotFound
        When an id is not an actor (``actors``) or not an offer (``offers``).

    Examples
    --------
    >>> from graph.projection import build_graph
    >>> G = build_graph(
    ...     [("nord", "District", {"id": "nord", "name": "Nord"}),
    ...      ("ab", "Transition", {"id": "ab", "name": "Kita → Grundschule"}),
    ...      ("awo", "Actor", {"id": "awo", "name": "AWO"}),
    ...      ("o", "Offer", {"id": "o", "title": "Brückenjahr"})],
    ...     [("awo", "o", "PROVIDES", {}), ("o", "ab", "BRIDGES", {}), ("o", "nord", "IN_DISTRICT", {})])
    >>> result = what_if_removed(G, actors=["awo"])
    >>> [o.offer for o in result.lost_offers], [g.gap.district for g in result.new_gaps]
    (['o'], ['nord'])
    >>> "awo" in G
    True

    Notes
    -----
    Two transition-coverage passes (before and after) plus O(V + E) for the rest.
    """
    removed_actors = _check(G, actors, Label.ACTOR)
    closed = _check(G, offers, Label.OFFER)
    if not removed_actors and not closed:
        return WhatIfResult(
            removed_actors=[], removed_offers=[], lost_offers=[], weakened_offers=[], new_gaps=[],
            thinned_transitions=[], lost_cooperations=[], splits=[], explanation=texts.WHATIF_NOTHING,
        )
    gone_actors = set(removed_actors)

    lost: list[LostOffer] = []
    weakened: list[WeakenedOffer] = []
    affected_offers = {o for a in removed_actors for o in targets(G, a, RelType.PROVIDES)} | set(closed)
    for o in sorted(affected_offers):
        if G.nodes[o].get("label") != Label.OFFER:
            continue
        providers = providers_of(G, o)
        title = name_of(G, o)
        remaining = [a for a in providers if a not in gone_actors]
        if o in closed:
            lost.append(LostOffer(offer=o, title=title, reason="closed", providers=providers,
                                  explanation=texts.WHATIF_OFFER_CLOSED.format(title=title)))
        elif not remaining:
            lost.append(LostOffer(
                offer=o, title=title, reason="no_provider", providers=providers,
                explanation=texts.WHATIF_OFFER_NO_PROVIDER.format(
                    title=title, providers=german_join(name_of(G, a) for a in providers)),
            ))
        else:
            gone = [a for a in providers if a in gone_actors]
            weakened.append(WeakenedOffer(
                offer=o, title=title, lost_providers=gone, remaining_providers=remaining,
                explanation=texts.WHATIF_OFFER_LOSES_PROVIDER.format(
                    title=title, lost=german_join(name_of(G, a) for a in gone),
                    remaining=german_join(name_of(G, a) for a in remaining)),
            ))

    gone_nodes = gone_actors | {x.offer for x in lost}
    H = G.subgraph([n for n in G if n not in gone_nodes])  # a read-only view: G stays as it is
    new_gaps, thinned = _coverage_changes(G, H, evidence)
    lost_coops, splits = _network_changes(G, removed_actors)

    what = german_join(
        [name_of(G, a) for a in removed_actors] + [f"„{name_of(G, o)}“" for o in closed], limit=4
    )
    return WhatIfResult(
        removed_actors=removed_actors,
        removed_offers=closed,
        lost_offers=lost,
        weakened_offers=weakened,
        new_gaps=new_gaps,
        thinned_transitions=thinned,
        lost_cooperations=lost_coops,
        splits=splits,
        explanation=texts.WHATIF_SUMMARY.format(
            what=what, lost_offers=len(lost), new_gaps=len(new_gaps),
            lost_cooperations=len(lost_coops), splits=len(splits),
        ),
    )


def _titles(G: nx.MultiDiGraph, offers: list[str]) -> str:
    return german_join(f"„{name_of(G, o)}“" for o in offers)


def _coverage_changes(
    G: nx.MultiDiGraph, H: nx.MultiDiGraph, evidence: str
) -> tuple[list[NewGap], list[ThinnedTransition]]:
    before = {(c.district, c.transition): c for c in transition_coverage(G, evidence=evidence)}
    new_gaps: list[NewGap] = []
    thinned: list[ThinnedTransition] = []
    for c in transition_coverage(H, evidence=evidence):
        old = before.get((c.district, c.transition))
        if old is None or not old.covered or (c.covered and len(c.offers) >= len(old.offers)):
            continue
        if not c.covered:
            gap = gap_from_coverage(H, c)
            new_gaps.append(NewGap(
                gap=gap, offers_before=old.offers,
                explanation=texts.WHATIF_NEW_GAP.format(gap=gap.explanation, titles=_titles(G, old.offers)),
            ))
        else:
            dropped = [o for o in old.offers if o not in c.offers]
            thinned.append(ThinnedTransition(
                transition=c.transition, transition_name=c.transition_name, district=c.district,
                district_name=c.district_name, offers_before=old.offers, offers_after=c.offers,
                explanation=texts.WHATIF_THINNED.format(
                    district=c.district_name, transition=c.transition_name, after=len(c.offers),
                    before=len(old.offers), titles=_titles(G, dropped)),
            ))
    return new_gaps, thinned


def _network_changes(G: nx.MultiDiGraph, removed: list[str]) -> tuple[list[LostCooperation], list[NetworkSplit]]:
    if not removed:
        return [], []
    C = cooperation_graph(G)
    gone = set(removed)
    lost = [
        LostCooperation(
            actors=[u, v], names=[name_of(G, u), name_of(G, v)],
            explanation=texts.WHATIF_COOPERATION_LOST.format(a=name_of(G, u), b=name_of(G, v)),
        )
        for u, v in sorted(tuple(sorted(e)) for e in C.edges(removed))
    ]
    rest = C.subgraph([n for n in C if n not in gone])
    splits = []
    for component in nx.connected_components(C):
        holders = sorted(component & gone)
        if not holders:
            continue
        parts = [sorted(p) for p in nx.connected_components(rest.subgraph(component - gone))]
        if len(parts) < 2:
            continue
        parts.sort(key=lambda p: (-len(p), p[0]))
        cut_off = sorted(n for p in parts[1:] for n in p)
        splits.append(NetworkSplit(
            removed=holders, parts=parts, cut_off=cut_off,
            explanation=texts.WHATIF_SPLIT.format(
                removed=german_join(name_of(G, a) for a in holders), parts=len(parts),
                cut_off=german_join(sorted(name_of(G, a) for a in cut_off))),
        ))
    splits.sort(key=lambda s: (-len(s.cut_off), s.removed))
    return lost, splits


__all__ = [
    "LostCooperation",
    "LostOffer",
    "NetworkSplit",
    "NewGap",
    "ThinnedTransition",
    "WeakenedOffer",
    "WhatIfResult",
    "what_if_removed",
]
