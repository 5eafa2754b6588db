"""Start, stop and inspect the embedded Neo4j 5.26 Community DBMS the project runs itself.

The database runs in its own JVM (``Launcher.java`` beside this file) with the Bolt
connector on 127.0.0.1, so the Python side talks to it through the official driver
exactly as it would to any Neo4j 5 server. Maven resolves the jars once into a cache
directory shared by all data directories; ``javac`` compiles the launcher once (if
``javac`` is missing, ``java`` runs the source file directly).

Layout of a data directory (mode 0700: only its owner may enter it)::

    DATA_DIR/neo4j/            the DBMS home (store files, transaction logs, logs/)
    DATA_DIR/neo4j.password    the password of user ``neo4j`` (mode 0600)
    DATA_DIR/neo4j.state.json  pid, port and start time of the running JVM
    DATA_DIR/neo4j.log         the JVM's own output (kept out of the user's terminal)

Authentication is on: the first start generates a random password, and the launcher
sets it before Bolt accepts any connection (see ``Launcher.java``). A data directory
made by an older praevnet without authentication gets its password on its next start.
The password reaches Java as a file path only, never on the command line or in the
environment, which other users of the machine can read; nothing prints it.

Every failure a user can fix (no Java, no Maven, port taken, store locked by another
process) raises :class:`~graph.errors.EmbeddedDatabaseError` with one German sentence.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from graph.errors import EmbeddedDatabaseError

NEO4J_VERSION = "5.26.30"
_HERE = Path(__file__).resolve().parent
POM = _HERE / "pom.xml"
LAUNCHER_SOURCE = _HERE / "Launcher.java"
READY_MARKER = "PRAEVNET_READY"
USER = "neo4j"
PASSWORD_FILE = "neo4j.password"  # in the data directory, mode 0600


@dataclass(frozen=True)
class EmbeddedConfig:
    """Where and how the embedded DBMS runs.

    Parameters
    ----------
    data_dir : Path
        Holds the store; survives restarts.
    cache_dir : Path
        Holds the resolved jars and the compiled launcher (about 130 MB, shared).
    port : int
        Bolt port on 127.0.0.1.
    heap_mb, pagecache_mb, tx_max_mb : int
        JVM heap, page cache and transaction memory limits; the defaults fit a city
        (10^4 nodes) on a 2-core machine with little RAM.
    start_timeout : float
        Seconds to wait for Bolt to answer (first start resolves jars too).
    """

    data_dir: Path
    cache_dir: Path
    port: int = 7697
    heap_mb: int = 3072
    pagecache_mb: int = 128
    tx_max_mb: int = 2048
    start_timeout: float = 180.0

    @property
    def uri(self) -> str:
        """The Bolt URI clients connect to."""
        return f"bolt://127.0.0.1:{self.port}"

    @property
    def home(self) -> Path:
        return self.data_dir / "neo4j"

    @property
    def password_file(self) -> Path:
        return self.data_dir / PASSWORD_FILE

    @property
    def state_file(self) -> Path:
        return self.data_dir / "neo4j.state.json"

    @property
    def log_file(self) -> Path:
        return self.data_dir / "neo4j.log"

    @property
    def lib_dir(self) -> Path:
        return self.cache_dir / f"neo4j-{NEO4J_VERSION}" / "lib"

    @property
    def classes_dir(self) -> Path:
        """The launcher compiled from this version of ``Launcher.java``.

        One directory per source version, so two praevnet versions sharing the cache
        never delete the classes the other one is starting.
        """
        digest = hashlib.sha256(LAUNCHER_SOURCE.read_bytes()).hexdigest()[:16]
        return self.cache_dir / f"neo4j-{NEO4J_VERSION}" / f"classes-{digest}"


@dataclass(frozen=True)
class EmbeddedStatus:
    """What ``status`` reports, with the credentials every client connects with.

    ``password`` is None only for a data directory that has never been started by this
    version; it is left out of ``repr`` so that no log or traceback shows it.
    """

    running: bool
    uri: str
    data_dir: Path
    pid: int | None = None
    started_at: float | None = None
    user: str = USER
    password: str | None = field(default=None, repr=False)

    def describe(self) -> str:
        """One German sentence for the terminal."""
        if self.running:
            return (
                f"Neo4j läuft (PID {self.pid}) unter {self.uri}, Daten in {self.data_dir}; "
                f"Anmeldung als {self.user} mit dem Passwort aus {self.data_dir / PASSWORD_FILE}."
            )
        return f"Neo4j läuft nicht (Daten in {self.data_dir})."


def _port_answers(port: int, timeout: float = 0.5) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout):
            return True
    except OSError:
        return False


def _pid_is_our_launcher(pid: int, config: EmbeddedConfig) -> bool:
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, PermissionError):
        return False
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    except OSError:
        return True  # no /proc (macOS): trust the live pid
    return "Launcher" in cmdline and str(config.home) in cmdline


def _read_state(config: EmbeddedConfig) -> dict | None:
    try:
        return json.loads(config.state_file.read_text())
    except (OSError, ValueError):
        return None


def read_password(config: EmbeddedConfig) -> str | None:
    """The password of user ``neo4j``, or None before the first start."""
    try:
        return config.password_file.read_text(encoding="utf-8").strip() or None
    except OSError:
        return None


def _secure_data_dir(config: EmbeddedConfig) -> None:
    """Create the data directory for its owner only; tighten one made before (0700)."""
    config.data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    config.data_dir.chmod(0o700)


def _ensure_password(config: EmbeddedConfig) -> None:
    """Write a random password on first use (mode 0600 from the start); tighten an old file."""
    try:
        fd = os.open(config.password_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        config.password_file.chmod(0o600)
        if read_password(config):
            return
        config.password_file.unlink()  # empty: write a new one
        fd = os.open(config.password_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(secrets.token_urlsafe(32) + "\n")


def status(config: EmbeddedConfig) -> EmbeddedStatus:
    """Report whether the embedded DBMS of ``config.data_dir`` runs, where, and how to log in."""
    state = _read_state(config)
    password = read_password(config)
    if state and _pid_is_our_launcher(int(state["pid"]), config):
        return EmbeddedStatus(
            running=True,
            uri=f"bolt://127.0.0.1:{state['port']}",
            data_dir=config.data_dir,
            pid=int(state["pid"]),
            started_at=state.get("started_at"),
            password=password,
        )
    return EmbeddedStatus(running=False, uri=config.uri, data_dir=config.data_dir, password=password)


def _require(tool: str, sentence: str) -> str:
    path = shutil.which(tool)
    if path is None:
        raise EmbeddedDatabaseError(sentence)
    return path


def resolve_jars(config: EmbeddedConfig) -> Path:
    """Resolve the Neo4j jars with Maven into the cache (once); return the lib directory."""
    marker = config.lib_dir / ".complete"
    if marker.exists():
        return config.lib_dir
    mvn = _require(
        "mvn",
        "Maven fehlt: Installieren Sie Maven 3 (z. B. „apt-get install maven“), "
        "damit praevnet die Neo4j-Bibliotheken laden kann.",
    )
    staging = config.lib_dir.with_name("lib.partial")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    cmd = [mvn, "-q", "-B", "-f", str(POM), "dependency:copy-dependencies", f"-DoutputDirectory={staging}"]
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        tail = (done.stdout + done.stderr).strip().splitlines()[-5:]
        raise EmbeddedDatabaseError(
            "Maven konnte die Neo4j-Bibliotheken nicht laden (ist Maven Central erreichbar?): "
            + " | ".join(tail)
        )
    (staging / ".complete").write_text(NEO4J_VERSION)
    shutil.rmtree(config.lib_dir, ignore_errors=True)
    staging.rename(config.lib_dir)
    return config.lib_dir


def _compiled_launcher(config: EmbeddedConfig) -> Path | None:
    """Compile Launcher.java once per source version; None when javac is missing."""
    javac = shutil.which("javac")
    if javac is None:
        return None
    target = config.classes_dir
    if (target / ".complete").exists():
        return target
    staging = target.with_name(f"{target.name}.partial-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    done = subprocess.run(
        [javac, "-cp", f"{config.lib_dir}/*", "-d", str(staging), str(LAUNCHER_SOURCE)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        raise EmbeddedDatabaseError(f"Der Neo4j-Starter ließ sich nicht übersetzen: {done.stderr.strip()[:500]}")
    (staging / ".complete").write_text(target.name)
    try:
        staging.rename(target)
    except OSError:  # another process finished the same version first
        shutil.rmtree(staging, ignore_errors=True)
    return target


def _java_command(config: EmbeddedConfig, java: str, classes: Path | None) -> list[str]:
    jvm = [
        java,
        # The whole heap from the start and the parallel collector: a large import is one
        # transaction whose state lives on the heap until the commit; a heap that grows step
        # by step pays a full collection per step. Measured at 100,000 offers (2 cores):
        # 40 s for the first import and 29 s for the next, against 46-58 s and 33-38 s with
        # the serial collector and -Xms256m. Pages the JVM never touches cost no memory.
        f"-Xms{config.heap_mb}m",
        f"-Xmx{config.heap_mb}m",
        "-XX:+UseParallelGC",
        "--add-opens=java.base/java.nio=ALL-UNNAMED",
        "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-opens=java.base/java.lang=ALL-UNNAMED",
    ]
    classpath = f"{config.lib_dir}/*" + (f"{os.pathsep}{classes}" if classes else "")
    main = ["Launcher"] if classes else [str(LAUNCHER_SOURCE)]
    args = [
        str(config.home), str(config.port), str(config.pagecache_mb), str(config.tx_max_mb), str(config.password_file)
    ]
    return [*jvm, "--class-path", classpath, *main, *args]


def _explain_failure(config: EmbeddedConfig) -> str:
    log = config.log_file.read_text(errors="replace") if config.log_file.exists() else ""
    if "FileLockException" in log or "store_lock" in log:
        return (
            f"Der Datenbestand in {config.data_dir} wird schon von einem anderen Neo4j-Prozess benutzt. "
            "Beenden Sie diesen (praevnet db stop) oder wählen Sie ein anderes Datenverzeichnis (PRAEVNET_DATA_DIR)."
        )
    if "PortBindException" in log or "Address already in use" in log:
        return f"Port {config.port} ist schon belegt. Wählen Sie einen anderen mit PRAEVNET_NEO4J_PORT."
    if "UnsupportedClassVersionError" in log:
        return "Neo4j 5.26 braucht Java 17 oder neuer. Installieren Sie ein aktuelles JDK."
    tail = " | ".join(log.strip().splitlines()[-3:])
    return f"Neo4j ließ sich nicht starten; siehe {config.log_file}. Letzte Zeilen: {tail}"


def start(config: EmbeddedConfig) -> EmbeddedStatus:
    """Start the embedded DBMS and wait until Bolt answers with its password; idempotent.

    Returns
    -------
    EmbeddedStatus
        ``running=True`` with the URI, user and password to connect with.

    Raises
    ------
    EmbeddedDatabaseError
        With one German sentence saying what to do.
    """
    _secure_data_dir(config)
    _ensure_password(config)  # before the check: a DBMS started without one gets it on restart
    current = status(config)
    if current.running:
        _wait_until_ready(config, current.pid)
        return status(config)
    java = _require(
        "java",
        "Java fehlt: Installieren Sie ein JDK 17 oder neuer (z. B. „apt-get install openjdk-17-jdk“).",
    )
    if _port_answers(config.port):
        raise EmbeddedDatabaseError(
            f"Port {config.port} ist schon belegt. Beenden Sie das Programm dort "
            "oder wählen Sie einen anderen Port mit PRAEVNET_NEO4J_PORT."
        )
    resolve_jars(config)
    classes = _compiled_launcher(config)
    with open(config.log_file, "w") as log:
        process = subprocess.Popen(
            _java_command(config, java, classes),
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # survives the CLI that started it; Ctrl-C does not reach it
            cwd=config.data_dir,
        )
    config.state_file.write_text(json.dumps({"pid": process.pid, "port": config.port, "started_at": time.time()}))
    try:
        _wait_until_ready(config, process.pid, process)
    except EmbeddedDatabaseError:
        if process.poll() is None:
            process.kill()
        config.state_file.unlink(missing_ok=True)
        raise
    return status(config)


def _wait_until_ready(config: EmbeddedConfig, pid: int | None, process: subprocess.Popen | None = None) -> None:
    state = _read_state(config) or {}
    port = int(state.get("port", config.port))
    deadline = time.monotonic() + config.start_timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise EmbeddedDatabaseError(_explain_failure(config))
        if process is None and pid is not None and not _pid_is_our_launcher(pid, config):
            raise EmbeddedDatabaseError(_explain_failure(config))
        ready = config.log_file.exists() and READY_MARKER in config.log_file.read_text(errors="replace")
        if ready and _port_answers(port):
            return
        time.sleep(0.2)
    raise EmbeddedDatabaseError(
        f"Neo4j hat nach {config.start_timeout:.0f} s noch nicht geantwortet; siehe {config.log_file}."
    )


def stop(config: EmbeddedConfig, timeout: float = 60.0) -> bool:
    """Shut the embedded DBMS down cleanly (SIGTERM, then wait); True if one was running."""
    current = status(config)
    if not current.running or current.pid is None:
        config.state_file.unlink(missing_ok=True)
        return False
    os.kill(current.pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and _pid_is_our_launcher(current.pid, config):
        time.sleep(0.1)
    if _pid_is_our_launcher(current.pid, config):
        os.kill(current.pid, signal.SIGKILL)  # recovery on the next start replays the log
    config.state_file.unlink(missing_ok=True)
    return True
