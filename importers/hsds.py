"""Open Referral HSDS data packages (CSV tables + ``datapackage.json``), versions 1.1 and 3.0.

=================================  ===========================================================
HSDS                               praevnet
=================================  ===========================================================
organization                       Actor (kind/sector: defaults, or praevnet vocabularies;
                                   ``parent_organization_id`` -> part_of; first physical
                                   address -> address, its city -> district)
service                            Offer (organization = lead provider; status; description;
                                   eligibility -> target_group; minimum/maximum_age -> ages
                                   and the life phases whose age range overlaps; fees /
                                   cost_option -> cost; funding; assured_date / metadata ->
                                   last_verified; schedule valid_from/to -> start/end date)
language (service rows)            Offer.languages (ISO code where the name is known)
taxonomy (1.1) / taxonomy_term     Topic; services_taxonomy, taxonomy_ids (1.1) or
(3.0)                              attribute (3.0) link services to them
service_area, location addresses   District (name -> :func:`importers.geo.district_id`;
                                   a ``urn:praevnet:district:<id>`` uri keeps the id)
=================================  ===========================================================

Where 1.1 and 3.0 differ: 3.0 merged physical/postal addresses into ``address``
(``address_type``), regular/holiday schedules into ``schedule``, replaced
``services_taxonomy`` by ``attribute`` + ``taxonomy_term``, moved age eligibility into
``service`` (``minimum_age``, ``maximum_age``, ``eligibility_description``), renamed
``organization.url`` to ``website``, ``service_area.service_area`` to ``name`` and
``language.language`` to ``name``/``code``, and added ``cost_option``. The version is
detected from the tables and columns present (``datapackage.json``'s own ``version`` is
often the template's and is not trusted).

praevnet's exporter (:mod:`exporters.hsds`) writes 3.0 and carries what HSDS has no field
for through taxonomies of its own (ids starting ``praevnet-``), linked by ``attribute``
rows: actor kind and sector, offer kind, life phases, transitions.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from graph.model import (
    Actor,
    ActorKind,
    Cost,
    District,
    GraphBatch,
    LifePhase,
    Offer,
    OfferKind,
    OfferStatus,
    Sector,
    Topic,
)
from importers.geo import ParsedFileWithCoords, district_id
from importers.report import ImportProblem, ImportReport, ParsedFile, Severity, SourceLocation

# Conventions shared with exporters/hsds.py (the round-trip test guards that they agree).
VOCAB_ACTOR_KIND = "praevnet-akteursart"
VOCAB_SECTOR = "praevnet-sektor"
VOCAB_OFFER_KIND = "praevnet-angebotsform"
VOCAB_PHASE = "praevnet-lebensphase"
VOCAB_TRANSITION = "praevnet-uebergang"
VOCABULARIES = (VOCAB_ACTOR_KIND, VOCAB_SECTOR, VOCAB_OFFER_KIND, VOCAB_PHASE, VOCAB_TRANSITION)
DISTRICT_URN = "urn:praevnet:district:"
PLANNED_ALERT = "Geplant: das Angebot hat noch nicht begonnen."
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

#: CSV tables larger than this are refused (bytes)
MAX_TABLE_BYTES = 50_000_000

#: canonical table name -> file names tried when datapackage.json does not list it
TABLE_FILES: dict[str, tuple[str, ...]] = {
    "organization": ("organization.csv", "organizations.csv"),
    "service": ("service.csv", "services.csv"),
    "location": ("location.csv", "locations.csv"),
    "service_at_location": ("service_at_location.csv", "services_at_location.csv"),
    "physical_address": ("physical_address.csv", "physical_addresses.csv"),
    "address": ("address.csv", "addresses.csv"),
    "service_area": ("service_area.csv", "service_areas.csv"),
    "language": ("language.csv", "languages.csv"),
    "taxonomy": ("taxonomy.csv", "taxonomies.csv"),
    "taxonomy_term": ("taxonomy_term.csv", "taxonomy_terms.csv"),
    "service_taxonomy": ("service_taxonomy.csv", "services_taxonomy.csv"),
    "attribute": ("attribute.csv", "attributes.csv"),
    "eligibility": ("eligibility.csv", "eligibilities.csv"),
    "funding": ("funding.csv", "fundings.csv"),
    "cost_option": ("cost_option.csv", "cost_options.csv"),
    "metadata": ("metadata.csv",),
    "schedule": ("schedule.csv", "schedules.csv"),
}
V3_TABLES = {"address", "attribute", "taxonomy_term", "schedule", "cost_option"}

STATUS_FROM_HSDS = {
    "active": OfferStatus.ACTIVE,
    "inactive": OfferStatus.PAUSED,
    "temporarily closed": OfferStatus.PAUSED,
    "defunct": OfferStatus.ENDED,
}

LANGUAGE_CODES = {
    "deutsch": "de", "german": "de", "englisch": "en", "english": "en", "türkisch": "tr", "turkish": "tr",
    "arabisch": "ar", "arabic": "ar", "russisch": "ru", "russian": "ru", "polnisch": "pl", "polish": "pl",
    "spanisch": "es", "spanish": "es", "französisch": "fr", "french": "fr", "italienisch": "it",
    "italian": "it", "ukrainisch": "uk", "ukrainian": "uk", "rumänisch": "ro", "romanian": "ro",
    "bulgarisch": "bg", "bulgarian": "bg", "persisch": "fa", "farsi": "fa", "persian": "fa",
    "kurdisch": "ku", "kurdish": "ku", "griechisch": "el", "greek": "el", "serbisch": "sr", "serbian": "sr",
    "kroatisch": "hr", "croatian": "hr", "albanisch": "sq", "albanian": "sq", "tigrinya": "ti",
    "gebärdensprache": "gsg", "sign language": "sgn",
}

_FREE = re.compile(r"\b(free|no charge|kostenlos|kostenfrei|gebührenfrei|gratis|unentgeltlich|keine kosten)\b", re.I)
_INCOME = re.compile(r"(income|sliding|pay[- ]as[- ]you|einkommen|gestaffelt|sozialstaffel|ermäßig)", re.I)
_PUBLIC = re.compile(r"(government|public|öffentlich|kommunal|behörde|städtisch)", re.I)
_PRIVATE = re.compile(r"(for[- ]profit|commercial|gewerblich|privatwirtschaftlich)", re.I)
_VALID_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:\-]*$")

MSG_NO_PACKAGE = "Hier liegt kein HSDS-Datenpaket: weder „datapackage.json“ noch HSDS-Tabellen gefunden."
MSG_NO_DESCRIPTOR = "„datapackage.json“ fehlt; die Tabellen werden an ihren üblichen Dateinamen erkannt."
MSG_BAD_DESCRIPTOR = "„datapackage.json“ ist kein gültiges JSON (Zeile {line}, Spalte {col}): {error}."
MSG_BAD_RESOURCE = "Die Ressource „{name}“ verweist auf „{path}“; erlaubt sind nur CSV-Dateien im Paketordner."
MSG_MISSING_FILE = "Die Datei „{path}“ der Ressource „{name}“ fehlt im Paket."
MSG_MISSING_TABLE = "Die Tabelle „{table}“ fehlt; ohne sie lässt sich das Paket nicht übernehmen."
MSG_TOO_LARGE = "Die Tabelle ist mit {size} MB zu groß (erlaubt sind {limit} MB)."
MSG_ENCODING = "Die Tabelle ist nicht in UTF-8 kodiert; sie wurde als Windows-1252 gelesen."
MSG_MALFORMED = "Die Tabelle ist kein gültiges CSV: {error}."
MSG_EMPTY_TABLE = "Die Tabelle ist leer (nicht einmal eine Kopfzeile)."
MSG_MISSING_COLUMN = "Die Pflichtspalte „{column}“ fehlt."
MSG_EMPTY_VALUE = "„{column}“ ist leer; jede Zeile braucht einen Wert."
MSG_BAD_ID = "„{value}“ ist keine gültige ID (erlaubt: Buchstaben, Ziffern, „-“, „_“, „.“, „:“; am Anfang ein Buchstabe oder eine Ziffer)."
MSG_DUPLICATE_ID = "Die ID „{id}“ kommt in dieser Tabelle doppelt vor (zuerst in Zeile {first})."
MSG_UNKNOWN_REF = "„{value}“ verweist auf {what}, den/die es im Paket nicht gibt."
MSG_BAD_NUMBER = "„{value}“ ist keine Zahl."
MSG_BAD_DATE = "„{value}“ ist kein Datum (erwartet: JJJJ-MM-TT)."
MSG_UNKNOWN_STATUS = "Der Status „{value}“ ist unbekannt (erlaubt: active, inactive, defunct, temporarily closed); übernommen als „aktiv“."
MSG_AGE_OUTSIDE = "Die Altersspanne {lo}–{hi} Jahre passt zu keiner Lebensphase."
MSG_UNKNOWN_PHASE = "Die Lebensphase „{value}“ ist nicht in der Lebensphasen-Tabelle; sie muss in der Datenbank existieren."
MSG_UNKNOWN_VOCAB = "„{value}“ ist kein gültiger Wert für {what}; übernommen wird der Standardwert."
MSG_INVALID = "Ungültiger Datensatz: {error}"
MSG_NO_DISTRICT = "Das Angebot hat keinen Sozialraum (kein Leistungsgebiet, keine Adresse mit Ort)."


def default_life_phases() -> list[LifePhase]:
    """The default life phases (DOMAIN.md): pregnancy & birth, 0–3, 3–6, 6–10, 10–16, 16–27."""
    from graph.demo.build_musterstadt import PHASES  # the demo city uses the default table

    return [
        LifePhase(id=pid, name=name, order=i, age_min=lo, age_max=hi, description=desc)
        for i, (pid, name, lo, hi, desc) in enumerate(PHASES, start=1)
    ]


def phases_for_ages(age_min: float | None, age_max: float | None, phases: Sequence[LifePhase]) -> list[str]:
    """Ids of the phases whose age range overlaps ``[age_min, age_max]``, in phase order.

    Ranges are half-open (an offer for 0–3 years does not reach the 3–6 phase); a missing
    bound is open.

    Examples
    --------
    >>> phases_for_ages(2, 7, default_life_phases())
    ['p0-3', 'p3-6', 'p6-10']
    >>> phases_for_ages(None, None, default_life_phases())
    []
    """
    if age_min is None and age_max is None:
        return []
    lo = age_min if age_min is not None else 0.0
    hi = age_max if age_max is not None else 200.0
    out = []
    for p in sorted(phases, key=lambda p: (p.order, p.id)):
        p_lo = p.age_min if p.age_min is not None else 0.0
        p_hi = p.age_max if p.age_max is not None else 200.0
        if (lo < p_hi and p_lo < hi) or (lo == hi and p_lo <= lo < p_hi):
            out.append(p.id)
    return out


def cost_from_text(texts: Sequence[str], amounts: Sequence[float] = ()) -> Cost | None:
    """Read a cost class from free-text fees and cost amounts.

    Examples
    --------
    >>> cost_from_text(["kostenlos"]), cost_from_text(["3 € pro Termin"]), cost_from_text([], [0.0])
    ('free', 'fee', 'free')
    """
    text = " ".join(t for t in texts if t)
    if text and _INCOME.search(text):
        return Cost.INCOME_BASED.value  # type: ignore[return-value]
    if (text and _FREE.search(text)) or (amounts and all(a == 0 for a in amounts)):
        return Cost.FREE.value  # type: ignore[return-value]
    if text or any(a > 0 for a in amounts):
        return Cost.FEE.value  # type: ignore[return-value]
    return None


@dataclass
class _Table:
    name: str
    file: str
    header: list[str]
    rows: list[dict[str, str]]  # rows[i] is at spreadsheet row i + 2

    def has(self, column: str) -> bool:
        return column in self.header


@dataclass
class _Reader:
    """State of one package read: the report and helpers to locate problems."""

    folder: Path
    report: ImportReport
    tables: dict[str, _Table] = field(default_factory=dict)

    def problem(self, severity: Severity, message: str, table: _Table | str | None = None,
                row: int | None = None, column: str | None = None) -> None:
        file = table.file if isinstance(table, _Table) else table
        name = f"{self.folder.name}/{file}" if file else self.report.file
        self.report.problems.append(ImportProblem(severity=severity, message=message, file=name, row=row, column=column))

    def error(self, message: str, table: _Table | str | None = None, row: int | None = None, column: str | None = None) -> None:
        self.problem(Severity.ERROR, message, table, row, column)

    def warning(self, message: str, table: _Table | str | None = None, row: int | None = None, column: str | None = None) -> None:
        self.problem(Severity.WARNING, message, table, row, column)

    def source(self, table: _Table, row: int) -> str:
        return f"{self.folder.name}/{table.file}, Zeile {row}"


def _unescape(value: str) -> str:
    """Undo the formula-injection guard our exporter applies (a leading apostrophe)."""
    if len(value) > 1 and value[0] == "'" and value[1] in FORMULA_START:
        return value[1:]
    return value


def _read_csv(r: _Reader, name: str, path: Path) -> _Table | None:
    file = path.name
    try:
        size = path.stat().st_size
        if size > MAX_TABLE_BYTES:
            r.error(MSG_TOO_LARGE.format(size=size // 1_000_000, limit=MAX_TABLE_BYTES // 1_000_000), file)
            return None
        raw = path.read_bytes()
    except OSError as e:
        r.error(f"Die Tabelle kann nicht gelesen werden: {e.strerror or e}.", file)
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
        r.warning(MSG_ENCODING, file)
    if not text.strip():
        r.error(MSG_EMPTY_TABLE, file)
        return None
    try:
        reader = csv.reader(text.splitlines(keepends=True), strict=True)
        records = list(reader)
    except csv.Error as e:
        r.error(MSG_MALFORMED.format(error=e), file)
        return None
    header = [h.strip() for h in records[0]]
    rows = []
    for i, rec in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in rec):
            rows.append({})
            continue
        if len(rec) > len(header):
            r.warning(f"Die Zeile hat {len(rec)} Felder, die Kopfzeile nur {len(header)}; überzählige Felder fallen weg.", file, i)
        rows.append({h: _unescape(rec[j].strip()) if j < len(rec) else "" for j, h in enumerate(header)})
    return _Table(name=name, file=file, header=header, rows=rows)


def _locate_tables(r: _Reader, path: Path) -> None:
    """Fill ``r.tables`` from datapackage.json (or conventional file names)."""
    folder = r.folder
    descriptor = folder / "datapackage.json"
    listed: dict[str, Path] = {}
    if descriptor.is_file():
        try:
            data = json.loads(descriptor.read_text(encoding="utf-8-sig") or "null")
        except (json.JSONDecodeError, UnicodeDecodeError) as e:
            line, col = getattr(e, "lineno", None), getattr(e, "colno", None)
            r.error(MSG_BAD_DESCRIPTOR.format(line=line, col=col, error=getattr(e, "msg", e)), "datapackage.json", line)
            return
        resources = data.get("resources") if isinstance(data, dict) else None
        for res in resources if isinstance(resources, list) else []:
            if not isinstance(res, dict):
                continue
            name, rel = str(res.get("name", "")), res.get("path")
            if not isinstance(rel, str) or not name:
                continue
            target = (folder / rel).resolve()
            if "://" in rel or rel.startswith("/") or folder.resolve() not in target.parents or not rel.endswith(".csv"):
                r.error(MSG_BAD_RESOURCE.format(name=name, path=rel), "datapackage.json")
                continue
            if not target.is_file():
                if name in TABLE_FILES:
                    r.warning(MSG_MISSING_FILE.format(path=rel, name=name), "datapackage.json")
                continue
            listed[name] = target
    elif any((folder / f).is_file() for files in TABLE_FILES.values() for f in files):
        r.warning(MSG_NO_DESCRIPTOR, "datapackage.json")
    else:
        r.error(MSG_NO_PACKAGE)
        return
    for name, files in TABLE_FILES.items():
        target = listed.get(name) or next((folder / f for f in files if (folder / f).is_file()), None)
        if target is not None:
            table = _read_csv(r, name, target)
            if table is not None:
                r.tables[name] = table


def _detect_version(r: _Reader) -> str:
    t = r.tables
    if V3_TABLES & set(t):
        return "3.0"
    service, org = t.get("service"), t.get("organization")
    if service and any(service.has(c) for c in ("minimum_age", "fees_description", "assured_date", "eligibility_description")):
        return "3.0"
    if org and org.has("website"):
        return "3.0"
    return "1.1"


def _index(r: _Reader, table: _Table | None, what: str) -> dict[str, tuple[int, dict[str, str]]]:
    """id -> (row, record) for a table with an ``id`` column; checks ids and duplicates."""
    out: dict[str, tuple[int, dict[str, str]]] = {}
    if table is None:
        return out
    if not table.has("id"):
        r.error(MSG_MISSING_COLUMN.format(column="id"), table, 1, "id")
        return out
    for i, rec in enumerate(table.rows, start=2):
        if not rec:
            continue
        value = rec.get("id", "")
        if not value:
            r.error(MSG_EMPTY_VALUE.format(column="id"), table, i, "id")
        elif not _VALID_ID.match(value) or len(value) > 200:
            r.error(MSG_BAD_ID.format(value=value), table, i, "id")
        elif value in out:
            r.error(MSG_DUPLICATE_ID.format(id=value, first=out[value][0]), table, i, "id")
        else:
            out[value] = (i, rec)
    return out


def _number(r: _Reader, value: str, table: _Table, row: int, column: str) -> float | None:
    if not value:
        return None
    try:
        return float(value.replace(",", ".")) if value.count(",") == 1 and "." not in value else float(value)
    except ValueError:
        r.error(MSG_BAD_NUMBER.format(value=value), table, row, column)
        return None


def _date(r: _Reader, value: str, table: _Table, row: int, column: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        r.warning(MSG_BAD_DATE.format(value=value), table, row, column)
        return None


def _rows(table: _Table | None) -> list[tuple[int, dict[str, str]]]:
    return [(i, rec) for i, rec in enumerate(table.rows, start=2) if rec] if table else []


def _language(record: dict[str, str]) -> str | None:
    code = record.get("code", "").strip()
    name = record.get("name", "") or record.get("language", "")
    if code:
        return code
    if not name:
        return None
    return LANGUAGE_CODES.get(name.strip().lower(), name.strip())


def read_hsds(path: Path, *, phases: Sequence[LifePhase] | None = None,
              kind: ActorKind = ActorKind.OTHER, sector: Sector = Sector.FREE_WELFARE) -> ParsedFile:
    """Read an Open Referral HSDS data package (1.1 or 3.0) into a batch.

    Parameters
    ----------
    path : Path
        The package folder or its ``datapackage.json``.
    phases : sequence of LifePhase, optional
        The city's life phases, used to turn age eligibility into phases (default:
        :func:`default_life_phases`). The phases offers refer to are part of the batch.
    kind, sector : ActorKind, Sector
        For organisations whose kind or sector the package does not say (HSDS has no such
        field; a ``legal_status`` naming government or for-profit sets the sector).

    Returns
    -------
    ParsedFileWithCoords
        The batch, the report (``format`` is ``hsds-1.1`` or ``hsds-3.0``), entity
        locations (``sheet`` is the table's file name) and the WGS84 coordinates of
        actors and offers whose locations have them. Never raises on bad data.

    Examples
    --------
    >>> parsed = read_hsds(Path("tests/data/hsds-3.0"))
    >>> parsed.report.format, parsed.report.ok, [o.title for o in parsed.batch.offers][:1]
    ('hsds-3.0', True, ['Elterncafé Nord'])
    """
    folder = path.parent if path.name == "datapackage.json" else path
    report = ImportReport(file=folder.name, format="hsds")
    r = _Reader(folder=folder, report=report)
    empty = ParsedFileWithCoords(report=report)
    if not folder.is_dir():
        r.error(MSG_NO_PACKAGE)
        return empty
    _locate_tables(r, path)
    if not r.report.ok:
        return empty
    version = _detect_version(r)
    report.format = f"hsds-{version}"
    for required in ("organization", "service"):
        if required not in r.tables:
            r.error(MSG_MISSING_TABLE.format(table=TABLE_FILES[required][1 if version == "1.1" else 0]))
    if not r.report.ok:
        return empty
    phase_table = list(phases) if phases is not None else default_life_phases()
    return _build(r, version, phase_table, kind, sector)


def _vocab_links(r: _Reader, version: str, terms: dict[str, tuple[int, dict[str, str]]]) -> tuple[
        dict[str, list[str]], dict[str, dict[str, list[str]]]]:
    """(entity id -> topic ids, entity id -> {praevnet vocabulary -> codes})."""
    topics: dict[str, list[str]] = defaultdict(list)
    vocab: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))

    def link(entity: str, term_id: str, table: _Table, row: int, column: str) -> None:
        if term_id not in terms:
            r.warning(MSG_UNKNOWN_REF.format(value=term_id, what="einen Taxonomie-Begriff"), table, row, column)
            return
        term = terms[term_id][1]
        taxonomy = term.get("taxonomy_id") or term.get("vocabulary") or term.get("taxonomy", "")
        if taxonomy in VOCABULARIES:
            vocab[entity][taxonomy].append(term.get("code") or term.get("name", ""))
        elif term_id not in topics[entity]:
            topics[entity].append(term_id)

    if version == "3.0":
        for row, rec in _rows(r.tables.get("attribute")):
            if rec.get("link_id") and rec.get("taxonomy_term_id"):
                link(rec["link_id"], rec["taxonomy_term_id"], r.tables["attribute"], row, "taxonomy_term_id")
    for row, rec in _rows(r.tables.get("service_taxonomy")):
        if rec.get("service_id") and rec.get("taxonomy_id"):
            link(rec["service_id"], rec["taxonomy_id"], r.tables["service_taxonomy"], row, "taxonomy_id")
    service = r.tables["service"]
    for row, rec in _rows(service):
        for term_id in filter(None, (t.strip() for t in rec.get("taxonomy_ids", "").split(","))):
            link(rec.get("id", ""), term_id, service, row, "taxonomy_ids")
    return topics, vocab


def _build(r: _Reader, version: str, phase_table: list[LifePhase], default_kind: ActorKind,
           default_sector: Sector) -> ParsedFileWithCoords:
    t = r.tables
    orgs = _index(r, t["organization"], "organization")
    services = _index(r, t["service"], "service")
    locations = _index(r, t.get("location"), "location")
    term_table = t.get("taxonomy_term") if version == "3.0" else t.get("taxonomy")
    terms = _index(r, term_table, "taxonomy")
    for table, column in ((t["organization"], "name"), (t["service"], "name")):
        if not table.has(column):
            r.error(MSG_MISSING_COLUMN.format(column=column), table, 1, column)
    if not r.report.ok:
        return ParsedFileWithCoords(report=r.report)

    # -- districts: a URN in a service area keeps the id; otherwise the name gives it
    names_to_id: dict[str, str] = {}
    district_names: dict[str, str] = {}
    area_table = t.get("service_area")
    area_column = "name" if area_table is not None and area_table.has("name") else "service_area"
    for _, rec in _rows(area_table):
        uri, name = rec.get("uri", ""), rec.get(area_column, "")
        if uri.startswith(DISTRICT_URN) and name and _VALID_ID.match(uri[len(DISTRICT_URN):]):
            names_to_id[name] = uri[len(DISTRICT_URN):]

    def district_for(name: str) -> str | None:
        name = name.strip()
        if not name:
            return None
        did = names_to_id.get(name) or district_id(name)
        if not did:
            return None
        district_names.setdefault(did, name)
        return did

    # -- addresses per location (physical only), coordinates per location
    address_table = t.get("address") if version == "3.0" else t.get("physical_address")
    address_of: dict[str, tuple[str | None, str | None]] = {}
    pinned: dict[str, str] = {}  # location id -> district id our exporter wrote as external identifier
    for loc_id, (_, rec) in locations.items():
        ext = rec.get("external_identifier", "")
        if ext.startswith(DISTRICT_URN) and _VALID_ID.match(ext[len(DISTRICT_URN):]):
            pinned[loc_id] = ext[len(DISTRICT_URN):]
    for _, rec in _rows(address_table):
        if rec.get("address_type", "physical") not in ("physical", ""):
            continue
        loc = rec.get("location_id", "")
        if not loc or loc in address_of:
            continue
        city = rec.get("city", "").strip()
        postal = rec.get("postal_code", "").strip()
        parts = [rec.get("address_1", ""), rec.get("address_2", "")]
        if postal:  # a full postal address: street, then "PLZ Ort"
            parts.append(f"{postal} {city}".strip())
        if loc in pinned:
            did: str | None = pinned[loc]
            district_names.setdefault(pinned[loc], city or pinned[loc])
        else:
            did = district_for(city) if city else None
        address_of[loc] = (", ".join(p.strip() for p in parts if p.strip()) or None, did)
    loc_table = t.get("location")
    coords_of: dict[str, tuple[float, float]] = {}
    for loc_id, (row, rec) in locations.items():
        lat = _number(r, rec.get("latitude", ""), loc_table, row, "latitude")  # type: ignore[arg-type]
        lon = _number(r, rec.get("longitude", ""), loc_table, row, "longitude")  # type: ignore[arg-type]
        if lat is not None and lon is not None:
            coords_of[loc_id] = (lon, lat)

    # -- metadata: latest action per resource counts as last verified
    verified: dict[str, dt.date] = {}
    meta = t.get("metadata")
    for row, rec in _rows(meta):
        day = _date(r, rec.get("last_action_date", ""), meta, row, "last_action_date")  # type: ignore[arg-type]
        rid = rec.get("resource_id", "")
        if day and rid and (rid not in verified or day > verified[rid]):
            verified[rid] = day

    topic_links, vocab = _vocab_links(r, version, terms)
    result = ParsedFileWithCoords(report=r.report, crs="EPSG:4326")

    # -- topics
    topics: list[Topic] = []
    for term_id, (row, rec) in terms.items():
        taxonomy = rec.get("taxonomy_id") or rec.get("vocabulary") or rec.get("taxonomy", "")
        if taxonomy in VOCABULARIES:
            continue
        if not rec.get("name"):
            r.error(MSG_EMPTY_VALUE.format(column="name"), term_table, row, "name")
            continue
        topics.append(Topic(id=term_id, name=rec["name"], description=rec.get("description") or None))
        result.locations[term_id] = SourceLocation(sheet=term_table.file, row=row)  # type: ignore[union-attr]

    # -- actors
    org_table = t["organization"]
    org_locations: dict[str, list[str]] = defaultdict(list)
    for loc_id, (_, rec) in locations.items():
        if rec.get("organization_id"):
            org_locations[rec["organization_id"]].append(loc_id)
    actors: list[Actor] = []
    for org_id, (row, rec) in orgs.items():
        codes = vocab.get(org_id, {})
        fields: dict[str, Any] = {
            "id": org_id, "name": rec.get("name", ""), "short_name": rec.get("alternate_name") or None,
            "description": rec.get("description") or None, "website": rec.get("website") or rec.get("url") or None,
            "kind": default_kind, "sector": default_sector, "source": r.source(org_table, row),
            "last_verified": verified.get(org_id),
        }
        legal = f"{rec.get('legal_status', '')} {rec.get('tax_status', '')}"
        if _PUBLIC.search(legal):
            fields["sector"] = Sector.PUBLIC
        elif _PRIVATE.search(legal):
            fields["sector"] = Sector.PRIVATE
        for vocab_id, name, enum in ((VOCAB_ACTOR_KIND, "kind", ActorKind), (VOCAB_SECTOR, "sector", Sector)):
            for code in codes.get(vocab_id, [])[:1]:
                if code in enum._value2member_map_:
                    fields[name] = code
                else:
                    r.warning(MSG_UNKNOWN_VOCAB.format(value=code, what=name), org_table, row)
        fields["mandate_topics"] = topic_links.get(org_id, [])
        fields["mandate_phases"] = codes.get(VOCAB_PHASE, [])
        parent = rec.get("parent_organization_id", "")
        if parent:
            if parent in orgs and parent != org_id:
                fields["part_of"] = parent
            else:
                r.error(MSG_UNKNOWN_REF.format(value=parent, what="eine Organisation"), org_table, row, "parent_organization_id")
        for loc_id in org_locations.get(org_id, []):
            if loc_id in address_of:
                fields["address"], fields["district"] = address_of[loc_id]
                break
        for loc_id in org_locations.get(org_id, []):
            if loc_id in coords_of:
                result.coords[org_id] = coords_of[loc_id]
                break
        if not fields["name"]:
            r.error(MSG_EMPTY_VALUE.format(column="name"), org_table, row, "name")
            continue
        try:
            actors.append(Actor.model_validate(fields))
        except ValidationError as e:
            r.error(MSG_INVALID.format(error="; ".join(err["msg"] for err in e.errors())), org_table, row)
            continue
        result.locations[org_id] = SourceLocation(sheet=org_table.file, row=row)

    # -- per-service side tables
    languages: dict[str, list[str]] = defaultdict(list)
    for _, rec in _rows(t.get("language")):
        sid, lang = rec.get("service_id", ""), _language(rec)
        if sid and lang and lang not in languages[sid]:
            languages[sid].append(lang)
    eligibility: dict[str, list[str]] = defaultdict(list)
    elig_ages: dict[str, tuple[float | None, float | None]] = {}
    elig = t.get("eligibility")
    for row, rec in _rows(elig):
        sid = rec.get("service_id", "")
        if rec.get("eligibility"):
            eligibility[sid].append(rec["eligibility"])
        if rec.get("minimum_age") or rec.get("maximum_age"):
            elig_ages[sid] = (_number(r, rec.get("minimum_age", ""), elig, row, "minimum_age"),  # type: ignore[arg-type]
                              _number(r, rec.get("maximum_age", ""), elig, row, "maximum_age"))  # type: ignore[arg-type]
    funding: dict[str, list[str]] = defaultdict(list)
    for _, rec in _rows(t.get("funding")):
        if rec.get("service_id") and rec.get("source"):
            funding[rec["service_id"]].append(rec["source"])
    fees: dict[str, list[str]] = defaultdict(list)
    amounts: dict[str, list[float]] = defaultdict(list)
    cost_table = t.get("cost_option")
    for row, rec in _rows(cost_table):
        sid = rec.get("service_id", "")
        fees[sid] += [x for x in (rec.get("option", ""), rec.get("amount_description", "")) if x]
        amount = _number(r, rec.get("amount", ""), cost_table, row, "amount")  # type: ignore[arg-type]
        if amount is not None:
            amounts[sid].append(amount)
    periods: dict[str, tuple[dt.date | None, dt.date | None]] = {}
    sched = t.get("schedule")
    for row, rec in _rows(sched):
        sid = rec.get("service_id", "")
        if not sid or rec.get("location_id") or rec.get("service_at_location_id"):
            continue
        start = _date(r, rec.get("valid_from", ""), sched, row, "valid_from")  # type: ignore[arg-type]
        end = _date(r, rec.get("valid_to", ""), sched, row, "valid_to")  # type: ignore[arg-type]
        old = periods.get(sid, (None, None))
        periods[sid] = (min(filter(None, (old[0], start)), default=None), max(filter(None, (old[1], end)), default=None))
    service_districts: dict[str, list[str]] = defaultdict(list)
    sal_table = t.get("service_at_location")
    sal_service: dict[str, str] = {}
    service_locations: dict[str, list[str]] = defaultdict(list)
    for row, rec in _rows(sal_table):
        sid, loc = rec.get("service_id", ""), rec.get("location_id", "")
        sal_service[rec.get("id", "")] = sid
        if loc and loc not in locations:
            r.warning(MSG_UNKNOWN_REF.format(value=loc, what="einen Standort"), sal_table, row, "location_id")
            continue
        service_locations[sid].append(loc)
    for _, rec in _rows(area_table):
        sid = rec.get("service_id") or sal_service.get(rec.get("service_at_location_id", ""), "")
        did = district_for(rec.get(area_column, ""))
        if sid and did and did not in service_districts[sid]:
            service_districts[sid].append(did)
    for sid, locs in service_locations.items():
        for loc in locs:
            did = address_of.get(loc, (None, None))[1]
            if did and did not in service_districts[sid]:
                service_districts[sid].append(did)

    # -- offers
    service_table = t["service"]
    known_phases = {p.id for p in phase_table}
    actor_ids = {a.id for a in actors}
    offers: list[Offer] = []
    used_phases: set[str] = set()
    for sid, (row, rec) in services.items():
        codes = vocab.get(sid, {})
        status_text = rec.get("status", "").strip().lower()
        status = STATUS_FROM_HSDS.get(status_text, OfferStatus.ACTIVE)
        if status_text and status_text not in STATUS_FROM_HSDS:
            r.warning(MSG_UNKNOWN_STATUS.format(value=rec["status"]), service_table, row, "status")
        if status_text == "inactive" and rec.get("alert", "").startswith(PLANNED_ALERT[:7]):
            status = OfferStatus.PLANNED
        age_min = _number(r, rec.get("minimum_age", ""), service_table, row, "minimum_age")
        age_max = _number(r, rec.get("maximum_age", ""), service_table, row, "maximum_age")
        if age_min is None and age_max is None and sid in elig_ages:
            age_min, age_max = elig_ages[sid]
        phase_ids = codes.get(VOCAB_PHASE) or phases_for_ages(age_min, age_max, phase_table)
        if (age_min is not None or age_max is not None) and not phase_ids:
            r.warning(MSG_AGE_OUTSIDE.format(lo=age_min if age_min is not None else "", hi=age_max if age_max is not None else ""),
                      service_table, row, "minimum_age")
        for pid in phase_ids:
            if pid not in known_phases:
                r.warning(MSG_UNKNOWN_PHASE.format(value=pid), service_table, row)
        used_phases.update(phase_ids)
        org_id = rec.get("organization_id", "")
        providers = []
        if org_id:
            if org_id in actor_ids:
                providers = [{"actor": org_id, "role": "lead"}]
            else:
                r.error(MSG_UNKNOWN_REF.format(value=org_id, what="eine Organisation"), service_table, row, "organization_id")
                continue
        fee_texts = [rec.get("fees_description", ""), rec.get("fees", ""), *fees.get(sid, [])]
        target = rec.get("eligibility_description") or "; ".join(eligibility.get(sid, [])) or None
        start, end = periods.get(sid, (None, None))
        kind_code = (codes.get(VOCAB_OFFER_KIND) or ["other"])[0]
        fields: dict[str, Any] = {
            "id": sid, "title": rec.get("name", ""), "description": rec.get("description") or None,
            "kind": kind_code, "target_group": target, "age_min": age_min, "age_max": age_max,
            "languages": languages.get(sid, []), "cost": cost_from_text(fee_texts, amounts.get(sid, [])),
            "status": status, "start_date": start, "end_date": end,
            "funding": "; ".join(funding.get(sid, [])) or None,
            "last_verified": _date(r, rec.get("assured_date", ""), service_table, row, "assured_date") or verified.get(sid),
            "source": r.source(service_table, row), "providers": providers, "phases": phase_ids,
            "transitions": codes.get(VOCAB_TRANSITION, []), "topics": topic_links.get(sid, []),
            "districts": service_districts.get(sid, []),
        }
        if not fields["title"]:
            r.error(MSG_EMPTY_VALUE.format(column="name"), service_table, row, "name")
            continue
        if kind_code not in OfferKind._value2member_map_:
            r.warning(MSG_UNKNOWN_VOCAB.format(value=kind_code, what="kind"), service_table, row)
            fields["kind"] = "other"
        try:
            offer = Offer.model_validate(fields)
        except ValidationError as e:
            r.error(MSG_INVALID.format(error="; ".join(err["msg"] for err in e.errors())), service_table, row)
            continue
        if not offer.districts:
            r.warning(MSG_NO_DISTRICT, service_table, row)
        offers.append(offer)
        result.locations[sid] = SourceLocation(sheet=service_table.file, row=row)
        for loc in service_locations.get(sid, []):
            if loc in coords_of:
                result.coords[sid] = coords_of[loc]
                break

    result.batch = GraphBatch(
        life_phases=[p for p in phase_table if p.id in used_phases],
        topics=topics,
        districts=[District(id=d, name=n) for d, n in district_names.items()],
        actors=actors,
        offers=offers,
    )
    return result
