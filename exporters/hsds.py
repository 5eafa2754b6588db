"""Write a batch as an Open Referral HSDS 3.0 tabular data package (CSV + ``datapackage.json``).

Why 3.0: it is the current version, and the one with fields for what an offer directory
needs (``minimum_age``/``maximum_age``, ``eligibility_description``, ``cost_option``,
``assured_date``, ``parent_organization_id``, service-area ``uri``) and with ``attribute``
rows that link any record to terms of any taxonomy. praevnet uses that to carry what HSDS
has no field for, in taxonomies of its own (``praevnet-*``): actor kind and sector, offer
kind, an offer's life phases and transitions, a committee's mandate.

:func:`importers.hsds.read_hsds` reads the package back to the same actors, offers, topics
and district links. HSDS cannot carry (and the round trip therefore drops):

* cooperations and memberships (HSDS has no relation between organisations);
* partner providers (a service has one organisation: the lead provider is kept);
* an offer's ``capacity``; life-phase and transition *nodes* (phases are re-created
  from the reader's phase table, transitions are kept as ids on the offers);
* district properties other than id and name (population, indicators, nesting), and
  districts nothing refers to;
* language names that are not ISO codes come back as codes where the reader knows them.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import Any

from graph.model import Actor, GraphBatch, Offer

# Conventions shared with importers/hsds/constants.py (the round-trip test guards that they agree).
VOCAB_ACTOR_KIND = "praevnet-akteursart"
VOCAB_SECTOR = "praevnet-sektor"
VOCAB_OFFER_KIND = "praevnet-angebotsform"
VOCAB_PHASE = "praevnet-lebensphase"
VOCAB_TRANSITION = "praevnet-uebergang"
VOCAB_TOPIC = "praevnet-themen"
DISTRICT_URN = "urn:praevnet:district:"
PLANNED_ALERT = "Geplant: das Angebot hat noch nicht begonnen."
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

VOCAB_NAMES = {
    VOCAB_ACTOR_KIND: "praevnet: Art des Akteurs",
    VOCAB_SECTOR: "praevnet: Sektor",
    VOCAB_OFFER_KIND: "praevnet: Form des Angebots",
    VOCAB_PHASE: "praevnet: Lebensphasen",
    VOCAB_TRANSITION: "praevnet: Übergänge",
    VOCAB_TOPIC: "praevnet: Querschnittsthemen",
}
STATUS_TO_HSDS = {"active": "active", "planned": "inactive", "paused": "temporarily closed", "ended": "defunct"}
COST_TEXT = {"free": "kostenlos", "fee": "kostenpflichtig", "income_based": "nach Einkommen gestaffelt"}

COLUMNS: dict[str, list[str]] = {
    "organization": ["id", "name", "alternate_name", "description", "email", "website", "tax_status", "tax_id",
                     "year_incorporated", "legal_status", "logo", "uri", "parent_organization_id"],
    "service": ["id", "organization_id", "program_id", "name", "alternate_name", "description", "url", "email",
                "status", "interpretation_services", "application_process", "fees_description", "wait_time",
                "fees", "accreditations", "eligibility_description", "minimum_age", "maximum_age",
                "assured_date", "assurer_email", "licenses", "alert", "last_modified"],
    "location": ["id", "location_type", "url", "organization_id", "name", "alternate_name", "description",
                 "transportation", "latitude", "longitude", "external_identifier", "external_identifier_type"],
    "service_at_location": ["id", "service_id", "location_id", "description"],
    "address": ["id", "location_id", "attention", "address_1", "address_2", "city", "region", "state_province",
                "postal_code", "country", "address_type"],
    "service_area": ["id", "service_id", "service_at_location_id", "name", "description", "extent",
                     "extent_type", "uri"],
    "language": ["id", "service_id", "location_id", "phone_id", "name", "code", "note"],
    "taxonomy": ["id", "name", "description", "uri", "version"],
    "taxonomy_term": ["id", "code", "name", "description", "parent_id", "taxonomy", "language", "taxonomy_id",
                      "term_uri"],
    "attribute": ["id", "link_id", "taxonomy_term_id", "link_type", "link_entity", "value", "label"],
    "cost_option": ["id", "service_id", "valid_from", "valid_to", "option", "currency", "amount",
                    "amount_description"],
    "funding": ["id", "organization_id", "service_id", "source"],
    "schedule": ["id", "service_id", "location_id", "service_at_location_id", "valid_from", "valid_to",
                 "description"],
    "metadata": ["id", "resource_id", "resource_type", "last_action_date", "last_action_type", "field_name",
                 "previous_value", "replacement_value", "updated_by"],
}
NUMBER_COLUMNS = {"minimum_age", "maximum_age", "amount", "latitude", "longitude", "year_incorporated"}


def _cell(value: Any) -> str:
    """Text for a CSV cell; text that a spreadsheet would run as a formula gets an apostrophe."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def _lead(offer: Offer) -> str:
    leads = [p.actor for p in offer.providers if p.role == "lead"] or [p.actor for p in offer.providers]
    return leads[0] if leads else ""


class _Package:
    def __init__(self) -> None:
        self.rows: dict[str, list[dict[str, Any]]] = {name: [] for name in COLUMNS}
        self.terms: set[str] = set()

    def add(self, table: str, **row: Any) -> None:
        self.rows[table].append(row)

    def term(self, vocab: str, code: str, name: str, description: str | None = None) -> str:
        term_id = f"{vocab}.{code}" if vocab != VOCAB_TOPIC else code
        if term_id not in self.terms:
            self.terms.add(term_id)
            text = description if vocab == VOCAB_TOPIC else (description or name)
            self.add("taxonomy_term", id=term_id, code=code, name=name, description=text,
                     taxonomy=VOCAB_NAMES[vocab], taxonomy_id=vocab)
        return term_id

    def link(self, entity: str, link_id: str, vocab: str, code: str, name: str, description: str | None = None) -> None:
        term_id = self.term(vocab, code, name, description)
        n = sum(1 for a in self.rows["attribute"] if a["link_id"] == link_id) + 1
        self.add("attribute", id=f"{link_id}.attr.{n}", link_id=link_id, taxonomy_term_id=term_id,
                 link_type=vocab, link_entity=entity)


def _actor_rows(pkg: _Package, a: Actor, district_names: dict[str, str], topic_names: dict[str, str],
                phase_names: dict[str, str]) -> None:
    pkg.add("organization", id=a.id, name=a.name, alternate_name=a.short_name, description=a.description or "",
            website=a.website, parent_organization_id=a.part_of)
    if a.kind != "other":
        pkg.link("organization", a.id, VOCAB_ACTOR_KIND, str(a.kind), str(a.kind))
    pkg.link("organization", a.id, VOCAB_SECTOR, str(a.sector), str(a.sector))
    for t in a.mandate_topics:
        pkg.link("organization", a.id, VOCAB_TOPIC, t, topic_names.get(t, t))
    for p in a.mandate_phases:
        pkg.link("organization", a.id, VOCAB_PHASE, p, phase_names.get(p, p))
    if a.address or a.district or a.lon is not None:
        loc = f"{a.id}.standort"
        pkg.add("location", id=loc, location_type="physical", organization_id=a.id, name=a.name,
                latitude=a.lat, longitude=a.lon,
                external_identifier=f"{DISTRICT_URN}{a.district}" if a.district else None,
                external_identifier_type="praevnet-district" if a.district else None)
        if a.address or a.district:
            city = district_names.get(a.district, a.district) if a.district else ""
            pkg.add("address", id=f"{loc}.adresse", location_id=loc, address_1=a.address or "", city=city,
                    address_type="physical")
    if a.last_verified:
        pkg.add("metadata", id=f"{a.id}.geprueft", resource_id=a.id, resource_type="organization",
                last_action_date=a.last_verified.isoformat(), last_action_type="verified", updated_by="praevnet")


def _offer_rows(pkg: _Package, o: Offer, names: dict[str, dict[str, str]]) -> None:
    pkg.add("service", id=o.id, organization_id=_lead(o), name=o.title, description=o.description,
            status=STATUS_TO_HSDS[str(o.status)], alert=PLANNED_ALERT if o.status == "planned" else None,
            fees_description=COST_TEXT.get(str(o.cost)) if o.cost else None,
            eligibility_description=o.target_group, minimum_age=o.age_min, maximum_age=o.age_max,
            assured_date=o.last_verified.isoformat() if o.last_verified else None)
    if o.kind != "other":
        pkg.link("service", o.id, VOCAB_OFFER_KIND, str(o.kind), str(o.kind))
    for p in o.phases:
        pkg.link("service", o.id, VOCAB_PHASE, p, names["phase"].get(p, p))
    for t in o.transitions:
        pkg.link("service", o.id, VOCAB_TRANSITION, t, names["transition"].get(t, t))
    for t in o.topics:
        pkg.link("service", o.id, VOCAB_TOPIC, t, names["topic"].get(t, t), names["topic_description"].get(t))
    if o.lon is not None and o.lat is not None:  # where the offer takes place: a location of its own
        loc = f"{o.id}.ort"  # no organization_id, so the provider does not inherit the point
        pkg.add("location", id=loc, location_type="physical", name=o.title, latitude=o.lat, longitude=o.lon)
        pkg.add("service_at_location", id=f"{o.id}.am-ort", service_id=o.id, location_id=loc)
    for n, d in enumerate(o.districts, start=1):
        pkg.add("service_area", id=f"{o.id}.gebiet.{n}", service_id=o.id, name=names["district"].get(d, d),
                uri=f"{DISTRICT_URN}{d}")
    for n, lang in enumerate(o.languages, start=1):
        is_code = re.fullmatch(r"[a-z]{2,3}", lang) is not None
        pkg.add("language", id=f"{o.id}.sprache.{n}", service_id=o.id, code=lang if is_code else None,
                name=None if is_code else lang)
    if o.cost:
        pkg.add("cost_option", id=f"{o.id}.kosten", service_id=o.id, option=COST_TEXT[str(o.cost)],
                amount=0 if o.cost == "free" else None, currency="EUR" if o.cost == "free" else None)
    if o.funding:
        pkg.add("funding", id=f"{o.id}.foerderung", service_id=o.id, source=o.funding)
    if o.start_date or o.end_date:
        pkg.add("schedule", id=f"{o.id}.zeitraum", service_id=o.id,
                valid_from=o.start_date.isoformat() if o.start_date else None,
                valid_to=o.end_date.isoformat() if o.end_date else None, description="Laufzeit des Angebots")


def write_hsds(batch: GraphBatch, folder: Path) -> Path:
    """Write ``batch`` as an HSDS 3.0 data package into ``folder`` (created if missing).

    Parameters
    ----------
    batch : GraphBatch
    folder : Path
        Receives ``datapackage.json`` and one CSV per table (UTF-8). Existing files of the
        same names are overwritten.

    Returns
    -------
    Path
        ``folder``, so ``read_hsds(write_hsds(batch, folder))`` reads it back.

    Examples
    --------
    >>> import tempfile
    >>> from graph.model import Topic
    >>> out = write_hsds(GraphBatch(topics=[Topic(id="sprache", name="Sprache")]), Path(tempfile.mkdtemp()))
    >>> (out / "taxonomy_term.csv").read_text().splitlines()[1].split(",")[:3]
    ['sprache', 'sprache', 'Sprache']

    Notes
    -----
    O(N + R) for N entities and R relations; cells that begin with ``=``, ``+``, ``-``,
    ``@``, tab or carriage return get a leading apostrophe (formula injection), which
    the reader removes again.
    """
    names = {
        "phase": {p.id: p.name for p in batch.life_phases},
        "transition": {t.id: t.name for t in batch.transitions},
        "topic": {t.id: t.name for t in batch.topics},
        "topic_description": {t.id: t.description for t in batch.topics if t.description},
        "district": {d.id: d.name for d in batch.districts},
    }
    pkg = _Package()
    for t in batch.topics:
        pkg.term(VOCAB_TOPIC, t.id, t.name, t.description)
    for a in batch.actors:
        _actor_rows(pkg, a, names["district"], names["topic"], names["phase"])
    for o in batch.offers:
        _offer_rows(pkg, o, names)
    used_vocabs = sorted({row["taxonomy_id"] for row in pkg.rows["taxonomy_term"]})
    for vocab in used_vocabs:
        pkg.add("taxonomy", id=vocab, name=VOCAB_NAMES[vocab], description=VOCAB_NAMES[vocab], version="1")

    folder.mkdir(parents=True, exist_ok=True)
    resources = []
    for table, columns in COLUMNS.items():
        path = folder / f"{table}.csv"
        with path.open("w", encoding="utf-8", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(columns)
            for row in pkg.rows[table]:
                writer.writerow([_cell(row.get(c)) for c in columns])
        resources.append({
            "name": table, "path": path.name, "format": "csv", "mediatype": "text/csv",
            "profile": "tabular-data-resource",
            "schema": {"fields": [{"name": c, "type": "number" if c in NUMBER_COLUMNS else "string"} for c in columns],
                       "primaryKey": "id"},
        })
    descriptor = {
        "name": "praevnet-export", "title": "praevnet: Angebote und Akteure (Open Referral HSDS 3.0)",
        "profile": "tabular-data-package", "version": "3.0", "resources": resources,
    }
    (folder / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return folder
