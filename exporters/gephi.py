"""GraphML and GEXF for Gephi: every node and edge with all its attributes.

Nodes carry ``type`` (the :class:`~graph.model.Label`: ``Actor``, ``Offer`` …), ``label``
(the name or title, which Gephi shows) and every property under its model name; edges
carry ``type`` (the :class:`~graph.model.RelType`) and their properties. Values Gephi has
no type for are written as text: lists joined with ``";"``, dates ISO (``2025-03-01``),
maps (``children_by_phase``) as JSON. Numbers and booleans keep typed keys/attributes.
:func:`importers.graphml.read_gephi` reads these files back to the same batch.
"""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import networkx as nx

from graph.model import GraphBatch
from graph.projection import graph_from_batch

GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
GEXF_NS = "http://gexf.net/1.3"
LIST_SEPARATOR = ";"

#: Python type -> attribute type; GraphML and GEXF use the same names
_ATTR_TYPES = {bool: "boolean", int: "long", float: "double", str: "string"}


def _as_graph(G_or_batch: nx.MultiDiGraph | GraphBatch) -> nx.MultiDiGraph:
    return graph_from_batch(G_or_batch) if isinstance(G_or_batch, GraphBatch) else G_or_batch


def _text(value: Any) -> tuple[str, type]:
    """A value as attribute text and the Python type its key should declare."""
    if isinstance(value, bool):
        return ("true" if value else "false"), bool
    if isinstance(value, int):
        return str(value), int
    if isinstance(value, float):
        return repr(value), float
    if isinstance(value, dt.date):
        return value.isoformat(), str
    if isinstance(value, list | tuple | set):
        items = sorted(value) if isinstance(value, set) else value
        return LIST_SEPARATOR.join(json.dumps(v, sort_keys=True) if isinstance(v, dict) else str(v) for v in items), str
    if isinstance(value, dict):
        return json.dumps(value, sort_keys=True, ensure_ascii=False), str
    return str(value), str


def _node_attrs(data: dict[str, Any]) -> dict[str, Any]:
    attrs = {k: v for k, v in data.items() if k != "label" and v is not None and v != [] and v != {}}
    attrs["type"] = data.get("label")
    attrs["label"] = data.get("name") or data.get("title")
    return {k: v for k, v in attrs.items() if v is not None}


def _edge_attrs(key: Any, data: dict[str, Any]) -> dict[str, Any]:
    attrs = {k: v for k, v in data.items() if v is not None}
    attrs.setdefault("type", key)
    attrs["label"] = attrs["type"]
    return attrs


def _key_types(rows: Iterable[dict[str, Any]]) -> dict[str, type]:
    """Per attribute: the one type all its values share (int widens to float), else str."""
    seen: dict[str, set[type]] = {}
    for attrs in rows:
        for name, value in attrs.items():
            seen.setdefault(name, set()).add(_text(value)[1])
    out = {}
    for name, types in sorted(seen.items()):
        if len(types) == 1:
            out[name] = next(iter(types))
        elif types == {int, float}:
            out[name] = float
        else:
            out[name] = str
    return out


def _collect(G: nx.MultiDiGraph) -> tuple[list[tuple[str, dict[str, Any]]], list[tuple[str, str, dict[str, Any]]]]:
    nodes = [(str(n), _node_attrs(d)) for n, d in sorted(G.nodes(data=True), key=lambda x: str(x[0]))]
    edges = [(str(u), str(v), _edge_attrs(k, d)) for u, v, k, d in sorted(
        G.edges(keys=True, data=True), key=lambda e: (str(e[0]), str(e[1]), str(e[2])))]
    return nodes, edges


def _value_text(value: Any, declared: type) -> str:
    text, own = _text(value)
    if declared is float and own is int:
        return repr(float(value))
    return text


def _write(root: ET.Element, path: Path) -> Path:
    ET.indent(root, space=" ")
    path.parent.mkdir(parents=True, exist_ok=True)
    ET.ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)
    return path


def write_graphml(G_or_batch: nx.MultiDiGraph | GraphBatch, path: Path) -> Path:
    """Write the city graph (or a batch, projected first) as GraphML with typed attribute keys.

    Parameters
    ----------
    G_or_batch : networkx.MultiDiGraph or GraphBatch
        The projected graph (see :mod:`graph.projection`) or a batch.
    path : Path
        The ``.graphml`` file to write.

    Returns
    -------
    Path

    Examples
    --------
    >>> import tempfile
    >>> from graph.model import Topic
    >>> f = write_graphml(GraphBatch(topics=[Topic(id="t", name="Sprache")]), Path(tempfile.mkdtemp()) / "g.graphml")
    >>> "Sprache" in f.read_text()
    True

    Notes
    -----
    O(N + E); nodes and edges are sorted by id, so equal graphs give equal files.
    """
    nodes, edges = _collect(_as_graph(G_or_batch))
    node_types, edge_types = _key_types(a for _, a in nodes), _key_types(a for _, _, a in edges)
    ET.register_namespace("", GRAPHML_NS)
    root = ET.Element(f"{{{GRAPHML_NS}}}graphml")
    for domain, types in (("node", node_types), ("edge", edge_types)):
        for name, typ in types.items():
            ET.SubElement(root, f"{{{GRAPHML_NS}}}key", {"id": f"{domain[0]}_{name}", "for": domain,
                                                          "attr.name": name, "attr.type": _ATTR_TYPES[typ]})
    graph = ET.SubElement(root, f"{{{GRAPHML_NS}}}graph", {"id": "praevnet", "edgedefault": "directed"})
    for node_id, attrs in nodes:
        el = ET.SubElement(graph, f"{{{GRAPHML_NS}}}node", {"id": node_id})
        for name in sorted(attrs):
            ET.SubElement(el, f"{{{GRAPHML_NS}}}data", {"key": f"n_{name}"}).text = _value_text(attrs[name], node_types[name])
    for i, (u, v, attrs) in enumerate(edges):
        el = ET.SubElement(graph, f"{{{GRAPHML_NS}}}edge", {"id": f"e{i}", "source": u, "target": v})
        for name in sorted(attrs):
            ET.SubElement(el, f"{{{GRAPHML_NS}}}data", {"key": f"e_{name}"}).text = _value_text(attrs[name], edge_types[name])
    return _write(root, path)


def write_gexf(G_or_batch: nx.MultiDiGraph | GraphBatch, path: Path) -> Path:
    """Write the city graph (or a batch) as GEXF 1.3 with node and edge attributes.

    Parallel edges of different relation types carry GEXF's ``kind`` (the relation type),
    so Gephi keeps them apart.

    Parameters
    ----------
    G_or_batch : networkx.MultiDiGraph or GraphBatch
    path : Path
        The ``.gexf`` file to write.

    Returns
    -------
    Path

    Examples
    --------
    >>> import tempfile
    >>> from graph.model import Topic
    >>> f = write_gexf(GraphBatch(topics=[Topic(id="t", name="Sprache")]), Path(tempfile.mkdtemp()) / "g.gexf")
    >>> 'label="Sprache"' in f.read_text()
    True

    Notes
    -----
    O(N + E); deterministic order as :func:`write_graphml`.
    """
    nodes, edges = _collect(_as_graph(G_or_batch))
    node_types, edge_types = _key_types(a for _, a in nodes), _key_types(a for _, _, a in edges)
    ET.register_namespace("", GEXF_NS)
    root = ET.Element(f"{{{GEXF_NS}}}gexf", {"version": "1.3"})
    meta = ET.SubElement(root, f"{{{GEXF_NS}}}meta")
    ET.SubElement(meta, f"{{{GEXF_NS}}}creator").text = "praevnet"
    graph = ET.SubElement(root, f"{{{GEXF_NS}}}graph", {"defaultedgetype": "directed", "mode": "static"})
    for cls, types in (("node", node_types), ("edge", edge_types)):
        el = ET.SubElement(graph, f"{{{GEXF_NS}}}attributes", {"class": cls, "mode": "static"})
        for name, typ in types.items():
            if cls == "node" and name == "label":
                continue  # the node's own label attribute
            ET.SubElement(el, f"{{{GEXF_NS}}}attribute", {"id": name, "title": name, "type": _ATTR_TYPES[typ]})
    nodes_el = ET.SubElement(graph, f"{{{GEXF_NS}}}nodes")
    for node_id, attrs in nodes:
        el = ET.SubElement(nodes_el, f"{{{GEXF_NS}}}node", {"id": node_id, "label": str(attrs.get("label", node_id))})
        values = ET.SubElement(el, f"{{{GEXF_NS}}}attvalues")
        for name in sorted(attrs):
            if name != "label":
                ET.SubElement(values, f"{{{GEXF_NS}}}attvalue", {"for": name, "value": _value_text(attrs[name], node_types[name])})
    edges_el = ET.SubElement(graph, f"{{{GEXF_NS}}}edges")
    for i, (u, v, attrs) in enumerate(edges):
        el = ET.SubElement(edges_el, f"{{{GEXF_NS}}}edge", {"id": f"e{i}", "source": u, "target": v,
                                                             "kind": str(attrs["type"]), "label": str(attrs["label"])})
        values = ET.SubElement(el, f"{{{GEXF_NS}}}attvalues")
        for name in sorted(attrs):
            ET.SubElement(values, f"{{{GEXF_NS}}}attvalue", {"for": name, "value": _value_text(attrs[name], edge_types[name])})
    return _write(root, path)
