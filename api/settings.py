"""Settings, read once by whoever starts the process (CLI or test fixture) and passed down.

Environment variables (all optional):

=====================  ==========================================================
``NEO4J_URI``          use this Neo4j 5 server or Aura instead of the embedded one
``NEO4J_USER``         user name for ``NEO4J_URI``
``NEO4J_PASSWORD``     password for ``NEO4J_URI``
``NEO4J_DATABASE``     database name (default ``neo4j``)
``PRAEVNET_DATA_DIR``  data directory of the embedded Neo4j (default ``./.praevnet``)
``PRAEVNET_CACHE_DIR`` where Maven's jars for it are kept (default ``~/.cache/praevnet``)
``PRAEVNET_NEO4J_PORT`` Bolt port of the embedded Neo4j on 127.0.0.1 (default 7697)
``PRAEVNET_NEO4J_HEAP_MB`` JVM heap of the embedded Neo4j (default 3072; -Xms stays 256 MB)
``PRAEVNET_NEO4J_TX_MB`` memory one transaction may use (default 2048): the largest import
``PRAEVNET_IMPORT_MAX_MB`` largest file an import accepts (default 100)
``PRAEVNET_IMPORT_MAX_ERRORS`` a file's check stops after this many errors (default 1000)
``PRAEVNET_ALLOWED_HOSTS`` further host names the app answers to, comma-separated (besides
                       127.0.0.1, localhost, [::1] and the address it listens on); ``*``: any
=====================  ==========================================================
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from graph.embedded import EmbeddedConfig


class Settings(BaseSettings):
    """Where the graph lives and how the embedded database runs."""

    model_config = SettingsConfigDict(env_file=None, extra="ignore")

    neo4j_uri: str | None = Field(default=None, validation_alias="NEO4J_URI")
    neo4j_user: str | None = Field(default=None, validation_alias="NEO4J_USER")
    neo4j_password: str | None = Field(default=None, validation_alias="NEO4J_PASSWORD")
    neo4j_database: str = Field(default="neo4j", validation_alias="NEO4J_DATABASE")
    data_dir: Path = Field(default=Path(".praevnet"), validation_alias="PRAEVNET_DATA_DIR")
    cache_dir: Path = Field(default=Path.home() / ".cache" / "praevnet", validation_alias="PRAEVNET_CACHE_DIR")
    embedded_port: int = Field(default=7697, validation_alias="PRAEVNET_NEO4J_PORT")
    embedded_heap_mb: int = Field(default=3072, validation_alias="PRAEVNET_NEO4J_HEAP_MB")
    embedded_tx_mb: int = Field(default=2048, validation_alias="PRAEVNET_NEO4J_TX_MB")
    import_max_mb: float = Field(default=100, gt=0, validation_alias="PRAEVNET_IMPORT_MAX_MB")
    import_max_errors: int = Field(default=1000, ge=1, validation_alias="PRAEVNET_IMPORT_MAX_ERRORS")
    allowed_hosts_list: str = Field(default="", validation_alias="PRAEVNET_ALLOWED_HOSTS")

    @property
    def allowed_hosts(self) -> list[str]:
        """Host names accepted besides the local ones (see api/security.py)."""
        return [h.strip() for h in self.allowed_hosts_list.split(",") if h.strip()]

    @property
    def import_max_bytes(self) -> int:
        """Largest file an import accepts."""
        return int(self.import_max_mb * 1024 * 1024)

    @property
    def uses_embedded(self) -> bool:
        """True unless NEO4J_URI points at another server."""
        return not self.neo4j_uri

    def embedded(self) -> EmbeddedConfig:
        """The embedded database's configuration."""
        return EmbeddedConfig(
            data_dir=self.data_dir.expanduser().resolve(),
            cache_dir=self.cache_dir.expanduser().resolve(),
            port=self.embedded_port,
            heap_mb=self.embedded_heap_mb,
            tx_max_mb=self.embedded_tx_mb,
        )

    def bolt_uri(self) -> str:
        """The URI the driver connects to."""
        return self.neo4j_uri or self.embedded().uri
