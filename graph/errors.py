"""praevnet's own exceptions, mapped once for HTTP (api/errors.py) and once for the CLI.

Every message is a complete German sentence a municipal user can act on.
"""

from __future__ import annotations


class PraevnetError(Exception):
    """Base of every error praevnet raises on purpose."""


class NotFound(PraevnetError):
    """A requested entity (or filter value) does not exist."""


class InvalidData(PraevnetError):
    """Input that breaks the model's rules; nothing was written.

    ``problems`` lists one German sentence per problem found; ``owners`` (when given,
    parallel to ``problems``) the id of the record each problem belongs to, so an
    importer can point at the row it came from.
    """

    def __init__(
        self, message: str, problems: list[str] | None = None, owners: list[str | None] | None = None
    ) -> None:
        super().__init__(message)
        self.problems = problems or []
        self.owners = owners if owners is not None else [None] * len(self.problems)


class Conflict(PraevnetError):
    """A concurrent change got in the way (a record vanished or changed); nothing was written.

    The caller may try again: the message says what changed in German.
    """


class StoreUnavailable(PraevnetError):
    """Neo4j cannot be reached or refused the request."""


class EmbeddedDatabaseError(PraevnetError):
    """The embedded Neo4j could not be started, stopped or located."""


class ImportRejected(PraevnetError):
    """An import found errors; nothing was written.

    ``report`` is the importer's full report (an ``importers.report.ImportReport``), kept
    untyped here because ``graph`` knows nothing of ``importers``.
    """

    def __init__(self, message: str, report: object) -> None:
        super().__init__(message)
        self.report = report
