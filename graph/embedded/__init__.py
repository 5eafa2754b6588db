"""The Neo4j the project runs itself: see :mod:`graph.embedded.launcher`."""

from graph.embedded.launcher import EmbeddedConfig, EmbeddedStatus, start, status, stop

__all__ = ["EmbeddedConfig", "EmbeddedStatus", "start", "status", "stop"]
