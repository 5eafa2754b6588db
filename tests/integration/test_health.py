"""Honest health: with Neo4j down, /healthz and the API answer 503 problem+json at once.

Runs a Neo4j of its own (temporary data directory, a free port), because the test stops it.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from graph import embedded
from graph.store import GraphStore

from api.app import create_app
from api.settings import Settings
from tests.tiny_city import tiny_batch

PROBLEM = "application/problem+json"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def config(tmp_path: Path, test_settings: Settings) -> Iterator[embedded.EmbeddedConfig]:
    if not test_settings.uses_embedded:
        pytest.skip("tests run against an external Neo4j")
    cfg = embedded.EmbeddedConfig(
        data_dir=tmp_path / "data", cache_dir=test_settings.embedded().cache_dir, port=_free_port(), heap_mb=512
    )
    yield cfg
    embedded.stop(cfg)


def _healthz_ok(client: TestClient, attempts: int = 20) -> bool:
    """Whether /healthz reports ok, asking a few times: a just-started JVM may miss its first second."""
    for _ in range(attempts):
        response = client.get("/healthz")
        if response.status_code == 200:
            return response.json()["status"] == "ok"
        time.sleep(0.5)
    return False


def _assert_german_503(response) -> None:
    assert response.status_code == 503
    assert response.headers["content-type"].startswith(PROBLEM)
    body = response.json()
    assert body["status"] == 503 and body["title"] == "Datenbank nicht erreichbar"
    assert "nicht erreichbar" in body["detail"] and "praevnet db start" in body["detail"]


def test_neo4j_down_is_a_503_and_recovers(config: embedded.EmbeddedConfig, test_settings: Settings) -> None:
    current = embedded.start(config)
    store = GraphStore.connect(current.uri, current.user, current.password)
    store.write(tiny_batch())
    try:
        with TestClient(create_app(test_settings, store=store)) as client:
            assert _healthz_ok(client)
            assert client.get("/healthz").json() == {"status": "ok", "neo4j": True, "uri": current.uri}
            assert client.get("/api/actors").status_code == 200

            embedded.stop(config)
            _assert_german_503(client.get("/healthz"))
            _assert_german_503(client.get("/api/actors"))
            _assert_german_503(client.get("/api/analysis/gaps"))

            embedded.start(config)  # the same driver finds it again
            assert _healthz_ok(client)
            assert client.get("/api/actors").status_code == 200
    finally:
        store.close()
