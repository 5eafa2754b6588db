"""Network roles: who brokers between silos, who is a single point of failure, who stands alone.

Everything here reads the **actor cooperation graph** (:func:`cooperation_graph`): an
undirected simple graph whose nodes are all actors (label ``Actor``, committees included)
and whose edges are the COOPERATES_WITH relations, read undirected (two cooperations
between one pair count once). Committee memberships (MEMBER_OF) are deliberately *not*
edges: a working group with twenty members would become a star that carries every
shortest path and hides the people the seeds call "Kümmerer"; memberships count only for
isolation (an actor in a working group is not alone) and are named as meeting points in
:mod:`graph.analysis.recommend`.

A *department* (Bereich) is how the analysis groups actors into the administration's
pillars (Säulen) and the other sectors, so that "ressortübergreifend" can be measured
(see :func:`department_of`).

The building blocks (cooperation graph, departments, cut vertices and bridges, German
lists) live in :mod:`graph.analysis.network` and are re-exported here.
"""

from __future__ import annotations

import random

from collections import Counter

import networkx as nx
from pydantic import BaseModel

from graph import texts
from graph.analysis.network import (
    CutStructure,
    PartOfIndex,
    actor_ancestors,
    cooperation_graph,
    cut_structure,
    department_name,
    department_of,
    german_join,
    name_of,
    percent,
    split_structure,
)
from graph.model import Label, RelType
from graph.projection import nodes_with_label, targets

#: above this many cooperating actors the NetworkX fallback samples betweenness sources
#: (exact NetworkX betweenness takes about 5.5 s for 1,500 actors and 6,000 cooperations)
EXACT_BETWEENNESS_LIMIT = 1000
#: sources sampled by the NetworkX fallback above :data:`EXACT_BETWEENNESS_LIMIT`
DEFAULT_SAMPLE = 100

# ---------------------------------------------------------------------------------------
# result models
# ---------------------------------------------------------------------------------------


class Broker(BaseModel):
    """An actor on many shortest paths of the cooperation network (a Kümmerer)."""

    actor: str
    name: str
    betweenness: float
    """Normalised betweenness: share of shortest paths between other actors through it."""
    degree: int
    departments: list[str]
    """Departments of the actor and its partners, most partners first (keys of department_of)."""
    department_names: list[str]
    explanation: str


class ArticulationPoint(BaseModel):
    """An actor whose loss splits its part of the cooperation network."""

    actor: str
    name: str
    parts: int
    """Number of pieces its connected network falls into without it (at least 2)."""
    affected: list[str]
    """Actors no longer connected to the largest piece, sorted."""
    explanation: str


class Bridge(BaseModel):
    """A cooperation whose loss splits the network."""

    actors: list[str]
    """The two partners, sorted."""
    names: list[str]
    cut_off: list[str]
    """Actors on the smaller side, separated from the rest when the cooperation ends, sorted."""
    explanation: str


class DepartmentShare(BaseModel):
    department: str
    name: str
    actors: int


class Community(BaseModel):
    """A group of actors that cooperate more among themselves (Louvain)."""

    index: int
    """1-based, largest group first."""
    actors: list[str]
    size: int
    dominant_department: str
    dominant_department_name: str
    dominant_share: float
    departments: list[DepartmentShare]
    """Departments in the group, most actors first."""
    silo: bool
    """True when ``dominant_share`` reaches ``silo_share``."""
    explanation: str


class DepartmentPair(BaseModel):
    a: str
    a_name: str
    b: str
    b_name: str
    cooperations: int
    explanation: str | None = None
    """Set on the pairs in ``never_together``."""


class CrossDepartment(BaseModel):
    """How much of the cooperation crosses department and sector lines (Entsäulung)."""

    cooperations: int
    cross_department: int
    share: float | None
    """``cross_department / cooperations``; None without cooperations."""
    pairs: list[DepartmentPair]
    """Cooperation counts between two different departments, most first."""
    never_together: list[DepartmentPair]
    """Pairs of cooperating departments without a single cooperation between them."""
    explanation: str


class IsolatedActor(BaseModel):
    """An actor without any cooperation and without any committee membership."""

    actor: str
    name: str
    kind: str | None
    offers: list[str]
    """Offers it provides (it may well be active, just alone)."""
    explanation: str


class NetworkRoles(BaseModel):
    """Every role finding of :func:`network_roles`."""

    actors: int
    cooperations: int
    betweenness_method: str
    brokers: list[Broker]
    articulation_points: list[ArticulationPoint]
    articulation_point_count: int
    bridges: list[Bridge]
    bridge_count: int
    communities: list[Community]
    cross_department: CrossDepartment
    isolated: list[IsolatedActor]


# ---------------------------------------------------------------------------------------
# betweenness
# ---------------------------------------------------------------------------------------


IGRAPH_EXACT_LIMIT = 5_000  # actors; exact igraph betweenness takes ~0.5 s there
IGRAPH_SAMPLE = 1_000  # source actors for the estimate above that


def _betweenness(C: nx.Graph, sample: int | None, seed: int) -> tuple[dict[str, float], str]:
    """Normalised betweenness of every node and a German note on how it was computed."""
    n = C.number_of_nodes()
    if sample is None:
        try:
            import igraph  # optional: exact and about 30x faster than NetworkX
        except ImportError:
            igraph = None
        if igraph is not None:
            nodes = sorted(C)
            index = {v: i for i, v in enumerate(nodes)}
            g = igraph.Graph(n=n, edges=[(index[u], index[v]) for u, v in C.edges()])
            scale = 2.0 / ((n - 1) * (n - 2)) if n > 2 else 0.0  # NetworkX' normalisation
            if n <= IGRAPH_EXACT_LIMIT:
                raw = g.betweenness(directed=False)
                return {v: raw[i] * scale for i, v in enumerate(nodes)}, texts.BETWEENNESS_EXACT_IGRAPH
            # exact betweenness costs nodes × edges: above a region's size, estimate it from
            # a seeded sample of source actors (Brandes & Pich), scaled up by n / k
            sources = random.Random(seed).sample(range(n), IGRAPH_SAMPLE)
            raw = g.betweenness(directed=False, sources=sources)
            factor = scale * n / IGRAPH_SAMPLE
            note = texts.BETWEENNESS_SAMPLED_IGRAPH.format(k=IGRAPH_SAMPLE, seed=seed)
            return {v: raw[i] * factor for i, v in enumerate(nodes)}, note
        if n <= EXACT_BETWEENNESS_LIMIT:
            return nx.betweenness_centrality(C), texts.BETWEENNESS_EXACT_NETWORKX
        sample = DEFAULT_SAMPLE
    if sample >= n:
        return nx.betweenness_centrality(C), texts.BETWEENNESS_EXACT_NETWORKX
    values = nx.betweenness_centrality(C, k=sample, seed=seed)
    return values, texts.BETWEENNESS_SAMPLED.format(k=sample, seed=seed)


# ---------------------------------------------------------------------------------------
# the analysis
# ---------------------------------------------------------------------------------------


def network_roles(
    G: nx.MultiDiGraph,
    *,
    top: int = 10,
    betweenness_sample: int | None = None,
    seed: int = 42,
    silo_share: float = 0.75,
) -> NetworkRoles:
    """Brokers, single points of failure, silos and isolated actors of the cooperation network.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The projected city graph (see :mod:`graph.projection`).
    top : int
        Length of the broker, articulation-point and bridge lists (the counts report all).
    betweenness_sample : int, optional
        ``None`` (default): exact betweenness, with python-igraph when it is installed,
        else NetworkX exactly up to :data:`EXACT_BETWEENNESS_LIMIT` actors and a seeded
        sample of :data:`DEFAULT_SAMPLE` sources above. An int ``k`` forces NetworkX'
        seeded ``k``-source sample (the same answer everywhere).
    seed : int
        Seed for Louvain and sampled betweenness: the result is deterministic.
    silo_share : float
        A community is a silo when this share of its actors sits in one department.

    Returns
    -------
    NetworkRoles
        ``brokers`` (highest betweenness > 0, then id), ``articulation_points`` (most
        actors cut off first), ``bridges`` (largest cut-off side first), ``communities``
        (largest first), ``cross_department`` and ``isolated`` (by id); German explanations.

    Examples
    --------
    >>> from graph.projection import build_graph
    >>> G = build_graph(
    ...     [(a, "Actor", {"id": a, "name": a.upper()}) for a in ("a", "b", "c")],
    ...     [("a", "b", "COOPERATES_WITH", {}), ("b", "c", "COOPERATES_WITH", {})])
    >>> roles = network_roles(G)
    >>> [b.actor for b in roles.brokers], [p.actor for p in roles.articulation_points]
    (['b'], ['b'])
    >>> roles.articulation_points[0].explanation
    'Fällt B weg, zerfällt das Netzwerk in 2 Teile; betroffen: C (1 Akteur(e) ohne Verbindung zum größten Teil).'

    Notes
    -----
    Cooperation graph, departments (:class:`~graph.analysis.network.PartOfIndex`), cut
    vertices and bridges (:func:`~graph.analysis.network.cut_structure`, members listed
    only for the ``top`` shown) and isolation are O(V + E). Louvain is close to linear
    (0.1 s for 1,500 actors, 3.5 s for 30,000). Exact betweenness is O(V * E) and the one
    part that is not: 0.1 s for 1,500 actors and 3,500 cooperations with igraph, about
    60 s for 30,000 and 70,000 on two cores; pass ``betweenness_sample`` on such cities.
    """
    C = cooperation_graph(G)
    index = PartOfIndex(G)
    departments = {a: index.department(a) for a in C}
    betweenness, method = _betweenness(C, betweenness_sample, seed) if C.number_of_edges() else ({}, texts.BETWEENNESS_EXACT_NETWORKX)
    cuts = cut_structure(C)
    return NetworkRoles(
        actors=C.number_of_nodes(),
        cooperations=C.number_of_edges(),
        betweenness_method=method,
        brokers=_brokers(G, C, betweenness, departments, top),
        articulation_points=_articulation_points(G, cuts, top),
        articulation_point_count=len(cuts.cut_vertices()),
        bridges=_bridges(G, cuts, top),
        bridge_count=len(cuts.bridges),
        communities=_communities(G, C, departments, seed, silo_share),
        cross_department=_cross_department(G, C, departments),
        isolated=isolated_actors(G),
    )


def _brokers(
    G: nx.MultiDiGraph, C: nx.Graph, betweenness: dict[str, float], departments: dict[str, str], top: int
) -> list[Broker]:
    ranked = sorted(((round(b, 6), a) for a, b in betweenness.items() if b > 1e-12), key=lambda x: (-x[0], x[1]))
    result = []
    for score, actor in ranked[:top]:
        counts = Counter(departments[w] for w in C[actor])
        counts[departments[actor]] += 0  # its own department counts even without partners there
        depts = sorted(counts, key=lambda d: (-counts[d], d != departments[actor], d))
        names = [department_name(G, d) for d in depts]
        template = texts.BROKER_AREAS if len(depts) > 1 else texts.BROKER_ONE_AREA
        result.append(
            Broker(
                actor=actor,
                name=name_of(G, actor),
                betweenness=score,
                degree=C.degree(actor),
                departments=depts,
                department_names=names,
                explanation=template.format(
                    actor=name_of(G, actor), count=len(depts), departments=german_join(names, limit=6),
                    share=percent(score),
                ),
            )
        )
    return result


def _articulation_points(G: nx.MultiDiGraph, cuts: CutStructure, top: int) -> list[ArticulationPoint]:
    # rank every cut vertex by the sizes of its pieces; list members only for the ones shown
    ranked = sorted(
        (-affected, -parts, actor)
        for actor in cuts.cut_vertices()
        for parts, affected in [cuts.cut_vertex_summary(actor)]
    )
    result = []
    for _, _, actor in ranked[:top]:
        parts = cuts.cut_vertex_parts(actor)
        affected = sorted(n for p in parts[1:] for n in p)
        result.append(
            ArticulationPoint(
                actor=actor,
                name=name_of(G, actor),
                parts=len(parts),
                affected=affected,
                explanation=texts.ARTICULATION_POINT.format(
                    actor=name_of(G, actor), parts=len(parts), count=len(affected),
                    affected=german_join(sorted(name_of(G, a) for a in affected)),
                ),
            )
        )
    return result


def _bridges(G: nx.MultiDiGraph, cuts: CutStructure, top: int) -> list[Bridge]:
    ranked = sorted((-cuts.bridge_side_size(b), [b[0], b[1]], b) for b in cuts.bridges)
    result = []
    for _, (u, v), bridge in ranked[:top]:
        side = cuts.bridge_side(bridge)
        names = sorted(name_of(G, a) for a in side)
        side_text = (
            texts.BRIDGE_SIDE_ONE.format(name=names[0])
            if len(side) == 1
            else texts.BRIDGE_SIDE_MANY.format(count=len(side), names=german_join(names))
        )
        result.append(
            Bridge(
                actors=[u, v],
                names=[name_of(G, u), name_of(G, v)],
                cut_off=side,
                explanation=texts.BRIDGE.format(a=name_of(G, u), b=name_of(G, v), side=side_text),
            )
        )
    return result


def _communities(
    G: nx.MultiDiGraph, C: nx.Graph, departments: dict[str, str], seed: int, silo_share: float
) -> list[Community]:
    linked = C.subgraph(sorted(a for a in C if C.degree(a))).copy()
    if not linked.number_of_edges():
        return []
    groups = nx.community.louvain_communities(linked, seed=seed)
    groups = sorted((sorted(g) for g in groups), key=lambda g: (-len(g), g[0]))
    result = []
    for index, members in enumerate(groups, start=1):
        counts = Counter(departments[a] for a in members)
        ranked = sorted(counts, key=lambda d: (-counts[d], d))
        dominant = ranked[0]
        share = counts[dominant] / len(members)
        silo = share >= silo_share
        if silo:
            explanation = texts.COMMUNITY_SILO.format(
                index=index, size=len(members), department=department_name(G, dominant), share=percent(share)
            )
        else:
            mix = german_join(
                [f"{percent(counts[d] / len(members))} {department_name(G, d)}" for d in ranked], limit=4
            )
            explanation = texts.COMMUNITY_MIXED.format(index=index, size=len(members), mix=mix)
        result.append(
            Community(
                index=index,
                actors=members,
                size=len(members),
                dominant_department=dominant,
                dominant_department_name=department_name(G, dominant),
                dominant_share=round(share, 6),
                departments=[DepartmentShare(department=d, name=department_name(G, d), actors=counts[d]) for d in ranked],
                silo=silo,
                explanation=explanation,
            )
        )
    return result


def _cross_department(G: nx.MultiDiGraph, C: nx.Graph, departments: dict[str, str]) -> CrossDepartment:
    between: Counter[tuple[str, str]] = Counter()
    inside = 0
    for u, v in C.edges():
        du, dv = departments[u], departments[v]
        if du == dv:
            inside += 1
        else:
            between[tuple(sorted((du, dv)))] += 1  # type: ignore[index]
    total = C.number_of_edges()
    cross = total - inside

    def pair(a: str, b: str, n: int) -> DepartmentPair:
        return DepartmentPair(a=a, a_name=department_name(G, a), b=b, b_name=department_name(G, b), cooperations=n)

    active = sorted({departments[a] for a in C if C.degree(a)})
    never = [pair(a, b, 0) for i, a in enumerate(active) for b in active[i + 1 :] if (a, b) not in between]
    for p in never:
        p.explanation = texts.NEVER_TOGETHER.format(a=p.a_name, b=p.b_name)
    share = cross / total if total else None
    return CrossDepartment(
        cooperations=total,
        cross_department=cross,
        share=round(share, 6) if share is not None else None,
        pairs=[pair(a, b, n) for (a, b), n in sorted(between.items(), key=lambda x: (-x[1], x[0]))],
        never_together=never,
        explanation=(
            texts.CROSS_DEPARTMENT.format(share=percent(share), total=total, cross=cross, inside=inside)
            if share is not None
            else texts.CROSS_DEPARTMENT_NONE
        ),
    )


def isolated_actors(G: nx.MultiDiGraph) -> list[IsolatedActor]:
    """Actors with no cooperation and no committee membership (as member or as committee).

    Providing offers does not count as a tie: an actor that runs offers but works with
    nobody is exactly who a coordinator wants to find. PART_OF does not count either (a
    branch of a federation can still be alone in the city's network).

    Examples
    --------
    >>> from graph.projection import build_graph
    >>> G = build_graph([("a", "Actor", {"id": "a", "name": "Kinderarztpraxis"})], [])
    >>> [i.explanation for i in isolated_actors(G)]
    ['Kinderarztpraxis hat keine Kooperation und sitzt in keinem Gremium.']
    """
    coop, member = RelType.COOPERATES_WITH.value, RelType.MEMBER_OF.value
    result = []
    for actor in nodes_with_label(G, Label.ACTOR):
        if any(
            coop in keys or member in keys
            for adjacency in (G._succ[actor], G._pred[actor])
            for keys in adjacency.values()
        ):
            continue
        offers = [o for o in targets(G, actor, RelType.PROVIDES) if G.nodes[o].get("label") == Label.OFFER]
        name = name_of(G, actor)
        explanation = (
            texts.ISOLATED_WITH_OFFERS.format(
                actor=name, count=len(offers), titles=german_join(f"„{name_of(G, o)}“" for o in offers)
            )
            if offers
            else texts.ISOLATED.format(actor=name)
        )
        result.append(
            IsolatedActor(actor=actor, name=name, kind=G.nodes[actor].get("kind"), offers=offers, explanation=explanation)
        )
    return result


__all__ = [
    "ArticulationPoint",
    "Bridge",
    "Broker",
    "Community",
    "CrossDepartment",
    "DepartmentPair",
    "DepartmentShare",
    "IsolatedActor",
    "NetworkRoles",
    "actor_ancestors",
    "cooperation_graph",
    "department_name",
    "department_of",
    "german_join",
    "isolated_actors",
    "name_of",
    "network_roles",
    "percent",
    "split_structure",
]
