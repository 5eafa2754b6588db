"""FastAPI dependencies: the store and the cached projection, from the app's state."""

from __future__ import annotations

from typing import Annotated

import networkx as nx
from fastapi import Depends, Request

from graph.cache import ProjectionCache
from graph.store import GraphStore


def get_store(request: Request) -> GraphStore:
    """The store the app was started with."""
    return request.app.state.store


def get_graph(request: Request) -> nx.MultiDiGraph:
    """The full city graph at the store's current revision."""
    cache: ProjectionCache = request.app.state.projection
    return cache.get(request.app.state.store)


StoreDep = Annotated[GraphStore, Depends(get_store)]
GraphDep = Annotated[nx.MultiDiGraph, Depends(get_graph)]
