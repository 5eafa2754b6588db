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
from typing import Any

from pyproj import CRS, Transformer
from pyproj.exceptions import CRSError

from importers.cells import CellError, clean_text

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
