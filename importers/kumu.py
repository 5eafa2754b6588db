"""Kumu workbooks (sheets „Elements“ and „Connections“) and the vocabulary of network maps.

Kumu exports a map as an XLSX workbook: one row per element (``Label``, ``Type``,
``Description``, ``Tags`` …) and one per connection (``From``, ``To``, ``Type`` …),
connections naming elements by label (or by ``ID`` when the elements have one).
Coordinate columns of elements (``Latitude``/``Longitude``, ``Lat``/``Lng``,
``Breitengrad``/``Längengrad``, or ``Rechtswert``/``Hochwert``, ``East``/``North`` in metres)
give actors and offers their WGS84 ``lon``/``lat`` (:func:`point_sources`); Kumu's own
layout columns ``x``/``y`` are screen positions and ignored.

Element types become our labels and actor kinds: through ``[values.kind]`` of the mapping
file the table importer uses (:func:`importers.mapping.load_mapping`), else through the
built-in German/English table :data:`TYPE_KINDS` (``Schule``/``School`` → school,
``Angebot``/``Program`` → an offer, ``Thema`` → a topic, ``Stadtteil`` → a district …).
Connections become cooperations, memberships, PART_OF, PROVIDES and an offer's topics and
districts according to the types of their ends (:func:`relation_for`). The GraphML/GEXF
reader (:mod:`importers.graphml`) uses the same vocabulary for foreign network files.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from graph.errors import InvalidData
from graph.model import MODEL_BY_LABEL, ActorKind, GraphBatch, Label, RelType
from graph.projection import batch_from_rows
from importers.coords import (
    EMPTY_WORDS,
    UTM32N,
    WGS84,
    CoordinateError,
    coordinate_role,
    crs_from_cell,
    find_point_columns,
    guess_crs,
    is_geographic,
    parse_coordinate,
    read_point,
)
from importers.mapping_apply import MSG_NO_POINT
from importers.report import ImportReport, ParsedFile, SourceLocation
from importers.tabular import (
    DEFAULT_LIMITS,
    CellError,
    Limits,
    Sheet,
    clean_text,
    normalise_key,
    parse_date,
    read_xlsx,
    slug,
    split_list,
)

if TYPE_CHECKING:
    from importers.mapping_format import CoordinatesSpec, TableMapping

#: built-in element types (normalised as :func:`importers.tabular.normalise_key`) -> label
TYPE_LABELS: dict[str, Label] = {
    **dict.fromkeys(["angebot", "angebote", "massnahme", "programm", "program", "programme", "project", "projekt",
                     "service", "offer", "kurs", "course", "beratung", "counselling", "counseling"], Label.OFFER),
    **dict.fromkeys(["thema", "themen", "querschnittsthema", "topic", "issue", "theme"], Label.TOPIC),
    **dict.fromkeys(["sozialraum", "stadtteil", "quartier", "stadtbezirk", "bezirk", "district", "neighbourhood",
                     "neighborhood", "area", "region"], Label.DISTRICT),
}
#: built-in element types -> actor kind (German and English, normalised)
TYPE_KINDS: dict[str, ActorKind] = {
    **dict.fromkeys(["verwaltung", "stadtverwaltung", "dezernat", "administration", "government", "kommune",
                     "municipality", "city"], ActorKind.ADMINISTRATION),
    **dict.fromkeys(["amt", "fachbereich", "fachdienst", "abteilung", "behoerde", "department", "agency unit",
                     "jugendamt", "sozialamt", "gesundheitsamt", "schulamt"], ActorKind.DEPARTMENT),
    **dict.fromkeys(["wohlfahrtsverband", "traeger", "freier traeger", "welfare", "welfare organisation",
                     "welfare organization", "ngo", "nonprofit", "non profit", "charity", "verband"], ActorKind.WELFARE_ORG),
    **dict.fromkeys(["schule", "grundschule", "gesamtschule", "gymnasium", "realschule", "foerderschule",
                     "school"], ActorKind.SCHOOL),
    **dict.fromkeys(["kita", "kindertageseinrichtung", "kindergarten", "krippe", "daycare", "day care",
                     "nursery"], ActorKind.KITA),
    **dict.fromkeys(["familienzentrum", "family centre", "family center"], ActorKind.FAMILY_CENTRE),
    **dict.fromkeys(["verein", "sportverein", "club", "association"], ActorKind.CLUB),
    **dict.fromkeys(["kirche", "kirchengemeinde", "gemeinde", "moschee", "church", "parish",
                     "religious community"], ActorKind.CHURCH),
    **dict.fromkeys(["jobcenter", "agentur", "agentur fuer arbeit", "agency"], ActorKind.AGENCY),
    **dict.fromkeys(["gesundheit", "arzt", "arztpraxis", "hebamme", "klinik", "krankenhaus", "health",
                     "doctor", "clinic", "hospital", "midwife"], ActorKind.HEALTH),
    **dict.fromkeys(["bildung", "bildungstraeger", "vhs", "volkshochschule", "bibliothek", "musikschule",
                     "familienbildung", "education", "library"], ActorKind.EDUCATION),
    **dict.fromkeys(["ag", "arbeitsgruppe", "arbeitskreis", "gremium", "netzwerk", "planungsgruppe",
                     "lenkungsgruppe", "beirat", "runder tisch", "committee", "working group", "network",
                     "board", "steering group"], ActorKind.COMMITTEE),
    **dict.fromkeys(["initiative", "elterninitiative", "buergerinitiative", "grassroots"], ActorKind.INITIATIVE),
    **dict.fromkeys(["organisation", "organization", "akteur", "actor", "sonstige", "other", "unternehmen",
                     "company"], ActorKind.OTHER),
}
#: element types that are people: not part of the model (and not to be stored: data protection)
PERSON_TYPES = frozenset({"person", "personen", "people", "mitarbeiter", "mitarbeiterin", "individual", "kontakt"})

KIND_SECTOR = {
    "administration": "public", "department": "public", "agency": "public", "school": "public",
    "welfare_org": "free_welfare", "kita": "free_welfare", "family_centre": "free_welfare",
    "club": "civil_society", "church": "civil_society", "initiative": "civil_society",
}

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
MSG_BAD_MAPPING = "Die Zuordnung „{name}“ ist fehlerhaft: {error}"
MSG_UNKNOWN_END = "„{value}“ ist kein Element des Blatts „Elements“."
MSG_NO_RELATION = "Eine Verbindung von {src} zu {dst} hat in praevnet keine Bedeutung und wird nicht übernommen."
MSG_SELF = "Die Verbindung führt von „{value}“ zu sich selbst und wird nicht übernommen."
MSG_DUPLICATE_LINK = "Die Verbindung {src} – {dst} steht schon in Zeile {first}; sie wird nur einmal übernommen."
MSG_SECOND_PARENT = "„{src}“ hat schon „{first}“ als übergeordnetes Element; „{dst}“ wird nicht übernommen."
MSG_INVALID = "„{label}“ ist ungültig: {error}"
MSG_LAST_VERIFIED = "„{value}“ ist kein Datum; „zuletzt geprüft“ bleibt leer."
MSG_POINT_NOT_KEPT = (
    "Koordinaten werden nur für Akteure und Angebote übernommen; die von „{label}“ und allen weiteren "
    "Themen, Sozialräumen, Lebensphasen und Übergängen entfallen."
)
MSG_MAPPING_COLUMN = (
    "Die Zuordnung „{name}“ nennt unter [coordinates] die Spalte „{column}“, die es im Blatt „{sheet}“ "
    "nicht gibt; vorhanden sind: {available}."
)

LABEL_DE = {"Actor": "einem Akteur", "Offer": "einem Angebot", "Topic": "einem Thema", "District": "einem Sozialraum",
            "LifePhase": "einer Lebensphase", "Transition": "einem Übergang"}


def element_type(raw: str | None, kinds: Mapping[str, str] | None = None) -> tuple[Label, str | None] | None:
    """What an element type means here: ``(label, actor kind or None)``; ``None`` for people.

    ``kinds`` (a mapping file's ``[values.kind]``) is tried first, then the built-in tables;
    an unknown type gives ``(Label.ACTOR, None)`` (the caller warns and uses ``other``).

    Examples
    --------
    >>> element_type("Grundschule"), element_type("Angebot"), element_type("Person")
    ((<Label.ACTOR: 'Actor'>, 'school'), (<Label.OFFER: 'Offer'>, None), None)
    >>> element_type("Träger", {"Träger": "welfare_org"})
    (<Label.ACTOR: 'Actor'>, 'welfare_org')
    """
    text = (raw or "").strip()
    if not text:
        return Label.ACTOR, ActorKind.OTHER.value
    if kinds:
        mapped = kinds.get(text)
        if mapped is None:
            key = normalise_key(text)
            mapped = next((v for k, v in kinds.items() if normalise_key(k) == key), None)
        if isinstance(mapped, str) and mapped in ActorKind._value2member_map_:
            return Label.ACTOR, mapped
    if text in Label._value2member_map_:
        return Label(text), None
    if text in ActorKind._value2member_map_:
        return Label.ACTOR, text
    key = normalise_key(text)
    if key in PERSON_TYPES:
        return None
    if key in TYPE_LABELS:
        return TYPE_LABELS[key], None
    if key in TYPE_KINDS:
        return Label.ACTOR, TYPE_KINDS[key].value
    return Label.ACTOR, None


def _cooperation_kind(key: str) -> tuple[str, bool]:
    if any(w in key for w in ("vertrag", "vereinbarung", "formal", "agreement", "contract")):
        return "formal_agreement", True
    if any(w in key for w in ("vermittl", "ueberleit", "referral", "verweis")):
        return "referral", False
    if any(w in key for w in ("gemeinsam", "shared", "joint")):
        return "shared_offer", False
    return "informal", False


def relation_for(source: str, src_label: Label, target: str, dst_label: Label,
                 type_text: str | None = None) -> tuple[str, str, RelType, dict[str, Any]] | None:
    """The praevnet relation a map's connection stands for, oriented as the model wants it.

    Returns ``(source, target, RelType, properties)`` or ``None`` when the ends' types
    allow none (e.g. topic to topic).

    Examples
    --------
    >>> relation_for("kurs", Label.OFFER, "awo", Label.ACTOR)
    ('awo', 'kurs', <RelType.PROVIDES: 'PROVIDES'>, {'role': 'lead'})
    >>> relation_for("awo", Label.ACTOR, "ag", Label.ACTOR, "Mitglied")[2]
    <RelType.MEMBER_OF: 'MEMBER_OF'>
    """
    key = normalise_key(type_text or "")
    if type_text in RelType._value2member_map_:
        return source, target, RelType(type_text), {}
    ends = (src_label, dst_label)
    if ends == (Label.ACTOR, Label.ACTOR):
        if any(w in key for w in ("mitglied", "member", "teilnahme", "participat")):
            return source, target, RelType.MEMBER_OF, {}
        if any(w in key for w in ("teil von", "part of", "gehoert zu", "untergeordnet", "parent", "traegerschaft")):
            return source, target, RelType.PART_OF, {}
        kind, formal = _cooperation_kind(key)
        return source, target, RelType.COOPERATES_WITH, {"kind": kind, "formal": formal}
    role = {"role": "partner" if "partner" in key else "lead"}
    by_ends = {
        (Label.ACTOR, Label.OFFER): (source, target, RelType.PROVIDES, role),
        (Label.OFFER, Label.ACTOR): (target, source, RelType.PROVIDES, role),
        (Label.OFFER, Label.TOPIC): (source, target, RelType.ADDRESSES, {}),
        (Label.TOPIC, Label.OFFER): (target, source, RelType.ADDRESSES, {}),
        (Label.OFFER, Label.DISTRICT): (source, target, RelType.IN_DISTRICT, {}),
        (Label.DISTRICT, Label.OFFER): (target, source, RelType.IN_DISTRICT, {}),
        (Label.ACTOR, Label.DISTRICT): (source, target, RelType.LOCATED_IN, {}),
        (Label.DISTRICT, Label.ACTOR): (target, source, RelType.LOCATED_IN, {}),
        (Label.DISTRICT, Label.DISTRICT): (source, target, RelType.PART_OF, {}),
        (Label.OFFER, Label.LIFE_PHASE): (source, target, RelType.FOR_PHASE, {}),
        (Label.OFFER, Label.TRANSITION): (source, target, RelType.BRIDGES, {}),
    }
    return by_ends.get(ends)


@dataclass
class Where:
    """Where a node or edge was read, for the report."""

    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    name: str = ""


SINGLE = {RelType.PART_OF, RelType.LOCATED_IN, RelType.FROM_PHASE, RelType.TO_PHASE}


def assemble(nodes: Sequence[tuple[str, Label, dict[str, Any], Where]],
             edges: Sequence[tuple[str, str, RelType, dict[str, Any], Where]],
             report: ImportReport) -> GraphBatch:
    """Validate nodes and relations of a network map and fold them into a batch.

    Invalid nodes are reported (error) and left out, with their relations; a second
    parent, a self-cooperation and a repeated cooperation are warnings and left out.
    """
    kept: dict[str, Label] = {}
    rows = []
    for node_id, label, props, where in nodes:
        model = MODEL_BY_LABEL[label]
        probe = {**props, **({"from_phase": "x", "to_phase": "x"} if label == Label.TRANSITION else {})}
        try:
            model.model_validate(probe)
        except ValidationError as e:
            error = "; ".join(f"{'.'.join(map(str, err['loc']))}: {err['msg']}" if err["loc"] else err["msg"] for err in e.errors())
            report.error(MSG_INVALID.format(label=where.name or node_id, error=error), sheet=where.sheet, row=where.row)
            continue
        kept[node_id] = label
        rows.append((node_id, label.value, props))
    edge_rows = []
    single_seen: dict[tuple[str, RelType], str] = {}
    pair_seen: dict[frozenset[str], int | None] = {}
    for s, t, rel, props, where in edges:
        if s not in kept or t not in kept:
            continue
        if rel == RelType.COOPERATES_WITH:
            if s == t:
                report.warning(MSG_SELF.format(value=s), sheet=where.sheet, row=where.row)
                continue
            pair = frozenset((s, t))
            if pair in pair_seen:
                report.warning(MSG_DUPLICATE_LINK.format(src=s, dst=t, first=pair_seen[pair]), sheet=where.sheet, row=where.row)
                continue
            pair_seen[pair] = where.row
        if rel in SINGLE:
            if (s, rel) in single_seen and single_seen[(s, rel)] != t:
                report.warning(MSG_SECOND_PARENT.format(src=s, first=single_seen[(s, rel)], dst=t), sheet=where.sheet, row=where.row)
                continue
            single_seen[(s, rel)] = t
        edge_rows.append((s, t, rel.value, props))
    for node_id, label in kept.items():
        if label == Label.TRANSITION and ((node_id, RelType.FROM_PHASE) not in single_seen or (node_id, RelType.TO_PHASE) not in single_seen):
            report.error(f"Der Übergang „{node_id}“ braucht eine Verbindung zu seiner Start- und Zielphase.")
            rows = [r for r in rows if r[0] != node_id]
    try:
        batch = batch_from_rows(rows, edge_rows)
    except ValidationError as e:
        report.error(MSG_INVALID.format(label="Netzwerk", error="; ".join(err["msg"] for err in e.errors())))
        return GraphBatch()
    return _only_given_fields(batch, given_fields(rows, edge_rows))


#: relation type -> (end that owns the field, field name)
RELATION_FIELDS: dict[RelType, tuple[int, str]] = {
    RelType.FOR_PHASE: (0, "phases"), RelType.BRIDGES: (0, "transitions"), RelType.ADDRESSES: (0, "topics"),
    RelType.IN_DISTRICT: (0, "districts"), RelType.PART_OF: (0, "part_of"), RelType.LOCATED_IN: (0, "district"),
    RelType.FROM_PHASE: (0, "from_phase"), RelType.TO_PHASE: (0, "to_phase"), RelType.PROVIDES: (1, "providers"),
}


def given_fields(rows: Sequence[tuple[str, str, dict[str, Any]]],
                 edge_rows: Sequence[tuple[str, str, str, dict[str, Any]]]) -> dict[str, set[str]]:
    """Per node id, the fields the map actually says something about.

    A network map carries only part of a record (a Kumu element has no age range, most
    have no coordinates). An import overlays what the map sets on what the store already
    holds (:func:`api.importing.overlay_on_store` reads ``model_fields_set``), so a
    re-imported map must not blank fields another source filled.

    >>> sorted(given_fields([("kurs", "Offer", {"id": "kurs", "title": "Kurs"})],
    ...                     [("awo", "kurs", "PROVIDES", {})])["kurs"])
    ['id', 'providers', 'title']
    """
    given = {node_id: set(props) | {"id"} for node_id, _, props in rows}
    for source, target, rel, _ in edge_rows:
        owner = RELATION_FIELDS.get(RelType(rel))
        if owner is not None:
            node = (source, target)[owner[0]]
            if node in given:
                given[node].add(owner[1])
    return given


def _only_given_fields(batch: GraphBatch, given: Mapping[str, set[str]]) -> GraphBatch:
    def trimmed(entity: Any) -> Any:
        keep = given.get(entity.id, set(entity.model_fields_set))
        return type(entity).model_validate(entity.model_dump(include=keep))

    return batch.model_copy(update={
        field: [trimmed(e) for e in getattr(batch, field)]
        for field in ("life_phases", "transitions", "topics", "districts", "actors", "offers")
    })


# -- the Kumu reader -----------------------------------------------------------------------


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


def _load_mapping(mapping: Path | None, report: ImportReport) -> TableMapping | None:
    if mapping is None:
        return None
    from importers.mapping import load_mapping  # lazy: only a mapping file needs it

    try:
        return load_mapping(mapping)
    except InvalidData as e:
        report.error(MSG_BAD_MAPPING.format(name=mapping.name, error=e))
        return None


def _kinds(table_mapping: TableMapping | None) -> dict[str, str] | None:
    if table_mapping is None:
        return None
    return {k: v for k, v in table_mapping.values.get("kind", {}).items() if isinstance(v, str)}


def _kinds_from_mapping(mapping: Path | None, report: ImportReport) -> dict[str, str] | None:
    return _kinds(_load_mapping(mapping, report))


# -- coordinates of elements ---------------------------------------------------------------


@dataclass(frozen=True)
class PointSource:
    """Two columns of an Elements sheet holding a point, and the system they are in."""

    x: int
    y: int
    x_header: str
    y_header: str
    crs: str
    """The system of every row, unless ``crs_column`` names another for a row."""
    crs_column: int | None = None
    crs_header: str | None = None

    def headers(self) -> list[str]:
        """The sheet's columns this source reads."""
        return [self.x_header, self.y_header] + ([self.crs_header] if self.crs_header else [])


def _header_index(headers: Sequence[str], name: str) -> int | None:
    if name in headers:
        return headers.index(name)
    key = normalise_key(name)
    return next((i for i, h in enumerate(headers) if normalise_key(str(h or "")) == key), None)


def point_sources(sheet: Sheet, report: ImportReport, *, spec: CoordinatesSpec | None = None,
                  mapping_name: str = "Zuordnung") -> list[PointSource] | None:
    """Where the elements of ``sheet`` carry coordinates, in the order they are tried per row.

    With ``spec`` (a mapping file's ``[coordinates]``) exactly its columns and system;
    a column it names that the sheet lacks is an error (``None`` is returned). Without,
    the columns are found by their headers (:func:`importers.coords.find_point_columns`):
    longitude/latitude are WGS84; Rechtswert/Hochwert and East/North take the system a
    column like ``EPSG`` names in the row, else the one their values suggest
    (:func:`importers.coords.guess_crs`), else UTM zone 32N.

    Examples
    --------
    >>> sheet = Sheet("Elements", ["Label", "Rechtswert", "Hochwert"], 1, [(2, ["AWO", 368578, 5710348])])
    >>> [(p.x_header, p.crs) for p in point_sources(sheet, ImportReport(file="k.xlsx", format="kumu"))]
    [('Rechtswert', 'EPSG:25832')]
    """
    headers = [str(h or "") for h in sheet.headers]
    if spec is not None:
        found = {column: _header_index(headers, column) for column in (spec.x, spec.y)}
        for column, index in found.items():
            if index is None:
                available = ", ".join(f"„{h}“" for h in headers if h) or "keine"
                report.error(MSG_MAPPING_COLUMN.format(name=mapping_name, column=column, sheet=sheet.name,
                                                       available=available), sheet=sheet.name, row=sheet.header_row)
        x, y = found[spec.x], found[spec.y]
        if x is None or y is None:
            return None
        return [PointSource(x, y, headers[x], headers[y], spec.crs)]
    crs_index = next((i for i, h in enumerate(headers) if coordinate_role(h) == "crs"), None)
    sources = []
    for pair in find_point_columns(headers):
        x, y = headers.index(pair.x), headers.index(pair.y)
        if pair.geographic:
            sources.append(PointSource(x, y, pair.x, pair.y, WGS84))
            continue
        guessed = guess_crs([v[x] for _, v in sheet.rows], [v[y] for _, v in sheet.rows]) or UTM32N
        sources.append(PointSource(x, y, pair.x, pair.y, guessed, crs_index,
                                   headers[crs_index] if crs_index is not None else None))
    return sources


def _filled(value: Any) -> bool:
    text = clean_text(value)
    return text is not None and text.lower() not in EMPTY_WORDS


def has_point(values: Sequence[Any], sources: Sequence[PointSource]) -> PointSource | None:
    """The first source whose x or y cell is filled in this row, else ``None``."""
    return next((s for s in sources if _filled(values[s.x]) or _filled(values[s.y])), None)


def read_element_point(values: Sequence[Any], sources: Sequence[PointSource], report: ImportReport, *,
                       sheet: str | None, row: int) -> tuple[float, float] | None:
    """The WGS84 ``(lon, lat)`` of one element row; ``None`` without (or with an unreadable) point.

    The first source with a filled cell counts. A point that cannot be read (not a
    number, only one of the two, outside the valid range, an unknown system in the
    ``EPSG`` column) is a warning at the cell to correct; the element comes in without it.
    """
    source = has_point(values, sources)
    if source is None:
        return None
    x, y = values[source.x], values[source.y]
    column = source.x_header
    try:
        crs = source.crs
        if source.crs_column is not None:
            column = source.crs_header or column
            crs = crs_from_cell(values[source.crs_column]) or crs
        geographic = is_geographic(crs)
        for value, header in ((x, source.x_header), (y, source.y_header)):
            column = header
            parse_coordinate(value, geographic=geographic)
        column = source.y_header if not _filled(y) else source.x_header
        return read_point(x if _filled(x) else None, y if _filled(y) else None, crs)
    except CoordinateError as e:
        report.warning(MSG_NO_POINT.format(problem=e), sheet=sheet, row=row, column=column)
        return None


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
    table_mapping = _load_mapping(mapping, report)
    if not report.ok:
        return ParsedFile(report=report)
    kinds = _kinds(table_mapping)
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
            props.update(name=label, kind=kind, sector=KIND_SECTOR.get(kind or "", "public"), description=description,
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
