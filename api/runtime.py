"""Service functions shared by the CLI and the API: open the store, load the demo city.

Both entrypoints call these, so ``praevnet serve`` and ``praevnet analyse`` see the same
database the same way.
"""

from __future__ import annotations

from graph import embedded
from graph.demo import load_demo_batch
from graph.store import GraphStore, WriteSummary

from api.settings import Settings


def open_store(settings: Settings, *, start_embedded: bool = True) -> GraphStore:
    """Connect to the configured Neo4j, starting the embedded one first if needed.

    Raises
    ------
    EmbeddedDatabaseError
        The embedded database could not start (one German sentence says why).
    StoreUnavailable
        Neo4j does not answer at the configured URI.
    """
    if settings.uses_embedded:
        config = settings.embedded()
        current = embedded.start(config) if start_embedded else embedded.status(config)
        return GraphStore.connect(current.uri, current.user, current.password, settings.neo4j_database)
    return GraphStore.connect(
        settings.bolt_uri(), settings.neo4j_user, settings.neo4j_password, settings.neo4j_database
    )


def load_demo(store: GraphStore, *, only_if_empty: bool = False) -> WriteSummary | None:
    """Write the demo city (Musterstadt); with ``only_if_empty`` skip a store with data."""
    if only_if_empty and not store.is_empty():
        return None
    return store.write(load_demo_batch())
