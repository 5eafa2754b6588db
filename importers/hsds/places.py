"""Where HSDS things are: districts from service areas and cities, addresses and points of locations.

A service area's ``urn:praevnet:district:<id>`` uri (written by :mod:`exporters.hsds`) keeps
the district id, and so does a location's external identifier; any other name becomes an id
through :func:`importers.districts.district_id`. A location's ``latitude``/``longitude``
(WGS84 by the standard) become the ``lon``/``lat`` of its organisation and its services.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from importers.coords import CoordinateError, read_point
from importers.districts import district_id
from importers.hsds.constants import DISTRICT_URN, MSG_BAD_POINT, VALID_ID
from importers.hsds.package import Reader, rows_of

Records = dict[str, tuple[int, dict[str, str]]]


@dataclass
class Places:
    """Districts named so far, and per location its address, district and point."""

    names_to_id: dict[str, str] = field(default_factory=dict)
    district_names: dict[str, str] = field(default_factory=dict)  # id -> name, in order of first mention
    address_of: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)  # location -> (address, district)
    point_of: dict[str, tuple[float, float]] = field(default_factory=dict)  # location -> (lon, lat)

    def district_for(self, name: str) -> str | None:
        """The district id for a name (a pinned id where the package gave one); remembers the name."""
        name = name.strip()
        if not name:
            return None
        did = self.names_to_id.get(name) or district_id(name)
        if not did:
            return None
        self.district_names.setdefault(did, name)
        return did

    def first_point(self, location_ids: list[str]) -> dict[str, float]:
        """``{"lon": …, "lat": …}`` of the first of the locations that has a point, else empty."""
        for loc in location_ids:
            if loc in self.point_of:
                lon, lat = self.point_of[loc]
                return {"lon": lon, "lat": lat}
        return {}


def read_places(r: Reader, version: str, locations: Records) -> Places:
    """Districts of service areas, physical addresses and points of every location."""
    t = r.tables
    places = Places()
    area_table = t.get("service_area")
    area_column = "name" if area_table is not None and area_table.has("name") else "service_area"
    for _, rec in rows_of(area_table):
        uri, name = rec.get("uri", ""), rec.get(area_column, "")
        if uri.startswith(DISTRICT_URN) and name and VALID_ID.match(uri[len(DISTRICT_URN):]):
            places.names_to_id[name] = uri[len(DISTRICT_URN):]

    pinned: dict[str, str] = {}  # location id -> district id our exporter wrote as external identifier
    for loc_id, (_, rec) in locations.items():
        ext = rec.get("external_identifier", "")
        if ext.startswith(DISTRICT_URN) and VALID_ID.match(ext[len(DISTRICT_URN):]):
            pinned[loc_id] = ext[len(DISTRICT_URN):]
    address_table = t.get("address") if version == "3.0" else t.get("physical_address")
    for _, rec in rows_of(address_table):
        if rec.get("address_type", "physical") not in ("physical", ""):
            continue
        loc = rec.get("location_id", "")
        if not loc or loc in places.address_of:
            continue
        city = rec.get("city", "").strip()
        postal = rec.get("postal_code", "").strip()
        parts = [rec.get("address_1", ""), rec.get("address_2", "")]
        if postal:  # a full postal address: street, then "PLZ Ort"
            parts.append(f"{postal} {city}".strip())
        if loc in pinned:
            did: str | None = pinned[loc]
            places.district_names.setdefault(pinned[loc], city or pinned[loc])
        else:
            did = places.district_for(city) if city else None
        places.address_of[loc] = (", ".join(p.strip() for p in parts if p.strip()) or None, did)

    loc_table = t.get("location")
    for loc_id, (row, rec) in locations.items():
        try:
            point = read_point(rec.get("longitude", ""), rec.get("latitude", ""))
        except CoordinateError as e:
            column = "longitude" if rec.get("longitude", "").strip() else "latitude"
            r.warning(MSG_BAD_POINT.format(problem=e), loc_table, row, column)
            continue
        if point is not None:
            places.point_of[loc_id] = point
    return places
