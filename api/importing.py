"""The import service: read a file, check it against the store, then write it whole or not at all.

CLI (``praevnet import …``) and API (``POST /api/imports``) both call :func:`import_file`,
so they report the same problems in the same words. Readers (``importers/``) never write;
this service asks the store what the batch would create, update or leave unchanged, turns
reference problems into located report errors, and writes in one transaction.

Concurrent writers queue up: the service reads the store at a revision state and writes
only if the graph is still there (``GraphStore.write(..., expected=state)``); when another
write came first it reads again and retries, so two imports at once both land when they
do not contradict each other, and an import never writes on top of a graph it did not see.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from graph import texts
from graph.errors import Conflict, ImportRejected, InvalidData, StoreUnavailable
from graph.gcpause import paused_gc
from graph.model import GraphBatch
from graph.store import BatchDiff, GraphStore, Progress, RevisionState, StaleRead, WriteInterrupted

from importers.report import DEFAULT_MAX_ERRORS, ImportReport, ParsedFile, error_limit

#: format name -> (German description, file suffixes it claims)
FORMATS: dict[str, tuple[str, tuple[str, ...]]] = {
    "json": ("praevnet-JSON (verlustfrei)", (".json",)),
    "template": ("ausgefüllte praevnet-Vorlage (Excel)", (".xlsx",)),
    "csv": ("CSV-Export von praevnet (Ordner oder ZIP, ein Blatt je Datei)", ()),
    "table": ("beliebige Tabelle (Excel/CSV) mit Zuordnungsdatei", (".csv", ".txt", ".xlsx")),
    "hsds": ("Open Referral HSDS (Datenpaket)", ("datapackage.json",)),
    "gephi": ("GraphML oder GEXF (Gephi)", (".graphml", ".gexf")),
    "kumu": ("Kumu-Arbeitsmappe (Elements/Connections)", ()),
    "districts": ("Sozialräume aus GeoJSON", (".geojson",)),
    "statistics": ("Sozialraum-Statistik (Kinder je Altersgruppe, Einwohner, Anteile; Excel/CSV)", ()),
}


def guess_format(path: Path, *, mapping: Path | None = None) -> str:
    """The format a file most likely has (an explicit ``--format`` always wins)."""
    name = path.name.lower()
    if path.is_dir() or name == "datapackage.json":
        return "hsds"
    if mapping is not None:
        return "table"
    for fmt, (_, suffixes) in FORMATS.items():
        if any(name.endswith(s) for s in suffixes):
            return fmt
    return "table"


def _reader(fmt: str) -> Callable[..., ParsedFile]:
    # imported lazily: each reader pulls in its own libraries (openpyxl, defusedxml, shapely)
    if fmt == "json":
        from importers.json_format import read_json

        return read_json
    if fmt == "template":
        from importers.template import read_template

        return read_template
    if fmt == "csv":
        from importers.csv_export import read_csv_export

        return read_csv_export
    if fmt == "table":
        from importers.mapping import read_table

        return read_table
    if fmt == "hsds":
        from importers.hsds import read_hsds

        return read_hsds
    if fmt == "gephi":
        from importers.graphml import read_gephi

        return read_gephi
    if fmt == "kumu":
        from importers.kumu import read_kumu

        return read_kumu
    if fmt == "districts":
        from importers.geo import read_districts_geojson

        return read_districts_geojson
    if fmt == "statistics":
        from importers.statistics import read_statistics

        return read_statistics
    raise ValueError(fmt)


DEFAULT_MAX_BYTES = 100 * 1024 * 1024


def _size(path: Path) -> int:
    if path.is_dir():
        return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())
    return path.stat().st_size


@paused_gc()
def parse_file(
    path: Path,
    *,
    fmt: str | None = None,
    mapping: Path | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    place_in: Path | None = None,
    max_errors: int = DEFAULT_MAX_ERRORS,
) -> ParsedFile:
    """Read ``path`` with the reader for ``fmt`` (guessed from the name when omitted).

    Files (or HSDS folders) larger than ``max_bytes`` are refused before any reader
    opens them (``PRAEVNET_IMPORT_MAX_MB`` sets it for the CLI and the API). With
    ``place_in`` (a GeoJSON of districts), offers and actors that carry coordinates are
    placed in the district containing them. Readers stop after ``max_errors`` errors
    (``PRAEVNET_IMPORT_MAX_ERRORS``), so a file of identical mistakes costs little.
    """
    with error_limit(max_errors):
        parsed = _read(path, fmt=fmt, mapping=mapping, max_bytes=max_bytes)
    if place_in is not None and parsed.report.ok:
        from importers.geo import place_parsed

        parsed = place_parsed(parsed, place_in)
    return parsed


def _read(path: Path, *, fmt: str | None, mapping: Path | None, max_bytes: int) -> ParsedFile:
    fmt = fmt or guess_format(path, mapping=mapping)
    if not path.exists():
        report = ImportReport(file=path.name, format=fmt)
        report.error("Die Datei gibt es nicht (Pfad prüfen).")
        return ParsedFile(report=report)
    size = _size(path)
    if size > max_bytes:
        report = ImportReport(file=path.name, format=fmt)
        report.error(
            f"Die Datei ist mit {size / 1e6:.1f} MB größer als erlaubt ({max_bytes / 1e6:.1f} MB); "
            "die Grenze setzt PRAEVNET_IMPORT_MAX_MB."
        )
        return ParsedFile(report=report)
    if fmt not in FORMATS:
        report = ImportReport(file=path.name, format=fmt)
        report.error(f"Unbekanntes Format „{fmt}“; möglich sind: {', '.join(FORMATS)}.")
        return ParsedFile(report=report)
    reader = _reader(fmt)
    if fmt == "table":
        if mapping is None:
            report = ImportReport(file=path.name, format=fmt)
            report.error("Für eine beliebige Tabelle fehlt die Zuordnungsdatei (--mapping).")
            return ParsedFile(report=report)
        return reader(path, mapping)
    if fmt in ("kumu", "gephi", "statistics") and mapping is not None:
        return reader(path, mapping=mapping)
    return reader(path)


IMPORT_ATTEMPTS = 5  # reads of the store per import when other writes keep coming first


class ImportConflict(ImportRejected):
    """A concurrent change removed records the file refers to; nothing was written.

    The file was fine when it was read against the store; the report lists what is
    missing now. Answered with HTTP 409 (``status``), not 422: the file is not wrong.
    """

    status = 409


@paused_gc()
def import_parsed(
    store: GraphStore,
    parsed: ParsedFile,
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
    create_missing: Iterable[str] = (),
) -> ImportReport:
    """Check a parsed file against the store and write it, all or nothing.

    ``progress(done, total)`` follows the write row by row (see :meth:`GraphStore.write`).
    When another write lands between reading the store and writing, the import reads
    again and retries (up to ``IMPORT_ATTEMPTS`` times).

    Returns
    -------
    ImportReport
        With ``created``/``updated``/``unchanged`` counts and ``written``.

    Raises
    ------
    ImportRejected
        When the file or its references have errors; nothing was written. The
        exception carries the full report. :class:`ImportConflict` (409) when the
        references broke only through a concurrent change.
    Conflict
        When other writes kept coming first; nothing was written.
    StoreUnavailable
        When the store cannot be reached; after a connection lost while writing, the
        message says whether the import was saved after all.
    """
    for attempt in range(IMPORT_ATTEMPTS):
        try:
            matched = _match_districts(store, parsed, create_missing) if parsed.match_districts else parsed
            return _import_once(store, matched, dry_run=dry_run, progress=progress, raced=attempt > 0)
        except StaleRead:
            continue
    raise Conflict(texts.IMPORT_RETRIES_EXHAUSTED.format(file=parsed.report.file, times=IMPORT_ATTEMPTS))


CREATABLE = frozenset({"districts"})


def _match_districts(store: GraphStore, parsed: ParsedFile, create_missing: Iterable[str]) -> ParsedFile:
    """A statistics table's rows as the stored districts they describe (see importers.statistics)."""
    from importers.statistics import match_to_stored

    unknown = set(create_missing) - CREATABLE
    if unknown:
        raise InvalidData(texts.CREATE_MISSING_UNKNOWN.format(
            what=", ".join(sorted(unknown)), allowed=", ".join(sorted(CREATABLE))))
    frame = store.districts_and_phases()
    return match_to_stored(parsed, frame.districts, frame.life_phases, create_missing="districts" in create_missing)


def _import_once(
    store: GraphStore, parsed: ParsedFile, *, dry_run: bool, progress: Progress | None, raced: bool
) -> ImportReport:
    """One read of the store and one write at that read's state; StaleRead when the store moved."""
    state = store.revision_state()  # before every read the write depends on
    report = parsed.report.model_copy(deep=True)
    report.dry_run = dry_run
    current = None
    if report.ok:
        framed = _with_frame(store, parsed.batch, report)
        ids = [e.id for entities in framed.nodes_by_label().values() for e in entities]
        current = store.load_records(ids)  # read once: for the overlay and for the diff
        parsed = parsed.model_copy(update={"batch": _phases_from_ages(store, overlay_on_store(current, framed), report)})
        if dry_run:  # a real import checks references inside its write transaction
            _locate_errors(report, parsed, store.check(parsed.batch))
    if not report.ok:
        raise ImportRejected(_rejected_sentence(report), report)
    diff = store.diff(parsed.batch, current=current)
    report.created = {k: len(v) for k, v in diff.created.items() if v}
    report.updated = {k: len(v) for k, v in diff.updated.items() if v}
    report.unchanged = {k: len(v) for k, v in diff.unchanged.items() if v}
    if diff.cooperations_created:
        report.created["Cooperation"] = diff.cooperations_created
    if diff.memberships_created:
        report.created["Membership"] = diff.memberships_created
    _warn_probable_duplicates(store, parsed, set(diff.created["Actor"]), report)
    changes = changes_only(parsed.batch, diff, current)
    if dry_run or not (changes.node_count() or changes.cooperations or changes.memberships):
        _require_unmoved(store, state)  # the counts must come from one state of the graph
        report.written = not dry_run
        return report
    try:
        store.write(changes, progress=progress, expected=state)
    except InvalidData as e:  # references to ids neither in the file nor in the store
        _locate_errors(report, parsed, zip(e.owners, e.problems) if e.problems else [(None, str(e))])
        report.created, report.updated, report.unchanged = {}, {}, {}
        if raced and e.problems:  # they resolved at the first read: a concurrent change removed them
            count = len(report.errors)
            raise ImportConflict(texts.IMPORT_CONCURRENT_REMOVAL.format(file=report.file, count=count), report) from e
        raise ImportRejected(_rejected_sentence(report), report) from e
    except WriteInterrupted as e:
        landed, sentence = write_outcome(store, e, what="der Import")
        if not landed:
            raise StoreUnavailable(sentence) from e
        report.warning(sentence)
    report.written = True
    return report


def _require_unmoved(store: GraphStore, state: RevisionState) -> None:
    """StaleRead when a write landed since ``state`` (the reads may have straddled it)."""
    if store.revision_state() != state:
        raise StaleRead(texts.STALE_READ)


def write_outcome(store: GraphStore, error: WriteInterrupted, *, what: str) -> tuple[bool | None, str]:
    """After a connection lost while writing: did the write land? With the German sentence to show.

    ``what`` names the change in the sentence („der Import“, „die Zusammenführung“).
    True: saved after all; False: not saved; None: unknown, the user must check.
    """
    landed = store.write_outcome(error.token, error.previous)
    sentence = {True: texts.WRITE_LANDED, False: texts.WRITE_NOT_LANDED, None: texts.WRITE_OUTCOME_UNKNOWN}[landed]
    return landed, sentence.format(what=what)


def changes_only(batch: GraphBatch, diff: BatchDiff, current: GraphBatch | None) -> GraphBatch:
    """The part of ``batch`` that differs from the store: new and changed records only.

    Writing an unchanged record again would replace it by itself; leaving it out makes
    re-importing a large, mostly unchanged file cheap (and a file with no changes writes
    nothing at all, so the graph's revision stays). Cooperations and memberships count as
    unchanged when the store has the same pair with the same attributes.
    """
    changed = {i for ids in (*diff.created.values(), *diff.updated.values()) for i in ids}
    stored = current or GraphBatch()
    coops = {(c.actor, c.partner): c for c in stored.cooperations}
    members = {(m.actor, m.committee): m for m in stored.memberships}
    return GraphBatch(
        **{field: [e for e in getattr(batch, field) if e.id in changed]
           for field in ("life_phases", "transitions", "topics", "districts", "actors", "offers")},
        cooperations=[c for c in batch.cooperations if coops.get((c.actor, c.partner)) != c],
        memberships=[m for m in batch.memberships if members.get((m.actor, m.committee)) != m],
    )


def _locate_errors(report: ImportReport, parsed: ParsedFile, problems: Iterable[tuple[str | None, str]]) -> None:
    """Add the store's reference problems to the report, at the row of the record they belong to."""
    for owner, message in problems:
        where = parsed.locations.get(owner) if owner else None
        report.error(message, sheet=where.sheet if where else None, row=where.row if where else None)


def _phases_from_ages(store: GraphStore, batch: GraphBatch, report: ImportReport) -> GraphBatch:
    """Offers with an age range but no life phase get the phases the range overlaps.

    Real lists carry ages ("3 bis 6 Jahre"), rarely phases; stored phases keep such an
    offer on the map's life course and in every analysis. One warning says how many.
    """
    todo = [o for o in batch.offers if not o.phases and (o.age_min is not None or o.age_max is not None)]
    if not todo:
        return batch
    from graph.analysis.bridging import phases_for_ages

    frame = batch.life_phases or store.districts_and_phases().life_phases
    ages = {p.id: (p.age_min, p.age_max) for p in frame
            if p.age_min is not None and p.age_max is not None and p.age_max > p.age_min}
    placed = {o.id: sorted(phases_for_ages(o.age_min, o.age_max, ages)) for o in todo}
    placed = {i: ps for i, ps in placed.items() if ps}
    if not placed:
        return batch
    report.warning(texts.PHASES_FROM_AGES.format(count=len(placed)))
    return batch.model_copy(update={"offers": [
        o.model_copy(update={"phases": placed[o.id]}) if o.id in placed else o for o in batch.offers
    ]})


def _with_frame(store: GraphStore, batch: GraphBatch, report: ImportReport) -> GraphBatch:
    """A store without life phases gets the default life course and topics with this import."""
    if batch.life_phases or store.counts()["LifePhase"]:
        return batch
    from graph.demo import default_frame

    frame = default_frame()
    report.warning(texts.DEFAULT_FRAME_ADDED.format(
        phases=len(frame.life_phases), transitions=len(frame.transitions), topics=len(frame.topics)
    ))
    known = {t.id for t in batch.topics} | {t.id for t in batch.transitions}
    return batch.model_copy(update={
        "life_phases": frame.life_phases,
        "transitions": [*[t for t in frame.transitions if t.id not in known], *batch.transitions],
        "topics": [*[t for t in frame.topics if t.id not in known], *batch.topics],
    })


def _warn_probable_duplicates(store: GraphStore, parsed: ParsedFile, new_ids: set[str], report: ImportReport) -> None:
    """Warn (never merge) when a new actor probably exists already under another spelling."""
    if not new_ids:
        return
    from graph.analysis.matching import ActorMatcher

    existing = store.list_actors(limit=1_000_000).items
    if not existing:
        return
    matcher = ActorMatcher(
        (a.id, a.name, {"short_name": a.short_name, "kind": a.kind, "district": a.district, "part_of": a.part_of})
        for a in existing
    )
    for actor in parsed.batch.actors:
        if actor.id not in new_ids:
            continue
        found = matcher.candidates(actor.name, district=actor.district, kind=actor.kind, short_name=actor.short_name, limit=1)
        if not found:
            continue
        match = found[0]
        where = parsed.locations.get(actor.id)
        report.warning(
            texts.PROBABLE_DUPLICATE_ACTOR.format(
                name=actor.name, other=match.name, other_id=match.id, score=f"{match.score:.0%}",
                reasons=", ".join(match.reasons), new_id=actor.id,
            ),
            sheet=where.sheet if where else None,
            row=where.row if where else None,
        )


def overlay_on_store(current: GraphBatch, batch: GraphBatch) -> GraphBatch:
    """Entities the store already has keep every field the file did not set.

    Many formats carry only part of a record (an HSDS service area is a district with a
    name, no need indicators; a Kumu element has no age range). Pydantic remembers which
    fields a reader set (``model_fields_set``): those replace the stored values, the rest
    stay as stored. A reader that sets every field (the template, JSON) replaces whole.
    A record that sets nothing but ``id`` and ``name`` is a bare reference (readers make
    such stubs from a provider's or district's name) and leaves the stored entity as it is.
    ``current`` is what the store holds for the batch's ids (``GraphStore.load_records``).
    """
    stored = {e.id: e for entities in current.nodes_by_label().values() for e in entities}

    def merged(entity):  # type: ignore[no-untyped-def]
        old = stored.get(entity.id)
        if old is None or type(old) is not type(entity):
            return entity
        if entity.model_fields_set <= {"id", "name"}:
            return old
        return old.model_copy(update={f: getattr(entity, f) for f in entity.model_fields_set})

    return batch.model_copy(
        update={
            field: [merged(e) for e in getattr(batch, field)]
            for field in ("life_phases", "transitions", "topics", "districts", "actors", "offers")
        }
    )


@paused_gc()  # one pause over reading and writing: the collector catches up once, at the end
def import_file(
    store: GraphStore,
    path: Path,
    *,
    fmt: str | None = None,
    mapping: Path | None = None,
    dry_run: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
    place_in: Path | None = None,
    max_errors: int = DEFAULT_MAX_ERRORS,
    create_missing: Iterable[str] = (),
) -> ImportReport:
    """Read and import one file (see :func:`parse_file` and :func:`import_parsed`)."""
    parsed = parse_file(
        path, fmt=fmt, mapping=mapping, max_bytes=max_bytes, place_in=place_in, max_errors=max_errors
    )
    return import_parsed(store, parsed, dry_run=dry_run, create_missing=create_missing)


def _rejected_sentence(report: ImportReport) -> str:
    return (
        f"{report.file}: {len(report.errors)} Fehler gefunden – nichts wurde gespeichert. "
        "Bitte die Datei korrigieren und erneut einlesen."
    )


def summary_sentence(report: ImportReport) -> str:
    """One German sentence on what an import did (or would do, for a dry run)."""
    def total(counts: dict[str, int]) -> int:
        return sum(counts.values())

    created, updated, unchanged = total(report.created), total(report.updated), total(report.unchanged)
    if report.dry_run:
        what = (
            f"Probelauf, nichts gespeichert: Der Import würde {created} Einträge neu anlegen, "
            f"{updated} ändern und {unchanged} unverändert lassen"
        )
    else:
        what = f"Import gespeichert: {created} Einträge neu, {updated} geändert, {unchanged} unverändert"
    return f"{report.file}: {what}; {len(report.warnings)} Warnung(en)."
