"""Duplicate actors: one organisation entered twice, and which record to keep.

"AWO OV Nord" / "Arbeiterwohlfahrt Ortsverein Nord e.V.", via
:class:`~graph.analysis.matching.ActorMatcher`. Federation levels (Kreisverband /
Ortsverein), a parent and its PART_OF child, two parishes and generic names in different
districts are never proposed.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import networkx as nx
import numpy as np
from pydantic import BaseModel
from rapidfuzz import fuzz, process

from graph import texts
from graph.analysis.matching import ActorMatcher
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
    reasons: list[str]
    keep_reason: str
    """Why ``keep`` is kept: more relations, fuller name, fresher last_verified."""
    explanation: str


def _actor_matcher(G: nx.MultiDiGraph) -> ActorMatcher:
    actors = {n: d for n, d in G.nodes(data=True) if d.get("label") == Label.ACTOR}
    parent: dict[str, str] = {}
    district: dict[str, str] = {}
    for u, v, k in G.edges(keys=True):
        if u in actors and k == RelType.PART_OF and v in actors:
            parent.setdefault(u, v)
        elif u in actors and k == RelType.LOCATED_IN:
            district.setdefault(u, v)
    rows = [
        (n, str(d.get("name") or n), {"short_name": d.get("short_name"), "kind": d.get("kind"),
                                      "district": district.get(n), "part_of": parent.get(n)})
        for n, d in sorted(actors.items())
    ]
    names = {n: str(d.get("name") or n) for n, d in G.nodes(data=True) if d.get("label") == Label.DISTRICT}
    return ActorMatcher(rows, district_names=names)


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
        (Kreisverband / Ortsverein), a parent against its PART_OF descendant, or actors in
        different districts.

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
    Actors are blocked by district (actors without one join every block); names inside a
    block are compared with rapidfuzz ``cdist`` first and scored in full only above 0.5.
    """
    matcher = _actor_matcher(G)
    records = matcher.records
    by_district: dict[str | None, list[str]] = defaultdict(list)
    for rid in sorted(records):
        by_district[records[rid].district].append(rid)
    floating = by_district.pop(None, [])
    blocks = [ids + floating for ids in by_district.values()] or [floating]
    seen: set[tuple[str, str]] = set()
    proposals = []
    for ids in blocks:
        if len(ids) < 2:
            continue
        norms = [records[i].norm for i in ids]
        sim = process.cdist(norms, norms, scorer=fuzz.token_set_ratio, dtype=np.uint8, workers=-1, score_cutoff=50)
        for r, c in zip(*np.nonzero(np.triu(sim, k=1)), strict=True):
            a, b = sorted((ids[r], ids[c]))
            if (a, b) in seen:
                continue
            seen.add((a, b))
            s = matcher.compare(records[a], records[b], threshold=threshold)
            if s is None:
                continue
            keep, merge, why = _keep(G, a, b)
            kn, mn = records[keep].name, records[merge].name
            proposals.append(ActorMergeProposal(
                keep=keep, merge=merge, keep_name=kn, merge_name=mn, score=round(s.score, 4), reasons=s.reasons,
                keep_reason=why, explanation=texts.DUP_ACTOR_PROPOSAL.format(
                    merge=mn, keep=kn, pct=percent(s.score), reasons=", ".join(s.reasons)),
            ))
    proposals.sort(key=lambda p: (-p.score, min(p.keep, p.merge), max(p.keep, p.merge)))
    return proposals
