"""Duplicate offers (Dopplungen): offers that are in substance the same, as clusters.

The candidate pairs from :mod:`graph.analysis.offer_blocking` are scored in full by
:data:`~graph.analysis.offer_comparisons.OFFER_COMPARISONS`; the levels a pair reaches are
its German reasons. Matched pairs are joined into clusters in which every two offers
match (complete link, strongest pairs first): a chain of look-alikes A≈B≈C with A≉C is
not one cluster, as connected components would make it.
:func:`naive_duplicate_offers` runs the same comparisons over all pairs.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

import networkx as nx
from pydantic import BaseModel

from graph import texts
from graph.analysis.matching import PairScore, score_pair
from graph.analysis.network import percent
from graph.analysis.offer_blocking import candidate_pairs
from graph.analysis.offer_comparisons import OFFER_COMPARISONS, OFFER_PRIOR
from graph.analysis.offer_records import OfferRecord, offer_records

__all__ = [
    "DuplicateOfferCluster",
    "DuplicateOfferPair",
    "find_duplicate_offers",
    "naive_duplicate_offers",
]


# ---------------------------------------------------------------------------------------
# results
# ---------------------------------------------------------------------------------------


class DuplicateOfferPair(BaseModel):
    """Two offers that are probably the same offer."""

    a: str
    b: str
    """Offer ids, ``a < b``."""
    a_title: str
    b_title: str
    score: float
    """0–1 (match probability under the comparison weights)."""
    reasons: list[str]
    """German, one per comparison level reached ("Titel zu 87 % ähnlich", ...)."""
    explanation: str


class DuplicateOfferCluster(BaseModel):
    """Offers that are probably one offer entered several times."""

    offers: list[str]
    """Sorted offer ids."""
    titles: list[str]
    """Titles in the order of ``offers``."""
    pairs: list[DuplicateOfferPair]
    """Every pair of the cluster's offers, all matched (score descending, then ids)."""
    score: float
    """Mean score of ``pairs``."""
    explanation: str


# ---------------------------------------------------------------------------------------
# pairs and clusters
# ---------------------------------------------------------------------------------------


def _offer_pair(a: OfferRecord, b: OfferRecord, s: PairScore) -> DuplicateOfferPair:
    return DuplicateOfferPair(
        a=a.id, b=b.id, a_title=a.title, b_title=b.title, score=round(s.score, 4), reasons=s.reasons,
        explanation=texts.DUP_OFFER_PAIR.format(a=a.title, b=b.title, pct=percent(s.score), reasons=", ".join(s.reasons)),
    )


def _clusters(pairs: list[DuplicateOfferPair], titles: Mapping[str, str]) -> list[DuplicateOfferCluster]:
    """Clusters in which every two offers are a matched pair (no chains).

    Pairs are taken strongest first (score descending, then ids); a pair joins its two
    offers, or their clusters, only when every offer then in the cluster matches every
    other (complete link). A chain A≈B, B≈C with A≉C thus stays two findings: the
    stronger pair's cluster and, if C matches nothing else, nothing for C.
    """
    matched = {(p.a, p.b) for p in pairs}

    def all_match(xs: list[str], ys: list[str]) -> bool:
        return all((min(x, y), max(x, y)) in matched for x in xs for y in ys)

    cluster_of: dict[str, int] = {}
    members: dict[int, list[str]] = {}
    new_ids = itertools.count()
    for p in sorted(pairs, key=lambda p: (-p.score, p.a, p.b)):
        ca, cb = cluster_of.get(p.a), cluster_of.get(p.b)
        if ca is not None and ca == cb:
            continue
        left = members[ca] if ca is not None else [p.a]
        right = members[cb] if cb is not None else [p.b]
        if not all_match(left, right):
            continue
        keep = min((c for c in (ca, cb) if c is not None), default=None)
        if keep is None:
            keep = next(new_ids)
        joined = left + right
        if ca is not None and cb is not None:
            del members[max(ca, cb)]
        members[keep] = joined
        for x in joined:
            cluster_of[x] = keep
    by_cluster: dict[int, list[DuplicateOfferPair]] = defaultdict(list)
    for p in pairs:
        c = cluster_of.get(p.a)
        if c is not None and c == cluster_of.get(p.b):
            by_cluster[c].append(p)
    clusters = []
    for c, found in by_cluster.items():
        offers = sorted(members[c])
        found.sort(key=lambda p: (-p.score, p.a, p.b))
        score = round(sum(p.score for p in found) / len(found), 4)
        shown = ", ".join(f"„{titles[o]}“" for o in offers)
        clusters.append(DuplicateOfferCluster(
            offers=offers, titles=[titles[o] for o in offers], pairs=found, score=score,
            explanation=texts.DUP_OFFER_CLUSTER.format(count=len(offers), pct=percent(score), titles=shown),
        ))
    clusters.sort(key=lambda c: (-c.score, c.offers))
    return clusters


def _score_pairs(records: Sequence[OfferRecord], pairs: Iterable[tuple[int, int]], threshold: float) -> list[DuplicateOfferPair]:
    found = []
    for i, j in pairs:
        s = score_pair(OFFER_COMPARISONS, records[i], records[j], prior=OFFER_PRIOR, threshold=threshold)
        if s is not None:
            found.append(_offer_pair(records[i], records[j], s))
    return found


def find_duplicate_offers(
    G: nx.MultiDiGraph,
    *,
    threshold: float = 0.5,
    active_only: bool = False,
    max_block: int = 3000,
    rare_words: int = 50,
    max_candidates: int = 5,
) -> list[DuplicateOfferCluster]:
    """Find offers that are in substance the same, as clusters of matched pairs.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The projected city graph (see :mod:`graph.projection`).
    threshold : float, default 0.5
        Minimum pair score (0–1) for two offers to count as duplicates.
    active_only : bool, default False
        Compare only offers with status ``active``.
    max_block : int, default 3000
        Largest block compared pair by pair. A larger district × phase block is split
        by topic; a topic block still larger is compared in sorted-title windows. Both
        raise a :class:`BlockTooLargeWarning` with a German message.
    rare_words : int, default 50
        A title word in at most this many offers pairs offers lacking a district or
        life phase with the offers sharing it.
    max_candidates : int, default 5
        Each offer is compared in full with at most this many partners, those with the
        highest weight before the last, costliest comparison (a title-word check).

    Returns
    -------
    list of DuplicateOfferCluster
        Sorted by score descending, then offer ids; each with its pairs and German
        reasons.

    Examples
    --------
    >>> from graph.model import GraphBatch, District, LifePhase, Offer
    >>> from graph.projection import graph_from_batch
    >>> def offer(i, title, district):
    ...     return Offer(id=i, title=title, phases=["p"], districts=[district], target_group="Eltern")
    >>> G = graph_from_batch(GraphBatch(
    ...     life_phases=[LifePhase(id="p", name="0–3 Jahre", order=1)],
    ...     districts=[District(id="n", name="Nord"), District(id="s", name="Süd")],
    ...     offers=[offer("a", "Elterncafé Nord", "n"), offer("b", "Eltern-Cafe Nord", "n"),
    ...             offer("c", "Elterncafé", "s")]))
    >>> [c.offers for c in find_duplicate_offers(G)]
    [['a', 'b']]

    Notes
    -----
    Blocking keeps the work at O(sum of squared block sizes) cheap rapidfuzz ``cdist``
    comparisons in C, plus a full Python comparison for the few pairs whose vectorised
    upper bound reaches the threshold. Clustering takes the matched pairs strongest first and
    checks each join against every member (complete link): O(P log P + sum over joins
    of |A|·|B|) for P pairs, near-linear since clusters are small.
    """
    records = offer_records(G, active_only=active_only)
    if len(records) < 2:
        return []
    candidates = candidate_pairs(records, threshold, max_block=max_block, rare_words=rare_words,
                                  max_candidates=max_candidates)
    pairs = _score_pairs(records, ((int(i), int(j)) for i, j in candidates), threshold)
    return _clusters(pairs, {r.id: r.title for r in records})


def naive_duplicate_offers(
    G: nx.MultiDiGraph, *, threshold: float = 0.5, active_only: bool = False
) -> list[DuplicateOfferCluster]:
    """:func:`find_duplicate_offers` over all pairs, without blocking: the slow baseline.

    Examples
    --------
    >>> naive_duplicate_offers(nx.MultiDiGraph())
    []

    Notes
    -----
    O(n²) full comparisons; for benchmarks on small cities only.
    """
    records = offer_records(G, active_only=active_only)
    n = len(records)
    pairs = _score_pairs(records, ((i, j) for i in range(n) for j in range(i + 1, n)), threshold)
    return _clusters(pairs, {r.id: r.title for r in records})
