"""GraphStore: the only module that talks to Neo4j and holds Cypher.

The driver is passed in; every query is a named, parameterised constant; labels and
relationship types come only from :class:`~graph.model.Label` and
:class:`~graph.model.RelType`. A write is one transaction: it either lands
whole or leaves the graph as it was.

Every write transaction first takes the exclusive lock of the one ``PraevnetMeta`` node
(:data:`LOCK_META`), so writers queue up inside Neo4j in one order and cannot deadlock
on each other, and whatever a writer reads after taking it stays true until it commits.
The same node carries the revision: a counter that only grows (``delete_all`` keeps it)
and a random token that is new on every write, so a reader that remembers the token
knows whether anything changed since, even across a reset.
"""

from __future__ import annotations

import threading
import uuid
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import networkx as nx
import neo4j
from neo4j.exceptions import Neo4jError, ServiceUnavailable, SessionExpired, TransientError

from graph import texts
from graph.gcpause import paused_gc
from graph.errors import Conflict, InvalidData, NotFound, StoreUnavailable
from graph.model import Actor, GraphBatch, Label, Offer, RelType
from graph.projection import EdgeRow, NodeRow, batch_from_rows, build_graph

_T = TypeVar("_T")

ENTITY = "Entity"  # extra label on every node; its constraint makes ids unique city-wide
META = "PraevnetMeta"  # one bookkeeping node holding the graph's revision counter

SCHEMA = [
    f"CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:{ENTITY}) REQUIRE n.id IS UNIQUE",
    *(f"CREATE INDEX {label.value.lower()}_id IF NOT EXISTS FOR (n:{label.value}) ON (n.id)" for label in Label),
    f"CREATE CONSTRAINT meta_id IF NOT EXISTS FOR (m:{META}) REQUIRE m.id IS UNIQUE",
]

FIND_IDS = f"""
UNWIND $ids AS id
MATCH (n:{ENTITY} {{id: id}})
RETURN n.id AS id, [l IN labels(n) WHERE l <> '{ENTITY}'][0] AS label
"""

# New ids are created outright (cheaper than MERGE in time and transaction memory);
# stored ones are matched and their properties replaced.
CREATE_NODES = {
    label: f"""
UNWIND $rows AS row
CREATE (n:{ENTITY}:{label.value})
SET n = row.props
"""
    for label in Label
}
UPDATE_NODES = {
    label: f"""
UNWIND $rows AS row
MATCH (n:{ENTITY} {{id: row.id}})
SET n = row.props, n:{label.value}
"""
    for label in Label
}

# Relations an entity owns are replaced whole on upsert, so a corrected record drops
# the links it no longer lists and a second import of the same file changes nothing.
DELETE_OWNED_OUT = {
    rel: f"""
UNWIND $ids AS id
MATCH (:{ENTITY} {{id: id}})-[r:{rel.value}]->()
DELETE r
"""
    for rel in RelType
}

DELETE_PROVIDERS = f"""
UNWIND $ids AS id
MATCH (:{Label.ACTOR.value})-[r:{RelType.PROVIDES.value}]->(:{Label.OFFER.value} {{id: id}})
DELETE r
"""

# Owned relations other than an offer's carry no properties; no SET halves their memory.
CREATE_BARE_RELS = {
    rel: f"""
UNWIND $rows AS row
MATCH (a:{ENTITY} {{id: row.source}})
MATCH (b:{ENTITY} {{id: row.target}})
CREATE (a)-[:{rel.value}]->(b)
"""
    for rel in RelType
}
CHUNK = 10_000  # rows per statement; all statements of a write share one transaction

# Offers carry most of a city's relations (about five each). They are written together
# with their node: the offer is in hand, and the few life phases, transitions, topics and
# districts a chunk points to are looked up once per statement (``$targets``; a row names
# them by position in that list). Only providers are looked up per row. Measured at
# 100,000 offers this halves the statements' time against one MATCH+MATCH+CREATE row per
# relation. A target that does not exist makes ``ts[i][0]`` null and the CREATE fails
# (the write's reference check has ruled that out before).
_OFFER_LINKS = f"""
WITH o, row, ts
FOREACH (t IN [i IN row.phases | ts[i][0]] | CREATE (o)-[:{RelType.FOR_PHASE.value}]->(t))
FOREACH (t IN [i IN row.transitions | ts[i][0]] | CREATE (o)-[:{RelType.BRIDGES.value}]->(t))
FOREACH (t IN [i IN row.topics | ts[i][0]] | CREATE (o)-[:{RelType.ADDRESSES.value}]->(t))
FOREACH (t IN [i IN row.districts | ts[i][0]] | CREATE (o)-[:{RelType.IN_DISTRICT.value}]->(t))
WITH o, row
CALL (o, row) {{
  UNWIND row.providers AS p
  MATCH (a:{Label.ACTOR.value} {{id: p.actor}})
  CREATE (a)-[:{RelType.PROVIDES.value} {{role: p.role}}]->(o)
}}
"""
_OFFER_TARGETS = f"""
CALL () {{ UNWIND $targets AS tid OPTIONAL MATCH (t:{ENTITY} {{id: tid}}) RETURN collect([t]) AS ts }}
UNWIND $rows AS row
"""
CREATE_OFFERS_LINKED = f"{_OFFER_TARGETS}CREATE (o:{ENTITY}:{Label.OFFER.value}) SET o = row.props{_OFFER_LINKS}"
UPDATE_OFFERS_LINKED = f"{_OFFER_TARGETS}MATCH (o:{ENTITY} {{id: row.id}}) SET o = row.props{_OFFER_LINKS}"

MERGE_COOPERATIONS = f"""
UNWIND $rows AS row
MATCH (a:{Label.ACTOR.value} {{id: row.source}})
MATCH (b:{Label.ACTOR.value} {{id: row.target}})
MERGE (a)-[r:{RelType.COOPERATES_WITH.value}]->(b)
SET r = row.props
"""

MERGE_MEMBERSHIPS = f"""
UNWIND $rows AS row
MATCH (a:{Label.ACTOR.value} {{id: row.source}})
MATCH (c:{Label.ACTOR.value} {{id: row.target}})
MERGE (a)-[r:{RelType.MEMBER_OF.value}]->(c)
SET r = row.props
"""

RELINK_PHASES = f"""
MATCH (:{Label.LIFE_PHASE.value})-[r:{RelType.NEXT.value}]->(:{Label.LIFE_PHASE.value})
DELETE r
WITH count(*) AS removed
MATCH (p:{Label.LIFE_PHASE.value})
WITH p ORDER BY p.order, p.id
WITH collect(p) AS phases
UNWIND range(0, size(phases) - 2) AS i
WITH phases[i] AS a, phases[i + 1] AS b
CREATE (a)-[:{RelType.NEXT.value}]->(b)
"""

# The write lock: the first statement of every write transaction. SET takes the node's
# exclusive lock (held until commit or rollback); MERGE creates the node on a new graph,
# safely under concurrency thanks to the meta_id constraint. ``writing`` is removed again
# by BUMP_REVISION, so a committed graph never shows it.
LOCK_META = f"""
MERGE (m:{META} {{id: 'graph'}})
SET m.writing = $token
"""

READ_REVISION = f"""
MATCH (m:{META} {{id: 'graph'}})
RETURN coalesce(m.revision, 0) AS revision, m.token AS token
"""

RECENT_TOKENS = 100  # tokens of the latest writes, to tell after a lost connection whether one landed
RECENT_MERGED = 1000  # ids of the latest merged-away actors, to answer 409 rather than 404 for them

BUMP_REVISION = f"""
MATCH (m:{META} {{id: 'graph'}})
SET m.revision = coalesce(m.revision, 0) + 1, m.token = $token,
    m.recent = ([$token] + coalesce(m.recent, []))[0..{RECENT_TOKENS}]
REMOVE m.writing
RETURN m.revision AS revision
"""

READ_RECENT = f"""
MATCH (m:{META} {{id: 'graph'}})
RETURN m.token AS token, coalesce(m.recent, []) AS recent
"""

NOTE_MERGED = f"""
MATCH (m:{META} {{id: 'graph'}})
SET m.merged = ([$merge] + coalesce(m.merged, []))[0..{RECENT_MERGED}]
"""

READ_MERGED = f"MATCH (m:{META} {{id: 'graph'}}) RETURN coalesce(m.merged, []) AS merged"

FORGET_MERGED = f"MATCH (m:{META} {{id: 'graph'}}) REMOVE m.merged"

ACTOR_KINDS = f"""
UNWIND $ids AS id
MATCH (a:{Label.ACTOR.value} {{id: id}})
RETURN a.id AS id, a.kind AS kind
"""

COUNT_BY_LABEL = f"""
MATCH (n:{ENTITY})
RETURN [l IN labels(n) WHERE l <> '{ENTITY}'][0] AS label, count(*) AS count
"""

ALL_NODES = f"""
MATCH (n:{ENTITY})
RETURN n.id AS id, [l IN labels(n) WHERE l <> '{ENTITY}'][0] AS label, properties(n) AS props
"""

ALL_EDGES = f"""
MATCH (a:{ENTITY})-[r]->(b:{ENTITY})
RETURN a.id AS source, b.id AS target, type(r) AS type, properties(r) AS props
"""

# The area of a district: itself, everything inside it, and what it is part of (an
# offer for the whole city also serves each Stadtteil).
DISTRICT_AREA = f"""
MATCH (d:{Label.DISTRICT.value} {{id: $district}})
OPTIONAL MATCH (inner:{Label.DISTRICT.value})-[:{RelType.PART_OF.value}*0..]->(d)
OPTIONAL MATCH (d)-[:{RelType.PART_OF.value}*0..]->(outer:{Label.DISTRICT.value})
RETURN collect(DISTINCT inner.id) AS inner, collect(DISTINCT outer.id) AS outer
"""

OFFER_FILTER = f"""
($phase IS NULL OR EXISTS {{ (o)-[:{RelType.FOR_PHASE.value}]->(:{Label.LIFE_PHASE.value} {{id: $phase}}) }})
AND ($topic IS NULL OR EXISTS {{ (o)-[:{RelType.ADDRESSES.value}]->(:{Label.TOPIC.value} {{id: $topic}}) }})
AND ($area IS NULL OR EXISTS {{
      MATCH (o)-[:{RelType.IN_DISTRICT.value}]->(d:{Label.DISTRICT.value}) WHERE d.id IN $area }})
AND ($provider IS NULL OR EXISTS {{
      (:{Label.ACTOR.value} {{id: $provider}})-[:{RelType.PROVIDES.value}]->(o) }})
"""

FILTERED_IDS = f"""
MATCH (o:{Label.OFFER.value}) WHERE {OFFER_FILTER}
WITH collect(o.id) AS offers
WITH offers, COLLECT {{
  MATCH (a:{Label.ACTOR.value})-[:{RelType.PROVIDES.value}]->(x:{Label.OFFER.value}) WHERE x.id IN offers
  RETURN DISTINCT a.id
}} + COLLECT {{
  MATCH (a:{Label.ACTOR.value})-[:{RelType.LOCATED_IN.value}]->(d:{Label.DISTRICT.value})
  WHERE $inner IS NOT NULL AND d.id IN $inner
  RETURN DISTINCT a.id
}} AS actors
WITH offers, actors + COLLECT {{
  MATCH (m:{Label.ACTOR.value})-[:{RelType.MEMBER_OF.value}]->(c:{Label.ACTOR.value}) WHERE m.id IN actors
  RETURN DISTINCT c.id
}} AS actors
RETURN offers + actors + COLLECT {{
  MATCH (ref:{ENTITY})
  WHERE ref:{Label.LIFE_PHASE.value} OR ref:{Label.TRANSITION.value} OR ref:{Label.TOPIC.value} OR ref:{Label.DISTRICT.value}
  RETURN ref.id
}} AS ids
"""

# the frame a statistics table is matched against: every district and life phase, and the district tree
FRAME_NODES = f"""
MATCH (n:{ENTITY}) WHERE n:{Label.DISTRICT.value} OR n:{Label.LIFE_PHASE.value}
RETURN n.id AS id, [l IN labels(n) WHERE l <> '{ENTITY}'][0] AS label, properties(n) AS props
"""
FRAME_EDGES = f"""
MATCH (a:{Label.DISTRICT.value})-[r:{RelType.PART_OF.value}]->(b:{Label.DISTRICT.value})
RETURN a.id AS source, b.id AS target, type(r) AS type, properties(r) AS props
"""

NODES_BY_IDS = f"""
MATCH (n:{ENTITY}) WHERE n.id IN $ids
RETURN n.id AS id, [l IN labels(n) WHERE l <> '{ENTITY}'][0] AS label, properties(n) AS props
"""

EDGES_BY_IDS = f"""
MATCH (a:{ENTITY})-[r]->(b:{ENTITY}) WHERE a.id IN $ids AND b.id IN $ids
RETURN a.id AS source, b.id AS target, type(r) AS type, properties(r) AS props
"""

# One offer or actor with the relations the model folds into it.
OFFER_RECORD = f"""
{{
  props: properties(o),
  providers: [(a:{Label.ACTOR.value})-[r:{RelType.PROVIDES.value}]->(o) | {{actor: a.id, role: r.role}}],
  phases: [(o)-[:{RelType.FOR_PHASE.value}]->(x) | x.id],
  transitions: [(o)-[:{RelType.BRIDGES.value}]->(x) | x.id],
  topics: [(o)-[:{RelType.ADDRESSES.value}]->(x) | x.id],
  districts: [(o)-[:{RelType.IN_DISTRICT.value}]->(x) | x.id]
}}
"""

ACTOR_RECORD = f"""
{{
  props: properties(a),
  part_of: head([(a)-[:{RelType.PART_OF.value}]->(x) | x.id]),
  district: head([(a)-[:{RelType.LOCATED_IN.value}]->(x) | x.id])
}}
"""

LIST_OFFERS = f"""
MATCH (o:{Label.OFFER.value}) WHERE {OFFER_FILTER}
WITH o ORDER BY o.id
WITH collect(o) AS matched
RETURN size(matched) AS total,
       [o IN matched[$offset..$offset + $limit] | {OFFER_RECORD}] AS items
"""

LIST_ACTORS = f"""
MATCH (a:{Label.ACTOR.value})
WHERE ($kind IS NULL OR a.kind = $kind)
  AND ($sector IS NULL OR a.sector = $sector)
  AND ($area IS NULL OR EXISTS {{
        MATCH (a)-[:{RelType.LOCATED_IN.value}]->(d:{Label.DISTRICT.value}) WHERE d.id IN $area }})
WITH a ORDER BY a.id
WITH collect(a) AS matched
RETURN size(matched) AS total,
       [a IN matched[$offset..$offset + $limit] | {ACTOR_RECORD}] AS items
"""

GET_OFFER = f"MATCH (o:{Label.OFFER.value} {{id: $id}}) RETURN {OFFER_RECORD} AS item"
GET_ACTOR = f"MATCH (a:{Label.ACTOR.value} {{id: $id}}) RETURN {ACTOR_RECORD} AS item"

# In batches of their own transactions: emptying a large store must not need one huge one.
# Each batch is a transaction that takes the write lock first, like every other write (a
# lock per row inside CALL … IN TRANSACTIONS measured 5-9x slower); the meta node stays,
# so the revision keeps growing across a reset.
DELETE_BATCH = f"""
MATCH (n:{ENTITY}) WITH n LIMIT $size
DETACH DELETE n
RETURN count(*) AS deleted
"""
DELETE_CHUNK = 10_000

# The records a batch would touch, with every relation into or out of them, for diffs.
# one index seek per id, then its relationships (an OR of two IN lists would scan them all)
EDGES_TOUCHING = f"""
UNWIND $ids AS id
MATCH (:{ENTITY} {{id: id}})-[r]-(:{ENTITY})
WITH DISTINCT r
RETURN startNode(r).id AS source, endNode(r).id AS target, type(r) AS type, properties(r) AS props
"""

# Merging two actors: move every relationship of $merge to $keep, then delete $merge.
# Relationships that would become self-loops are dropped; where $keep already has the
# same relationship to the same node, the existing one wins.
_MERGE_OUT = """
MATCH (m:{actor} {{id: $merge}})-[r:{rel}]->(x) WHERE x.id <> $keep
MATCH (k:{actor} {{id: $keep}})
CALL (k, r, x) {{
  WITH k, r, x WHERE NOT EXISTS {{ (k)-[:{rel}]->(x) }} {only_if_none}
  CREATE (k)-[n:{rel}]->(x)
  SET n = properties(r)
}}
DELETE r
RETURN count(*) AS moved
"""
_MERGE_IN = """
MATCH (x)-[r:{rel}]->(m:{actor} {{id: $merge}}) WHERE x.id <> $keep
MATCH (k:{actor} {{id: $keep}})
CALL (k, r, x) {{
  WITH k, r, x WHERE NOT EXISTS {{ (x)-[:{rel}]->(k) }}
  CREATE (x)-[n:{rel}]->(k)
  SET n = properties(r)
}}
DELETE r
RETURN count(*) AS moved
"""
_ACTOR_RELS_OUT = [RelType.PROVIDES, RelType.COOPERATES_WITH, RelType.MEMBER_OF, RelType.PART_OF, RelType.LOCATED_IN]
_ACTOR_RELS_IN = [RelType.COOPERATES_WITH, RelType.MEMBER_OF, RelType.PART_OF]
_SINGLE_VALUED = {RelType.PART_OF, RelType.LOCATED_IN}  # the kept actor's own value wins
MERGE_ACTOR_STEPS = [
    _MERGE_OUT.format(
        actor=Label.ACTOR.value, rel=rel.value,
        only_if_none=f"AND NOT EXISTS {{ (k)-[:{rel.value}]->() }}" if rel in _SINGLE_VALUED else "",
    )
    for rel in _ACTOR_RELS_OUT
] + [_MERGE_IN.format(actor=Label.ACTOR.value, rel=rel.value) for rel in _ACTOR_RELS_IN]
DELETE_MERGED_ACTOR = f"""
MATCH (m:{Label.ACTOR.value} {{id: $merge}})
DETACH DELETE m
"""


@dataclass(frozen=True)
class RevisionState:
    """Where the graph stands: a counter that only grows and the token of the latest write.

    Two states are equal only when no write happened in between (the token is random
    and new on every write, also after ``delete_all``). A graph never written is
    ``RevisionState(0, None)``.
    """

    revision: int
    token: str | None


class StaleRead(Conflict):
    """The graph changed after the caller read it (or a concurrent write blocked this one).

    Nothing was written; reading again and retrying is safe (the import does so).
    """


class WriteInterrupted(StoreUnavailable):
    """The connection broke during a write; whether it committed is not known yet.

    ``token`` is the revision token the write would have set, ``previous`` the one it
    expected to replace (None when it checked none); :meth:`GraphStore.write_outcome`
    tells which it was.
    """

    def __init__(self, message: str, token: str, previous: RevisionState | None) -> None:
        super().__init__(message)
        self.token = token
        self.previous = previous


@dataclass(frozen=True)
class WriteSummary:
    """What one write did."""

    nodes: int
    relationships: int
    revision: int


@dataclass(frozen=True)
class BatchDiff:
    """What writing a batch would do, per label: ids created, updated, unchanged."""

    created: dict[str, list[str]]
    updated: dict[str, list[str]]
    unchanged: dict[str, list[str]]
    cooperations_created: int
    memberships_created: int


@dataclass(frozen=True)
class MergeSummary:
    """What merging two actors did."""

    keep: str
    merged: str
    relationships_moved: int
    revision: int


@dataclass(frozen=True)
class Page:
    """One page of a listing."""

    items: list[Any]
    total: int
    limit: int
    offset: int


def _native(value: Any) -> Any:
    """Neo4j temporal values -> Python's (the model speaks ``datetime.date``)."""
    if hasattr(value, "to_native"):
        return value.to_native()
    if isinstance(value, list):
        return [_native(v) for v in value]
    return value


def _native_props(props: dict[str, Any]) -> dict[str, Any]:
    return {k: _native(v) for k, v in props.items()}


#: ``progress(done, total)``: rows written so far in the running write, and all it will write
Progress = Callable[[int, int], None]


class _Done:
    """Counts the rows a write has sent and tells ``progress`` after each statement."""

    def __init__(self, progress: Progress | None, total: int) -> None:
        self.progress, self.total, self.rows = progress, total, 0

    def add(self, rows: int) -> None:
        self.rows += rows
        if self.progress is not None:
            self.progress(min(self.rows, self.total), self.total)


def _run_chunked(tx: neo4j.Transaction, query: str, rows: list[dict[str, Any]], done: _Done | None = None) -> None:
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        tx.run(query, rows=chunk).consume()
        if done is not None:
            done.add(len(chunk))


class GraphStore:
    """Reads and writes the city graph in one Neo4j database.

    Parameters
    ----------
    driver : neo4j.Driver
        An open driver; the caller owns it (see :meth:`connect` for the usual way).
    database : str
        Name of the Neo4j database, passed on every call.
    uri : str
        Where the driver points, for error messages only.
    """

    def __init__(self, driver: neo4j.Driver, database: str = "neo4j", uri: str = "Neo4j") -> None:
        self._driver = driver
        self._database = database
        self.uri = uri
        self._ping_probe: threading.Thread | None = None

    # -- connection -------------------------------------------------------------------
    @classmethod
    def connect(
        cls, uri: str, user: str | None = None, password: str | None = None, database: str = "neo4j"
    ) -> GraphStore:
        """Open a driver to ``uri``, check it answers, and create the schema.

        The driver fails fast when Neo4j is gone, so a request answers 503 within seconds
        instead of hanging: 2 s to open a connection, 5 s to get one from the pool, and
        5 s of retries for a managed transaction (enough for two or three retries of a
        transient error such as a deadlock; the driver's default of 30 s kept a request
        with Neo4j down waiting 30-60 s).
        """
        auth = (user, password or "") if user else None
        driver = neo4j.GraphDatabase.driver(
            uri,
            auth=auth,
            # the server's hints ("property key does not exist" on an empty graph) are not for users
            notifications_min_severity="OFF",
            connection_timeout=2.0,
            connection_acquisition_timeout=5.0,
            max_transaction_retry_time=5.0,
        )
        try:
            driver.verify_connectivity()
        except Exception as e:  # the driver raises several unrelated types here
            driver.close()
            raise StoreUnavailable(texts.STORE_UNAVAILABLE.format(uri=uri)) from e
        store = cls(driver, database, uri)
        store.ensure_schema()
        return store

    def close(self) -> None:
        """Close the driver."""
        self._driver.close()

    def _run(self, query: str, **params: Any) -> list[neo4j.Record]:
        try:
            records, _, _ = self._driver.execute_query(query, params, database_=self._database)
        except (ServiceUnavailable, SessionExpired, OSError) as e:
            raise StoreUnavailable(texts.STORE_UNAVAILABLE.format(uri=self.uri)) from e
        return records

    def ping(self, timeout: float = 1.0) -> bool:
        """True when Neo4j answers a trivial query within ``timeout`` seconds.

        One auto-commit query, no retries, in a thread of its own: a Neo4j that stopped
        answering (a frozen JVM keeps its sockets open) would block the caller for
        minutes on a pooled connection. While an earlier probe still waits, the answer
        is False without a new one, so a frozen database ties up one thread, not one per
        ping. Any failure (Neo4j stopped, login refused) means False at once.
        """
        probe = self._ping_probe
        if probe is not None and probe.is_alive():
            return False
        done = threading.Event()
        answered: list[bool] = []

        def run() -> None:
            try:
                with self._driver.session(database=self._database, connection_acquisition_timeout=timeout) as session:
                    session.run("RETURN 1 AS ok").consume()
                answered.append(True)
            except (Neo4jError, neo4j.exceptions.DriverError, OSError):
                pass
            finally:
                done.set()

        self._ping_probe = threading.Thread(target=run, name="praevnet-ping", daemon=True)
        self._ping_probe.start()
        return done.wait(timeout) and bool(answered)

    def ensure_schema(self) -> None:
        """Create the uniqueness constraint and indexes (idempotent)."""
        for statement in SCHEMA:
            self._run(statement)

    # -- writing ----------------------------------------------------------------------
    def write(
        self, batch: GraphBatch, *, progress: Progress | None = None, expected: RevisionState | None = None
    ) -> WriteSummary:
        """Upsert a batch by stable ids in one transaction: all of it or nothing.

        ``progress(done, total)`` is called after each statement with the rows (nodes and
        relations) written so far; the commit follows the last call. With ``expected``
        (the :meth:`revision_state` the caller read the store at), the write goes ahead
        only if no other write committed since.

        Raises
        ------
        InvalidData
            When the batch refers to ids that exist neither in it nor in the store, or
            reuses an id the store holds under another label, or is too large for one
            transaction under the database's memory limit. Nothing is written.
        StaleRead
            When the graph is no longer at ``expected`` (or a concurrent write blocked
            this one). Nothing is written; read again and retry.
        WriteInterrupted
            When the connection broke; :meth:`write_outcome` tells whether it landed.
        """
        token = uuid.uuid4().hex
        try:
            return self._one_transaction(
                lambda tx: self._write_all(tx, batch, progress, token=token, expected=expected),
                token=token, previous=expected, busy=StaleRead,
            )
        except Neo4jError as e:
            if "MemoryPool" in (e.code or "") + (e.message or ""):
                raise InvalidData(texts.WRITE_TOO_LARGE.format(nodes=batch.node_count())) from e
            raise

    @staticmethod
    def _lock(tx: neo4j.Transaction, token: str, expected: RevisionState | None = None) -> RevisionState:
        """Take the write lock (first statement of every write) and read the state under it."""
        tx.run(LOCK_META, token=token).consume()
        record = tx.run(READ_REVISION).single(strict=True)
        state = RevisionState(revision=int(record["revision"]), token=record["token"])
        if expected is not None and state != expected:
            raise StaleRead(texts.STALE_READ)
        return state

    def write_outcome(self, token: str, previous: RevisionState | None) -> bool | None:
        """Did the write that would set ``token`` commit? For a write whose connection broke.

        True when it did, False when it did not (the graph is still at ``previous``, or
        every write since ``previous`` is known and it is not among them), None when
        that cannot be told (too many writes since, or the store is still unreachable).
        Waits for the write lock first, so a write still committing is seen.
        """
        try:
            with self._driver.session(database=self._database) as session:
                with session.begin_transaction() as tx:
                    tx.run(LOCK_META, token=token).consume()
                    record = tx.run(READ_RECENT).single(strict=True)
                    tx.rollback()
        except (ServiceUnavailable, SessionExpired, OSError, TransientError):
            return None
        recent: list[str] = list(record["recent"])
        if token in recent:
            return True
        if previous is not None and (record["token"] == previous.token or previous.token in recent):
            return False
        return None

    def check(self, batch: GraphBatch) -> list[tuple[str, str]]:
        """Problems writing ``batch`` would hit, without writing: ``(entity id, German sentence)``.

        The id is that of the record whose field holds the bad reference (for a
        cooperation or membership, its first actor), so importers can point at the row.
        """
        with self._driver.session(database=self._database) as session:
            return session.execute_read(self._reference_problems, batch)[0]

    def _write_all(
        self,
        tx: neo4j.Transaction,
        batch: GraphBatch,
        progress: Progress | None = None,
        *,
        token: str,
        expected: RevisionState | None = None,
    ) -> WriteSummary:
        self._lock(tx, token, expected)  # before reading anything the write depends on
        with paused_gc():  # building 10^5 small dicts: the collector would dominate
            problems, stored = self._reference_problems(tx, batch)
            if problems:
                raise InvalidData(
                    f"Nichts wurde gespeichert: {len(problems)} Problem(e) mit Verweisen.",
                    problems=[message for _, message in problems],
                    owners=[owner for owner, _ in problems],
                )
            node_rows = {
                label: [{"id": e.id, "props": e.properties()} for e in entities]
                for label, entities in batch.nodes_by_label().items()
                if label is not Label.OFFER
            }
            owned: dict[RelType, list[dict[str, Any]]] = defaultdict(list)
            for source, target, rel, props in batch.owned_relations(offers=False):
                owned[rel].append({"source": source, "target": target, "props": props})
            shared = batch.shared_relations()
        total = batch.node_count() + sum(map(len, owned.values())) + len(shared)
        done = _Done(progress, total)

        for label, rows in node_rows.items():
            _run_chunked(tx, CREATE_NODES[label], [r for r in rows if r["id"] not in stored], done)
            _run_chunked(tx, UPDATE_NODES[label], [r for r in rows if r["id"] in stored], done)

        # only records already stored can own relations that must go first
        def old(entities: Sequence[Any]) -> list[str]:
            return [e.id for e in entities if e.id in stored]

        old_transitions, old_offers = old(batch.transitions), old(batch.offers)
        owner_ids = {
            RelType.PART_OF: old([*batch.districts, *batch.actors]),
            RelType.LOCATED_IN: old(batch.actors),
            RelType.FROM_PHASE: old_transitions,
            RelType.TO_PHASE: old_transitions,
            **dict.fromkeys((RelType.FOR_PHASE, RelType.BRIDGES, RelType.ADDRESSES, RelType.IN_DISTRICT), old_offers),
        }
        for rel, ids in owner_ids.items():
            if ids:
                tx.run(DELETE_OWNED_OUT[rel], ids=ids).consume()
        if old_offers:
            tx.run(DELETE_PROVIDERS, ids=old_offers).consume()

        relationships = self._write_offers(tx, batch.offers, stored, done)
        for rel, rows in owned.items():
            _run_chunked(tx, CREATE_BARE_RELS[rel], rows, done)
            relationships += len(rows)
        merge = {RelType.COOPERATES_WITH: MERGE_COOPERATIONS, RelType.MEMBER_OF: MERGE_MEMBERSHIPS}
        for rel, query in merge.items():
            rows = [{"source": s, "target": t, "props": p} for s, t, r, p in shared if r == rel]
            _run_chunked(tx, query, rows, done)
            relationships += len(rows)
        if batch.life_phases:
            tx.run(RELINK_PHASES).consume()
        revision = tx.run(BUMP_REVISION, token=token).single(strict=True)["revision"]
        return WriteSummary(nodes=batch.node_count(), relationships=relationships, revision=revision)

    @staticmethod
    def _write_offers(tx: neo4j.Transaction, offers: Sequence[Offer], stored: dict[str, str], done: _Done) -> int:
        """Offers with their providers, phases, transitions, topics and districts; returns the relation count."""
        relationships = 0
        for start in range(0, len(offers), CHUNK):
            with paused_gc():
                chunk = offers[start : start + CHUNK]
                targets = sorted({x for o in chunk for x in (*o.phases, *o.transitions, *o.topics, *o.districts)})
                position = {t: i for i, t in enumerate(targets)}
                new_rows: list[dict[str, Any]] = []
                old_rows: list[dict[str, Any]] = []
                for o in chunk:
                    (old_rows if o.id in stored else new_rows).append({
                        "id": o.id,
                        "props": o.properties(),
                        "providers": [{"actor": p.actor, "role": p.role} for p in o.providers],
                        "phases": [position[x] for x in o.phases],
                        "transitions": [position[x] for x in o.transitions],
                        "topics": [position[x] for x in o.topics],
                        "districts": [position[x] for x in o.districts],
                    })
                    relationships += len(o.providers) + len(o.phases) + len(o.transitions) + len(o.topics) + len(o.districts)
            for query, rows in ((CREATE_OFFERS_LINKED, new_rows), (UPDATE_OFFERS_LINKED, old_rows)):
                if rows:
                    tx.run(query, rows=rows, targets=targets).consume()
            done.add(len(chunk))
        return relationships

    def _reference_problems(
        self, tx: neo4j.Transaction | neo4j.ManagedTransaction, batch: GraphBatch
    ) -> tuple[list[tuple[str, str]], dict[str, str]]:
        """Every id a batch mentions must exist (in it or the store) with the right label.

        Returns the problems and the labels of the batch's ids the store already holds.
        """
        in_batch: dict[str, Label] = {}
        problems: list[tuple[str, str]] = []
        for label, entities in batch.nodes_by_label().items():
            for e in entities:
                if e.id in in_batch:
                    problems.append((e.id,
                        f"Die ID „{e.id}“ kommt doppelt vor ({texts.LABEL_DE[in_batch[e.id]]} und {texts.LABEL_DE[label]})."
                    ))
                in_batch[e.id] = label

        wanted: list[tuple[str, Label, str, str, str]] = []  # (id, label, owner, where, field)
        for d in batch.districts:
            if d.part_of:
                wanted.append((d.part_of, Label.DISTRICT, d.id, f"Sozialraum „{d.id}“", "part_of"))
        for a in batch.actors:
            if a.part_of:
                wanted.append((a.part_of, Label.ACTOR, a.id, f"Akteur „{a.id}“", "part_of"))
            if a.district:
                wanted.append((a.district, Label.DISTRICT, a.id, f"Akteur „{a.id}“", "district"))
            wanted += [(x, Label.TOPIC, a.id, f"Akteur „{a.id}“", "mandate_topics") for x in a.mandate_topics]
            wanted += [(x, Label.LIFE_PHASE, a.id, f"Akteur „{a.id}“", "mandate_phases") for x in a.mandate_phases]
        for t in batch.transitions:
            wanted.append((t.from_phase, Label.LIFE_PHASE, t.id, f"Übergang „{t.id}“", "from_phase"))
            wanted.append((t.to_phase, Label.LIFE_PHASE, t.id, f"Übergang „{t.id}“", "to_phase"))
        for o in batch.offers:
            where = f"Angebot „{o.id}“"
            wanted += [(p.actor, Label.ACTOR, o.id, where, "providers") for p in o.providers]
            wanted += [(x, Label.LIFE_PHASE, o.id, where, "phases") for x in o.phases]
            wanted += [(x, Label.TRANSITION, o.id, where, "transitions") for x in o.transitions]
            wanted += [(x, Label.TOPIC, o.id, where, "topics") for x in o.topics]
            wanted += [(x, Label.DISTRICT, o.id, where, "districts") for x in o.districts]
        seen_pairs: set[tuple[str, str]] = set()
        for c in batch.cooperations:
            if (c.actor, c.partner) in seen_pairs:
                problems.append(
                    (c.actor, f"Die Kooperation {c.actor}–{c.partner} kommt doppelt vor; je Paar ist eine erlaubt.")
                )
            seen_pairs.add((c.actor, c.partner))
            where = f"Kooperation {c.actor}–{c.partner}"
            wanted.append((c.actor, Label.ACTOR, c.actor, where, "actor"))
            wanted.append((c.partner, Label.ACTOR, c.actor, where, "partner"))
        for m in batch.memberships:
            where = f"Mitgliedschaft {m.actor}–{m.committee}"
            wanted.append((m.actor, Label.ACTOR, m.actor, where, "actor"))
            wanted.append((m.committee, Label.ACTOR, m.actor, where, "committee"))

        lookup = sorted({w[0] for w in wanted if w[0] not in in_batch} | set(in_batch))
        stored = {r["id"]: r["label"] for r in tx.run(FIND_IDS, ids=lookup)} if lookup else {}
        for node_id, label in in_batch.items():
            if node_id in stored and stored[node_id] != label:
                problems.append((node_id,
                    f"Die ID „{node_id}“ gehört schon zu einem {texts.LABEL_DE.get(stored[node_id], stored[node_id])}, "
                    f"nicht zu einem {texts.LABEL_DE[label]}."
                ))
        for node_id, label, owner, where, field in wanted:
            found = in_batch.get(node_id) or stored.get(node_id)
            if found is None:
                problems.append((owner, f"{where}, Feld {field}: {texts.LABEL_DE[label]} „{node_id}“ gibt es nicht."))
            elif found != label:
                problems.append((owner,
                    f"{where}, Feld {field}: „{node_id}“ ist ein(e) {texts.LABEL_DE.get(found, found)}, "
                    f"kein(e) {texts.LABEL_DE[label]}."
                ))
        return problems, {i: stored[i] for i in in_batch if i in stored}

    def merge_actors(self, keep: str, merge: str, *, force: bool = False) -> MergeSummary:
        """Merge actor ``merge`` into ``keep`` in one transaction.

        Every relationship of ``merge`` (offers it provides, cooperations, memberships,
        PART_OF in both directions, its district) moves to ``keep`` unless ``keep``
        already has the same one; then ``merge`` is deleted. ``keep``'s own properties
        stay as they are. Actors of different kinds (a school and a committee) are merged
        only with ``force``.

        The transaction takes the write lock first and then looks at both actors again,
        so of two merges racing for the same actors exactly one wins; the other finds
        its actor gone and changes nothing.

        Raises
        ------
        NotFound
            When either id is not an actor (and never was one lately).
        Conflict
            When either actor was merged away or deleted meanwhile; nothing changed.
        InvalidData
            When both ids are the same, or the kinds differ and ``force`` is not set.
        """
        if keep == merge:
            raise InvalidData(texts.MERGE_SELF)
        for actor_id in (keep, merge):
            try:
                self.require(Label.ACTOR, actor_id)
            except NotFound as e:
                if actor_id in self._recently_merged():
                    raise Conflict(texts.MERGE_VANISHED.format(id=actor_id)) from e
                raise
        token = uuid.uuid4().hex
        return self._one_transaction(
            lambda tx: self._merge_locked(tx, keep, merge, force=force, token=token),
            token=token, previous=self.revision_state(), busy=Conflict,
        )

    def _one_transaction(
        self, work: Callable[[neo4j.Transaction], _T], *, token: str, previous: RevisionState | None,
        busy: type[Conflict],
    ) -> _T:
        """Run ``work`` in one explicit transaction and commit it; the write errors in German.

        Explicit, not managed: a memory error must not be retried four times, and a retry
        must never turn a lost race into a silent success. A broken connection raises
        :class:`WriteInterrupted` (``token`` tells later whether the write landed); a
        deadlock or lock timeout raises ``busy``.
        """
        try:
            with self._driver.session(database=self._database) as session:
                with session.begin_transaction() as tx:
                    result = work(tx)
                    tx.commit()
                    return result
        except (ServiceUnavailable, SessionExpired, OSError) as e:  # IncompleteCommit included
            raise WriteInterrupted(texts.STORE_UNAVAILABLE.format(uri=self.uri), token, previous) from e
        except TransientError as e:  # a deadlock with a reset's batches, a lock timeout
            raise busy(texts.WRITE_BUSY) from e

    def _merge_locked(self, tx: neo4j.Transaction, keep: str, merge: str, *, force: bool, token: str) -> MergeSummary:
        self._lock(tx, token)
        kinds = {r["id"]: r["kind"] for r in tx.run(ACTOR_KINDS, ids=[keep, merge])}
        for actor_id in (keep, merge):
            if actor_id not in kinds:
                raise Conflict(texts.MERGE_VANISHED.format(id=actor_id))
        if kinds[keep] != kinds[merge] and not force:
            raise InvalidData(texts.MERGE_OTHER_KINDS.format(
                merge=merge, keep=keep,
                merge_kind=texts.ACTOR_KIND_DE.get(kinds[merge], kinds[merge]),
                keep_kind=texts.ACTOR_KIND_DE.get(kinds[keep], kinds[keep]),
            ))
        moved = 0
        for step in MERGE_ACTOR_STEPS:
            record = tx.run(step, keep=keep, merge=merge).single()
            moved += record["moved"] if record else 0
        tx.run(DELETE_MERGED_ACTOR, merge=merge).consume()
        tx.run(NOTE_MERGED, merge=merge).consume()
        revision = tx.run(BUMP_REVISION, token=token).single(strict=True)["revision"]
        return MergeSummary(keep=keep, merged=merge, relationships_moved=moved, revision=revision)

    def _recently_merged(self) -> list[str]:
        records = self._run(READ_MERGED)
        return list(records[0]["merged"]) if records else []

    def diff(self, batch: GraphBatch, *, current: GraphBatch | None = None) -> BatchDiff:
        """Compare a batch with the store: which entities it would create, update or leave.

        An entity is unchanged when its properties and the relations it owns are equal
        to the stored ones (the order of relation lists does not matter). ``current`` is
        :meth:`load_records` of the batch's ids, when the caller has read it already.
        """
        if current is None:
            ids = sorted({e.id for entities in batch.nodes_by_label().values() for e in entities})
            current = self.load_records(ids)
        stored = {e.id: e for entities in current.nodes_by_label().values() for e in entities}
        created: dict[str, list[str]] = {label.value: [] for label in Label}
        updated: dict[str, list[str]] = {label.value: [] for label in Label}
        unchanged: dict[str, list[str]] = {label.value: [] for label in Label}
        for label, entities in batch.nodes_by_label().items():
            for e in entities:
                old = stored.get(e.id)
                if old is None:
                    created[label.value].append(e.id)
                elif _comparable(old) == _comparable(e):
                    unchanged[label.value].append(e.id)
                else:
                    updated[label.value].append(e.id)
        coop_pairs = {(c.actor, c.partner) for c in current.cooperations}
        member_pairs = {(m.actor, m.committee) for m in current.memberships}
        return BatchDiff(
            created=created,
            updated=updated,
            unchanged=unchanged,
            cooperations_created=sum((c.actor, c.partner) not in coop_pairs for c in batch.cooperations),
            memberships_created=sum((m.actor, m.committee) not in member_pairs for m in batch.memberships),
        )

    def load_records(self, ids: Sequence[str]) -> GraphBatch:
        """The stored entities with these ids, with the relations they own and take part in."""
        wanted = set(ids)
        node_records = self._run(NODES_BY_IDS, ids=list(ids))
        found = [r["id"] for r in node_records]  # ids the store does not hold have no relations
        edge_records = self._run(EDGES_TOUCHING, ids=found) if found else []
        neighbours = sorted({r["source"] for r in edge_records} | {r["target"] for r in edge_records})
        outside = [n for n in neighbours if n not in wanted]
        extra = self._run(NODES_BY_IDS, ids=outside) if outside else []
        nodes = [(r["id"], r["label"], _native_props(r["props"])) for r in [*node_records, *extra]]
        edges = [(r["source"], r["target"], r["type"], _native_props(r["props"])) for r in edge_records]
        return batch_from_rows(nodes, edges, only=wanted)

    def districts_and_phases(self) -> GraphBatch:
        """Every stored district (with its place in the tree) and life phase, nothing else."""
        nodes = [(r["id"], r["label"], _native_props(r["props"])) for r in self._run(FRAME_NODES)]
        edges = [(r["source"], r["target"], r["type"], _native_props(r["props"])) for r in self._run(FRAME_EDGES)]
        return batch_from_rows(nodes, edges)

    def export_batch(
        self, *, district: str | None = None, phase: str | None = None, topic: str | None = None
    ) -> GraphBatch:
        """The whole graph (or the part a filter selects, see :meth:`load_rows`) as a batch.

        Writing the result to an empty store gives the same graph back: this is the
        lossless JSON export.
        """
        return batch_from_rows(*self.load_rows(district=district, phase=phase, topic=topic))

    def delete_all(self) -> None:
        """Remove every praevnet node and relationship (tests and ``demo --reset``).

        Runs in batches of their own transactions, so it works on any size of store;
        each batch takes the write lock. The revision is not reset: a new token is set
        before the first batch and after the last, so a reader that cached the old city
        (or read it half deleted) sees that the graph moved.
        """
        try:
            with self._driver.session(database=self._database) as session:
                session.execute_write(self._bump_alone, uuid.uuid4().hex)
                token, deleted = uuid.uuid4().hex, DELETE_CHUNK
                while deleted == DELETE_CHUNK:
                    with session.begin_transaction() as tx:
                        self._lock(tx, token)
                        deleted = tx.run(DELETE_BATCH, size=DELETE_CHUNK).single(strict=True)["deleted"]
                        tx.commit()
                session.execute_write(self._bump_alone, uuid.uuid4().hex)
        except (ServiceUnavailable, SessionExpired, OSError) as e:
            raise StoreUnavailable(texts.STORE_UNAVAILABLE.format(uri=self.uri)) from e
        except TransientError as e:
            raise Conflict(texts.WRITE_BUSY) from e

    def _bump_alone(self, tx: neo4j.ManagedTransaction, token: str) -> None:
        """A write of nothing but a new revision (a reset's start and end)."""
        self._lock(tx, token)  # type: ignore[arg-type]
        tx.run(FORGET_MERGED).consume()  # after a reset an id that is gone was never there
        tx.run(BUMP_REVISION, token=token).consume()

    # -- reading ----------------------------------------------------------------------
    def revision(self) -> int:
        """A counter that grows with every write (also across ``delete_all``); 0 for a graph never written."""
        return self.revision_state().revision

    def revision_state(self) -> RevisionState:
        """The revision counter and the token of the latest write (see :class:`RevisionState`)."""
        records = self._run(READ_REVISION)
        if not records:
            return RevisionState(revision=0, token=None)
        return RevisionState(revision=int(records[0]["revision"]), token=records[0]["token"])

    def counts(self) -> dict[str, int]:
        """Number of nodes per label (every label present, zeros included)."""
        counts = {label.value: 0 for label in Label}
        for r in self._run(COUNT_BY_LABEL):
            counts[r["label"]] = r["count"]
        return counts

    def is_empty(self) -> bool:
        """True when the store holds no praevnet entity."""
        return not any(self.counts().values())

    def _district_area(self, district: str) -> tuple[list[str], list[str]]:
        records = self._run(DISTRICT_AREA, district=district)
        if not records or not records[0]["inner"]:
            raise NotFound(texts.NOT_FOUND.format(what="Sozialraum", id=district))
        return records[0]["inner"], records[0]["outer"]

    def require(self, label: Label, node_id: str) -> None:
        """Raise NotFound unless a node with ``label`` and ``node_id`` exists."""
        records = self._run(FIND_IDS, ids=[node_id])
        if not records or records[0]["label"] != label.value:
            raise NotFound(texts.NOT_FOUND.format(what=texts.LABEL_DE[label.value], id=node_id))

    def _filter_params(
        self, phase: str | None, topic: str | None, district: str | None, provider: str | None
    ) -> dict[str, Any]:
        if phase is not None:
            self.require(Label.LIFE_PHASE, phase)
        if topic is not None:
            self.require(Label.TOPIC, topic)
        if provider is not None:
            self.require(Label.ACTOR, provider)
        inner = outer = None
        if district is not None:
            inner, outer = self._district_area(district)
        area = sorted(set(inner) | set(outer)) if inner is not None else None
        return {"phase": phase, "topic": topic, "provider": provider, "area": area, "inner": inner}

    def load_rows(
        self, *, district: str | None = None, phase: str | None = None, topic: str | None = None
    ) -> tuple[list[NodeRow], list[EdgeRow]]:
        """Node and edge rows of the whole graph, or of the part a filter selects.

        A filtered load keeps every life phase, transition, topic and district (they
        are the frame the analyses need), the offers that match all filters (for a
        district: offers in it, inside it, or for an area containing it), their
        providers, the actors located in the district, the committees those actors sit
        in, and every relationship between the nodes kept.
        """
        if district is None and phase is None and topic is None:
            node_records = self._run(ALL_NODES)
            edge_records = self._run(ALL_EDGES)
        else:
            params = self._filter_params(phase, topic, district, None)
            ids = self._run(FILTERED_IDS, **params)[0]["ids"]
            node_records = self._run(NODES_BY_IDS, ids=ids)
            edge_records = self._run(EDGES_BY_IDS, ids=ids)
        nodes = [(r["id"], r["label"], _native_props(r["props"])) for r in node_records]
        edges = [(r["source"], r["target"], r["type"], _native_props(r["props"])) for r in edge_records]
        return nodes, edges

    def load_graph(
        self, *, district: str | None = None, phase: str | None = None, topic: str | None = None
    ) -> nx.MultiDiGraph:
        """The city graph (or a filtered part, see :meth:`load_rows`) as a MultiDiGraph."""
        return build_graph(*self.load_rows(district=district, phase=phase, topic=topic))

    def list_offers(
        self,
        *,
        phase: str | None = None,
        topic: str | None = None,
        district: str | None = None,
        provider: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> Page:
        """Offers matching every given filter, sorted by id, one page at a time."""
        params = self._filter_params(phase, topic, district, provider)
        params.pop("inner")
        record = self._run(LIST_OFFERS, limit=limit, offset=offset, **params)[0]
        items = [_offer_from_record(r) for r in record["items"]]
        return Page(items=items, total=record["total"], limit=limit, offset=offset)

    def list_actors(
        self,
        *,
        kind: str | None = None,
        sector: str | None = None,
        district: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> Page:
        """Actors matching every given filter, sorted by id, one page at a time."""
        area = self._district_area(district)[0] if district is not None else None
        record = self._run(LIST_ACTORS, kind=kind, sector=sector, area=area, limit=limit, offset=offset)[0]
        items = [_actor_from_record(r) for r in record["items"]]
        return Page(items=items, total=record["total"], limit=limit, offset=offset)

    def get_offer(self, offer_id: str) -> Offer:
        """One offer with its relations; NotFound if there is none."""
        records = self._run(GET_OFFER, id=offer_id)
        if not records:
            raise NotFound(texts.NOT_FOUND.format(what="Angebot", id=offer_id))
        return _offer_from_record(records[0]["item"])

    def get_actor(self, actor_id: str) -> Actor:
        """One actor with its relations; NotFound if there is none."""
        records = self._run(GET_ACTOR, id=actor_id)
        if not records:
            raise NotFound(texts.NOT_FOUND.format(what="Akteur", id=actor_id))
        return _actor_from_record(records[0]["item"])


def _comparable(entity: Any) -> dict[str, Any]:
    data = entity.model_dump()
    for name in entity.relation_fields:
        if isinstance(data.get(name), list):
            data[name] = sorted(data[name], key=lambda v: str(v))
    return data


def _offer_from_record(record: dict[str, Any]) -> Offer:
    props = Offer.decode_properties(_native_props(record["props"]))
    relations = {k: sorted(record[k]) for k in ("phases", "transitions", "topics", "districts")}
    providers = sorted(record["providers"], key=lambda p: (p["role"] != "lead", p["actor"]))
    return Offer(**props, **relations, providers=providers)


def _actor_from_record(record: dict[str, Any]) -> Actor:
    props = Actor.decode_properties(_native_props(record["props"]))
    return Actor(**props, part_of=record["part_of"], district=record["district"])
