"""The Neo4j the project runs itself: see :mod:`graph.embedded.launcher`."""

from graph.embedded.launcher import EmbeddedConfig, EmbeddedStatus, read_password, start, status, stop

__all__ = ["EmbeddedConfig", "EmbeddedStatus", "read_password", "start", "status", "stop"]
