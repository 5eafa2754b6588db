"""Districts (Sozialräume) from GeoJSON, with their need indicators and their areas.

A city's Sozialräume usually exist as a GeoJSON file from its statistics office: one
Feature per district, its need indicators as properties. :func:`read_districts_geojson`
turns each Feature into a :class:`~graph.model.District`; :func:`parse_districts` also
returns the areas (shapely), which :mod:`importers.geo` uses to place points in them.

:func:`district_id` is the one rule every reader uses to turn a district's name into its
id, so the same name lands in the same district whatever the format.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry
from shapely.validation import explain_validity

from graph.model import District, GraphBatch
from importers.coords import WGS84
from importers.json_text import JSON_TOO_DEEP, german_json_reason
from importers.report import ImportReport, ParsedFile, SourceLocation, stops_early
from importers.tabular import Limits, read_checked

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


# -- reading -----------------------------------------------------------------------------

MSG_UNREADABLE = "Die Datei kann nicht gelesen werden: {error}."
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
    raw = read_checked(path, report, Limits(max_bytes=MAX_GEOJSON_BYTES))
    if raw is None:
        return None
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as e:
        report.error(MSG_UNREADABLE.format(error=f"keine UTF-8-Datei (unlesbares Byte an Stelle {e.start})"))
    except json.JSONDecodeError as e:
        report.error(MSG_NOT_JSON.format(line=e.lineno, col=e.colno, error=german_json_reason(e.msg)), row=e.lineno)
    except (RecursionError, MemoryError):  # [[[[…]]]] deeper than the parser follows: a located error, never a crash
        report.error(JSON_TOO_DEEP)
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
    except Exception:  # shapely raises several types (in English) for malformed coordinates  # noqa: BLE001
        report.error(MSG_BAD_GEOMETRY.format(n=n, name=name, reason=BAD_COORDINATES), row=n, column="geometry")
        return None
    if geom.geom_type not in {"Polygon", "MultiPolygon"}:
        kind = GEOMETRY_DE.get(geom.geom_type, geom.geom_type)
        report.error(MSG_NOT_AREA.format(n=n, name=name, kind=kind), row=n, column="geometry")
        return None
    if geom.is_empty or not geom.is_valid:
        reason = "leer" if geom.is_empty else german_validity(explain_validity(geom))
        report.error(MSG_BAD_GEOMETRY.format(n=n, name=name, reason=reason), row=n, column="geometry")
        return None
    return geom


BAD_COORDINATES = (
    "die Koordinaten bilden keine Fläche (erwartet: Ringe aus mindestens vier Punkten [Länge, Breite], "
    "der letzte gleich dem ersten)"
)
#: GeoJSON geometry type -> German, for „ist keine Fläche, sondern ein(e) …“
GEOMETRY_DE = {"Point": "Punkt", "MultiPoint": "Punktmenge", "LineString": "Linie", "MultiLineString": "Linienmenge",
               "LinearRing": "Ring", "GeometryCollection": "Geometriesammlung"}
#: the start of GEOS' explanation (explain_validity) -> German
_VALIDITY_DE = (
    ("Ring Self-intersection", "ein Ring berührt sich selbst"),
    ("Self-intersection", "die Grenze schneidet sich selbst"),
    ("Too few points", "zu wenige Punkte"),
    ("Hole lies outside shell", "ein Loch liegt außerhalb der Fläche"),
    ("Nested holes", "ein Loch liegt in einem anderen"),
    ("Nested shells", "eine Fläche liegt in einer anderen"),
    ("Interior is disconnected", "die Fläche zerfällt in getrennte Teile"),
    ("Duplicate Rings", "ein Ring kommt doppelt vor"),
    ("Ring is not closed", "ein Ring ist nicht geschlossen"),
    ("Invalid Coordinate", "eine Koordinate ist ungültig"),
)
_AT_POINT = re.compile(r"\[(-?[\d.eE+-]+) (-?[\d.eE+-]+)\]")


def german_validity(explanation: str) -> str:
    """GEOS' English reason why a geometry is invalid, in German, with the point where it happens.

    >>> german_validity("Self-intersection[0.5 0.5]")
    'die Grenze schneidet sich selbst bei 0.5, 0.5'
    """
    reason = next((german for english, german in _VALIDITY_DE if explanation.startswith(english)),
                  "die Fläche ist geometrisch ungültig")
    point = _AT_POINT.search(explanation)
    return f"{reason} bei {point.group(1)}, {point.group(2)}" if point else reason


def _share(value: Any, n: int, name: str, prop: str, report: ImportReport) -> float | None:
    number = _number(value)
    if number is not None and 1 < number <= 100:  # a percentage, as statistics offices write it
        report.warning(MSG_PERCENT.format(n=n, name=name, value=value, share=number / 100), row=n, column=prop)
        return number / 100
    return number


def parse_districts(
    path: Path,
    report: ImportReport,
    *,
    id_property: str | None,
    name_property: str,
    part_of_property: str | None,
    indicator_properties: Mapping[str, str],
) -> tuple[list[District], dict[str, SourceLocation], dict[str, BaseGeometry], str]:
    """Districts, their Feature numbers, their areas (id -> shapely geometry) and the file's CRS.

    Every problem goes into ``report``; a Feature with a problem is left out.
    """
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


@stops_early("geojson")
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
    districts, locations, _, _ = parse_districts(
        path, report, id_property=id_property, name_property=name_property,
        part_of_property=part_of_property, indicator_properties=indicator_properties or DEFAULT_INDICATORS,
    )
    return ParsedFile(batch=GraphBatch(districts=districts), report=report, locations=locations)
