"""Coordinates: read them from cells and convert them to WGS84 longitude/latitude.

The model keeps every position as WGS84 (EPSG:4326) ``lon``/``lat`` on actors and offers.
Files carry other systems too: German school lists and statistics offices use UTM zone 32N
(EPSG:25832, ``Rechtswert``/``Hochwert`` in metres). Readers convert with :func:`to_wgs84`
(pyproj); every problem is a :class:`CoordinateError` with a German sentence, which each
reader reports at the cell it came from.

A point is checked after conversion: it must be a longitude/latitude at all, and for a
projected system it must lie within (a generous margin around) the system's area of use,
which catches swapped x/y columns and a wrong ``crs``.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from pyproj import CRS, Transformer
from pyproj.exceptions import CRSError

from importers.cells import CellError, clean_text, normalise_key

WGS84 = "EPSG:4326"
UTM32N = "EPSG:25832"

#: degrees a projected point may lie outside its system's area of use (UTM 32N is
#: often used for all of Germany, well beyond its nominal 6°–12° E)
AREA_MARGIN = 10.0
#: decimals kept in WGS84 (about 1 cm): re-reading a file gives the very same floats
DECIMALS = 7
#: cell texts that mean "no value" in exported lists
EMPTY_WORDS = frozenset({"null", "none", "nan", "n/a", "-", "–", "—"})

MSG_BAD_CRS = "Das Koordinatensystem „{crs}“ ist unbekannt (erwartet z. B. „EPSG:25832“ für UTM 32N oder „EPSG:4326“ für WGS84)."
MSG_NOT_NUMBER = "„{value}“ ist keine Koordinate (erwartet wird eine Zahl)."
MSG_ONE_MISSING = "Nur eine der beiden Koordinaten ist angegeben; beide werden gebraucht."
MSG_NOT_LONLAT = (
    "Die Koordinaten {x}, {y} sind keine WGS84-Längen/Breiten (Länge −180…180, Breite −90…90). "
    "Sind es UTM-Koordinaten? Dann das Koordinatensystem angeben (z. B. „EPSG:25832“)."
)
MSG_OUTSIDE_AREA = (
    "Die Koordinaten {x}, {y} liegen weit außerhalb des Gebiets von {crs} ({name}); "
    "sind Rechts- und Hochwert vertauscht oder ist das Koordinatensystem falsch?"
)


class CoordinateError(CellError):
    """A coordinate that cannot be read or converted; the message is German."""


@functools.lru_cache(maxsize=64)
def _crs(crs: str) -> CRS:
    try:
        return CRS.from_user_input(crs)
    except CRSError as e:
        raise CoordinateError(MSG_BAD_CRS.format(crs=crs)) from e


def crs_problem(crs: str) -> str | None:
    """A German sentence when pyproj does not know ``crs``, else ``None``.

    Examples
    --------
    >>> crs_problem("EPSG:25832") is None, crs_problem("UTM") is not None
    (True, True)
    """
    try:
        _crs(crs)
    except CoordinateError as e:
        return str(e)
    return None


def is_geographic(crs: str) -> bool:
    """True for longitude/latitude systems (WGS84, ETRS89 geographic), False for metres."""
    return bool(_crs(crs).is_geographic)


@functools.lru_cache(maxsize=64)
def _to_wgs84(crs: str) -> Transformer | None:
    source = _crs(crs)
    if source == _crs(WGS84):
        return None
    return Transformer.from_crs(source, _crs(WGS84), always_xy=True)


@functools.lru_cache(maxsize=64)
def _area(crs: str) -> tuple[float, float, float, float] | None:
    source = _crs(crs)
    if source.is_geographic or source.area_of_use is None:
        return None
    west, south, east, north = source.area_of_use.bounds
    return west - AREA_MARGIN, south - AREA_MARGIN, east + AREA_MARGIN, north + AREA_MARGIN


def to_wgs84(x: float, y: float, crs: str = WGS84) -> tuple[float, float]:
    """``(x, y)`` in ``crs`` (for WGS84: longitude, latitude) as WGS84 ``(lon, lat)``.

    Raises :class:`CoordinateError` (German) for an unknown system or a point that is no
    longitude/latitude, or lies far outside the system's area of use.

    Examples
    --------
    >>> to_wgs84(368578, 5710348, "EPSG:25832")  # a primary school in Gelsenkirchen-Bismarck
    (7.1053814, 51.5289295)
    >>> to_wgs84(7.1, 51.5)
    (7.1, 51.5)
    """
    transformer = _to_wgs84(crs)
    lon, lat = (x, y) if transformer is None else transformer.transform(x, y)
    if not (math.isfinite(lon) and math.isfinite(lat) and -180 <= lon <= 180 and -90 <= lat <= 90):
        raise CoordinateError(MSG_NOT_LONLAT.format(x=_show(x), y=_show(y)))
    area = _area(crs)
    if area is not None and not (area[0] <= lon <= area[2] and area[1] <= lat <= area[3]):
        raise CoordinateError(MSG_OUTSIDE_AREA.format(x=_show(x), y=_show(y), crs=crs, name=_crs(crs).name))
    return round(lon, DECIMALS), round(lat, DECIMALS)


def _show(value: float) -> str:
    return f"{value:g}" if abs(value) < 1e6 else f"{value:.0f}"


_THOUSANDS = re.compile(r"\d{1,3}(\.\d{3})+")


def parse_coordinate(value: Any, *, geographic: bool = True) -> float | None:
    """One coordinate from a cell; ``None`` for an empty cell (or ``null``, ``-``).

    Decimal comma and point both work. A point followed by exactly three digits is a
    decimal point in degrees (``7.123``) but a thousands separator in metres
    (``368.578`` with ``geographic=False``), as German lists write UTM values.

    Examples
    --------
    >>> parse_coordinate("7,0982"), parse_coordinate("7.123"), parse_coordinate("368.578", geographic=False)
    (7.0982, 7.123, 368578.0)
    >>> parse_coordinate("null") is None
    True
    """
    if isinstance(value, bool):
        raise CoordinateError(MSG_NOT_NUMBER.format(value=value))
    if isinstance(value, int | float):
        if not math.isfinite(value):
            raise CoordinateError(MSG_NOT_NUMBER.format(value=value))
        return float(value)
    raw = clean_text(value)
    if raw is None or raw.lower() in EMPTY_WORDS:
        return None
    text = re.sub(r"[\s\u00a0\u202f']", "", raw).rstrip("°").replace("−", "-")
    if "," in text and "." in text:
        text = text.replace(".", "").replace(",", ".") if text.rfind(",") > text.rfind(".") else text.replace(",", "")
    elif "," in text:
        text = text.replace(",", ".")
    elif text.count(".") > 1 or (not geographic and _THOUSANDS.fullmatch(text.lstrip("+-"))):
        if not _THOUSANDS.fullmatch(text.lstrip("+-")):
            raise CoordinateError(MSG_NOT_NUMBER.format(value=raw))
        text = text.replace(".", "")
    try:
        number = float(text)
    except ValueError:
        raise CoordinateError(MSG_NOT_NUMBER.format(value=raw)) from None
    if not math.isfinite(number):
        raise CoordinateError(MSG_NOT_NUMBER.format(value=raw))
    return number


def read_point(x: Any, y: Any, crs: str = WGS84) -> tuple[float, float] | None:
    """Two cells (x, y in ``crs``) as WGS84 ``(lon, lat)``; ``None`` when both are empty.

    Raises :class:`CoordinateError` when only one is given or they cannot be converted.

    Examples
    --------
    >>> read_point("368578", "5710348", "EPSG:25832")
    (7.1053814, 51.5289295)
    >>> read_point(None, "") is None
    True
    """
    geographic = is_geographic(crs)
    px, py = parse_coordinate(x, geographic=geographic), parse_coordinate(y, geographic=geographic)
    if px is None and py is None:
        return None
    if px is None or py is None:
        raise CoordinateError(MSG_ONE_MISSING)
    return to_wgs84(px, py, crs)


# -- finding coordinate columns and guessing their system (Kumu reader, suggested mappings) --

#: normalised headers of WGS84 columns (``Längengrad`` -> ``laengengrad``)
LON_HEADERS = frozenset({"longitude", "lon", "lng", "long", "laengengrad", "laenge", "geo laenge", "wgs84 laenge",
                         "wgs84 lon", "x wgs84"})
LAT_HEADERS = frozenset({"latitude", "lat", "breitengrad", "breite", "geo breite", "wgs84 breite", "wgs84 lat",
                         "y wgs84"})
#: normalised headers of projected columns in metres (UTM, Gauß-Krüger)
EAST_HEADERS = frozenset({"rechtswert", "utmrechtswert", "utm rechtswert", "utm rw", "ostwert", "east", "easting",
                          "utm east", "utm easting", "utm x", "x utm", "utm e", "gk rechtswert"})
NORTH_HEADERS = frozenset({"hochwert", "utmhochwert", "utm hochwert", "utm hw", "nordwert", "north", "northing",
                           "utm north", "utm northing", "utm y", "y utm", "utm n", "gk hochwert"})
#: normalised headers of a column naming the coordinate system of each row
CRS_HEADERS = frozenset({"epsg", "epsg code", "epsgcode", "crs", "srid", "koordinatensystem", "bezugssystem",
                         "referenzsystem"})
#: words that, as a header's first word, say enough (``Rechtswert (UTM 32)``, ``Latitude WGS84``)
_LEADING = {"longitude": "lon", "laengengrad": "lon", "latitude": "lat", "breitengrad": "lat",
            "rechtswert": "east", "easting": "east", "hochwert": "north", "northing": "north"}
_EPSG_TEXT = re.compile(r"(?:epsg\s*[:_\- ]?\s*)?(\d{4,5})", re.IGNORECASE)


def coordinate_role(header: str) -> str | None:
    """What a column header says about coordinates: ``lon``, ``lat``, ``east``, ``north``, ``crs`` or ``None``.

    Examples
    --------
    >>> [coordinate_role(h) for h in ("Längengrad", "Lat", "UTMRechtswert", "Hochwert (UTM 32)", "EPSG", "x")]
    ['lon', 'lat', 'east', 'north', 'crs', None]
    """
    key = normalise_key(header)
    for role, words in (("lon", LON_HEADERS), ("lat", LAT_HEADERS), ("east", EAST_HEADERS),
                        ("north", NORTH_HEADERS), ("crs", CRS_HEADERS)):
        if key in words:
            return role
    first = key.split(" ", 1)[0] if key else ""
    return _LEADING.get(first) or _LEADING.get(first.removeprefix("utm") or "-")


@dataclass(frozen=True)
class PointColumns:
    """Two columns holding a point: ``x`` (longitude / Rechtswert), ``y`` (latitude / Hochwert)."""

    x: str
    y: str
    geographic: bool
    """True for longitude/latitude headers, False for metres (Rechtswert/Hochwert, East/North)."""


def find_point_columns(headers: Sequence[str]) -> list[PointColumns]:
    """The coordinate column pairs among ``headers``: longitude/latitude first, then metres.

    A pair needs both columns; the first column of each role counts.

    Examples
    --------
    >>> find_point_columns(["Name", "Breitengrad", "Längengrad"])
    [PointColumns(x='Längengrad', y='Breitengrad', geographic=True)]
    >>> [p.x for p in find_point_columns(["EPSG", "UTMRechtswert", "UTMHochwert", "Lat"])]
    ['UTMRechtswert']
    """
    first: dict[str, str] = {}
    for header in headers:
        role = coordinate_role(str(header or ""))
        if role is not None:
            first.setdefault(role, header)
    pairs = []
    if "lon" in first and "lat" in first:
        pairs.append(PointColumns(first["lon"], first["lat"], geographic=True))
    if "east" in first and "north" in first:
        pairs.append(PointColumns(first["east"], first["north"], geographic=False))
    return pairs


def crs_from_cell(value: Any) -> str | None:
    """A cell naming a coordinate system as pyproj knows it; ``None`` when empty (or ``null``).

    ``25832``, ``EPSG:25832`` and ``epsg 25832`` all give ``"EPSG:25832"``; other text
    (``ETRS89 / UTM zone 32N``) is passed to pyproj as it is. Raises
    :class:`CoordinateError` for a system pyproj does not know.

    Examples
    --------
    >>> crs_from_cell(25832), crs_from_cell("EPSG:25833"), crs_from_cell("null")
    ('EPSG:25832', 'EPSG:25833', None)
    """
    text = clean_text(value)
    if text is None or text.lower() in EMPTY_WORDS:
        return None
    match = _EPSG_TEXT.fullmatch(text.strip())
    crs = f"EPSG:{match.group(1)}" if match else text
    problem = crs_problem(crs)
    if problem:
        raise CoordinateError(problem)
    return crs


def _kind_of_point(x: float, y: float) -> str | None:
    if -180 <= x <= 180 and -90 <= y <= 90:
        return WGS84
    if 1_000_000 <= y < 10_000_000:
        if 100_000 <= x < 1_000_000:
            return UTM32N  # UTM without zone: 32N covers most of Germany (33N the east, same values)
        if 32_000_000 <= x < 33_000_000:
            return "EPSG:4647"  # UTM 32N with the zone in front of the easting
        if 33_000_000 <= x < 34_000_000:
            return "EPSG:5650"  # UTM 33N with the zone in front
        if 2_000_000 <= x < 6_000_000:
            return f"EPSG:{31464 + int(x // 1_000_000)}"  # Gauß-Krüger zone 2-5 (DHDN): 31466-31469
    return None


def guess_crs(xs: Iterable[Any], ys: Iterable[Any]) -> str | None:
    """The coordinate system a column pair most likely uses, from the size of its values.

    Degrees give WGS84; a six-digit easting with a seven-digit northing UTM zone 32N
    (``EPSG:25832``; zone 33N in the east has values of the same size, so a guess only);
    an easting with the zone in front (``32368578``) ``EPSG:4647``/``EPSG:5650``; a
    seven-digit easting starting 2–5 Gauß-Krüger (``EPSG:31466``–``31469``). The most
    common answer over all readable rows wins; ``None`` when no row fits.

    Examples
    --------
    >>> guess_crs(["368578", "368.900"], ["5710348", "5.710.111"])
    'EPSG:25832'
    >>> guess_crs(["7,0982", 7.1], ["51,52", 51.5])
    'EPSG:4326'
    >>> guess_crs(["abc"], [""]) is None
    True
    """
    votes: dict[str, int] = {}
    for x, y in zip(xs, ys, strict=False):
        kind = None
        for geographic in (True, False):
            try:
                px, py = parse_coordinate(x, geographic=geographic), parse_coordinate(y, geographic=geographic)
            except CoordinateError:
                continue
            if px is None or py is None:
                break
            kind = _kind_of_point(px, py)
            if kind is not None:
                break
        if kind is not None:
            votes[kind] = votes.get(kind, 0) + 1
    return max(sorted(votes), key=lambda k: votes[k]) if votes else None
