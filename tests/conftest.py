"""Test fixtures: a real Neo4j for everything that touches the store.

The test session starts (or reuses) the embedded Neo4j in a data directory of its own,
``.praevnet-test/`` in the repository (override: ``PRAEVNET_TEST_DATA_DIR``), on port
7698 (``PRAEVNET_TEST_NEO4J_PORT``), so tests never touch a user's data. To run them
against another Neo4j 5 server instead, set ``PRAEVNET_TEST_NEO4J_URI`` (and
``PRAEVNET_TEST_NEO4J_USER`` / ``PRAEVNET_TEST_NEO4J_PASSWORD``): its database is
emptied by the tests. Tests under ``tests/integration`` carry the ``neo4j`` marker;
``pytest -m "not neo4j"`` runs the rest without Java.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from graph import embedded
from graph.store import GraphStore

from api.settings import Settings

REPO = Path(__file__).resolve().parent.parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "integration" in Path(str(item.fspath)).parts:
            item.add_marker(pytest.mark.neo4j)


@pytest.fixture(scope="session")
def test_settings() -> Settings:
    """Settings of the test database (embedded unless PRAEVNET_TEST_NEO4J_URI is set)."""
    return Settings(
        NEO4J_URI=os.environ.get("PRAEVNET_TEST_NEO4J_URI"),
        NEO4J_USER=os.environ.get("PRAEVNET_TEST_NEO4J_USER"),
        NEO4J_PASSWORD=os.environ.get("PRAEVNET_TEST_NEO4J_PASSWORD"),
        NEO4J_DATABASE=os.environ.get("PRAEVNET_TEST_NEO4J_DATABASE", "neo4j"),
        PRAEVNET_DATA_DIR=Path(os.environ.get("PRAEVNET_TEST_DATA_DIR", REPO / ".praevnet-test")),
        PRAEVNET_NEO4J_PORT=int(os.environ.get("PRAEVNET_TEST_NEO4J_PORT", "7698")),
        PRAEVNET_NEO4J_HEAP_MB=768,
        PRAEVNET_NEO4J_TX_MB=384,
    )


@dataclass
class _DatabaseState:
    store: GraphStore
    auth: tuple[str, str] | None = None
    holds_demo: bool = False


@pytest.fixture(scope="session")
def _database(test_settings: Settings) -> Iterator[_DatabaseState]:
    started_here = False
    if test_settings.uses_embedded:
        config = test_settings.embedded()
        started_here = not embedded.status(config).running
        current = embedded.start(config)
        store = GraphStore.connect(current.uri, current.user, current.password, test_settings.neo4j_database)
        auth = (current.user, current.password) if current.user else None
    else:
        store = GraphStore.connect(
            test_settings.bolt_uri(), test_settings.neo4j_user, test_settings.neo4j_password,
            test_settings.neo4j_database,
        )
        auth = (test_settings.neo4j_user, test_settings.neo4j_password or "") if test_settings.neo4j_user else None
    state = _DatabaseState(store=store, auth=auth)
    yield state
    store.close()
    if started_here and not os.environ.get("PRAEVNET_TEST_KEEP_DB"):
        embedded.stop(test_settings.embedded())


@pytest.fixture
def bolt_auth(_database: _DatabaseState) -> tuple[str, str] | None:
    """Credentials for a second, independent driver on the test database."""
    return _database.auth


@pytest.fixture
def store(_database: _DatabaseState) -> GraphStore:
    """An empty store on the real test database; the test may write anything."""
    _database.store.delete_all()
    _database.holds_demo = False
    return _database.store


@pytest.fixture
def demo_store(_database: _DatabaseState) -> GraphStore:
    """The real test database holding exactly the demo city; tests must not write."""
    if not _database.holds_demo:
        from api.runtime import load_demo

        _database.store.delete_all()
        load_demo(_database.store)
        _database.holds_demo = True
    return _database.store
