"""What HSDS keeps about a service in side tables: languages, eligibility, funding, fees,
schedules, service areas and the locations it is offered at."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from importers.hsds.constants import MSG_UNKNOWN_REF
from importers.hsds.package import Reader, date_cell, language_of, number_cell, rows_of
from importers.hsds.places import Places, Records


@dataclass
class ServiceDetails:
    """Per service id: everything the side tables say about it."""

    languages: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    eligibility: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    ages: dict[str, tuple[float | None, float | None]] = field(default_factory=dict)
    funding: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    fees: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    amounts: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    periods: dict[str, tuple[dt.date | None, dt.date | None]] = field(default_factory=dict)
    districts: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    locations: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))


def read_service_details(r: Reader, locations: Records, places: Places) -> ServiceDetails:
    """Collect the side tables per service; bad numbers and dates are reported at their cell."""
    t = r.tables
    d = ServiceDetails()
    for _, rec in rows_of(t.get("language")):
        sid, lang = rec.get("service_id", ""), language_of(rec)
        if sid and lang and lang not in d.languages[sid]:
            d.languages[sid].append(lang)
    elig = t.get("eligibility")
    for row, rec in rows_of(elig):
        sid = rec.get("service_id", "")
        if rec.get("eligibility"):
            d.eligibility[sid].append(rec["eligibility"])
        if rec.get("minimum_age") or rec.get("maximum_age"):
            d.ages[sid] = (number_cell(r, rec.get("minimum_age", ""), elig, row, "minimum_age"),  # type: ignore[arg-type]
                           number_cell(r, rec.get("maximum_age", ""), elig, row, "maximum_age"))  # type: ignore[arg-type]
    for _, rec in rows_of(t.get("funding")):
        if rec.get("service_id") and rec.get("source"):
            d.funding[rec["service_id"]].append(rec["source"])
    cost_table = t.get("cost_option")
    for row, rec in rows_of(cost_table):
        sid = rec.get("service_id", "")
        d.fees[sid] += [x for x in (rec.get("option", ""), rec.get("amount_description", "")) if x]
        amount = number_cell(r, rec.get("amount", ""), cost_table, row, "amount")  # type: ignore[arg-type]
        if amount is not None:
            d.amounts[sid].append(amount)
    sched = t.get("schedule")
    for row, rec in rows_of(sched):
        sid = rec.get("service_id", "")
        if not sid or rec.get("location_id") or rec.get("service_at_location_id"):
            continue
        start = date_cell(r, rec.get("valid_from", ""), sched, row, "valid_from")  # type: ignore[arg-type]
        end = date_cell(r, rec.get("valid_to", ""), sched, row, "valid_to")  # type: ignore[arg-type]
        old = d.periods.get(sid, (None, None))
        d.periods[sid] = (min(filter(None, (old[0], start)), default=None), max(filter(None, (old[1], end)), default=None))

    sal_table = t.get("service_at_location")
    sal_service: dict[str, str] = {}
    for row, rec in rows_of(sal_table):
        sid, loc = rec.get("service_id", ""), rec.get("location_id", "")
        sal_service[rec.get("id", "")] = sid
        if loc and loc not in locations:
            r.warning(MSG_UNKNOWN_REF.format(value=loc, what="einen Standort"), sal_table, row, "location_id")
            continue
        d.locations[sid].append(loc)
    area_table = t.get("service_area")
    area_column = "name" if area_table is not None and area_table.has("name") else "service_area"
    for _, rec in rows_of(area_table):
        sid = rec.get("service_id") or sal_service.get(rec.get("service_at_location_id", ""), "")
        did = places.district_for(rec.get(area_column, ""))
        if sid and did and did not in d.districts[sid]:
            d.districts[sid].append(did)
    for sid, locs in d.locations.items():
        for loc in locs:
            did = places.address_of.get(loc, (None, None))[1]
            if did and did not in d.districts[sid]:
                d.districts[sid].append(did)
    return d
