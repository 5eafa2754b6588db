"""HSDS records -> praevnet entities: taxonomy terms -> topics, organisations -> actors,
services -> offers (see the table in :mod:`importers.hsds`)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from pydantic import ValidationError

from graph.model import Actor, ActorKind, District, GraphBatch, LifePhase, Offer, OfferKind, OfferStatus, Sector, Topic
from importers.hsds.constants import (
    MSG_AGE_OUTSIDE,
    MSG_EMPTY_VALUE,
    MSG_INVALID,
    MSG_MISSING_COLUMN,
    MSG_NO_DISTRICT,
    MSG_UNKNOWN_PHASE,
    MSG_UNKNOWN_REF,
    MSG_UNKNOWN_STATUS,
    MSG_UNKNOWN_VOCAB,
    PLANNED_ALERT,
    PRIVATE,
    PUBLIC,
    STATUS_FROM_HSDS,
    VOCAB_ACTOR_KIND,
    VOCAB_OFFER_KIND,
    VOCAB_PHASE,
    VOCAB_SECTOR,
    VOCAB_TRANSITION,
    VOCABULARIES,
)
from importers.hsds.details import ServiceDetails, read_service_details
from importers.hsds.package import Reader, date_cell, index_rows, number_cell, rows_of, vocab_links
from importers.hsds.places import Places, Records, read_places
from importers.hsds.values import cost_from_text, phases_for_ages
from importers.report import ParsedFile, SourceLocation, german_validation_message


def build(r: Reader, version: str, phase_table: list[LifePhase], default_kind: ActorKind,
          default_sector: Sector) -> ParsedFile:
    """The batch of a package whose tables ``r`` has read; every problem goes into its report."""
    t = r.tables
    orgs = index_rows(r, t["organization"], "organization")
    services = index_rows(r, t["service"], "service")
    locations = index_rows(r, t.get("location"), "location")
    terms = index_rows(r, t.get("taxonomy_term") if version == "3.0" else t.get("taxonomy"), "taxonomy")
    for table, column in ((t["organization"], "name"), (t["service"], "name")):
        if not table.has(column):
            r.error(MSG_MISSING_COLUMN.format(column=column), table, 1, column)
    if not r.report.ok:
        return ParsedFile(report=r.report)
    return _Build(r, version, locations, terms).run(orgs, services, phase_table, default_kind, default_sector)


class _Build:
    """Shared state of one build: places, taxonomy links, verification dates, the result."""

    def __init__(self, r: Reader, version: str, locations: Records, terms: Records) -> None:
        self.r = r
        self.version = version
        self.terms = terms
        self.places: Places = read_places(r, version, locations)
        self.verified = self._verified()
        self.topic_links, self.vocab = vocab_links(r, version, terms)
        self.org_locations: dict[str, list[str]] = defaultdict(list)
        for loc_id, (_, rec) in locations.items():
            if rec.get("organization_id"):
                self.org_locations[rec["organization_id"]].append(loc_id)
        self.details: ServiceDetails = ServiceDetails()
        self.locations = locations
        self.result = ParsedFile(report=r.report)

    def _verified(self) -> dict[str, dt.date]:
        """Latest metadata action per resource: when it was last verified."""
        verified: dict[str, dt.date] = {}
        meta = self.r.tables.get("metadata")
        for row, rec in rows_of(meta):
            day = date_cell(self.r, rec.get("last_action_date", ""), meta, row, "last_action_date")  # type: ignore[arg-type]
            rid = rec.get("resource_id", "")
            if day and rid and (rid not in verified or day > verified[rid]):
                verified[rid] = day
        return verified

    def run(self, orgs: Records, services: Records, phase_table: list[LifePhase], default_kind: ActorKind,
            default_sector: Sector) -> ParsedFile:
        topics = self.topics()
        actors = self.actors(orgs, default_kind, default_sector)
        self.details = read_service_details(self.r, self.locations, self.places)
        offers, used_phases = self.offers(services, phase_table, {a.id for a in actors})
        self.result.batch = GraphBatch(
            life_phases=[p for p in phase_table if p.id in used_phases],
            topics=topics,
            districts=[District(id=d, name=n) for d, n in self.places.district_names.items()],
            actors=actors,
            offers=offers,
        )
        return self.result

    def topics(self) -> list[Topic]:
        term_table = self.r.tables.get("taxonomy_term") if self.version == "3.0" else self.r.tables.get("taxonomy")
        topics: list[Topic] = []
        for term_id, (row, rec) in self.terms.items():
            taxonomy = rec.get("taxonomy_id") or rec.get("vocabulary") or rec.get("taxonomy", "")
            if taxonomy in VOCABULARIES:
                continue
            if not rec.get("name"):
                self.r.error(MSG_EMPTY_VALUE.format(column="name"), term_table, row, "name")
                continue
            topics.append(Topic(id=term_id, name=rec["name"], description=rec.get("description") or None))
            self.result.locations[term_id] = SourceLocation(sheet=term_table.file, row=row)  # type: ignore[union-attr]
        return topics

    def actors(self, orgs: Records, default_kind: ActorKind, default_sector: Sector) -> list[Actor]:
        r, org_table = self.r, self.r.tables["organization"]
        actors: list[Actor] = []
        for org_id, (row, rec) in orgs.items():
            codes = self.vocab.get(org_id, {})
            fields: dict[str, Any] = {
                "id": org_id, "name": rec.get("name", ""), "short_name": rec.get("alternate_name") or None,
                "description": rec.get("description") or None, "website": rec.get("website") or rec.get("url") or None,
                "kind": default_kind, "sector": default_sector, "source": r.source(org_table, row),
                "last_verified": self.verified.get(org_id),
            }
            legal = f"{rec.get('legal_status', '')} {rec.get('tax_status', '')}"
            if PUBLIC.search(legal):
                fields["sector"] = Sector.PUBLIC
            elif PRIVATE.search(legal):
                fields["sector"] = Sector.PRIVATE
            for vocab_id, name, enum in ((VOCAB_ACTOR_KIND, "kind", ActorKind), (VOCAB_SECTOR, "sector", Sector)):
                for code in codes.get(vocab_id, [])[:1]:
                    if code in enum._value2member_map_:
                        fields[name] = code
                    else:
                        r.warning(MSG_UNKNOWN_VOCAB.format(value=code, what=name), org_table, row)
            fields["mandate_topics"] = self.topic_links.get(org_id, [])
            fields["mandate_phases"] = codes.get(VOCAB_PHASE, [])
            parent = rec.get("parent_organization_id", "")
            if parent:
                if parent in orgs and parent != org_id:
                    fields["part_of"] = parent
                else:
                    r.error(MSG_UNKNOWN_REF.format(value=parent, what="eine Organisation"), org_table, row,
                            "parent_organization_id")
            own_locations = self.org_locations.get(org_id, [])
            for loc_id in own_locations:
                if loc_id in self.places.address_of:
                    fields["address"], fields["district"] = self.places.address_of[loc_id]
                    break
            fields.update(self.places.first_point(own_locations))
            if not fields["name"]:
                r.error(MSG_EMPTY_VALUE.format(column="name"), org_table, row, "name")
                continue
            try:
                actors.append(Actor.model_validate(fields))
            except ValidationError as e:
                r.error(MSG_INVALID.format(error=" ".join(german_validation_message(err) for err in e.errors())), org_table, row)
                continue
            self.result.locations[org_id] = SourceLocation(sheet=org_table.file, row=row)
        return actors

    def ages(self, sid: str, rec: dict[str, str], row: int) -> tuple[float | None, float | None]:
        table = self.r.tables["service"]
        age_min = number_cell(self.r, rec.get("minimum_age", ""), table, row, "minimum_age")
        age_max = number_cell(self.r, rec.get("maximum_age", ""), table, row, "maximum_age")
        if age_min is None and age_max is None and sid in self.details.ages:
            return self.details.ages[sid]
        return age_min, age_max

    def offers(self, services: Records, phase_table: list[LifePhase], actor_ids: set[str]) -> tuple[list[Offer], set[str]]:
        r, table, d = self.r, self.r.tables["service"], self.details
        known_phases = {p.id for p in phase_table}
        offers: list[Offer] = []
        used_phases: set[str] = set()
        for sid, (row, rec) in services.items():
            codes = self.vocab.get(sid, {})
            status_text = rec.get("status", "").strip().lower()
            status = STATUS_FROM_HSDS.get(status_text, OfferStatus.ACTIVE)
            if status_text and status_text not in STATUS_FROM_HSDS:
                r.warning(MSG_UNKNOWN_STATUS.format(value=rec["status"]), table, row, "status")
            if status_text == "inactive" and rec.get("alert", "").startswith(PLANNED_ALERT[:7]):
                status = OfferStatus.PLANNED
            age_min, age_max = self.ages(sid, rec, row)
            phase_ids = codes.get(VOCAB_PHASE) or phases_for_ages(age_min, age_max, phase_table)
            if (age_min is not None or age_max is not None) and not phase_ids:
                r.warning(MSG_AGE_OUTSIDE.format(lo=age_min if age_min is not None else "",
                                                 hi=age_max if age_max is not None else ""), table, row, "minimum_age")
            for pid in phase_ids:
                if pid not in known_phases:
                    r.warning(MSG_UNKNOWN_PHASE.format(value=pid), table, row)
            used_phases.update(phase_ids)
            org_id = rec.get("organization_id", "")
            providers = []
            if org_id:
                if org_id not in actor_ids:
                    r.error(MSG_UNKNOWN_REF.format(value=org_id, what="eine Organisation"), table, row, "organization_id")
                    continue
                providers = [{"actor": org_id, "role": "lead"}]
            fee_texts = [rec.get("fees_description", ""), rec.get("fees", ""), *d.fees.get(sid, [])]
            start, end = d.periods.get(sid, (None, None))
            kind_code = (codes.get(VOCAB_OFFER_KIND) or ["other"])[0]
            fields: dict[str, Any] = {
                "id": sid, "title": rec.get("name", ""), "description": rec.get("description") or None,
                "kind": kind_code, "age_min": age_min, "age_max": age_max,
                "target_group": rec.get("eligibility_description") or "; ".join(d.eligibility.get(sid, [])) or None,
                "languages": d.languages.get(sid, []), "cost": cost_from_text(fee_texts, d.amounts.get(sid, [])),
                "status": status, "start_date": start, "end_date": end,
                "funding": "; ".join(d.funding.get(sid, [])) or None,
                "last_verified": date_cell(r, rec.get("assured_date", ""), table, row, "assured_date") or self.verified.get(sid),
                "source": r.source(table, row), "providers": providers, "phases": phase_ids,
                "transitions": codes.get(VOCAB_TRANSITION, []), "topics": self.topic_links.get(sid, []),
                "districts": d.districts.get(sid, []),
                **self.places.first_point(d.locations.get(sid, [])),
            }
            if not fields["title"]:
                r.error(MSG_EMPTY_VALUE.format(column="name"), table, row, "name")
                continue
            if kind_code not in OfferKind._value2member_map_:
                r.warning(MSG_UNKNOWN_VOCAB.format(value=kind_code, what="kind"), table, row)
                fields["kind"] = "other"
            try:
                offer = Offer.model_validate(fields)
            except ValidationError as e:
                r.error(MSG_INVALID.format(error=" ".join(german_validation_message(err) for err in e.errors())), table, row)
                continue
            if not offer.districts:
                r.warning(MSG_NO_DISTRICT, table, row)
            offers.append(offer)
            self.result.locations[sid] = SourceLocation(sheet=table.file, row=row)
        return offers, used_phases
