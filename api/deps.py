"""FastAPI dependencies: the store and the cached projection, from the app's state.

Both check first that Neo4j answers (one ping, remembered for a second), so a request
with Neo4j down gets a 503 problem at once instead of waiting for the driver's retries.
"""

from __future__ import annotations

import threading
import time
from typing import Annotated

import networkx as nx
from fastapi import Depends, FastAPI, Request

from graph import texts
from graph.cache import ProjectionCache
from graph.errors import StoreUnavailable
from graph.store import GraphStore

LIVENESS_SECONDS = 1.0  # how long a ping's answer is trusted
_CREATE_LOCK = threading.Lock()


class Liveness:
    """The answer of the last ping, reused for :data:`LIVENESS_SECONDS`.

    A busy app pings at most about once a second; the lock lets one request ping while
    the others wait for its answer instead of pinging too.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._checked_at = float("-inf")
        self._alive = False

    def alive(self, store: GraphStore) -> bool:
        """Whether ``store`` answered within the last second, pinging it if that is unknown."""
        with self._lock:
            if time.monotonic() - self._checked_at < LIVENESS_SECONDS:
                return self._alive
            return self._ping(store)

    def check_now(self, store: GraphStore) -> bool:
        """Ping ``store`` now (the health check) and remember the answer."""
        with self._lock:
            return self._ping(store)

    def _ping(self, store: GraphStore) -> bool:
        self._alive = store.ping()
        self._checked_at = time.monotonic()
        return self._alive


def liveness(app: FastAPI) -> Liveness:
    """The app's :class:`Liveness`, created on first use."""
    with _CREATE_LOCK:
        if getattr(app.state, "liveness", None) is None:
            app.state.liveness = Liveness()
        return app.state.liveness


def unavailable(store: GraphStore) -> StoreUnavailable:
    """The error (503, German) for a store that does not answer."""
    return StoreUnavailable(texts.STORE_UNAVAILABLE.format(uri=store.uri))


def get_store(request: Request) -> GraphStore:
    """The store the app was started with, once it is known to answer.

    Raises
    ------
    StoreUnavailable
        Neo4j did not answer a ping (503).
    """
    store: GraphStore = request.app.state.store
    if not liveness(request.app).alive(store):
        raise unavailable(store)
    return store


StoreDep = Annotated[GraphStore, Depends(get_store)]


def get_graph(request: Request, store: StoreDep) -> nx.MultiDiGraph:
    """The full city graph at the store's current revision."""
    cache: ProjectionCache = request.app.state.projection
    return cache.get(store)


GraphDep = Annotated[nx.MultiDiGraph, Depends(get_graph)]
