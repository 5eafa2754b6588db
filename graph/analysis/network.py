"""The actor cooperation network and its building blocks, shared by the role analyses.

:mod:`graph.analysis.roles`, :mod:`graph.analysis.parallels`, :mod:`graph.analysis.recommend`
and :mod:`graph.analysis.whatif` read the same things: display names, German lists, the
undirected cooperation graph (:func:`cooperation_graph`), the PART_OF hierarchy of actors
(:class:`PartOfIndex`, :func:`department_of`) and the cut vertices and bridges of the
cooperation graph (:func:`split_structure`, :func:`cut_structure`).

Everything here is linear in the size of the graph: indexes are built in one pass over the
adjacency (never one scan of all edges per node), and the pieces a cut vertex or bridge
leaves behind are described by sizes until someone asks for their members.
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx

from graph import texts
from graph.model import ActorKind, Label, RelType, Sector
from graph.projection import nodes_with_label


def name_of(G: nx.MultiDiGraph, node: str) -> str:
    """The display name of a node: ``name``, else ``title``, else its id."""
    data = G.nodes[node] if node in G else {}
    return data.get("name") or data.get("title") or node


def german_join(items: Iterable[str], *, limit: int = 5) -> str:
    """``"A, B und C"``; beyond ``limit`` items ``"A, B, C und 4 weitere"``.

    Examples
    --------
    >>> german_join(["A", "B", "C"])
    'A, B und C'
    >>> german_join(["A", "B", "C", "D"], limit=2)
    'A, B und 2 weitere'
    """
    items = list(items)
    if len(items) > limit:
        return texts.AND_MORE.format(shown=", ".join(items[:limit]), rest=len(items) - limit)
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} und {items[-1]}"


def percent(share: float) -> str:
    """A share or score as German percent text.

    Examples
    --------
    >>> percent(0.874)
    '87 %'
    """
    return f"{round(share * 100)} %"


def cooperation_graph(G: nx.MultiDiGraph) -> nx.Graph:
    """The undirected actor cooperation graph: every actor, one edge per cooperating pair.

    Nodes and edges are inserted in sorted order, so seeded algorithms (Louvain, sampled
    betweenness) give the same answer however ``G`` was built.

    Examples
    --------
    >>> from graph.projection import build_graph
    >>> G = build_graph([("b", "Actor", {"id": "b", "name": "B"}), ("a", "Actor", {"id": "a", "name": "A"})],
    ...                 [("b", "a", "COOPERATES_WITH", {}), ("a", "b", "COOPERATES_WITH", {})])
    >>> sorted(cooperation_graph(G).edges())
    [('a', 'b')]

    Notes
    -----
    O(V log V + sum of the actors' out-degrees): only the actors' own adjacency is read.
    """
    actors = nodes_with_label(G, Label.ACTOR)
    C = nx.Graph()
    C.add_nodes_from(actors)
    is_actor = set(actors)
    coop = RelType.COOPERATES_WITH.value
    succ = G._succ  # NetworkX' adjacency dicts, read directly as its own algorithms do
    pairs = {
        (u, v) if u < v else (v, u)
        for u in actors
        for v, keys in succ[u].items()
        if coop in keys and v != u and v in is_actor
    }
    C.add_edges_from(sorted(pairs))
    return C


class PartOfIndex:
    """The PART_OF parents of actors, looked up once each: chains and departments in O(depth).

    An actor's parent is the smallest-id actor it is PART_OF (a well-formed city has one).
    Walking the chain through :func:`graph.projection.targets` rescans a parent's whole
    adjacency for every child (the Jugendamt has thousands of edges); this index reads each
    actor's adjacency at most once.

    Examples
    --------
    >>> from graph.projection import build_graph
    >>> G = build_graph([(a, "Actor", {"id": a, "name": a}) for a in ("stadt", "fb5", "ja")],
    ...                 [("fb5", "stadt", "PART_OF", {}), ("ja", "fb5", "PART_OF", {})])
    >>> PartOfIndex(G).ancestors("ja")
    ['fb5', 'stadt']
    """

    def __init__(self, G: nx.MultiDiGraph) -> None:
        self._G = G
        self._parent: dict[str, str | None] = {}

    def parent(self, node: str) -> str | None:
        """The actor ``node`` is PART_OF (smallest id), or None."""
        if node not in self._parent:
            part_of, nodes = RelType.PART_OF.value, self._G._node
            parents = [
                p for p, keys in self._G._succ[node].items()
                if part_of in keys and nodes[p].get("label") == Label.ACTOR
            ]
            self._parent[node] = min(parents) if parents else None
        return self._parent[node]

    def ancestors(self, actor: str) -> list[str]:
        """The actors ``actor`` is PART_OF, innermost first (cycle-safe)."""
        chain: list[str] = []
        seen = {actor}
        current = self.parent(actor)
        while current is not None and current not in seen:
            chain.append(current)
            seen.add(current)
            current = self.parent(current)
        return chain

    def department(self, actor: str) -> str:
        """The department key of ``actor``, see :func:`department_of`."""
        data = self._G.nodes[actor]
        sector = data.get("sector") or Sector.UNKNOWN
        if sector in (Sector.PUBLIC, Sector.UNKNOWN):  # a unit of unknown sector still belongs where it is part of
            chain = [actor, *self.ancestors(actor)]
            if len(chain) > 1:
                top = chain[-1]
                if self._G.nodes[top].get("kind") == ActorKind.ADMINISTRATION:
                    return chain[-2]
                return top
            if data.get("kind") in (ActorKind.ADMINISTRATION, ActorKind.DEPARTMENT):
                return actor
        return f"sector:{sector}"


def actor_ancestors(G: nx.MultiDiGraph, actor: str) -> list[str]:
    """The actors ``actor`` is PART_OF, innermost first (cycle-safe).

    For many actors build one :class:`PartOfIndex` instead.
    """
    return PartOfIndex(G).ancestors(actor)


def department_of(G: nx.MultiDiGraph, actor: str) -> str:
    """The department (Bereich) an actor belongs to, as a key.

    * A public actor inside a PART_OF chain belongs to the top of that chain; when the
      top is the administration itself (kind ``administration``, the Stadtverwaltung), the
      unit just below it counts instead (the Fachbereich or Dezernat), because "all of the
      city" is not a pillar. An administration or department without a parent is its own
      department.
    * Every other actor (free welfare, private, civil society, and public actors without a
      place in the administration such as schools or the Jobcenter) belongs to its sector:
      the key is ``"sector:<sector>"``.

    For many actors build one :class:`PartOfIndex` and call its ``department``.

    Examples
    --------
    >>> from graph.projection import build_graph
    >>> G = build_graph(
    ...     [("stadt", "Actor", {"id": "stadt", "name": "Stadt", "kind": "administration"}),
    ...      ("fb5", "Actor", {"id": "fb5", "name": "FB 5", "kind": "department"}),
    ...      ("ja", "Actor", {"id": "ja", "name": "Jugendamt", "kind": "department"}),
    ...      ("awo", "Actor", {"id": "awo", "name": "AWO", "sector": "free_welfare"})],
    ...     [("fb5", "stadt", "PART_OF", {}), ("ja", "fb5", "PART_OF", {})])
    >>> [department_of(G, a) for a in ("ja", "fb5", "stadt", "awo")]
    ['fb5', 'fb5', 'stadt', 'sector:free_welfare']
    """
    return PartOfIndex(G).department(actor)


def department_name(G: nx.MultiDiGraph, department: str) -> str:
    """German label of a department key from :func:`department_of`."""
    if department.startswith("sector:"):
        sector = department.removeprefix("sector:")
        return texts.DEPARTMENT_SECTOR_DE.get(sector, sector)
    return name_of(G, department)


# ---------------------------------------------------------------------------------------
# cut vertices and bridges with the pieces they leave behind
# ---------------------------------------------------------------------------------------


class CutStructure:
    """Cut vertices and bridges of an undirected graph, their pieces described by size.

    Built by :func:`cut_structure` in one depth-first search. A piece is a child subtree of
    the search (a contiguous run of the visiting order) or the *rest* of a component, so
    its size and smallest member are known in O(1); its members are listed only on request
    (:meth:`cut_vertex_parts`, :meth:`bridge_side`), which keeps ranking all cut vertices
    and bridges linear where listing every piece of every one of them is not.
    """

    def __init__(self, C: nx.Graph) -> None:
        self.order: list[str] = []
        self._disc: dict[str, int] = {}
        self._size: dict[str, int] = {}
        self._min: dict[str, str] = {}  # smallest id in the subtree
        self._span: dict[str, tuple[int, int]] = {}  # component of a node: order[start:end]
        self._separated: dict[str, list[str]] = {}  # cut vertex -> children it separates
        self._prefix_min: list[str] = []
        self._suffix_min: list[str] = []
        self.bridges: list[tuple[str, str, str]] = []
        """``(u, v, child)`` sorted by ``(u, v)``; ``child`` is the endpoint below the edge."""
        self._search(C)

    def _search(self, C: nx.Graph) -> None:
        disc, size, order, low = self._disc, self._size, self.order, {}
        children: dict[str, list[str]] = {}
        adjacency = C._adj
        for root in sorted(C):
            if root in disc:
                continue
            start = len(order)
            disc[root] = low[root] = start
            order.append(root)
            children[root] = []
            stack = [(root, None, iter(sorted(adjacency[root])))]
            while stack:
                v, parent, neighbours = stack[-1]
                for w in neighbours:
                    if w not in disc:
                        disc[w] = low[w] = len(order)
                        order.append(w)
                        children[v].append(w)
                        children[w] = []
                        stack.append((w, v, iter(sorted(adjacency[w]))))
                        break
                    if w != parent and disc[w] < low[v]:
                        low[v] = disc[w]
                else:
                    stack.pop()
                    size[v] = len(order) - disc[v]
                    self._min[v] = min([v, *(self._min[c] for c in children[v])])
                    if parent is not None and low[v] < low[parent]:
                        low[parent] = low[v]
            end = len(order)
            span = (start, end)
            running = order[start]
            for i in range(start, end):
                v = order[i]
                self._span[v] = span
                running = min(running, v)
                self._prefix_min.append(running)
            running = order[end - 1]
            suffix = []
            for i in range(end - 1, start - 1, -1):
                running = min(running, order[i])
                suffix.append(running)
            self._suffix_min.extend(reversed(suffix))
            for v in order[start:end]:
                is_root = v == root
                separated = [c for c in children[v] if is_root or low[c] >= disc[v]]
                for c in children[v]:
                    if low[c] > disc[v]:
                        self.bridges.append((*sorted((v, c)), c))  # type: ignore[arg-type]
                if (is_root and len(separated) >= 2) or (not is_root and separated):
                    self._separated[v] = separated
        self.bridges.sort(key=lambda b: (b[0], b[1]))

    # -- pieces as (size, smallest id) ---------------------------------------------------

    def cut_vertices(self) -> list[str]:
        """Every cut vertex, sorted."""
        return sorted(self._separated)

    def _rest(self, v: str) -> tuple[int, str | None]:
        """Size and smallest id of what stays connected above the cut vertex ``v``."""
        start, end = self._span[v]
        below = sum(self._size[c] for c in self._separated[v])
        count = end - start - 1 - below
        if not count:
            return 0, None
        lo, hi = self._disc[v], self._disc[v] + self._size[v]
        candidates = [self._min[c] for c in self._non_separated(v)]
        if lo > start:
            candidates.append(self._prefix_min[lo - 1])
        if hi < end:
            candidates.append(self._suffix_min[hi])
        return count, min(candidates)

    def _non_separated(self, v: str) -> list[str]:
        separated = set(self._separated[v])
        lo, hi = self._disc[v] + 1, self._disc[v] + self._size[v]
        result, i = [], lo
        while i < hi:  # walk v's children by jumping over their subtrees
            c = self.order[i]
            if c not in separated:
                result.append(c)
            i += self._size[c]
        return result

    def _parts(self, v: str) -> list[tuple[int, str, str | None]]:
        """``(size, smallest id, child or None for the rest)``, largest first, then smallest id."""
        parts: list[tuple[int, str, str | None]] = [(self._size[c], self._min[c], c) for c in self._separated[v]]
        count, smallest = self._rest(v)
        if count:
            parts.append((count, smallest, None))  # type: ignore[arg-type]
        parts.sort(key=lambda p: (-p[0], p[1]))
        return parts

    def cut_vertex_summary(self, v: str) -> tuple[int, int]:
        """``(number of pieces, actors outside the largest piece)`` without ``v``."""
        parts = self._parts(v)
        return len(parts), sum(p[0] for p in parts[1:])

    # -- members on request --------------------------------------------------------------

    def _subtree(self, c: str) -> list[str]:
        return self.order[self._disc[c] : self._disc[c] + self._size[c]]

    def cut_vertex_parts(self, v: str) -> list[list[str]]:
        """The pieces without cut vertex ``v``, each sorted, largest first (then smallest id)."""
        result = []
        for _, _, child in self._parts(v):
            if child is not None:
                result.append(sorted(self._subtree(child)))
            else:
                start, end = self._span[v]
                lo, hi = self._disc[v], self._disc[v] + self._size[v]
                rest = self.order[start:lo] + self.order[hi:end]
                for c in self._non_separated(v):
                    rest.extend(self._subtree(c))
                result.append(sorted(rest))
        return result

    def bridge_side_size(self, bridge: tuple[str, str, str]) -> int:
        """Actors on the smaller side of ``bridge`` (the child's side when both are equal)."""
        start, end = self._span[bridge[2]]
        below = self._size[bridge[2]]
        return below if below * 2 <= end - start else end - start - below

    def bridge_side(self, bridge: tuple[str, str, str]) -> list[str]:
        """The actors on the smaller side of ``bridge``, sorted."""
        child = bridge[2]
        side = self._subtree(child)
        start, end = self._span[child]
        if len(side) * 2 > end - start:
            lo, hi = self._disc[child], self._disc[child] + self._size[child]
            side = self.order[start:lo] + self.order[hi:end]
        return sorted(side)


def cut_structure(C: nx.Graph) -> CutStructure:
    """Cut vertices and bridges of ``C`` in one depth-first search, pieces by size.

    Examples
    --------
    >>> cuts = cut_structure(nx.path_graph(["a", "b", "c", "d"]))
    >>> cuts.cut_vertices(), [cuts.cut_vertex_summary(v) for v in cuts.cut_vertices()]
    (['b', 'c'], [(2, 1), (2, 1)])
    >>> [(u, v, cuts.bridge_side_size(b)) for b in cuts.bridges for u, v, _ in [b]]
    [('a', 'b', 1), ('b', 'c', 2), ('c', 'd', 1)]

    Notes
    -----
    O(V log V + E) (neighbours are visited in sorted order, so the answer does not depend
    on how ``C`` was built).
    """
    return CutStructure(C)


def split_structure(C: nx.Graph) -> tuple[dict[str, list[list[str]]], list[tuple[str, str, list[str]]]]:
    """Cut vertices and bridges of ``C``, with the pieces each one leaves behind.

    Returns
    -------
    pieces : dict
        Cut vertex -> the pieces of its connected component without it, largest first
        (then by smallest id), each sorted.
    bridges : list of (u, v, side)
        ``u < v``; ``side`` is the smaller piece (sorted) when the edge is removed, the
        side below the edge in the search when both are equal. Sorted by ``(u, v)``.

    Examples
    --------
    >>> pieces, bridges = split_structure(nx.path_graph(["a", "b", "c"]))
    >>> pieces
    {'b': [['a'], ['c']]}
    >>> bridges
    [('a', 'b', ['a']), ('b', 'c', ['c'])]

    Notes
    -----
    One search, O(V + E), plus the size of every piece listed: that can reach V per cut
    vertex, so an analysis that ranks cut vertices should use :func:`cut_structure`.
    """
    cuts = cut_structure(C)
    pieces = {v: cuts.cut_vertex_parts(v) for v in cuts.cut_vertices()}
    bridges = [(u, v, cuts.bridge_side((u, v, c))) for u, v, c in cuts.bridges]
    return pieces, bridges


__all__ = [
    "CutStructure",
    "PartOfIndex",
    "actor_ancestors",
    "cooperation_graph",
    "cut_structure",
    "department_name",
    "department_of",
    "german_join",
    "name_of",
    "percent",
    "split_structure",
]
