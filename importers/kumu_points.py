"""Coordinates of network-map elements: which columns hold a point, and reading it per row.

Kumu's Elements sheets may carry ``Latitude``/``Longitude``, ``Lat``/``Lng``,
``Breitengrad``/``Längengrad`` (WGS84) or ``Rechtswert``/``Hochwert``, ``East``/``North``
in metres (UTM, with the system in an ``EPSG`` column or guessed from the values). Kumu's
own ``x``/``y`` are screen positions and not read here. A mapping file's ``[coordinates]``
names the columns and system outright.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from importers.coords import (
    EMPTY_WORDS,
    UTM32N,
    WGS84,
    CoordinateError,
    coordinate_role,
    crs_from_cell,
    find_point_columns,
    guess_crs,
    is_geographic,
    parse_coordinate,
    read_point,
)
from importers.mapping_apply import MSG_NO_POINT
from importers.report import ImportReport
from importers.tabular import Sheet, clean_text, normalise_key

if TYPE_CHECKING:
    from importers.mapping_format import CoordinatesSpec

MSG_MAPPING_COLUMN = (
    "Die Zuordnung „{name}“ nennt unter [coordinates] die Spalte „{column}“, die es im Blatt „{sheet}“ "
    "nicht gibt; vorhanden sind: {available}."
)


@dataclass(frozen=True)
class PointSource:
    """Two columns of an Elements sheet holding a point, and the system they are in."""

    x: int
    y: int
    x_header: str
    y_header: str
    crs: str
    """The system of every row, unless ``crs_column`` names another for a row."""
    crs_column: int | None = None
    crs_header: str | None = None

    def headers(self) -> list[str]:
        """The sheet's columns this source reads."""
        return [self.x_header, self.y_header] + ([self.crs_header] if self.crs_header else [])


def _header_index(headers: Sequence[str], name: str) -> int | None:
    if name in headers:
        return headers.index(name)
    key = normalise_key(name)
    return next((i for i, h in enumerate(headers) if normalise_key(str(h or "")) == key), None)


def point_sources(sheet: Sheet, report: ImportReport, *, spec: CoordinatesSpec | None = None,
                  mapping_name: str = "Zuordnung") -> list[PointSource] | None:
    """Where the elements of ``sheet`` carry coordinates, in the order they are tried per row.

    With ``spec`` (a mapping file's ``[coordinates]``) exactly its columns and system;
    a column it names that the sheet lacks is an error (``None`` is returned). Without,
    the columns are found by their headers (:func:`importers.coords.find_point_columns`):
    longitude/latitude are WGS84; Rechtswert/Hochwert and East/North take the system a
    column like ``EPSG`` names in the row, else the one their values suggest
    (:func:`importers.coords.guess_crs`), else UTM zone 32N.

    Examples
    --------
    >>> sheet = Sheet("Elements", ["Label", "Rechtswert", "Hochwert"], 1, [(2, ["AWO", 368578, 5710348])])
    >>> [(p.x_header, p.crs) for p in point_sources(sheet, ImportReport(file="k.xlsx", format="kumu"))]
    [('Rechtswert', 'EPSG:25832')]
    """
    headers = [str(h or "") for h in sheet.headers]
    if spec is not None:
        found = {column: _header_index(headers, column) for column in (spec.x, spec.y)}
        for column, index in found.items():
            if index is None:
                available = ", ".join(f"„{h}“" for h in headers if h) or "keine"
                report.error(MSG_MAPPING_COLUMN.format(name=mapping_name, column=column, sheet=sheet.name,
                                                       available=available), sheet=sheet.name, row=sheet.header_row)
        x, y = found[spec.x], found[spec.y]
        if x is None or y is None:
            return None
        return [PointSource(x, y, headers[x], headers[y], spec.crs)]
    crs_index = next((i for i, h in enumerate(headers) if coordinate_role(h) == "crs"), None)
    sources = []
    for pair in find_point_columns(headers):
        x, y = headers.index(pair.x), headers.index(pair.y)
        if pair.geographic:
            sources.append(PointSource(x, y, pair.x, pair.y, WGS84))
            continue
        guessed = guess_crs([v[x] for _, v in sheet.rows], [v[y] for _, v in sheet.rows]) or UTM32N
        sources.append(PointSource(x, y, pair.x, pair.y, guessed, crs_index,
                                   headers[crs_index] if crs_index is not None else None))
    return sources


def _filled(value: Any) -> bool:
    text = clean_text(value)
    return text is not None and text.lower() not in EMPTY_WORDS


def has_point(values: Sequence[Any], sources: Sequence[PointSource]) -> PointSource | None:
    """The first source whose x or y cell is filled in this row, else ``None``."""
    return next((s for s in sources if _filled(values[s.x]) or _filled(values[s.y])), None)


def read_element_point(values: Sequence[Any], sources: Sequence[PointSource], report: ImportReport, *,
                       sheet: str | None, row: int) -> tuple[float, float] | None:
    """The WGS84 ``(lon, lat)`` of one element row; ``None`` without (or with an unreadable) point.

    The first source with a filled cell counts. A point that cannot be read (not a
    number, only one of the two, outside the valid range, an unknown system in the
    ``EPSG`` column) is a warning at the cell to correct; the element comes in without it.
    """
    source = has_point(values, sources)
    if source is None:
        return None
    x, y = values[source.x], values[source.y]
    column = source.x_header
    try:
        crs = source.crs
        if source.crs_column is not None:
            column = source.crs_header or column
            crs = crs_from_cell(values[source.crs_column]) or crs
        geographic = is_geographic(crs)
        for value, header in ((x, source.x_header), (y, source.y_header)):
            column = header
            parse_coordinate(value, geographic=geographic)
        column = source.y_header if not _filled(y) else source.x_header
        return read_point(x if _filled(x) else None, y if _filled(y) else None, crs)
    except CoordinateError as e:
        report.warning(MSG_NO_POINT.format(problem=e), sheet=sheet, row=row, column=column)
        return None
