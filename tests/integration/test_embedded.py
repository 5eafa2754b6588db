"""The embedded Neo4j the project starts itself: lifecycle, its login, and the errors users can fix."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import stat
import subprocess
import time
from pathlib import Path

import neo4j
import pytest
from neo4j.exceptions import AuthError

from graph import embedded
from graph.embedded.launcher import resolve_jars
from graph.errors import EmbeddedDatabaseError, StoreUnavailable
from graph.model import GraphBatch, Topic
from graph.store import GraphStore

from api.settings import Settings

PORT = int(os.environ.get("PRAEVNET_TEST_LIFECYCLE_PORT", "7699"))
NO_AUTH_LAUNCHER = Path(__file__).resolve().parent.parent / "data" / "neo4j" / "NoAuthLauncher.java"


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _login_refused(uri: str, auth: tuple[str, str] | None) -> bool:
    driver = neo4j.GraphDatabase.driver(uri, auth=auth)
    try:
        driver.verify_connectivity()
    except AuthError:
        return True
    finally:
        driver.close()
    return False


def _connect(current: embedded.EmbeddedStatus) -> GraphStore:
    return GraphStore.connect(current.uri, current.user, current.password)


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

    store = _connect(first)
    store.write(GraphBatch(topics=[Topic(id="sprache", name="Sprache")]))
    store.close()

    assert embedded.stop(config) is True
    assert not embedded.status(config).running
    assert embedded.stop(config) is False

    again = embedded.start(config)
    assert again.password == first.password  # the password survives the restart
    store = _connect(again)
    try:
        assert store.counts()["Topic"] == 1 and store.revision() == 1
    finally:
        store.close()


def test_login_needs_the_generated_password(config: embedded.EmbeddedConfig) -> None:
    current = embedded.start(config)
    assert current.user == "neo4j" and current.password
    assert _login_refused(current.uri, None)  # no authentication
    assert _login_refused(current.uri, ("neo4j", "neo4j"))  # Neo4j's default password
    assert _login_refused(current.uri, ("neo4j", current.password + "x"))
    assert not _login_refused(current.uri, (current.user, current.password))
    with pytest.raises(StoreUnavailable):
        GraphStore.connect(current.uri)


def test_password_stays_private(config: embedded.EmbeddedConfig) -> None:
    current = embedded.start(config)
    assert _mode(config.data_dir) == 0o700
    assert _mode(config.password_file) == 0o600
    assert config.password_file.read_text().strip() == current.password
    assert current.password not in repr(current) and current.password not in current.describe()
    assert current.password not in config.log_file.read_text(errors="replace")
    cmdline = Path(f"/proc/{current.pid}/cmdline")
    if cmdline.exists():  # Linux: what `ps` shows every user
        assert current.password.encode() not in cmdline.read_bytes()
        assert current.password.encode() not in Path(f"/proc/{current.pid}/environ").read_bytes()


def _start_without_auth(config: embedded.EmbeddedConfig) -> subprocess.Popen:
    """Start the launcher of older praevnet versions (no authentication) on ``config``."""
    java = shutil.which("java")
    assert java is not None
    lib = resolve_jars(config)
    config.data_dir.mkdir(parents=True)
    config.data_dir.chmod(0o755)  # what older versions left
    out = open(config.data_dir / "old.log", "w")
    process = subprocess.Popen(
        [java, "-Xmx512m", "--add-opens=java.base/java.nio=ALL-UNNAMED",
         "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--class-path", f"{lib}/*",
         str(NO_AUTH_LAUNCHER), str(config.home), str(config.port), "64", "256"],
        stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
    )
    out.close()
    deadline = time.monotonic() + config.start_timeout
    while "PRAEVNET_READY" not in (config.data_dir / "old.log").read_text(errors="replace"):
        assert process.poll() is None and time.monotonic() < deadline, (config.data_dir / "old.log").read_text()
        time.sleep(0.2)
    return process


def test_data_dir_made_without_auth_gets_a_password(config: embedded.EmbeddedConfig) -> None:
    old = _start_without_auth(config)
    try:
        store = GraphStore.connect(config.uri)  # no credentials, as before
        store.write(GraphBatch(topics=[Topic(id="sprache", name="Sprache")]))
        store.close()
    finally:
        old.send_signal(signal.SIGTERM)
        old.wait(timeout=120)
    assert not config.password_file.exists()

    current = embedded.start(config)
    assert _mode(config.data_dir) == 0o700 and _mode(config.password_file) == 0o600
    assert _login_refused(current.uri, None)
    store = _connect(current)
    try:
        assert store.counts()["Topic"] == 1  # the data written without authentication is there
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
