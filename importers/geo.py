"""Placing offers and actors in the district (Sozialraum) that contains their point.

Readers put the coordinates they find on the entities as WGS84 ``lon``/``lat`` (converting
UTM and other systems, :mod:`importers.coords`). :func:`place_in_districts` takes a batch
and a GeoJSON file of districts (:mod:`importers.districts`) and assigns every offer and
actor with a point to the district containing it (shapely); :func:`place_parsed` does the
same for a reader's result and puts the warnings at the entity's row in its report. The
import service calls it for ``--place-in FILE.geojson``.

District reading is re-exported here (``read_districts_geojson``, ``district_id``,
``slug_id``), where other code has always found it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from pyproj import Transformer
from shapely import STRtree
from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry

from graph.model import Actor, District, GraphBatch, Offer
from importers.coords import UTM32N, WGS84, CoordinateError, crs_problem, to_wgs84
from importers.districts import (  # re-exported (see __all__)
    DEFAULT_INDICATORS,
    MAX_GEOJSON_BYTES,
    district_id,
    parse_districts,
    read_districts_geojson,
    slug_id,
)
from importers.report import ImportReport, ParsedFile, SourceLocation

__all__ = [
    "DEFAULT_INDICATORS", "MAX_GEOJSON_BYTES", "UTM32N", "WGS84", "district_id", "place_in_districts", "place_parsed",
    "read_districts_geojson", "slug_id",
]

MSG_BAD_CRS = "Das Koordinatensystem „{crs}“ ist unbekannt."
MSG_OUTSIDE = "{what} „{id}“ liegt bei Länge {lon:.5f}, Breite {lat:.5f} in keinem Sozialraum der Datei „{file}“."
MSG_OTHER_DISTRICT = (
    "{what} „{id}“ ist dem Sozialraum „{given}“ zugeordnet, liegt nach seinen Koordinaten aber in „{found}“; "
    "die vorhandene Zuordnung bleibt."
)
MSG_BAD_POINT = "{what} „{id}“ wird keinem Sozialraum zugeordnet: {problem}"


@dataclass
class _Areas:
    """The districts of one GeoJSON file, indexed for point queries."""

    file: str
    districts: dict[str, District]
    geometries: dict[str, BaseGeometry]
    ids: list[str]
    tree: STRtree
    from_wgs84: Transformer | None  # WGS84 -> the file's CRS, when the file names another

    def containing(self, lon: float, lat: float) -> str | None:
        """The smallest district containing the point (nested districts: the innermost)."""
        x, y = self.from_wgs84.transform(lon, lat) if self.from_wgs84 is not None else (lon, lat)
        hits = [self.ids[i] for i in self.tree.query(Point(x, y), predicate="intersects")]
        return min(hits, key=lambda d: (self.geometries[d].area, d)) if hits else None


def _areas(path: Path, report: ImportReport | None, id_property: str | None, name_property: str) -> _Areas | None:
    geo_report = ImportReport(file=path.name, format="geojson")
    districts, _, geometries, file_crs = parse_districts(
        path, geo_report, id_property=id_property, name_property=name_property,
        part_of_property=None, indicator_properties=DEFAULT_INDICATORS,
    )
    if report is not None:  # the districts file's own warnings belong to its import, not to this one
        report.problems.extend(geo_report.errors)
    if not geo_report.ok:
        return None
    from_wgs84 = None
    if file_crs != WGS84:
        if crs_problem(file_crs):
            if report is not None:
                report.error(MSG_BAD_CRS.format(crs=file_crs))
            return None
        from_wgs84 = Transformer.from_crs(WGS84, file_crs, always_xy=True)
    ids = sorted(geometries)
    return _Areas(path.name, {d.id: d for d in districts}, geometries, ids,
                  STRtree([geometries[i] for i in ids]), from_wgs84)


def _place(batch: GraphBatch, areas: _Areas, points: Mapping[str, tuple[float, float]], *,
           report: ImportReport | None, locations: Mapping[str, SourceLocation], include_districts: bool) -> None:
    """Assign districts in ``batch`` itself (a copy the caller owns)."""

    def warn(message: str, entity_id: str) -> None:
        if report is not None:
            where = locations.get(entity_id)
            report.warning(message, sheet=where.sheet if where else None, row=where.row if where else None)

    def found(what: str, entity: Actor | Offer) -> str | None:
        if entity.id not in points:
            return None
        lon, lat = points[entity.id]
        district = areas.containing(lon, lat)
        if district is None:
            warn(MSG_OUTSIDE.format(what=what, id=entity.id, lon=lon, lat=lat, file=areas.file), entity.id)
        return district

    used: set[str] = set()
    for offer in batch.offers:
        if district := found("Angebot", offer):
            if not offer.districts:
                offer.districts = [district]
                used.add(district)
            elif district not in offer.districts:
                warn(MSG_OTHER_DISTRICT.format(what="Angebot", id=offer.id, given=", ".join(offer.districts),
                                               found=district), offer.id)
    for actor in batch.actors:
        if district := found("Akteur", actor):
            if actor.district is None:
                actor.district = district
                used.add(district)
            elif actor.district != district:
                warn(MSG_OTHER_DISTRICT.format(what="Akteur", id=actor.id, given=actor.district, found=district), actor.id)
    if include_districts:
        present = {d.id for d in batch.districts}
        batch.districts += [areas.districts[d] for d in sorted(used - present)]


def _points(batch: GraphBatch, coords: Mapping[str, tuple[float, float]] | None, crs: str,
            report: ImportReport | None) -> dict[str, tuple[float, float]]:
    """WGS84 points per entity id: the entities' own lon/lat, then ``coords`` (converted)."""
    points = {e.id: (e.lon, e.lat) for e in [*batch.actors, *batch.offers] if e.lon is not None and e.lat is not None}
    kinds = {**{a.id: "Akteur" for a in batch.actors}, **{o.id: "Angebot" for o in batch.offers}}
    for entity_id, (x, y) in sorted((coords or {}).items()):
        if entity_id not in kinds:
            continue
        try:
            points[entity_id] = to_wgs84(x, y, crs)
        except CoordinateError as e:
            if report is not None:
                report.warning(MSG_BAD_POINT.format(what=kinds[entity_id], id=entity_id, problem=e))
    return points


def place_in_districts(
    batch: GraphBatch,
    districts_geojson: Path,
    *,
    report: ImportReport | None = None,
    coords: Mapping[str, tuple[float, float]] | None = None,
    crs: str = WGS84,
    id_property: str | None = None,
    name_property: str = "name",
    include_districts: bool = True,
) -> GraphBatch:
    """Assign offers and actors with a point (``lon``/``lat``) to the district containing it.

    Parameters
    ----------
    batch : GraphBatch
    districts_geojson : Path
        The districts (read as by :func:`read_districts_geojson`; WGS84 unless the file
        names another CRS in a legacy ``crs`` member).
    report : ImportReport, optional
        Receives the districts file's errors, a warning for each point outside every
        district and for each point whose existing district differs from the containing one.
    coords : mapping of id -> (x, y), optional
        Points for entities that carry none (or others), in ``crs``: the interface of
        readers before the model had ``lon``/``lat``; kept for compatibility.
    crs : str
        CRS of ``coords``: ``"EPSG:4326"`` (WGS84: lon, lat) or ``"EPSG:25832"`` (UTM 32N),
        or any pyproj understands.
    id_property, name_property : str
        As for :func:`read_districts_geojson`.
    include_districts : bool
        Add the districts assigned to (and not yet in the batch) to it, so it can be
        written to an empty store.

    Returns
    -------
    GraphBatch
        A copy: an offer without districts gets the containing district; an actor
        without a district gets it as ``district``. Existing assignments are kept (and a
        differing one is a warning). Where districts nest, the smallest containing one wins.

    Examples
    --------
    >>> import json, tempfile
    >>> square = {"type": "Polygon", "coordinates": [[[7, 51], [8, 51], [8, 52], [7, 52], [7, 51]]]}
    >>> fc = {"type": "FeatureCollection", "features": [
    ...     {"type": "Feature", "geometry": square, "properties": {"name": "Nord"}}]}
    >>> f = Path(tempfile.mkdtemp()) / "d.geojson"; _ = f.write_text(json.dumps(fc))
    >>> b = GraphBatch(offers=[Offer(id="o1", title="Elterncafé", lon=7.5, lat=51.5)])
    >>> place_in_districts(b, f).offers[0].districts
    ['nord']

    Notes
    -----
    O((P + D) log D) for P points and D districts (an STR-tree over the districts).
    """
    out = batch.model_copy(deep=True)
    if crs_problem(crs):
        if report is not None:
            report.error(MSG_BAD_CRS.format(crs=crs))
        return out
    areas = _areas(districts_geojson, report, id_property, name_property)
    if areas is not None:
        _place(out, areas, _points(out, coords, crs, report), report=report, locations={},
               include_districts=include_districts)
    return out


def place_parsed(
    parsed: ParsedFile, districts_geojson: Path, *, id_property: str | None = None, name_property: str = "name"
) -> ParsedFile:
    """A reader's result with its actors and offers placed in the districts of a GeoJSON file.

    Parameters
    ----------
    parsed : ParsedFile
        What a reader returned; left unchanged.
    districts_geojson : Path
        The districts, as for :func:`place_in_districts`.
    id_property, name_property : str
        As for :func:`read_districts_geojson`.

    Returns
    -------
    ParsedFile
        A copy whose batch has the districts assigned (and the districts used added), and
        whose report has a warning, at the entity's sheet and row, for each point outside
        every district and each point whose given district differs; errors of the districts
        file (invalid geometry, …) are errors of this import.

    Examples
    --------
    >>> import json, tempfile
    >>> square = {"type": "Polygon", "coordinates": [[[7, 51], [8, 51], [8, 52], [7, 52], [7, 51]]]}
    >>> fc = {"type": "FeatureCollection", "features": [
    ...     {"type": "Feature", "geometry": square, "properties": {"name": "Nord"}}]}
    >>> f = Path(tempfile.mkdtemp()) / "d.geojson"; _ = f.write_text(json.dumps(fc))
    >>> parsed = ParsedFile(report=ImportReport(file="liste.csv", format="tabelle"),
    ...                     batch=GraphBatch(actors=[Actor(id="a", name="Kita", lon=9.0, lat=50.0)]),
    ...                     locations={"a": SourceLocation(row=2)})
    >>> placed = place_parsed(parsed, f)
    >>> placed.batch.actors[0].district, placed.report.warnings[0].row
    (None, 2)

    Notes
    -----
    O((P + D) log D) for P points and D districts.
    """
    out = parsed.model_copy(deep=True)
    areas = _areas(districts_geojson, out.report, id_property, name_property)
    if areas is not None:
        _place(out.batch, areas, _points(out.batch, None, WGS84, None), report=out.report,
               locations=out.locations, include_districts=True)
    return out
