"""Duplicate actors: one organisation entered twice, and which record to keep.

"AWO OV Nord" / "Arbeiterwohlfahrt Ortsverein Nord e.V.", via
:class:`~graph.analysis.actor_matching.ActorMatcher`: name, legal form, address, phone,
e-mail, website, kind, district and parent, each weighed as a log2 Bayes factor and summed
to a calibrated probability (see :mod:`graph.analysis.actor_comparisons`). Each proposal
carries its band („sicher“, „prüfen“), both records' addresses and places and German
reasons. Federation levels (Kreisverband / Ortsverein), a parent and its PART_OF child and
an e. V. against a gGmbH are never proposed; two parishes, generic names and the same name
at another address weigh strongly against.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Iterator
from contextlib import contextmanager

import networkx as nx
from pydantic import BaseModel

from graph import texts
from graph.analysis.actor_comparisons import band
from graph.analysis.actor_matching import ActorMatcher
from graph.analysis.network import percent
from graph.model import Label, RelType

__all__ = ["ActorMergeProposal", "find_duplicate_actors"]


class ActorMergeProposal(BaseModel):
    """Two actor records that are probably one organisation, and which one to keep."""

    keep: str
    merge: str
    keep_name: str
    merge_name: str
    score: float
    """Probability (0–1) that both records are one organisation."""
    reasons: list[str]
    keep_reason: str
    """Why ``keep`` is kept: more relations, fuller name, fresher last_verified."""
    explanation: str
    band: str = ""
    """„sicher“ (score ≥ 0.9), „prüfen“ (≥ 0.5) or „verschieden“ (only with a lower threshold)."""
    match_weight: float = 0.0
    """The summed log2 Bayes factors behind ``score`` (Fellegi–Sunter)."""
    keep_address: str | None = None
    merge_address: str | None = None
    keep_place: str | None = None
    """Where ``keep`` is: its district, else postcode and place from its address."""
    merge_place: str | None = None


def _actor_matcher(G: nx.MultiDiGraph) -> ActorMatcher:
    actors = {n: d for n, d in G.nodes(data=True) if d.get("label") == Label.ACTOR}
    parent: dict[str, str] = {}
    district: dict[str, str] = {}
    district_parent: dict[str, str] = {}
    for u, v, k in G.edges(keys=True):
        if u in actors and k == RelType.PART_OF and v in actors:
            parent.setdefault(u, v)
        elif u in actors and k == RelType.LOCATED_IN:
            district.setdefault(u, v)
        elif k == RelType.PART_OF and G.nodes[u].get("label") == Label.DISTRICT:
            district_parent.setdefault(u, v)
    rows = [
        (n, str(d.get("name") or n), {"short_name": d.get("short_name"), "kind": d.get("kind"),
                                      "district": district.get(n), "part_of": parent.get(n),
                                      **{f: d.get(f) for f in CONTACT_FIELDS}})
        for n, d in sorted(actors.items())
    ]
    names = {n: str(d.get("name") or n) for n, d in G.nodes(data=True) if d.get("label") == Label.DISTRICT}
    return ActorMatcher(rows, district_names=names, district_parents=district_parent)


CONTACT_FIELDS = ("address", "website", "email", "phone")
"""Actor fields the matcher compares besides name, kind, district and parent."""

_EXPLANATION = {
    texts.DUP_BAND_SURE: texts.DUP_ACTOR_SURE,
    texts.DUP_BAND_CHECK: texts.DUP_ACTOR_CHECK,
    texts.DUP_BAND_DIFFERENT: texts.DUP_ACTOR_DIFFERENT,
}


def _keep(G: nx.MultiDiGraph, x: str, y: str) -> tuple[str, str, str]:
    """(keep, merge, German reason): more relations, fuller name, fresher last_verified."""

    def rank(n: str) -> tuple:
        d = G.nodes[n]
        verified = d.get("last_verified")
        return (-G.degree(n), -len(str(d.get("name") or "")), -(verified.toordinal() if verified else 0), n)

    keep, merge = sorted((x, y), key=rank)
    why = []
    dk, dm = G.degree(keep), G.degree(merge)
    if dk > dm:
        why.append(texts.DUP_KEEP_MORE_RELATIONS.format(keep=dk, merge=dm))
    if len(str(G.nodes[keep].get("name") or "")) > len(str(G.nodes[merge].get("name") or "")):
        why.append(texts.DUP_KEEP_FULLER_NAME)
    vk, vm = G.nodes[keep].get("last_verified"), G.nodes[merge].get("last_verified")
    show = lambda v: v.strftime("%d.%m.%Y") if isinstance(v, dt.date) else str(v)  # noqa: E731
    if vk and not vm:
        why.append(texts.DUP_KEEP_VERIFIED.format(keep=show(vk)))
    elif vk and vm and vk > vm:
        why.append(texts.DUP_KEEP_FRESHER.format(keep=show(vk), merge=show(vm)))
    name = str(G.nodes[keep].get("name") or keep)
    return keep, merge, texts.DUP_KEEP.format(keep=name, why=", ".join(why) if why else texts.DUP_KEEP_TIE)


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while many short-lived pairs are made.

    The pairs hold no cycles; without the pause each collection walks the whole projected
    graph, which made blocking a 100,000-offer city several times slower.
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def find_duplicate_actors(G: nx.MultiDiGraph, *, threshold: float = 0.5) -> list[ActorMergeProposal]:
    """Find actors entered twice and propose which record to keep.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The projected city graph (see :mod:`graph.projection`).
    threshold : float, default 0.5
        Minimum pair score (0–1).

    Returns
    -------
    list of ActorMergeProposal
        Sorted by score descending, then ids. Never a federation level against another
        (Kreisverband / Ortsverein), a parent against its PART_OF descendant, or two
        legal forms (e. V. / gGmbH).

    Examples
    --------
    >>> from graph.model import Actor, GraphBatch
    >>> from graph.projection import graph_from_batch
    >>> G = graph_from_batch(GraphBatch(actors=[
    ...     Actor(id="a", name="Arbeiterwohlfahrt Ortsverein Nord e.V.", kind="welfare_org"),
    ...     Actor(id="b", name="AWO OV Nord", kind="welfare_org"),
    ...     Actor(id="c", name="AWO Kreisverband Musterstadt e.V.", kind="welfare_org")]))
    >>> [(p.keep, p.merge) for p in find_duplicate_actors(G)]
    [('a', 'b')]

    Notes
    -----
    Candidate pairs come from blocking (see :mod:`graph.analysis.actor_blocking`): shared
    phone, e-mail, website or building, the same district, a rare name word or neighbouring
    names; near-linear in the number of actors.
    """
    with _gc_paused():
        matcher = _actor_matcher(G)
        pairs = matcher.duplicate_pairs(threshold=threshold)
    records = matcher.records
    proposals = []
    for a, b, s in pairs:
        keep, merge, why = _keep(G, a, b)
        rk, rm = records[keep], records[merge]
        level = band(s.score)
        proposals.append(ActorMergeProposal(
            keep=keep, merge=merge, keep_name=rk.name, merge_name=rm.name, score=round(s.score, 4),
            reasons=s.reasons, keep_reason=why, band=level, match_weight=round(s.weight, 2),
            keep_address=rk.address_text, merge_address=rm.address_text, keep_place=rk.place, merge_place=rm.place,
            explanation=_EXPLANATION[level].format(
                merge=rm.name, keep=rk.name, pct=percent(s.score), reasons=", ".join(s.reasons)),
        ))
    proposals.sort(key=lambda p: (-p.score, min(p.keep, p.merge), max(p.keep, p.merge)))
    return proposals
