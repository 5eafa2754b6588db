"""GraphML and GEXF (Gephi) network files, parsed safely with defusedxml.

Files praevnet wrote (:mod:`exporters.gephi`) carry each node's label in the attribute
``type`` and each edge's relation type in ``type``: they read back to the same batch.
Other files (drawn in Gephi, yEd, exported from other tools) are mapped like Kumu maps:
a node's type attribute (``type``, ``Typ``, ``kind``, ``category`` …) through
:func:`importers.network_vocab.element_type` (or ``mapping``), its name from ``label``/``name``,
attributes named like model fields kept; edges through :func:`importers.network_vocab.relation_for`,
so two actors become a cooperation unless the edge's type says membership or part-of.
Actors and offers with a position (``lon``/``lat``, or ``longitude``/``lng``/``laenge`` and
``latitude``/``breite``, WGS84) carry it as ``lon``/``lat``; Gephi's layout ``x``/``y``
are drawing positions, not places, and are ignored.

XML with entity declarations (billion laughs), external entities or DTD tricks is refused
before any expansion happens.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import defusedxml.ElementTree as DET
from defusedxml import DefusedXmlException
from xml.etree.ElementTree import Element, ParseError

from graph.model import ID_PATTERN, MODEL_BY_LABEL, ActorKind, Label, RelType
from importers.coords import CoordinateError, read_point
from importers.districts import slug_id
from importers.network_vocab import (
    KIND_SECTOR,
    Where,
    assemble,
    element_type,
    kinds_of,
    load_map_mapping,
    relation_for,
)
from importers.report import ImportReport, ParsedFile, SourceLocation, stops_early
from importers.tabular import Limits, read_checked

#: files larger than this are refused (bytes)
MAX_XML_BYTES = 100_000_000
LIST_SEPARATOR = ";"
TYPE_ATTRIBUTES = ("type", "typ", "kind", "category", "kategorie", "art", "label_type", "nodetype")
NAME_ATTRIBUTES = ("name", "label", "title", "titel", "bezeichnung")
LAT_ATTRIBUTES = ("lat", "latitude", "breite", "breitengrad")
LON_ATTRIBUTES = ("lon", "lng", "long", "longitude", "laenge", "laengengrad", "längengrad")
#: layout attributes written by Gephi and yEd: ignored without a warning
LAYOUT_ATTRIBUTES = {"x", "y", "z", "size", "r", "g", "b", "color", "weight", "id", "modularity_class",
                     "pageranks", "degree", "indegree", "outdegree", "betweenesscentrality", "closnesscentrality"}
_VALID_ID = re.compile(ID_PATTERN)
_GENERATED_ID = re.compile(r"^[nN]?\d+$")

MSG_ENTITIES = (
    "Die XML-Datei definiert eigene Entitäten oder verweist auf externe Inhalte ({detail}); solche Dateien "
    "werden aus Sicherheitsgründen nicht gelesen (Schutz vor „Billion Laughs“ und externen Entitäten)."
)
MSG_MALFORMED = "Die Datei ist kein wohlgeformtes XML: {error} (Zeile {line}, Spalte {col})."
MSG_TOO_DEEP = "Die Datei ist zu tief verschachtelt oder zu groß, um sie als XML zu lesen."
MSG_NOT_GRAPH = "Die Datei ist weder GraphML noch GEXF (Wurzelelement „{root}“)."
MSG_NO_GRAPH = "Die Datei enthält keinen Graphen (kein Element „graph“)."
MSG_NO_NODES = "Der Graph enthält keine Knoten."
MSG_NODE_NO_ID = "Knoten Nr. {n} hat keine ID."
MSG_DUPLICATE = "Knoten Nr. {n}: die ID „{id}“ hatte schon Knoten Nr. {first}."
MSG_BAD_ID = "Knoten Nr. {n}: aus „{value}“ lässt sich keine gültige ID bilden."
MSG_NO_NAME = "Knoten „{id}“ (Nr. {n}) hat keinen Namen (Attribut „label“ oder „name“)."
MSG_PERSON = "Knoten „{id}“ ist eine Person; Personen sind nicht Teil des Netzwerkmodells."
MSG_UNKNOWN_TYPE = "Knoten „{id}“: der Typ „{value}“ ist unbekannt; übernommen als Akteur (sonstige)."
MSG_UNKNOWN_ATTRIBUTE = "Das Attribut „{name}“ ist unbekannt und wird nicht übernommen."
MSG_EDGE_END = "Kante Nr. {n} verweist auf den Knoten „{id}“, den es nicht gibt."
MSG_NO_RELATION = "Kante Nr. {n} ({src} → {dst}) hat in praevnet keine Bedeutung und wird nicht übernommen."
MSG_BAD_POINT = "Knoten „{id}“: {problem} Der Knoten wird ohne Koordinaten übernommen."


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(el: Element, name: str) -> list[Element]:
    return [c for c in el if _local(c.tag) == name]


def _parse(path: Path, report: ImportReport) -> Element | None:
    raw = read_checked(path, report, Limits(max_bytes=MAX_XML_BYTES))
    if raw is None:
        return None
    try:
        return DET.fromstring(raw, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as e:
        report.error(MSG_ENTITIES.format(detail=type(e).__name__))
    except ParseError as e:
        line, col = getattr(e, "position", (None, None))
        report.error(MSG_MALFORMED.format(error=_german_xml_error(str(e)), line=line, col=col), row=line)
    except (RecursionError, MemoryError):  # deeper or larger than the parser follows: an error, never a crash
        report.error(MSG_TOO_DEEP)
    return None


#: expat's English complaint (its start) -> German
_XML_ERRORS = {
    "not well-formed": "ein unzulässiges Zeichen (etwa ein „<“ oder „&“ im Text)",
    "mismatched tag": "ein schließendes Element passt nicht zum geöffneten",
    "unclosed token": "ein Element wird nicht geschlossen",
    "no element found": "die Datei endet, bevor alle Elemente geschlossen sind",
    "junk after document element": "nach dem Ende des Dokuments folgt weiterer Text",
    "undefined entity": "eine unbekannte Entität (&…;)",
    "duplicate attribute": "ein Attribut kommt in einem Element doppelt vor",
    "unbound prefix": "ein Namensraum-Präfix ist nicht erklärt",
    "syntax error": "ein Syntaxfehler",
}


def _german_xml_error(message: str) -> str:
    """What expat's English ``message`` means, in German (never the English text)."""
    return next((german for english, german in _XML_ERRORS.items() if message.startswith(english)),
                "ein Fehler im Aufbau")


RawNode = tuple[str, dict[str, str]]
RawEdge = tuple[str, str, dict[str, str]]


def _graphml(root: Element, report: ImportReport) -> tuple[list[RawNode], list[RawEdge]] | None:
    keys: dict[str, tuple[str, str | None]] = {}
    defaults: dict[str, dict[str, str]] = {"node": {}, "edge": {}}
    for key in _children(root, "key"):
        name = key.get("attr.name") or key.get("id", "")
        keys[key.get("id", "")] = (name, key.get("for"))
        default = _children(key, "default")
        if default and default[0].text is not None and key.get("for") in defaults:
            defaults[key.get("for", "")][name] = default[0].text
    graphs = _children(root, "graph")
    if not graphs:
        report.error(MSG_NO_GRAPH)
        return None

    def data(el: Element, domain: str) -> dict[str, str]:
        out = dict(defaults[domain])
        for d in _children(el, "data"):
            name = keys.get(d.get("key", ""), (d.get("key", ""), None))[0]
            text = "".join(d.itertext()).strip()
            if text:
                out[name] = text
        return out

    nodes = [(n.get("id", ""), data(n, "node")) for n in _children(graphs[0], "node")]
    edges = [(e.get("source", ""), e.get("target", ""), data(e, "edge")) for e in _children(graphs[0], "edge")]
    return nodes, edges


def _gexf(root: Element, report: ImportReport) -> tuple[list[RawNode], list[RawEdge]] | None:
    graphs = _children(root, "graph")
    if not graphs:
        report.error(MSG_NO_GRAPH)
        return None
    graph = graphs[0]
    titles: dict[str, dict[str, str]] = {"node": {}, "edge": {}}
    defaults: dict[str, dict[str, str]] = {"node": {}, "edge": {}}
    for block in _children(graph, "attributes"):
        cls = block.get("class", "node")
        for att in _children(block, "attribute"):
            title = att.get("title") or att.get("id", "")
            titles.setdefault(cls, {})[att.get("id", "")] = title
            default = _children(att, "default")
            if default and default[0].text is not None:
                defaults.setdefault(cls, {})[title] = default[0].text

    def values(el: Element, cls: str) -> dict[str, str]:
        out = dict(defaults[cls])
        for block in _children(el, "attvalues"):
            for v in _children(block, "attvalue"):
                name = titles[cls].get(v.get("for") or v.get("id") or "", v.get("for") or "")
                if v.get("value") not in (None, ""):
                    out[name] = v.get("value", "")
        return out

    nodes = []
    for block in _children(graph, "nodes"):
        for n in _children(block, "node"):
            attrs = values(n, "node")
            if n.get("label"):
                attrs.setdefault("label", n.get("label", ""))
            nodes.append((n.get("id", ""), attrs))
    edges = []
    for block in _children(graph, "edges"):
        for e in _children(block, "edge"):
            attrs = values(e, "edge")
            for xml_attr in ("kind", "label"):
                if e.get(xml_attr):
                    attrs.setdefault("type", e.get(xml_attr, ""))
            edges.append((e.get("source", ""), e.get("target", ""), attrs))
    return nodes, edges


def _field_values(label: Label, attrs: Mapping[str, str]) -> dict[str, Any]:
    """Attributes named like fields of the label's model, lists split, relation fields left out."""
    model = MODEL_BY_LABEL[label]
    out: dict[str, Any] = {}
    for name, value in attrs.items():
        field = model.model_fields.get(name)
        if field is None or name in model.relation_fields or name in ("id", "lon", "lat"):
            continue
        if getattr(field.annotation, "__origin__", None) is list or "list[" in str(field.annotation):
            out[name] = [v.strip() for v in value.split(LIST_SEPARATOR) if v.strip()]
        else:
            out[name] = value
    return out


def _first(attrs: Mapping[str, str], names: tuple[str, ...]) -> tuple[str | None, str | None]:
    lowered = {k.lower(): k for k in attrs}
    for name in names:
        if name in lowered and attrs[lowered[name]].strip():
            return lowered[name], attrs[lowered[name]].strip()
    return None, None


def _point(attrs: Mapping[str, str], node_id: str, n: int, report: ImportReport) -> dict[str, float]:
    """``{"lon": …, "lat": …}`` from a node's position attributes (WGS84); empty without one."""
    lat_attr, lat = _first(attrs, LAT_ATTRIBUTES)
    lon_attr, lon = _first(attrs, LON_ATTRIBUTES)
    try:
        point = read_point(lon, lat)
    except CoordinateError as e:
        report.warning(MSG_BAD_POINT.format(id=node_id, problem=e), sheet="Knoten", row=n, column=lon_attr or lat_attr)
        return {}
    return {"lon": point[0], "lat": point[1]} if point else {}


def _kinds(mapping: Path | Mapping[str, str] | None, report: ImportReport) -> dict[str, str] | None:
    if mapping is None or isinstance(mapping, Mapping):
        return dict(mapping) if mapping else None
    return kinds_of(load_map_mapping(mapping, report))


@stops_early("graphml")
def read_gephi(path: Path, *, mapping: Path | Mapping[str, str] | None = None) -> ParsedFile:
    """Read a GraphML (``.graphml``) or GEXF (``.gexf``) network file into a batch.

    Parameters
    ----------
    path : Path
    mapping : Path or mapping, optional
        Node type -> actor kind: a table-import mapping file (its ``[values.kind]``) or a
        plain dict such as ``{"Träger": "welfare_org"}``; tried before the built-in table.

    Returns
    -------
    ParsedFile
        ``locations`` give each node's position in the file as ``row`` (sheet „Knoten“);
        actors and offers with ``lat``/``lon`` attributes carry them. Never raises on bad
        data: malformed XML and entity expansion are errors; an unreadable position is a
        warning (the node comes in without it).

    Examples
    --------
    >>> parsed = read_gephi(Path("tests/data/network.graphml"))
    >>> parsed.report.ok, len(parsed.batch.cooperations)
    (True, 1)

    Notes
    -----
    O(N + E). The format is recognised by the root element, not the file name.
    """
    report = ImportReport(file=path.name, format="graphml")
    result = ParsedFile(report=report)
    root = _parse(path, report)
    if root is None:
        return result
    kind = _local(root.tag).lower()
    if kind not in ("graphml", "gexf"):
        report.error(MSG_NOT_GRAPH.format(root=_local(root.tag)))
        return result
    report.format = kind
    raw = _graphml(root, report) if kind == "graphml" else _gexf(root, report)
    if raw is None:
        return result
    raw_nodes, raw_edges = raw
    if not raw_nodes:  # an empty network: nothing to import, nothing harmful either
        report.warning(MSG_NO_NODES, sheet="Knoten")
        return result
    kinds = _kinds(mapping, report)

    ids: dict[str, tuple[str, Label]] = {}
    first: dict[str, int] = {}
    nodes: list[tuple[str, Label, dict[str, Any], Where]] = []
    unknown_attributes: set[str] = set()
    for n, (xml_id, attrs) in enumerate(raw_nodes, start=1):
        if not xml_id:
            report.error(MSG_NODE_NO_ID.format(n=n), sheet="Knoten", row=n)
            continue
        _, name = _first(attrs, NAME_ATTRIBUTES)
        type_attr, type_value = _first(attrs, TYPE_ATTRIBUTES)
        own = type_value in Label._value2member_map_  # a file praevnet wrote: its ids are ours
        if not own and name and _GENERATED_ID.match(xml_id):  # "n0", "17": a tool's counter, not a stable id
            node_id = slug_id(name)
        elif _VALID_ID.match(xml_id) and len(xml_id) <= 200:
            node_id = xml_id
        else:
            node_id = slug_id(xml_id) or slug_id(name or "")
        if not node_id:
            report.error(MSG_BAD_ID.format(n=n, value=xml_id), sheet="Knoten", row=n)
            continue
        if node_id in first:
            report.error(MSG_DUPLICATE.format(n=n, id=node_id, first=first[node_id]), sheet="Knoten", row=n)
            continue
        meaning = element_type(type_value, kinds)
        if meaning is None:
            report.warning(MSG_PERSON.format(id=xml_id), sheet="Knoten", row=n, column=type_attr)
            continue
        label, actor_kind = meaning
        props = _field_values(label, attrs)
        if label in (Label.ACTOR, Label.OFFER):
            props.update(_point(attrs, xml_id, n, report))
        if not own:  # a foreign file: fill name, kind, sector
            if label == Label.ACTOR:
                if actor_kind is None:
                    report.warning(MSG_UNKNOWN_TYPE.format(id=xml_id, value=type_value), sheet="Knoten", row=n, column=type_attr)
                    actor_kind = ActorKind.OTHER.value
                props["kind"] = actor_kind
                props.setdefault("sector", KIND_SECTOR.get(actor_kind, "unknown"))
            if label in (Label.ACTOR, Label.OFFER):
                props.setdefault("source", f"{path.name}, Knoten „{xml_id}“")
            known = set(MODEL_BY_LABEL[label].model_fields) | {a for a in attrs if a.lower() in
                                                              TYPE_ATTRIBUTES + NAME_ATTRIBUTES + LAT_ATTRIBUTES + LON_ATTRIBUTES}
            unknown_attributes |= {a for a in attrs if a not in known and a.lower() not in LAYOUT_ATTRIBUTES}
        title_field = "title" if label == Label.OFFER else "name"
        if name and not props.get(title_field):
            props[title_field] = name
        if not props.get(title_field):
            report.error(MSG_NO_NAME.format(id=xml_id, n=n), sheet="Knoten", row=n)
            continue
        props["id"] = node_id
        first[node_id] = n
        ids[xml_id] = (node_id, label)
        nodes.append((node_id, label, props, Where(sheet="Knoten", row=n, name=str(props[title_field]))))
        result.locations[node_id] = SourceLocation(sheet="Knoten", row=n)
    for name in sorted(unknown_attributes):
        report.warning(MSG_UNKNOWN_ATTRIBUTE.format(name=name), sheet="Knoten", column=name)

    edges = []
    for n, (source, target, attrs) in enumerate(raw_edges, start=1):
        ends = []
        for end in (source, target):
            if end not in ids:
                if end not in {x for x, _ in raw_nodes}:
                    report.error(MSG_EDGE_END.format(n=n, id=end), sheet="Kanten", row=n)
                ends.append(None)
            else:
                ends.append(ids[end])
        if ends[0] is None or ends[1] is None:
            continue
        (s, s_label), (t, t_label) = ends
        _, type_value = _first(attrs, TYPE_ATTRIBUTES)
        relation = relation_for(s, s_label, t, t_label, type_value)
        if relation is None:
            if type_value != RelType.NEXT.value:
                report.warning(MSG_NO_RELATION.format(n=n, src=s_label.value, dst=t_label.value), sheet="Kanten", row=n)
            continue
        src, dst, rel, props = relation
        allowed = {RelType.PROVIDES: {"role"}, RelType.MEMBER_OF: {"role"},
                   RelType.COOPERATES_WITH: {"kind", "formal", "since", "note", "source"}}.get(rel, set())
        props.update({k: v for k, v in attrs.items() if k in allowed})
        if rel == RelType.COOPERATES_WITH and "formal" in props:
            props["formal"] = str(props["formal"]).lower() in ("true", "1", "yes", "ja")
        edges.append((src, dst, rel, props, Where(sheet="Kanten", row=n)))
    result.batch = assemble(nodes, edges, report)
    return result
