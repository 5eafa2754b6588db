"""Rows from the store -> a NetworkX ``MultiDiGraph`` that keeps every attribute. Pure.

The projection is the one shape every analysis and map reads:

* node key: the entity's ``id`` (unique across the city, see :mod:`graph.model`);
* node attributes: ``label`` (a :class:`~graph.model.Label` value such as ``"Offer"``) and
  every node property, decoded through the domain model (dates as ``datetime.date``,
  ``children_by_phase`` as a dict, enum fields as their string values);
* edges: ``u -> v`` with ``key`` and attribute ``type`` set to the
  :class:`~graph.model.RelType` value and every relationship property as attributes
  (``role`` on PROVIDES; ``kind``, ``formal``, ``since``, ``note``, ``source`` on
  COOPERATES_WITH; ``role`` on MEMBER_OF).

Relation fields of the model (an offer's ``phases``, an actor's ``part_of``) are *not*
node attributes: they are edges. :func:`entity_from_graph` folds them back into a model.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import networkx as nx

from graph.model import MODEL_BY_LABEL, GraphBatch, Label, RelType

NodeRow = tuple[str, str, Mapping[str, Any]]
"""``(id, label, properties)`` as the store returns it."""

EdgeRow = tuple[str, str, str, Mapping[str, Any]]
"""``(source id, target id, relationship type, properties)`` as the store returns it."""


def _decode(label: str, props: Mapping[str, Any]) -> dict[str, Any]:
    return MODEL_BY_LABEL[Label(label)].decode_properties(dict(props))


def build_graph(nodes: Iterable[NodeRow], edges: Iterable[EdgeRow]) -> nx.MultiDiGraph:
    """Build the city graph from store rows.

    Parameters
    ----------
    nodes : iterable of (id, label, properties)
    edges : iterable of (source, target, type, properties)
        Edges whose endpoints are not among ``nodes`` are dropped (a filtered load
        returns only the relations between the nodes it kept).

    Returns
    -------
    networkx.MultiDiGraph

    Examples
    --------
    >>> G = build_graph([("t1", "Topic", {"id": "t1", "name": "Sprache"})], [])
    >>> G.nodes["t1"]["label"], G.nodes["t1"]["name"]
    ('Topic', 'Sprache')
    """
    G = nx.MultiDiGraph()
    for node_id, label, props in nodes:
        G.add_node(node_id, label=label, **_decode(label, props))
    for source, target, rel_type, props in edges:
        if source in G and target in G:
            G.add_edge(source, target, key=rel_type, type=rel_type, **dict(props))
    return G


def nodes_with_label(G: nx.MultiDiGraph, label: Label | str) -> list[str]:
    """Ids of the nodes carrying ``label``, sorted.

    Examples
    --------
    >>> G = build_graph([("b", "Topic", {"id": "b", "name": "B"}),
    ...                  ("a", "Topic", {"id": "a", "name": "A"})], [])
    >>> nodes_with_label(G, "Topic")
    ['a', 'b']
    """
    wanted = str(label)
    return sorted(n for n, data in G.nodes(data=True) if data.get("label") == wanted)


def targets(G: nx.MultiDiGraph, node: str, rel_type: RelType | str) -> list[str]:
    """Ids that ``node`` points to through ``rel_type`` edges, sorted."""
    wanted = str(rel_type)
    return sorted({v for _, v, k in G.out_edges(node, keys=True) if k == wanted})


def sources(G: nx.MultiDiGraph, node: str, rel_type: RelType | str) -> list[str]:
    """Ids pointing to ``node`` through ``rel_type`` edges, sorted."""
    wanted = str(rel_type)
    return sorted({u for u, _, k in G.in_edges(node, keys=True) if k == wanted})


def graph_from_batch(batch: GraphBatch) -> nx.MultiDiGraph:
    """The graph a batch would give once written to an empty store (without NEXT edges).

    Lets analyses run on data that is not (yet) in Neo4j: an import preview, unit tests.

    Examples
    --------
    >>> from graph.model import Topic
    >>> graph_from_batch(GraphBatch(topics=[Topic(id="t", name="Sprache")])).number_of_nodes()
    1
    """
    nodes = [(e.id, label.value, e.properties()) for label, es in batch.nodes_by_label().items() for e in es]
    rels = [*batch.owned_relations(), *batch.shared_relations()]
    return build_graph(nodes, [(s, t, r.value, p) for s, t, r, p in rels])


def batch_from_rows(
    nodes: Iterable[NodeRow], edges: Iterable[EdgeRow], *, only: set[str] | None = None
) -> GraphBatch:
    """Fold store rows back into the domain model: the inverse of writing a batch.

    Relation edges become the fields that own them (an offer's ``phases``, an actor's
    ``part_of``), cooperations and memberships become their own objects; NEXT edges are
    derived data and dropped. Lists are sorted, so equal graphs give equal batches.
    With ``only``, just those ids become entities: the other rows are neighbours that
    name the targets of their edges, loaded without relations of their own (a
    Transition without its phases would not be a valid record).

    Examples
    --------
    >>> rows = [("t", "Topic", {"id": "t", "name": "Sprache"})]
    >>> batch_from_rows(rows, []).topics[0].name
    'Sprache'
    """
    props: dict[str, dict[str, Any]] = {}
    labels: dict[str, str] = {}
    for node_id, label, p in nodes:
        labels[node_id] = label
        props[node_id] = MODEL_BY_LABEL[Label(label)].decode_properties(dict(p))
    single: dict[str, dict[str, str]] = {n: {} for n in props}
    many: dict[str, dict[str, list[Any]]] = {n: {} for n in props}
    cooperations: list[dict[str, Any]] = []
    memberships: list[dict[str, Any]] = []
    list_field = {
        RelType.FOR_PHASE: "phases",
        RelType.BRIDGES: "transitions",
        RelType.ADDRESSES: "topics",
        RelType.IN_DISTRICT: "districts",
    }
    single_field = {
        RelType.PART_OF: "part_of",
        RelType.LOCATED_IN: "district",
        RelType.FROM_PHASE: "from_phase",
        RelType.TO_PHASE: "to_phase",
    }
    for source, target, rel_type, p in edges:
        if source not in props or target not in props:
            continue
        rel = RelType(rel_type)
        if rel in list_field:
            many[source].setdefault(list_field[rel], []).append(target)
        elif rel in single_field:
            single[source][single_field[rel]] = target
        elif rel is RelType.PROVIDES:
            many[target].setdefault("providers", []).append({"actor": source, "role": p.get("role", "lead")})
        elif rel is RelType.COOPERATES_WITH:
            cooperations.append({"actor": source, "partner": target, **p})
        elif rel is RelType.MEMBER_OF:
            memberships.append({"actor": source, "committee": target, **p})

    def entity(node_id: str) -> Any:
        fields = {**props[node_id], **single[node_id]}
        for name, values in many[node_id].items():
            fields[name] = sorted(values, key=lambda v: (v.get("role") != "lead", v["actor"]) if isinstance(v, dict) else v)
        return MODEL_BY_LABEL[Label(labels[node_id])].model_validate(fields)

    by_label: dict[str, list[Any]] = {label.value: [] for label in Label}
    for node_id in sorted(props if only is None else props.keys() & only):
        by_label[labels[node_id]].append(entity(node_id))
    return GraphBatch(
        life_phases=sorted(by_label[Label.LIFE_PHASE], key=lambda p: (p.order, p.id)),
        transitions=by_label[Label.TRANSITION],
        topics=by_label[Label.TOPIC],
        districts=by_label[Label.DISTRICT],
        actors=by_label[Label.ACTOR],
        offers=by_label[Label.OFFER],
        cooperations=sorted(cooperations, key=lambda c: (c["actor"], c["partner"], c.get("kind", ""))),
        memberships=sorted(memberships, key=lambda m: (m["actor"], m["committee"])),
    )
