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
location latitude/longitude        ``lon``/``lat`` of its organisation and its services
                                   (the first location with a point; WGS84)
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

The package: :mod:`~importers.hsds.package` reads the tables, :mod:`~importers.hsds.places`
the districts, addresses and points, :mod:`~importers.hsds.details` a service's side tables,
:mod:`~importers.hsds.build` makes the entities; :mod:`~importers.hsds.constants` and
:mod:`~importers.hsds.values` hold the conventions and value rules.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from graph.model import ActorKind, LifePhase, Sector
from importers.hsds.build import build
from importers.hsds.constants import (  # re-exported (see __all__): shared with exporters.hsds
    DISTRICT_URN,
    FORMULA_START,
    MAX_TABLE_BYTES,
    MSG_MISSING_TABLE,
    MSG_NO_PACKAGE,
    PLANNED_ALERT,
    TABLE_FILES,
    VOCAB_ACTOR_KIND,
    VOCAB_OFFER_KIND,
    VOCAB_PHASE,
    VOCAB_SECTOR,
    VOCAB_TRANSITION,
    VOCABULARIES,
)
from importers.hsds.package import Reader, detect_version, locate_tables
from importers.hsds.values import cost_from_text, default_life_phases, phases_for_ages
from importers.report import ImportReport, ParsedFile, stops_early

__all__ = [
    "DISTRICT_URN", "FORMULA_START", "MAX_TABLE_BYTES", "PLANNED_ALERT", "TABLE_FILES", "VOCABULARIES",
    "VOCAB_ACTOR_KIND", "VOCAB_OFFER_KIND", "VOCAB_PHASE", "VOCAB_SECTOR", "VOCAB_TRANSITION", "cost_from_text",
    "default_life_phases", "phases_for_ages", "read_hsds",
]


@stops_early("hsds")
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
    ParsedFile
        The batch, the report (``format`` is ``hsds-1.1`` or ``hsds-3.0``) and entity
        locations (``sheet`` is the table's file name). Actors and offers whose locations
        have a point carry it as ``lon``/``lat``. Never raises on bad data.

    Examples
    --------
    >>> parsed = read_hsds(Path("tests/data/hsds-3.0"))
    >>> parsed.report.format, parsed.report.ok, [o.title for o in parsed.batch.offers][:1]
    ('hsds-3.0', True, ['Elterncafé Nord'])
    """
    folder = path.parent if path.name == "datapackage.json" else path
    report = ImportReport(file=folder.name, format="hsds")
    r = Reader(folder=folder, report=report)
    empty = ParsedFile(report=report)
    if not folder.is_dir():
        r.error(MSG_NO_PACKAGE)
        return empty
    locate_tables(r, path)
    if not r.report.ok:
        return empty
    version = detect_version(r)
    report.format = f"hsds-{version}"
    for required in ("organization", "service"):
        if required not in r.tables:
            r.error(MSG_MISSING_TABLE.format(table=TABLE_FILES[required][1 if version == "1.1" else 0]))
    if not r.report.ok:
        return empty
    phase_table = list(phases) if phases is not None else default_life_phases()
    return build(r, version, phase_table, kind, sector)
