"""Offer records: the offers of the projected graph prepared for duplicate matching.

One :class:`OfferRecord` per offer, with its normalised title, title words, description,
target group, age range, offer kind, life phases, topics, districts (and the districts they
lie in), providers (and the actors they cooperate with or belong to), coordinates, and the
rarity weights of the city's title words (:func:`~graph.analysis.offer_tokens.token_weights`),
read from ``G`` in one pass over the edges. The comparisons
(:mod:`graph.analysis.offer_comparisons`) and the blocking
(:mod:`graph.analysis.offer_blocking`) read these records, never the graph.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import networkx as nx

from graph.analysis.normalise import normalise, tokens, word_tuple
from graph.analysis.offer_tokens import token_weights
from graph.model import Label, RelType
from graph.projection import nodes_with_label, targets

__all__ = ["OfferRecord", "offer_records"]


@dataclass(slots=True)
class OfferRecord:
    """An offer prepared for matching."""

    id: str
    title: str
    norm: str
    compact: str
    key: str
    """Sorted distinct title words: reordered titles give the same key."""
    words: frozenset[str]
    description: str | None
    target: str | None
    target_norm: str
    age: tuple[float, float] | None
    kind: str | None
    phases: frozenset[str]
    topics: frozenset[str]
    districts: frozenset[str]
    area: frozenset[str]
    """The districts and every district they lie in."""
    providers: tuple[str, ...]
    names: Mapping[str, str]
    place_words: frozenset[str]
    ordered: tuple[str, ...] = ()
    """The normalised title words in order (as in ``norm``)."""
    weights: Mapping[str, float] = field(default_factory=dict, repr=False)
    """Rarity weight of every title word of the city (shared by all records)."""
    actor_links: Mapping[str, frozenset[str]] = field(default_factory=dict, repr=False)
    """Actor -> the actors it cooperates with, belongs to (PART_OF) or that belong to it
    (shared by all records)."""
    lat: float | None = None
    lon: float | None = None
    _context: frozenset[str] | None = field(default=None, repr=False)

    def linked_to(self, actors: tuple[str, ...]) -> bool:
        """Whether one of the providers works with, belongs to or contains one of ``actors``."""
        return any(x in self.actor_links.get(p, ()) for p in self.providers for x in actors)

    def context(self) -> frozenset[str]:
        """Words of the description and the provider names (they explain title words)."""
        if self._context is None:
            words = set(tokens(self.description))
            for p in self.providers:
                words.update(tokens(self.names.get(p, p)))
            self._context = frozenset(words)
        return self._context


# ---------------------------------------------------------------------------------------
# reading the graph
# ---------------------------------------------------------------------------------------


def _display_names(G: nx.MultiDiGraph) -> dict[str, str]:
    wanted = {Label.LIFE_PHASE, Label.DISTRICT, Label.TOPIC, Label.ACTOR}
    return {n: str(d.get("name") or n) for n, d in G.nodes(data=True) if d.get("label") in wanted}


def _district_parents(G: nx.MultiDiGraph) -> dict[str, str]:
    parents: dict[str, str] = {}
    for u in nodes_with_label(G, Label.DISTRICT):
        up = targets(G, u, RelType.PART_OF)
        if up:
            parents[u] = up[0]
    return parents


def _area(districts: frozenset[str], parents: Mapping[str, str], cache: dict[frozenset[str], frozenset[str]]) -> frozenset[str]:
    if districts not in cache:
        out = set(districts)
        for d in districts:
            cur = parents.get(d)
            while cur is not None and cur not in out:
                out.add(cur)
                cur = parents.get(cur)
        cache[districts] = frozenset(out)
    return cache[districts]


def _coordinate(value: object) -> float | None:
    try:
        return float(value) if value is not None else None  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def offer_records(G: nx.MultiDiGraph, *, active_only: bool = False) -> list[OfferRecord]:
    """The offers of ``G`` prepared for matching, sorted by id.

    Examples
    --------
    >>> from graph.projection import build_graph
    >>> G = build_graph([("o", "Offer", {"id": "o", "title": "HA-Hilfe GGS Ostpark"})], [])
    >>> offer_records(G)[0].norm
    'hausaufgabenhilfe gemeinschaftsgrundschule ostpark'
    """
    offers = {n: d for n, d in G.nodes(data=True) if d.get("label") == Label.OFFER}
    if active_only:
        offers = {n: d for n, d in offers.items() if d.get("status", "active") == "active"}
    names = _display_names(G)
    parents = _district_parents(G)
    place_words = frozenset(w for n, d in G.nodes(data=True) if d.get("label") == Label.DISTRICT
                            for w in tokens(str(d.get("name") or n)))
    areas: dict[frozenset[str], frozenset[str]] = {}
    titles = {n: str(offers[n].get("title") or n) for n in offers}
    weights = token_weights(word_tuple(t) for t in titles.values())
    records = []
    phase_rel, topic_rel, district_rel, provides = (str(r) for r in (
        RelType.FOR_PHASE, RelType.ADDRESSES, RelType.IN_DISTRICT, RelType.PROVIDES))
    rel: dict[str, dict[str, list[str]]] = {phase_rel: {}, topic_rel: {}, district_rel: {}, provides: {}}
    linking = (str(RelType.COOPERATES_WITH), str(RelType.PART_OF))
    actor_links: dict[str, set[str]] = {}  # cooperation partners, parents and parts, either direction
    for u, v, k in G.edges(keys=True):  # one pass over the edges beats a view per offer
        if k == provides:
            if v in offers:
                rel[k].setdefault(v, []).append(u)
        elif k in rel and u in offers:
            rel[k].setdefault(u, []).append(v)
        elif k in linking and u in names and v in names:  # actors (or districts: never providers)
            actor_links.setdefault(u, set()).add(v)
            actor_links.setdefault(v, set()).add(u)
    links = {a: frozenset(xs) for a, xs in actor_links.items()}
    none: list[str] = []
    sets: dict[tuple[str, ...], frozenset[str]] = {}  # many offers share the same phases, topics, districts

    def shared(ids: list[str]) -> frozenset[str]:
        key = tuple(ids)
        found = sets.get(key)
        if found is None:
            found = sets[key] = frozenset(ids)
        return found

    for n in sorted(offers):
        d = offers[n]
        r = {k: by_offer.get(n, none) for k, by_offer in rel.items()}
        title = titles[n]
        words = word_tuple(title)
        providers = tuple(sorted(set(r[provides])))
        lo, hi = d.get("age_min"), d.get("age_max")
        age = (float(lo), float(hi)) if lo is not None and hi is not None else None
        if age is None and (lo is not None or hi is not None):
            age = (float(lo if lo is not None else 0), float(hi if hi is not None else 120))
        kind = d.get("kind")
        districts = shared(r[district_rel])
        records.append(OfferRecord(
            id=n, title=title, norm=" ".join(words), compact="".join(words), key=" ".join(sorted(set(words))),
            words=frozenset(words), description=d.get("description"), target=d.get("target_group"),
            target_norm=normalise(d.get("target_group")), age=age, kind=kind if kind != "other" else None,
            phases=shared(r[phase_rel]), topics=shared(r[topic_rel]), districts=districts,
            area=_area(districts, parents, areas), providers=providers,
            names=names, place_words=place_words, ordered=words, weights=weights,
            actor_links=links, lat=_coordinate(d.get("lat")), lon=_coordinate(d.get("lon")),
        ))
    return records
