"""The vocabulary of network maps: element types, connection meanings, and folding them into a batch.

Kumu workbooks (:mod:`importers.kumu`) and GraphML/GEXF files (:mod:`importers.graphml`)
describe networks in their own words. Element types become our labels and actor kinds
(:func:`element_type`: ``Schule``/``School`` → school, ``Angebot``/``Program`` → an offer,
``Thema`` → a topic, ``Stadtteil`` → a district …); connections become cooperations,
memberships, PART_OF, PROVIDES and an offer's topics and districts according to the types
of their ends (:func:`relation_for`); :func:`assemble` validates nodes and relations and
folds them into a :class:`~graph.model.GraphBatch` that sets only the fields the map
carries (:func:`given_fields`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from graph.errors import InvalidData
from graph.model import MODEL_BY_LABEL, ActorKind, GraphBatch, Label, RelType
from graph.projection import batch_from_rows
from importers.report import ImportReport, german_validation_message
from importers.tabular import normalise_key

if TYPE_CHECKING:
    from importers.mapping_format import TableMapping

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

MSG_SELF = "Die Verbindung führt von „{value}“ zu sich selbst und wird nicht übernommen."
MSG_DUPLICATE_LINK = "Die Verbindung {src} – {dst} steht schon in Zeile {first}; sie wird nur einmal übernommen."
MSG_SECOND_PARENT = "„{src}“ hat schon „{first}“ als übergeordnetes Element; „{dst}“ wird nicht übernommen."
MSG_INVALID = "„{label}“ ist ungültig: {error}"

def _german_errors(error: ValidationError) -> list[str]:
    """The model's refusals as German sentences, each naming the field (never pydantic's English)."""
    return [
        f"Feld „{'.'.join(map(str, err['loc']))}“: {german_validation_message(err)}" if err["loc"]
        else german_validation_message(err)
        for err in error.errors()
    ]


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
            error = "; ".join(_german_errors(e))
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
        report.error(MSG_INVALID.format(label="Netzwerk", error="; ".join(_german_errors(e))))
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


MSG_BAD_MAPPING = "Die Zuordnung „{name}“ ist fehlerhaft: {error}"


def load_map_mapping(mapping: Path | None, report: ImportReport) -> TableMapping | None:
    """The mapping file a network map comes with (``None`` without one, or with an error in the report)."""
    if mapping is None:
        return None
    from importers.mapping import load_mapping  # lazy: only a mapping file needs it

    try:
        return load_mapping(mapping)
    except InvalidData as e:
        report.error(MSG_BAD_MAPPING.format(name=mapping.name, error=e))
        return None


def kinds_of(table_mapping: TableMapping | None) -> dict[str, str] | None:
    """Element type -> actor kind from a mapping's ``[values.kind]`` (``None`` without a mapping)."""
    if table_mapping is None:
        return None
    return {k: v for k, v in table_mapping.values.get("kind", {}).items() if isinstance(v, str)}
