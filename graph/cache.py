"""Keep the NetworkX projection between requests; rebuild it only when the graph changed.

Reading the whole graph back is the expensive direction (see NEO4J-EMBEDDED.md), so the
projection is kept in memory and compared with the store's revision state, which every
write changes in the same transaction. The state carries a random token that is new on
every write, also after ``delete_all`` (a counter alone could come back to a number the
cache has seen, and the cache would serve the previous city). One tiny query per use
tells whether the projection is stale, also when another process wrote.
"""

from __future__ import annotations

import threading

import networkx as nx

from graph.store import GraphStore, RevisionState


class ProjectionCache:
    """The latest full projection of one store.

    Examples
    --------
    >>> cache = ProjectionCache()          # doctest: +SKIP
    >>> G = cache.get(store)               # doctest: +SKIP
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._state: RevisionState | None = None
        self._graph: nx.MultiDiGraph | None = None

    def get(self, store: GraphStore) -> nx.MultiDiGraph:
        """The full graph at the store's current revision (a shared, read-only object).

        The state is read before the rows: a write landing in between makes the next
        call see a newer state and load again, so a stale graph is never kept.
        """
        state = store.revision_state()
        with self._lock:
            if self._graph is None or state != self._state:
                self._graph = store.load_graph()
                self._graph.graph["revision"] = state.revision
                self._graph.graph["revision_token"] = state.token
                self._state = state
            return self._graph

    def invalidate(self) -> None:
        """Forget the cached graph."""
        with self._lock:
            self._graph = None
            self._state = None
