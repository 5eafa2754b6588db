"""Kumu workbooks: sheets „Elements“ and „Connections“ into the graph.

Kumu exports a map as an XLSX workbook: one row per element (``Label``, ``Type``,
``Description``, ``Tags`` …) and one per connection (``From``, ``To``, ``Type`` …),
connections naming elements by label (or by ``ID`` when the elements have one).
Coordinate columns of elements give actors and offers their WGS84 ``lon``/``lat``
(:mod:`importers.kumu_points`); Kumu's own layout columns ``x``/``y`` are ignored.

Element types become our labels and actor kinds through ``[values.kind]`` of the mapping
file the table importer uses (:func:`importers.mapping.load_mapping`), else through the
built-in German/English vocabulary of network maps (:mod:`importers.network_vocab`, shared
with the GraphML/GEXF reader), which also says what a connection means.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from pathlib import Path
from typing import Any

from graph.model import ActorKind, Label, RelType
from importers.kumu_points import PointSource, has_point, point_sources, read_element_point
from importers.network_vocab import (  # re-exported: the vocabulary began here
    KIND_SECTOR,
    PERSON_TYPES,
    TYPE_KINDS,
    TYPE_LABELS,
    Where,
    assemble,
    element_type,
    given_fields,
    kinds_of,
    load_map_mapping,
    relation_for,
)
from importers.report import ImportReport, ParsedFile, SourceLocation, stops_early
from importers.tabular import (
    DEFAULT_LIMITS,
    CellError,
    Limits,
    clean_text,
    normalise_key,
    parse_date,
    read_xlsx,
    slug,
    split_list,
)

__all__ = [
    "KIND_SECTOR", "PERSON_TYPES", "TYPE_KINDS", "TYPE_LABELS", "PointSource", "Where", "assemble", "element_type",
    "given_fields", "has_point", "point_sources", "read_element_point", "read_kumu", "relation_for",
]

ELEMENT_SHEETS = ("elements", "elemente")
CONNECTION_SHEETS = ("connections", "verbindungen", "beziehungen")
#: element columns (normalised header -> field)
ELEMENT_COLUMNS = {
    "label": "label", "name": "label", "bezeichnung": "label", "id": "id", "type": "type", "typ": "type",
    "element type": "type", "description": "description", "beschreibung": "description", "tags": "tags",
    "schlagworte": "tags", "website": "website", "url": "website", "webseite": "website", "address": "address",
    "adresse": "address", "anschrift": "address", "short name": "short_name", "kurzname": "short_name",
    "abkuerzung": "short_name", "last verified": "last_verified", "zuletzt geprueft": "last_verified",
    "stand": "last_verified",
}
CONNECTION_COLUMNS = {
    "from": "from", "von": "from", "to": "to", "nach": "to", "an": "to", "zu": "to", "type": "type",
    "typ": "type", "connection type": "type", "art": "type", "description": "note", "beschreibung": "note",
    "notiz": "note", "label": "note", "since": "since", "seit": "since", "direction": "ignore",
    "richtung": "ignore", "strength": "ignore", "staerke": "ignore", "id": "ignore",
}
#: Kumu layout and styling columns: read by Kumu, meaningless here, ignored without a warning
IGNORED_COLUMNS = {"image", "bild", "color", "farbe", "size", "groesse", "x", "y", "layout", "shape", "form"}

MSG_NO_ELEMENTS = "Das Blatt „Elements“ (Elemente) fehlt; vorhanden sind: {available}."
MSG_NO_CONNECTIONS = "Das Blatt „Connections“ (Verbindungen) fehlt; es werden nur Elemente übernommen."
MSG_MISSING_COLUMN = "Die Pflichtspalte „{column}“ fehlt; vorhanden sind: {available}."
MSG_UNKNOWN_COLUMN = "Die Spalte „{column}“ ist unbekannt und wird nicht übernommen."
MSG_NO_ROWS = "Das Blatt enthält keine Elemente."
MSG_EMPTY_LABEL = "Das Element hat keinen Namen (Spalte „Label“)."
MSG_BAD_ID = "Aus „{value}“ lässt sich keine gültige ID bilden."
MSG_DUPLICATE = "Das Element „{label}“ (ID „{id}“) gibt es schon in Zeile {first}."
MSG_PERSON = "Personen („{label}“) sind nicht Teil des Netzwerkmodells und werden nicht übernommen."
MSG_UNKNOWN_TYPE = "Der Typ „{value}“ ist unbekannt; „{label}“ wird als Akteur (sonstige) übernommen."
MSG_UNKNOWN_END = "„{value}“ ist kein Element des Blatts „Elements“."
MSG_NO_RELATION = "Eine Verbindung von {src} zu {dst} hat in praevnet keine Bedeutung und wird nicht übernommen."
MSG_LAST_VERIFIED = "„{value}“ ist kein Datum; „zuletzt geprüft“ bleibt leer."
MSG_POINT_NOT_KEPT = (
    "Koordinaten werden nur für Akteure und Angebote übernommen; die von „{label}“ und allen weiteren "
    "Themen, Sozialräumen, Lebensphasen und Übergängen entfallen."
)

LABEL_DE = {"Actor": "einem Akteur", "Offer": "einem Angebot", "Topic": "einem Thema", "District": "einem Sozialraum",
            "LifePhase": "einer Lebensphase", "Transition": "einem Übergang"}


def _find_sheet(sheets: Mapping[str, Any], names: tuple[str, ...]) -> str | None:
    return next((n for n in sheets if normalise_key(n) in names), None)


def _columns(sheet: Any, known: Mapping[str, str], required: Sequence[str], report: ImportReport,
             used_elsewhere: Collection[str] = ()) -> dict[str, int] | None:
    cols: dict[str, int] = {}
    for i, header in enumerate(sheet.headers):
        key = normalise_key(str(header or ""))
        if key in known:
            cols.setdefault(known[key], i)
        elif key and key not in IGNORED_COLUMNS and header not in used_elsewhere:
            report.warning(MSG_UNKNOWN_COLUMN.format(column=header), sheet=sheet.name, row=sheet.header_row, column=str(header))
    missing = [c for c in required if c not in cols]
    for column in missing:
        available = ", ".join(f"„{h}“" for h in sheet.headers if h) or "keine"
        report.error(MSG_MISSING_COLUMN.format(column=column.capitalize(), available=available),
                     sheet=sheet.name, row=sheet.header_row, column=column.capitalize())
    return None if missing else cols


@stops_early("kumu")
def read_kumu(path: Path, *, mapping: Path | None = None, limits: Limits = DEFAULT_LIMITS) -> ParsedFile:
    """Read a Kumu workbook (sheets „Elements“ and „Connections“) into a batch.

    Parameters
    ----------
    path : Path
        The ``.xlsx`` file Kumu exported (or one written by hand in its shape).
    mapping : Path, optional
        A table-import mapping file; its ``[values.kind]`` maps element types to actor
        kinds before the built-in table, its ``[coordinates]`` (x, y, crs) names the
        columns of the elements' points (instead of finding them by their headers).
    limits : Limits
        File size and zip-bomb limits (those of the table importer).

    Returns
    -------
    ParsedFile
        Ids are the ``ID`` column when present, else derived from the label; records
        keep ``source`` (file, sheet, row); actors and offers keep the point of their
        coordinate columns as WGS84 ``lon``/``lat`` (see :func:`point_sources`), an
        unreadable point is a warning. Never raises on bad data.

    Examples
    --------
    >>> parsed = read_kumu(Path("tests/data/kumu.xlsx"))
    >>> parsed.report.ok, sorted(a.id for a in parsed.batch.actors)[:2]
    (True, ['ag-uebergang-kita-schule', 'awo-ortsverein-nord'])
    """
    report = ImportReport(file=path.name, format="kumu")
    table_mapping = load_map_mapping(mapping, report)
    if not report.ok:
        return ParsedFile(report=report)
    kinds = kinds_of(table_mapping)
    sheets = read_xlsx(path, report, limits=limits)
    if sheets is None:
        return ParsedFile(report=report)
    el_name = _find_sheet(sheets, ELEMENT_SHEETS)
    if el_name is None:
        report.error(MSG_NO_ELEMENTS.format(available=", ".join(f"„{n}“" for n in sheets) or "keine"), sheet="Elements")
        return ParsedFile(report=report)
    elements = sheets[el_name]
    sources = point_sources(elements, report, spec=table_mapping.coordinates if table_mapping else None,
                            mapping_name=mapping.name if mapping else "Zuordnung")
    cols = _columns(elements, ELEMENT_COLUMNS, ["label"], report,
                    used_elsewhere={h for s in sources or [] for h in s.headers()})
    if cols is None or sources is None:
        return ParsedFile(report=report)
    if not elements.rows:
        report.error(MSG_NO_ROWS, sheet=el_name)
        return ParsedFile(report=report)

    def cell(values: list[Any], field: str) -> Any:
        return values[cols[field]] if field in cols else None

    nodes: list[tuple[str, Label, dict[str, Any], Where]] = []
    by_key: dict[str, tuple[str, Label]] = {}  # id, label and normalised label -> node
    first: dict[str, int] = {}
    locations: dict[str, SourceLocation] = {}
    tag_topics: dict[str, str] = {}
    points_dropped = False
    for row, values in elements.rows:
        label = clean_text(cell(values, "label"))
        if not label:
            report.error(MSG_EMPTY_LABEL, sheet=el_name, row=row, column="Label")
            continue
        raw_type = clean_text(cell(values, "type"))
        meaning = element_type(raw_type, kinds)
        if meaning is None:
            report.warning(MSG_PERSON.format(label=label), sheet=el_name, row=row, column="Type")
            continue
        node_label, kind = meaning
        if node_label == Label.ACTOR and kind is None:
            report.warning(MSG_UNKNOWN_TYPE.format(value=raw_type, label=label), sheet=el_name, row=row, column="Type")
            kind = ActorKind.OTHER.value
        raw_id = clean_text(cell(values, "id"))
        node_id = slug(raw_id) if raw_id else slug(label)
        if not node_id:
            report.error(MSG_BAD_ID.format(value=raw_id or label), sheet=el_name, row=row, column="ID" if raw_id else "Label")
            continue
        if node_id in first:
            report.error(MSG_DUPLICATE.format(label=label, id=node_id, first=first[node_id]), sheet=el_name, row=row, column="Label")
            continue
        first[node_id] = row
        source = f"{path.name}, Blatt {el_name}, Zeile {row}"  # as importers.mapping writes it
        description = clean_text(cell(values, "description"))
        tags = split_list(cell(values, "tags"), "|;,")
        props: dict[str, Any] = {"id": node_id}
        if node_label == Label.ACTOR:
            props.update(name=label, kind=kind, sector=KIND_SECTOR.get(kind or "", "unknown"), description=description,
                         short_name=clean_text(cell(values, "short_name")), website=clean_text(cell(values, "website")),
                         address=clean_text(cell(values, "address")), source=source)
        elif node_label == Label.OFFER:
            props.update(title=label, description=description, source=source)
        elif node_label == Label.TOPIC:
            props.update(name=label, description=description)
        else:
            props.update(name=label)
        if node_label in (Label.ACTOR, Label.OFFER):
            point = read_element_point(values, sources, report, sheet=el_name, row=row)
            if point is not None:
                props["lon"], props["lat"] = point
        elif not points_dropped and (source := has_point(values, sources)) is not None:
            report.warning(MSG_POINT_NOT_KEPT.format(label=label), sheet=el_name, row=row, column=source.x_header)
            points_dropped = True
        if node_label in (Label.ACTOR, Label.OFFER) and cell(values, "last_verified") is not None:
            try:
                props["last_verified"] = parse_date(cell(values, "last_verified"))
            except CellError:
                report.warning(MSG_LAST_VERIFIED.format(value=cell(values, "last_verified")), sheet=el_name, row=row)
        if tags and (node_label == Label.OFFER or kind == ActorKind.COMMITTEE.value):
            ids = [slug(t) for t in tags if slug(t)]
            tag_topics.update({slug(t): t for t in tags if slug(t)})
            props["topics" if node_label == Label.OFFER else "mandate_topics"] = ids
        nodes.append((node_id, node_label, {k: v for k, v in props.items() if v is not None},
                      Where(sheet=el_name, row=row, name=label)))
        locations[node_id] = SourceLocation(sheet=el_name, row=row)
        for key in {node_id, raw_id or "", label, normalise_key(label)} - {""}:
            by_key.setdefault(key, (node_id, node_label))

    # topics named only as tags become topics of their own
    known = {n[0] for n in nodes}
    for topic_id, name in sorted(tag_topics.items()):
        if topic_id not in known:
            nodes.append((topic_id, Label.TOPIC, {"id": topic_id, "name": name}, Where(name=name)))
    edges = _read_connections(path, sheets, by_key, report)
    offer_topics = [(n[0], t) for n in nodes if n[1] == Label.OFFER for t in n[2].pop("topics", [])]
    edges += [(o, t, RelType.ADDRESSES, {}, Where()) for o, t in offer_topics]
    batch = assemble(nodes, edges, report)
    return ParsedFile(batch=batch, report=report, locations=locations)


def _read_connections(path: Path, sheets: Mapping[str, Any], by_key: Mapping[str, tuple[str, Label]],
                      report: ImportReport) -> list[tuple[str, str, RelType, dict[str, Any], Where]]:
    name = _find_sheet(sheets, CONNECTION_SHEETS)
    if name is None:
        report.warning(MSG_NO_CONNECTIONS, sheet="Connections")
        return []
    sheet = sheets[name]
    cols = _columns(sheet, CONNECTION_COLUMNS, ["from", "to"], report)
    if cols is None:
        return []
    edges = []
    for row, values in sheet.rows:
        ends = []
        for field, header in (("from", "From"), ("to", "To")):
            text = clean_text(values[cols[field]])
            node = by_key.get(text or "") or by_key.get(normalise_key(text or ""))
            if node is None:
                report.error(MSG_UNKNOWN_END.format(value=text or ""), sheet=name, row=row, column=header)
            ends.append(node)
        if ends[0] is None or ends[1] is None:
            continue
        (s, s_label), (t, t_label) = ends
        type_text = clean_text(values[cols["type"]]) if "type" in cols else None
        relation = relation_for(s, s_label, t, t_label, type_text)
        if relation is None:
            report.warning(MSG_NO_RELATION.format(src=LABEL_DE[s_label], dst=LABEL_DE[t_label]), sheet=name, row=row)
            continue
        src, dst, rel, props = relation
        if rel == RelType.COOPERATES_WITH:
            props["source"] = f"{path.name}, Blatt {name}, Zeile {row}"
            if "note" in cols and clean_text(values[cols["note"]]):
                props["note"] = clean_text(values[cols["note"]])
            if "since" in cols and values[cols["since"]] is not None:
                try:
                    props["since"] = parse_date(values[cols["since"]])
                except CellError as e:
                    report.warning(str(e), sheet=name, row=row, column="Since")
        if rel == RelType.MEMBER_OF and type_text and normalise_key(type_text) not in ("mitglied", "member", "membership"):
            props["role"] = type_text
        edges.append((src, dst, rel, props, Where(sheet=name, row=row)))
    return edges
