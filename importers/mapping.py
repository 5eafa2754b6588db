"""Any table into the graph, through a small declarative TOML mapping file.

This module is the entry (:func:`read_table`) and documents the format; the mapping's
models live in :mod:`importers.mapping_format`, applying it to rows in
:mod:`importers.mapping_apply`.

A city's own list (Excel or CSV) rarely follows the template. A mapping file says which
column becomes which field; :func:`read_table` applies it. Each row becomes one
**actor**, **offer** or **district** (``[table] entity``); providers, partners and districts
named in a row are created alongside (by name) or referenced (by id).

The format (every section but ``[fields]`` is optional)::

    [table]
    entity = "offer"            # actor | offer | district (default actor)
    sheet = "Tabelle1"          # XLSX: sheet to read (default: the first)
    header_row = 1              # row with the column headings (a "sep=;" line does not count)
    id_prefix = "ang-"          # put in front of every id of this table's entities
    continue_if_empty = "Nr."   # a row with this cell empty continues the record above
    yes = ["x", "ja"]           # what counts as a cross (default: x ja j yes 1 wahr ✓ ✔)
    list_separator = ";"        # between items in list cells (line breaks always separate)
    source = "Angebotsliste 2024"   # instead of the file name in ``source``
    delimiter = ";"             # CSV: force the separator (default: detected)
    encoding = "cp1252"         # CSV: force the encoding (default: UTF-8, else Windows-1252)

    [filter]                    # keep only rows whose cell is one of the values
    Gemeindeschluessel = ["05513000"]

    [fields]                    # model field = column, or a table saying how
    id = "Nr."
    title = "Angebot"
    name = { columns = ["Schulname 1", "Schulname 2"], join = " ", hyphenated = true }
    address = { template = "{Straße}, {PLZ} {Ort}" }   # a line whose columns are all empty is dropped
    age = "Alter"               # offers: "3-6", "3 bis 6", "ab 12", "bis 3" -> age_min / age_max
    providers = { column = "Träger", by = "name" }     # by name: actors are created (id = slug of name)
    districts = { column = "Sozialraum-ID", by = "id" }  # by id: only referenced

    [split."Stadt (Einwohner)"] # a regex whose named groups are fields
    pattern = '^(?P<name>.+?)\\s*\\((?P<population>[\\d.\\s]+)\\)$'

    [crosses.topics]            # column of crosses -> value added to the field
    "Sprachförderung" = "sprache"
    [crosses.phases]
    "U3" = "p0-3"

    [numbers.children_by_phase] # districts: column of counts -> key
    "Kinder 0-3" = "p0-3"

    [values.kind]               # source value -> model value (a list for list fields)
    "Beratungsstelle" = "counselling"
    [values.phases]
    "Grundschule" = ["p6-10"]

    [constants]                 # the same value for every row (unless a column gives one)
    sector = "free_welfare"

    [coordinates]               # actors, offers: a point -> WGS84 lon/lat
    x = "UTMRechtswert"         # easting (WGS84: longitude)
    y = "UTMHochwert"           # northing (WGS84: latitude)
    crs = "EPSG:25832"          # UTM zone 32N; default "EPSG:4326" (WGS84)

Fields are the model's (``graph.model.Actor``/``Offer``/``District``) plus ``age`` and
``partners`` for offers. Closed vocabularies accept the model's values and the German labels
of the template (``Beratung``); ``[values.<field>]`` is applied first. Cells with line breaks
keep them in descriptions; list cells split on them. Every record's ``source`` is
``<file>, Blatt <sheet>, Zeile <n>`` unless ``source`` is mapped; ``last_verified`` comes
only from a column or constant, never from today's date.

``[coordinates]`` converts each row's x/y with pyproj (:func:`importers.coords.read_point`).
A row whose point cannot be read or converted (a text, only one of the two, a point far
outside the system's area: swapped columns or a wrong ``crs``) keeps its entity without
coordinates and gets a warning at the x column; empty cells (also ``null``) mean no point.
WGS84 columns can also be mapped directly as fields (``lon = "Längengrad"``).

:func:`load_mapping` validates the file (German errors, :class:`graph.errors.InvalidData`);
``TableMapping.values`` is shared with the Kumu reader for element types.
"""

from __future__ import annotations

import difflib
from pathlib import Path

from graph.errors import InvalidData
from importers.mapping_apply import apply_mapping
from importers.mapping_format import (  # re-exported (see __all__): other readers import them from here
    ENTITY_DE,
    FIELDS,
    LIST_KINDS,
    REFERENCES,
    CoordinatesSpec,
    FieldSpec,
    SplitSpec,
    TableMapping,
    TableSection,
    load_mapping,
    parse_mapping,
)
from importers.report import ImportProblem, ImportReport, ParsedFile, Severity, stops_early
from importers.tabular import DEFAULT_LIMITS, Limits, read_table_file

__all__ = [
    "ENTITY_DE", "FIELDS", "LIST_KINDS", "REFERENCES", "CoordinatesSpec", "FieldSpec", "SplitSpec", "TableMapping",
    "TableSection", "load_mapping", "parse_mapping", "read_table",
]


@stops_early("tabelle")
def read_table(path: Path, mapping: Path | TableMapping, *, limits: Limits = DEFAULT_LIMITS) -> ParsedFile:
    """Read an Excel or CSV table through a mapping into a batch of actors, offers or districts.

    Parameters
    ----------
    path : Path
        The ``.xlsx`` or ``.csv`` file.
    mapping : Path or TableMapping
        The mapping file (TOML) or an already loaded mapping.
    limits : Limits, keyword-only
        File size, row count and zip-bomb limits.

    Returns
    -------
    ParsedFile
        Batch, report with every problem found, and the row of every entity. With
        ``[coordinates]`` actors and offers carry WGS84 ``lon``/``lat``.

    Examples
    --------
    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp())
    >>> _ = (d / "liste.csv").write_text("Angebot;Träger;Alter\\nElterncafé;AWO Nord;0-3\\n", encoding="utf-8")
    >>> m = parse_mapping('[table]\\nentity = "offer"\\n[fields]\\ntitle = "Angebot"\\n'
    ...                   'providers = "Träger"\\nage = "Alter"\\n')
    >>> parsed = read_table(d / "liste.csv", m)
    >>> [(o.id, o.age_max, o.providers[0].actor) for o in parsed.batch.offers]
    [('elterncafe', 3.0, 'awo-nord')]
    """
    report = ImportReport(file=path.name, format="tabelle")
    parsed = ParsedFile(report=report)
    mapping_label = "Zuordnung"
    if not isinstance(mapping, TableMapping):
        mapping_label = mapping.name
        try:
            mapping = load_mapping(mapping)
        except InvalidData as e:
            for problem in e.problems or [str(e)]:
                report.problems.append(ImportProblem(severity=Severity.ERROR, message=problem, file=mapping_label))
            return parsed
    table = mapping.table
    sheet = read_table_file(path, report, sheet=table.sheet, header_row=table.header_row,
                            delimiter=table.delimiter, encoding=table.encoding, limits=limits)
    if sheet is None:
        return parsed
    missing = [c for c in mapping.columns_used() if c not in sheet.headers]
    for column in missing:
        close = difflib.get_close_matches(column, sheet.headers, n=1)
        hint = f" Meinten Sie „{close[0]}“?" if close else ""
        report.problems.append(ImportProblem(
            severity=Severity.ERROR, file=mapping_label, column=column,
            message=(f"Die Zuordnung nennt die Spalte „{column}“, die es in „{path.name}“ nicht gibt.{hint} "
                     f"Vorhandene Spalten: {', '.join(sheet.headers)}."),
        ))
    if missing:
        return parsed
    apply_mapping(mapping, sheet, path.name, report, parsed)
    return parsed
