"""The praevnet domain model: one definition used by the store, the API and the importers.

Entities (nodes in Neo4j, nodes in the NetworkX projection):

=============  ===============  ==============================================
class          Neo4j label      German name in the UI
=============  ===============  ==============================================
Actor          ``Actor``        Akteur / Träger (also committees and AGs)
Offer          ``Offer``        Angebot / Maßnahme
LifePhase      ``LifePhase``    Lebensphase
Transition     ``Transition``   Übergang
Topic          ``Topic``        Querschnittsthema
District       ``District``     Sozialraum / Stadtteil
=============  ===============  ==============================================

Every node also carries the label ``Entity``, whose uniqueness constraint makes ``id``
unique across the whole city graph: an actor and an offer never share an id, so the
NetworkX projection can use ids as node keys.

Relations an entity owns are fields on it (an offer lists its providers, phases,
transitions, topics and districts; an actor or district names what it is part of); the
relations between equals are objects of their own (:class:`Cooperation`,
:class:`Membership`). :class:`GraphBatch` is what one import writes, all or nothing.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Callable
from enum import StrEnum
from typing import Any, ClassVar, Self

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator


class Label(StrEnum):
    """Node labels; the only labels Cypher in this project ever names."""

    ACTOR = "Actor"
    OFFER = "Offer"
    LIFE_PHASE = "LifePhase"
    TRANSITION = "Transition"
    TOPIC = "Topic"
    DISTRICT = "District"


class RelType(StrEnum):
    """Relationship types; the only types Cypher in this project ever names."""

    PROVIDES = "PROVIDES"  # Actor -> Offer (role lead/partner)
    COOPERATES_WITH = "COOPERATES_WITH"  # Actor -> Actor (read as undirected)
    MEMBER_OF = "MEMBER_OF"  # Actor -> Actor (a committee or working group)
    PART_OF = "PART_OF"  # Actor -> Actor, District -> District
    FOR_PHASE = "FOR_PHASE"  # Offer -> LifePhase
    BRIDGES = "BRIDGES"  # Offer -> Transition
    ADDRESSES = "ADDRESSES"  # Offer -> Topic
    IN_DISTRICT = "IN_DISTRICT"  # Offer -> District
    NEXT = "NEXT"  # LifePhase -> LifePhase (derived from ``order``)
    FROM_PHASE = "FROM_PHASE"  # Transition -> LifePhase
    TO_PHASE = "TO_PHASE"  # Transition -> LifePhase
    LOCATED_IN = "LOCATED_IN"  # Actor -> District (where the actor sits)


class ActorKind(StrEnum):
    """What kind of organisation or unit an actor is."""

    ADMINISTRATION = "administration"  # Stadtverwaltung, Dezernat
    DEPARTMENT = "department"  # Fachbereich, Amt (Jugendamt, Gesundheitsamt)
    WELFARE_ORG = "welfare_org"  # AWO, Caritas, Diakonie, DRK, Paritätischer
    SCHOOL = "school"
    KITA = "kita"
    FAMILY_CENTRE = "family_centre"
    CLUB = "club"  # Verein, Sportverein
    CHURCH = "church"  # Kirchengemeinde
    AGENCY = "agency"  # Jobcenter, Agentur für Arbeit
    HEALTH = "health"  # Arztpraxis, Hebamme, Klinik, Beratungsstelle Gesundheit
    EDUCATION = "education"  # VHS, Familienbildungsstätte, Musikschule, Bibliothek
    COMMITTEE = "committee"  # AG, Planungsgruppe, Lenkungsgruppe, Beirat
    INITIATIVE = "initiative"  # Bürgerinitiative, Elterninitiative
    OTHER = "other"


class Sector(StrEnum):
    """Which sector an actor belongs to."""

    PUBLIC = "public"  # öffentlicher Träger
    FREE_WELFARE = "free_welfare"  # freie Wohlfahrtspflege
    PRIVATE = "private"  # privat-gewerblich
    CIVIL_SOCIETY = "civil_society"  # Zivilgesellschaft, Ehrenamt
    UNKNOWN = "unknown"  # unbekannt: the source does not say


class OfferKind(StrEnum):
    """What form an offer takes."""

    COURSE = "course"
    COUNSELLING = "counselling"
    GROUP = "group"
    EVENT = "event"
    INFRASTRUCTURE = "infrastructure"
    NETWORK_MEETING = "network_meeting"
    HOME_VISIT = "home_visit"
    OTHER = "other"


class OfferStatus(StrEnum):
    """Whether an offer runs."""

    PLANNED = "planned"
    ACTIVE = "active"
    PAUSED = "paused"
    ENDED = "ended"


class Cost(StrEnum):
    """What taking part costs a family."""

    FREE = "free"
    FEE = "fee"
    INCOME_BASED = "income_based"


class ProviderRole(StrEnum):
    """An actor's role in providing an offer."""

    LEAD = "lead"
    PARTNER = "partner"


class CooperationKind(StrEnum):
    """How two actors work together."""

    FORMAL_AGREEMENT = "formal_agreement"  # Kooperationsvertrag
    SHARED_OFFER = "shared_offer"  # gemeinsames Angebot
    REFERRAL = "referral"  # Vermittlung / Überleitung
    INFORMAL = "informal"  # Absprache, Austausch


class DistrictKind(StrEnum):
    """Level of a small-area unit."""

    CITY = "city"
    BOROUGH = "borough"  # Stadtbezirk
    QUARTER = "quarter"  # Stadtteil / Sozialraum


#: what an id may look like: letters, digits and _ . : - (no spaces), starting with a letter or digit
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.:\-]*$"


class _Node(BaseModel):
    """Common base: a stable id and strict field checking."""

    model_config = ConfigDict(
        extra="forbid", use_enum_values=True, validate_default=True, populate_by_name=True
    )

    id: str = Field(min_length=1, max_length=200, pattern=ID_PATTERN)

    #: fields that are relations, not node properties (the store writes them as edges)
    relation_fields: ClassVar[frozenset[str]] = frozenset()

    def properties(self) -> dict[str, Any]:
        """Node properties as Neo4j stores them: no relation fields, maps as JSON text."""
        data = self.model_dump(exclude=set(self.relation_fields), mode="python")
        return {k: (json.dumps(v, sort_keys=True) if isinstance(v, dict) else v) for k, v in data.items()}

    @classmethod
    def decode_properties(cls, props: dict[str, Any]) -> dict[str, Any]:
        """The inverse of :meth:`properties`: every property field, JSON text back to maps.

        Fields missing from ``props`` get their defaults; relation fields are left out.
        """
        decoded: dict[str, Any] = {}
        for name, default, factory, is_map in _property_fields(cls):
            value = props[name] if name in props else (factory() if factory is not None else default)
            if is_map and isinstance(value, str):
                value = json.loads(value)
            decoded[name] = value
        return decoded


@functools.cache
def _property_fields(cls: type[_Node]) -> tuple[tuple[str, Any, Callable[[], Any] | None, bool], ...]:
    """Per model: ``(name, default, default factory, holds a map)`` of each property field.

    Computed once per class: pydantic's ``FieldInfo.get_default`` inspects the factory's
    signature on every call, which made reading 10^5 records back take seconds.
    """
    return tuple(
        (name, field.default, field.default_factory, getattr(field.annotation, "__origin__", None) is dict)  # type: ignore[misc]
        for name, field in cls.model_fields.items()
        if name not in cls.relation_fields
    )


class Location(BaseModel):
    """Where something is, in WGS84 (EPSG:4326); importers convert UTM and other systems."""

    model_config = ConfigDict(validate_default=True)

    lon: float | None = Field(default=None, ge=-180, le=180, description="Längengrad (WGS84)")
    lat: float | None = Field(default=None, ge=-90, le=90, description="Breitengrad (WGS84)")


class Provenance(BaseModel):
    """Where a record came from and when somebody last checked it."""

    model_config = ConfigDict(validate_default=True)

    source: str | None = Field(default=None, description="Datenquelle, z. B. Datei und Blatt")
    last_verified: dt.date | None = Field(default=None, description="zuletzt geprüft am")


class Actor(_Node, Provenance, Location):
    """An organisation or unit: department, welfare org, school, Kita, club, committee, ...

    Committees and working groups (``kind="committee"``) record their mandate: the
    topics and life phases they are responsible for.

    Examples
    --------
    >>> Actor(id="awo-ahlen", name="AWO Ortsverein Ahlen e.V.", kind="welfare_org",
    ...       sector="free_welfare").name
    'AWO Ortsverein Ahlen e.V.'
    """

    relation_fields: ClassVar[frozenset[str]] = frozenset({"part_of", "district"})

    name: str = Field(min_length=1)
    short_name: str | None = None
    kind: ActorKind = ActorKind.OTHER
    sector: Sector = Sector.UNKNOWN
    description: str | None = None
    part_of: str | None = Field(default=None, description="id of the parent actor (PART_OF)")
    district: str | None = Field(default=None, description="id of the district it sits in")
    address: str | None = Field(default=None, description="Anschrift, z. B. „Hauptstraße 12, 45127 Musterstadt“")
    website: str | None = Field(default=None, description="Internetseite")
    email: str | None = Field(default=None, description="E-Mail-Adresse")
    phone: str | None = Field(default=None, description="Telefonnummer")
    mandate_topics: list[str] = Field(default_factory=list, description="committee mandate: topic ids")
    mandate_phases: list[str] = Field(default_factory=list, description="committee mandate: phase ids")

    @field_validator("email")
    @classmethod
    def _email_has_at(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        value = value.strip().removeprefix("mailto:")
        local, at, domain = value.rpartition("@")
        if not at or not local or "." not in domain or " " in value:
            raise ValueError(f"„{value}“ ist keine gültige E-Mail-Adresse (erwartet z. B. info@traeger.de)")
        return value

    @field_validator("phone")
    @classmethod
    def _phone_has_digits(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        if sum(c.isdigit() for c in value) < 3:
            raise ValueError(f"„{value}“ ist keine Telefonnummer (erwartet Ziffern, z. B. 02382 12345)")
        return value.strip()


class ProviderRef(BaseModel):
    """An actor providing an offer, with its role."""

    model_config = ConfigDict(extra="forbid", use_enum_values=True, validate_default=True)

    actor: str
    role: ProviderRole = ProviderRole.LEAD


class Offer(_Node, Provenance, Location):
    """Something actors provide for a target group along the life course.

    Examples
    --------
    >>> o = Offer(id="o1", title="Elterncafé", providers=[{"actor": "awo"}], phases=["p0-3"])
    >>> o.providers[0].role
    'lead'
    """

    relation_fields: ClassVar[frozenset[str]] = frozenset({"providers", "phases", "transitions", "topics", "districts"})

    title: str = Field(min_length=1)
    description: str | None = None
    kind: OfferKind = OfferKind.OTHER
    target_group: str | None = None
    age_min: float | None = Field(default=None, ge=0, le=120)
    age_max: float | None = Field(default=None, ge=0, le=120)
    languages: list[str] = Field(default_factory=list)
    cost: Cost | None = None
    capacity: int | None = Field(default=None, ge=0)
    status: OfferStatus = OfferStatus.ACTIVE
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    funding: str | None = None
    providers: list[ProviderRef] = Field(default_factory=list)
    phases: list[str] = Field(default_factory=list)
    transitions: list[str] = Field(default_factory=list)
    topics: list[str] = Field(default_factory=list)
    districts: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _ranges_in_order(self) -> Self:
        if self.age_min is not None and self.age_max is not None and self.age_min > self.age_max:
            raise ValueError("Das Mindestalter (age_min) ist größer als das Höchstalter (age_max)")
        if self.start_date and self.end_date and self.start_date > self.end_date:
            raise ValueError("Der Beginn (start_date) liegt nach dem Ende (end_date)")
        return self


class LifePhase(_Node):
    """An ordered stage of the life course; ``order`` defines the NEXT chain."""

    name: str = Field(min_length=1)
    order: int
    age_min: float | None = None
    age_max: float | None = None
    description: str | None = None


class Transition(_Node):
    """The step from one life phase to the next (Übergang)."""

    relation_fields: ClassVar[frozenset[str]] = frozenset({"from_phase", "to_phase"})

    name: str = Field(min_length=1)
    from_phase: str
    to_phase: str
    description: str | None = None
    keywords: list[str] = Field(default_factory=list)
    """Words that mark an offer as accompanying this step when its title or description
    contains them (e.g. "Einschulung", "Schulwechsel"); see graph.analysis.bridging."""


class Topic(_Node):
    """A cross-cutting theme (Querschnittsthema)."""

    name: str = Field(min_length=1)
    description: str | None = None


class District(_Node):
    """A small-area unit with need indicators; districts nest via ``part_of``.

    ``children_by_phase`` maps a life-phase id to the number of children living there in
    that phase; ``share_social_benefits`` is the share (0–1) of under-15s on SGB II.
    """

    relation_fields: ClassVar[frozenset[str]] = frozenset({"part_of"})

    name: str = Field(min_length=1)
    kind: DistrictKind = DistrictKind.QUARTER
    part_of: str | None = None
    population: int | None = Field(default=None, ge=0)
    children_by_phase: dict[str, int] = Field(default_factory=dict)
    share_social_benefits: float | None = Field(default=None, ge=0, le=1)
    share_single_parents: float | None = Field(default=None, ge=0, le=1)

    @field_validator("children_by_phase", mode="before")
    @classmethod
    def _parse_json_text(cls, value: Any) -> Any:
        # Neo4j stores maps as JSON text (see _Node.properties); read them back here.
        return json.loads(value) if isinstance(value, str) else value


class Cooperation(BaseModel):
    """A working relation between two actors (read as undirected).

    There is one cooperation per ordered pair (actor, partner): writing another one for
    the same pair replaces its kind and attributes. The projection relies on this (one
    COOPERATES_WITH edge per pair).
    """

    model_config = ConfigDict(extra="forbid", use_enum_values=True, validate_default=True)

    actor: str
    partner: str
    kind: CooperationKind = CooperationKind.INFORMAL
    formal: bool = False
    since: dt.date | None = None
    note: str | None = None
    source: str | None = None

    @model_validator(mode="after")
    def _not_self(self) -> Self:
        if self.actor == self.partner:
            raise ValueError("ein Akteur kann nicht mit sich selbst kooperieren")
        return self


class Membership(BaseModel):
    """An actor's membership in a committee or working group."""

    model_config = ConfigDict(extra="forbid", use_enum_values=True, validate_default=True)

    actor: str
    committee: str
    role: str | None = None


class GraphBatch(BaseModel):
    """Everything one import writes, in one transaction.

    Its JSON form (``model_dump_json``) is the project's own exchange format; the demo
    city ships in it.
    """

    model_config = ConfigDict(extra="forbid")

    life_phases: list[LifePhase] = Field(default_factory=list)
    transitions: list[Transition] = Field(default_factory=list)
    topics: list[Topic] = Field(default_factory=list)
    districts: list[District] = Field(default_factory=list)
    actors: list[Actor] = Field(default_factory=list)
    offers: list[Offer] = Field(default_factory=list)
    cooperations: list[Cooperation] = Field(default_factory=list)
    memberships: list[Membership] = Field(default_factory=list)

    def nodes_by_label(self) -> dict[Label, list[_Node]]:
        """The batch's entities grouped by Neo4j label, in write order."""
        return {
            Label.LIFE_PHASE: list(self.life_phases),
            Label.TRANSITION: list(self.transitions),
            Label.TOPIC: list(self.topics),
            Label.DISTRICT: list(self.districts),
            Label.ACTOR: list(self.actors),
            Label.OFFER: list(self.offers),
        }

    def owned_relations(self, *, offers: bool = True) -> list[tuple[str, str, RelType, dict[str, Any]]]:
        """``(source, target, type, properties)`` of the relations the entities own.

        These are replaced whole when an entity is upserted; cooperations and
        memberships (:meth:`shared_relations`) are merged instead. ``offers=False``
        leaves out the offers' relations (the store writes those with their offer).
        """
        rows: list[tuple[str, str, RelType, dict[str, Any]]] = []
        for d in self.districts:
            if d.part_of:
                rows.append((d.id, d.part_of, RelType.PART_OF, {}))
        for a in self.actors:
            if a.part_of:
                rows.append((a.id, a.part_of, RelType.PART_OF, {}))
            if a.district:
                rows.append((a.id, a.district, RelType.LOCATED_IN, {}))
        for t in self.transitions:
            rows.append((t.id, t.from_phase, RelType.FROM_PHASE, {}))
            rows.append((t.id, t.to_phase, RelType.TO_PHASE, {}))
        for o in self.offers if offers else ():
            rows += [(p.actor, o.id, RelType.PROVIDES, {"role": p.role}) for p in o.providers]
            rows += [(o.id, x, RelType.FOR_PHASE, {}) for x in o.phases]
            rows += [(o.id, x, RelType.BRIDGES, {}) for x in o.transitions]
            rows += [(o.id, x, RelType.ADDRESSES, {}) for x in o.topics]
            rows += [(o.id, x, RelType.IN_DISTRICT, {}) for x in o.districts]
        return rows

    def shared_relations(self) -> list[tuple[str, str, RelType, dict[str, Any]]]:
        """``(source, target, type, properties)`` of cooperations and memberships."""
        rows: list[tuple[str, str, RelType, dict[str, Any]]] = [
            (c.actor, c.partner, RelType.COOPERATES_WITH, c.model_dump(exclude={"actor", "partner"}, exclude_none=True))
            for c in self.cooperations
        ]
        rows += [
            (m.actor, m.committee, RelType.MEMBER_OF, m.model_dump(exclude={"actor", "committee"}, exclude_none=True))
            for m in self.memberships
        ]
        return rows

    def node_count(self) -> int:
        """Number of entities in the batch."""
        return sum(len(nodes) for nodes in self.nodes_by_label().values())


#: model class per label, for reading nodes back
MODEL_BY_LABEL: dict[Label, type[_Node]] = {
    Label.ACTOR: Actor,
    Label.OFFER: Offer,
    Label.LIFE_PHASE: LifePhase,
    Label.TRANSITION: Transition,
    Label.TOPIC: Topic,
    Label.DISTRICT: District,
}
