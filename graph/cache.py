"""Keep the NetworkX projection between requests; rebuild it only when the graph changed.

Reading the whole graph back is the expensive direction (see NEO4J-EMBEDDED.md), so the
projection is kept in memory and compared with the store's revision counter, which every
write bumps in the same transaction. One tiny query per use tells whether it is stale,
also when another process wrote.
"""

from __future__ import annotations

import threading

import networkx as nx

from graph.store import GraphStore


class ProjectionCache:
    """The latest full projection of one store.

    Examples
    --------
    >>> cache = ProjectionCache()          # doctest: +SKIP
    >>> G = cache.get(store)               # doctest: +SKIP
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._revision: int | None = None
        self._graph: nx.MultiDiGraph | None = None

    def get(self, store: GraphStore) -> nx.MultiDiGraph:
        """The full graph at the store's current revision (a shared, read-only object)."""
        revision = store.revision()
        with self._lock:
            if self._graph is None or revision != self._revision:
                self._graph = store.load_graph()
                self._graph.graph["revision"] = revision
                self._revision = revision
            return self._graph

    def invalidate(self) -> None:
        """Forget the cached graph."""
        with self._lock:
            self._graph = None
            self._revision = None
