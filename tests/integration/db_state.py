"""An independent look at the database: counts and a checksum of every property.

Tests of "bad input loses nothing" compare this before and after, through Cypher of
their own rather than the store's code.
"""

from __future__ import annotations

import hashlib
import json

from graph.store import GraphStore

NODES = "MATCH (n) RETURN labels(n) AS labels, properties(n) AS props"
RELS = "MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS type, b.id AS b, properties(r) AS props"


def database_state(store: GraphStore) -> tuple[int, int, str]:
    """(node count, relationship count, SHA-256 over every label, property and relation)."""
    driver, database = store._driver, store._database
    nodes, _, _ = driver.execute_query(NODES, database_=database)
    rels, _, _ = driver.execute_query(RELS, database_=database)
    lines = sorted(json.dumps([sorted(r["labels"]), r["props"]], sort_keys=True, default=str) for r in nodes)
    lines += sorted(json.dumps([r["a"], r["type"], r["b"], r["props"]], sort_keys=True, default=str) for r in rels)
    return len(nodes), len(rels), hashlib.sha256("\n".join(lines).encode()).hexdigest()
