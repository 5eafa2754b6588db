"""Districts from GeoJSON, and placing points (offers, actors) in the district that contains them.

A city's Sozialräume usually exist as a GeoJSON file from its statistics office: one
Feature per district, its need indicators as properties. :func:`read_districts_geojson`
turns each Feature into a :class:`~graph.model.District`; :func:`place_in_districts`
assigns offers and actors that carry coordinates (WGS84 lon/lat or UTM 32N) to the
district containing them (shapely for geometry, pyproj for the coordinate systems).

The domain model has no coordinate fields, so readers that know coordinates (HSDS
locations, GraphML nodes with lat/lon) return a :class:`ParsedFileWithCoords`: the usual
:class:`~importers.report.ParsedFile` plus ``coords`` (entity id -> (x, y)) and ``crs``.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError
from pyproj import CRS, Transformer
from pyproj.exceptions import CRSError
from shapely import STRtree
from shapely.geometry import Point, shape
from shapely.geometry.base import BaseGeometry
from shapely.validation import explain_validity

from graph.model import District, GraphBatch
from importers.report import ImportReport, ParsedFile, SourceLocation

#: GeoJSON files larger than this are refused (bytes); district files are a few MB at most
MAX_GEOJSON_BYTES = 100_000_000

#: default properties for a district's need indicators: model field -> property name
DEFAULT_INDICATORS: dict[str, str] = {
    "population": "population",
    "share_social_benefits": "share_social_benefits",
    "share_single_parents": "share_single_parents",
}
#: a property named ``children_<phase id>`` gives the children living there in that phase
CHILDREN_PREFIX = "children_"

WGS84 = "EPSG:4326"
UTM32N = "EPSG:25832"

_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "ae", "Ö": "oe", "Ü": "ue"})


def slug_id(text: str) -> str:
    """A stable, valid entity id from a name: lower case, umlauts spelled out, dashes.

    Examples
    --------
    >>> slug_id("Süd-Ost (Altstadt)")
    'sued-ost-altstadt'
    >>> slug_id("  ")
    ''
    """
    text = text.translate(_UMLAUTS).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:200]


def district_id(name: str) -> str:
    """The district id every reader derives from a district name (HSDS, Kumu, GeoJSON).

    The same name gives the same id in every format, so an HSDS service area called
    „Süd“ lands in the district a GeoJSON file called „Süd“.

    Examples
    --------
    >>> district_id("Bismarck/Schalke-Nord")
    'bismarck-schalke-nord'
    """
    return slug_id(name)


class ParsedFileWithCoords(ParsedFile):
    """A reader's result plus the coordinates it found (the model has no coordinate fields).

    ``coords`` maps an actor or offer id to ``(x, y)`` in ``crs`` (for WGS84: lon, lat).
    """

    coords: dict[str, tuple[float, float]] = Field(default_factory=dict)
    crs: str = WGS84


# -- reading -----------------------------------------------------------------------------

MSG_UNREADABLE = "Die Datei kann nicht gelesen werden: {error}."
MSG_TOO_LARGE = "Die Datei ist mit {size} MB zu groß (erlaubt sind {limit} MB)."
MSG_EMPTY = "Die Datei ist leer."
MSG_NOT_JSON = "Die Datei ist kein gültiges JSON (Zeile {line}, Spalte {col}): {error}."
MSG_NOT_COLLECTION = "Die Datei ist keine GeoJSON-FeatureCollection (erwartet: „type“: „FeatureCollection“ mit „features“)."
MSG_NO_FEATURES = "Die FeatureCollection enthält keine Objekte (Features)."
MSG_NOT_FEATURE = "Objekt Nr. {n} ist kein GeoJSON-Feature."
MSG_NO_GEOMETRY = "Objekt Nr. {n} („{name}“) hat keine Geometrie."
MSG_BAD_GEOMETRY = "Objekt Nr. {n} („{name}“) hat eine ungültige Geometrie: {reason}."
MSG_NOT_AREA = "Objekt Nr. {n} („{name}“) ist keine Fläche, sondern ein(e) {kind}; Sozialräume müssen Polygone sein."
MSG_NO_NAME = "Objekt Nr. {n} hat keinen Namen in der Eigenschaft „{prop}“."
MSG_PROPERTY_MISSING = "Die Eigenschaft „{prop}“ gibt es in keinem Objekt der Datei; vorhanden sind: {present}."
MSG_DUPLICATE_ID = "Objekt Nr. {n}: die ID „{id}“ hatte schon Objekt Nr. {first}."
MSG_BAD_ID = "Objekt Nr. {n}: aus „{value}“ lässt sich keine gültige ID bilden."
MSG_BAD_NUMBER = "Objekt Nr. {n} („{name}“): „{value}“ ist keine Zahl."
MSG_BAD_VALUE = "Objekt Nr. {n} („{name}“): {error}"
MSG_PERCENT = "Objekt Nr. {n} („{name}“): {value} als Prozentwert gelesen ({share:.3f})."
MSG_BAD_CRS = "Das Koordinatensystem „{crs}“ ist unbekannt."
MSG_OUTSIDE = "{what} „{id}“ liegt mit den Koordinaten {x}, {y} in keinem Sozialraum der Datei."
MSG_OTHER_DISTRICT = (
    "{what} „{id}“ ist dem Sozialraum „{given}“ zugeordnet, liegt nach seinen Koordinaten aber in „{found}“; "
    "die vorhandene Zuordnung bleibt."
)
MSG_LOOKS_PROJECTED = "{what} „{id}“: die Koordinaten {x}, {y} sind keine WGS84-Längen/Breiten (UTM?)."


def _number(value: Any) -> float | None:
    """A number from JSON or German text ("41,2", "1.675"); None when empty."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int | float):
        return float(value)
    text = str(value).strip().replace("\u00a0", "").replace(" ", "")
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"\d{1,3}(\.\d{3})+", text):
        text = text.replace(".", "")
    return float(text)


def _load_json(path: Path, report: ImportReport) -> Any | None:
    try:
        size = path.stat().st_size
        if size > MAX_GEOJSON_BYTES:
            report.error(MSG_TOO_LARGE.format(size=size // 1_000_000, limit=MAX_GEOJSON_BYTES // 1_000_000))
            return None
        raw = path.read_bytes()
    except OSError as e:
        report.error(MSG_UNREADABLE.format(error=e.strerror or e))
        return None
    if not raw.strip():
        report.error(MSG_EMPTY)
        return None
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as e:
        report.error(MSG_UNREADABLE.format(error=f"keine UTF-8-Datei ({e.reason})"))
    except json.JSONDecodeError as e:
        report.error(MSG_NOT_JSON.format(line=e.lineno, col=e.colno, error=e.msg), row=e.lineno)
    return None


def _collection_crs(data: Mapping[str, Any]) -> str:
    """The CRS a (legacy, pre-RFC 7946) ``crs`` member names, else WGS84."""
    name = ((data.get("crs") or {}).get("properties") or {}).get("name")
    if not name:
        return WGS84
    match = re.search(r"EPSG:+(\d+)", str(name))
    if match:
        return f"EPSG:{match.group(1)}"
    return WGS84 if "CRS84" in str(name) else str(name)


def _features(path: Path, report: ImportReport) -> tuple[list[Any], str] | None:
    data = _load_json(path, report)
    if data is None:
        return None
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection" or not isinstance(data.get("features"), list):
        report.error(MSG_NOT_COLLECTION)
        return None
    if not data["features"]:
        report.error(MSG_NO_FEATURES)
        return None
    return data["features"], _collection_crs(data)


def _geometry(feature: Mapping[str, Any], n: int, name: str, report: ImportReport) -> BaseGeometry | None:
    raw = feature.get("geometry")
    if not raw:
        report.error(MSG_NO_GEOMETRY.format(n=n, name=name), row=n, column="geometry")
        return None
    try:
        geom = shape(raw)
    except Exception as e:  # shapely raises several types for malformed coordinates  # noqa: BLE001
        report.error(MSG_BAD_GEOMETRY.format(n=n, name=name, reason=str(e) or type(e).__name__), row=n, column="geometry")
        return None
    if geom.geom_type not in {"Polygon", "MultiPolygon"}:
        report.error(MSG_NOT_AREA.format(n=n, name=name, kind=geom.geom_type), row=n, column="geometry")
        return None
    if geom.is_empty or not geom.is_valid:
        reason = "leer" if geom.is_empty else explain_validity(geom)
        report.error(MSG_BAD_GEOMETRY.format(n=n, name=name, reason=reason), row=n, column="geometry")
        return None
    return geom


def _share(value: Any, n: int, name: str, prop: str, report: ImportReport) -> float | None:
    number = _number(value)
    if number is not None and 1 < number <= 100:  # a percentage, as statistics offices write it
        report.warning(MSG_PERCENT.format(n=n, name=name, value=value, share=number / 100), row=n, column=prop)
        return number / 100
    return number


def _parse_districts(
    path: Path,
    report: ImportReport,
    *,
    id_property: str | None,
    name_property: str,
    part_of_property: str | None,
    indicator_properties: Mapping[str, str],
) -> tuple[list[District], dict[str, SourceLocation], dict[str, BaseGeometry], str]:
    districts: list[District] = []
    locations: dict[str, SourceLocation] = {}
    geometries: dict[str, BaseGeometry] = {}
    parsed = _features(path, report)
    if parsed is None:
        return districts, locations, geometries, WGS84
    features, crs = parsed
    present = sorted({k for f in features if isinstance(f, dict) for k in (f.get("properties") or {})})
    for prop in [name_property, id_property, part_of_property]:
        if prop and prop not in present:
            report.error(MSG_PROPERTY_MISSING.format(prop=prop, present=", ".join(present) or "keine"), column=prop)
    if report.errors:
        return districts, locations, geometries, crs

    first_row: dict[str, int] = {}
    for n, feature in enumerate(features, start=1):
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            report.error(MSG_NOT_FEATURE.format(n=n), row=n)
            continue
        props = feature.get("properties") or {}
        name = str(props.get(name_property) or "").strip()
        if not name:
            report.error(MSG_NO_NAME.format(n=n, prop=name_property), row=n, column=name_property)
            continue
        raw_id = props.get(id_property) if id_property else feature.get("id")
        did = slug_id(str(raw_id)) if raw_id not in (None, "") else district_id(name)
        if not did:
            report.error(MSG_BAD_ID.format(n=n, value=raw_id or name), row=n, column=id_property)
            continue
        if did in first_row:
            report.error(MSG_DUPLICATE_ID.format(n=n, id=did, first=first_row[did]), row=n, column=id_property)
            continue
        geom = _geometry(feature, n, name, report)

        fields: dict[str, Any] = {"id": did, "name": name}
        ok = True
        for field, prop in indicator_properties.items():
            if props.get(prop) in (None, ""):
                continue
            try:
                if field.startswith("share_"):
                    fields[field] = _share(props[prop], n, name, prop, report)
                elif field == "population":
                    fields[field] = round(_number(props[prop]))  # type: ignore[arg-type]
                else:
                    fields[field] = _number(props[prop])
            except (TypeError, ValueError):
                report.error(MSG_BAD_NUMBER.format(n=n, name=name, value=props[prop]), row=n, column=prop)
                ok = False
        children: dict[str, int] = {}
        for prop, value in sorted(props.items()):
            if prop.startswith(CHILDREN_PREFIX) and value not in (None, ""):
                try:
                    children[prop[len(CHILDREN_PREFIX):]] = round(_number(value))  # type: ignore[arg-type]
                except (TypeError, ValueError):
                    report.error(MSG_BAD_NUMBER.format(n=n, name=name, value=value), row=n, column=prop)
                    ok = False
        if children:
            fields["children_by_phase"] = children
        if part_of_property and props.get(part_of_property):
            fields["part_of"] = slug_id(str(props[part_of_property]))
        if "kind" in props and props["kind"] in {"city", "borough", "quarter"}:
            fields["kind"] = props["kind"]
        if not ok or geom is None:
            continue
        try:
            districts.append(District.model_validate(fields))
        except ValidationError as e:
            for err in e.errors():
                report.error(MSG_BAD_VALUE.format(n=n, name=name, error=err["msg"]), row=n,
                             column=indicator_properties.get(str(err["loc"][0]), None) if err["loc"] else None)
            continue
        first_row[did] = n
        locations[did] = SourceLocation(sheet=None, row=n)
        geometries[did] = geom
    return districts, locations, geometries, crs


def read_districts_geojson(
    path: Path,
    *,
    id_property: str | None = None,
    name_property: str = "name",
    part_of_property: str | None = None,
    indicator_properties: Mapping[str, str] | None = None,
) -> ParsedFile:
    """Read a GeoJSON FeatureCollection of districts (Sozialräume) with their need indicators.

    Parameters
    ----------
    path : Path
        The ``.geojson`` file.
    id_property : str, optional
        Property holding the district id; default: the Feature's ``id`` member, else an
        id derived from the name (:func:`district_id`).
    name_property : str
        Property holding the district's name.
    part_of_property : str, optional
        Property naming (by id or name) the district this one is part of.
    indicator_properties : mapping, optional
        Model field -> property name for ``population``, ``share_social_benefits`` and
        ``share_single_parents`` (default :data:`DEFAULT_INDICATORS`). Shares may be
        written as 0–1 or as percentages (warning). Properties named
        ``children_<phase id>`` fill ``children_by_phase``.

    Returns
    -------
    ParsedFile
        ``locations`` give the Feature's 1-based number as ``row``. Never raises on bad
        data: an invalid geometry is an error naming the Feature's number.

    Examples
    --------
    >>> import json, tempfile
    >>> square = {"type": "Polygon", "coordinates": [[[7, 51], [7.1, 51], [7.1, 51.1], [7, 51]]]}
    >>> fc = {"type": "FeatureCollection", "features": [
    ...     {"type": "Feature", "geometry": square, "properties": {"name": "Süd", "population": 9000}}]}
    >>> f = Path(tempfile.mkdtemp()) / "d.geojson"; _ = f.write_text(json.dumps(fc))
    >>> parsed = read_districts_geojson(f)
    >>> [(d.id, d.population) for d in parsed.batch.districts], parsed.report.ok
    ([('sued', 9000)], True)

    Notes
    -----
    O(F) for F features (plus shapely's validity check, O(V log V) per polygon).
    """
    report = ImportReport(file=path.name, format="geojson")
    districts, locations, _, _ = _parse_districts(
        path, report, id_property=id_property, name_property=name_property,
        part_of_property=part_of_property, indicator_properties=indicator_properties or DEFAULT_INDICATORS,
    )
    return ParsedFile(batch=GraphBatch(districts=districts), report=report, locations=locations)


# -- placing -----------------------------------------------------------------------------


def _transformer(source: str, target: str) -> Transformer | None:
    if CRS.from_user_input(source) == CRS.from_user_input(target):
        return None
    return Transformer.from_crs(source, target, always_xy=True)


def place_in_districts(
    batch: GraphBatch,
    districts_geojson: Path,
    *,
    coords: Mapping[str, tuple[float, float]],
    crs: str = WGS84,
    id_property: str | None = None,
    name_property: str = "name",
    include_districts: bool = True,
    report: ImportReport | None = None,
) -> GraphBatch:
    """Assign offers and actors that carry coordinates to the district containing them.

    Parameters
    ----------
    batch : GraphBatch
    districts_geojson : Path
        The districts (read as by :func:`read_districts_geojson`; its CRS is WGS84 unless
        the file names another in a legacy ``crs`` member).
    coords : mapping of id -> (x, y)
        Coordinates of actors and offers in ``crs`` (WGS84: lon, lat), e.g. a
        :class:`ParsedFileWithCoords`' ``coords``.
    crs : str
        CRS of ``coords``: ``"EPSG:4326"`` (WGS84) or ``"EPSG:25832"`` (UTM 32N), or any
        pyproj understands.
    include_districts : bool
        Add the districts assigned to (and not yet in the batch) to it, so it can be
        written to an empty store.
    report : ImportReport, optional
        Receives a warning for each point outside every district and each point whose
        existing district differs from the containing one.

    Returns
    -------
    GraphBatch
        A copy: an offer without districts gets the containing district; an actor
        without a district gets it as ``district``. Existing assignments are kept. Where
        districts nest, the smallest containing one wins.

    Examples
    --------
    >>> import json, tempfile
    >>> from graph.model import Offer
    >>> square = {"type": "Polygon", "coordinates": [[[7, 51], [8, 51], [8, 52], [7, 52], [7, 51]]]}
    >>> fc = {"type": "FeatureCollection", "features": [
    ...     {"type": "Feature", "geometry": square, "properties": {"name": "Nord"}}]}
    >>> f = Path(tempfile.mkdtemp()) / "d.geojson"; _ = f.write_text(json.dumps(fc))
    >>> b = GraphBatch(offers=[Offer(id="o1", title="Elterncafé")])
    >>> place_in_districts(b, f, coords={"o1": (7.5, 51.5)}).offers[0].districts
    ['nord']

    Notes
    -----
    O((P + D) log D) for P points and D districts (an STR-tree over the districts).
    """
    geo_report = ImportReport(file=districts_geojson.name, format="geojson")
    districts, _, geometries, file_crs = _parse_districts(
        districts_geojson, geo_report, id_property=id_property, name_property=name_property,
        part_of_property=None, indicator_properties=DEFAULT_INDICATORS,
    )
    if report is not None:  # the districts file's own warnings belong to its import, not to this one
        report.problems.extend(geo_report.errors)
    try:
        transformer = _transformer(crs, file_crs)
    except CRSError:
        if report is not None:
            report.error(MSG_BAD_CRS.format(crs=crs))
        return batch.model_copy(deep=True)
    ids = sorted(geometries)
    tree = STRtree([geometries[i] for i in ids])
    by_id = {d.id: d for d in districts}

    def locate(what: str, entity_id: str) -> str | None:
        x, y = coords[entity_id]
        if CRS.from_user_input(crs).is_geographic and not (-180 <= x <= 180 and -90 <= y <= 90):
            if report is not None:
                report.warning(MSG_LOOKS_PROJECTED.format(what=what, id=entity_id, x=x, y=y))
            return None
        if transformer is not None:
            x, y = transformer.transform(x, y)
        if not (math.isfinite(x) and math.isfinite(y)):
            return None
        point = Point(x, y)
        hits = [ids[i] for i in tree.query(point, predicate="intersects")]
        if not hits:
            if report is not None:
                report.warning(MSG_OUTSIDE.format(what=what, id=entity_id, x=coords[entity_id][0], y=coords[entity_id][1]))
            return None
        return min(hits, key=lambda d: (geometries[d].area, d))

    out = batch.model_copy(deep=True)
    used: set[str] = set()
    for offer in out.offers:
        if offer.id in coords and (found := locate("Angebot", offer.id)):
            if not offer.districts:
                offer.districts = [found]
                used.add(found)
            elif found not in offer.districts and report is not None:
                report.warning(MSG_OTHER_DISTRICT.format(what="Angebot", id=offer.id, given=", ".join(offer.districts), found=found))
    for actor in out.actors:
        if actor.id in coords and (found := locate("Akteur", actor.id)):
            if actor.district is None:
                actor.district = found
                used.add(found)
            elif actor.district != found and report is not None:
                report.warning(MSG_OTHER_DISTRICT.format(what="Akteur", id=actor.id, given=actor.district, found=found))
    if include_districts:
        present = {d.id for d in out.districts}
        out.districts += [by_id[d] for d in sorted(used - present)]
    return out
