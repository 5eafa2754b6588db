"""The embedded Neo4j the project starts itself: lifecycle and the errors users can fix."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from graph import embedded
from graph.errors import EmbeddedDatabaseError
from graph.model import GraphBatch, Topic
from graph.store import GraphStore

from api.settings import Settings

PORT = int(os.environ.get("PRAEVNET_TEST_LIFECYCLE_PORT", "7699"))


@pytest.fixture
def config(tmp_path: Path, test_settings: Settings) -> embedded.EmbeddedConfig:
    if not test_settings.uses_embedded:
        pytest.skip("tests run against an external Neo4j")
    cfg = embedded.EmbeddedConfig(
        data_dir=tmp_path / "data", cache_dir=test_settings.embedded().cache_dir, port=PORT, heap_mb=512
    )
    yield cfg
    embedded.stop(cfg)


def test_start_is_idempotent_and_stop_start_keeps_data(config: embedded.EmbeddedConfig) -> None:
    first = embedded.start(config)
    assert first.running and first.uri == f"bolt://127.0.0.1:{PORT}"
    assert embedded.start(config).pid == first.pid  # a second start reuses it

    store = GraphStore.connect(first.uri)
    store.write(GraphBatch(topics=[Topic(id="sprache", name="Sprache")]))
    store.close()

    assert embedded.stop(config) is True
    assert not embedded.status(config).running
    assert embedded.stop(config) is False

    again = embedded.start(config)
    store = GraphStore.connect(again.uri)
    try:
        assert store.counts()["Topic"] == 1 and store.revision() == 1
    finally:
        store.close()


def test_second_process_on_same_store_is_explained(config: embedded.EmbeddedConfig) -> None:
    embedded.start(config)
    state = config.state_file.read_text()
    config.state_file.unlink()  # as if another tool had started it
    other = embedded.EmbeddedConfig(
        data_dir=config.data_dir, cache_dir=config.cache_dir, port=PORT + 10, heap_mb=512
    )
    try:
        with pytest.raises(EmbeddedDatabaseError, match="wird schon von einem anderen Neo4j-Prozess benutzt"):
            embedded.start(other)
    finally:
        config.state_file.write_text(state)


def test_port_in_use_is_explained(config: embedded.EmbeddedConfig) -> None:
    with socket.socket() as sock:
        # the previous test's Neo4j closed its connections first: they linger in TIME_WAIT on PORT
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", PORT))
        sock.listen()
        with pytest.raises(EmbeddedDatabaseError, match=f"Port {PORT} ist schon belegt"):
            embedded.start(config)


def test_missing_java_is_explained(config: embedded.EmbeddedConfig, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty PATH: no java, no mvn
    with pytest.raises(EmbeddedDatabaseError, match="Java fehlt"):
        embedded.start(config)
