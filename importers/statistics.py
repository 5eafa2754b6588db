"""Stadtteil statistics as offices publish them: children per age band, population, shares.

``praevnet import statistics FILE [--mapping M.toml] [--create-missing districts]`` reads
one table (CSV or XLSX) with a row per district:

* the **district**: an id column (``Nr.``, ``ID``, ``Schlüssel``) and/or a name column
  (``Stadtteil``, ``Stadtgebiet``, ``Sozialraum``, ``Planungsraum``, …; else the first
  column). Rows are matched to the districts already stored (by id, else by name, else
  by a close spelling – „Bocklem./Mengenich“ – with a warning); a row matching none is an
  error unless ``--create-missing districts`` makes it a new district;
* **age bands** in the headers ("0 - 2", " 3 - 5", "6 bis unter 15", "unter 6",
  "Unter 18-Jährige"): spread onto the life phases by :mod:`graph.need` (uniformly
  within a band) into ``children_by_phase``; a band containing narrower ones is not
  used (it would count the same children twice) and the report says so;
* ``population`` (``Einwohner insgesamt``, ``Bevölkerung``), ``share_social_benefits``
  (a share column naming SGB II, Mindestsicherung or Sozialgeld; one naming the
  under-15s wins) and ``share_single_parents`` (a share column naming Alleinerziehende).

**Per cent or fraction** is decided per column, never per value: a header with "%",
"in %" or "Prozent" is per cent; an "Anteil"/"Quote" column without "%" is per cent when
any value is above 1, otherwise read as fractions with a warning saying so. The mapping
can say it outright (``percent = [...]``, ``fraction = [...]``). A value outside 0–100 %
is a located warning and not taken. So Hamburg's 0,8 % stays 0.008, never 0.8.

Every column not taken is listed once in the report: nothing is dropped silently.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process

from graph.model import District, GraphBatch, LifePhase
from graph.need import SHARES, parse_age_band, roll_up, spread_to_phases

from importers.cells import CellError, clean_text, parse_number
from importers.districts import district_id
from importers.report import ImportReport, ParsedFile, SourceLocation, stops_early
from importers.tabular import Sheet, read_table_file

FORMAT = "statistik"
_ID_HEADERS = {"nr", "nr.", "id", "schlüssel", "schluessel", "kennziffer", "nummer", "ref"}
_NAME_WORDS = ("stadtteil", "stadtgebiet", "sozialraum", "planungsraum", "bezirk", "gebiet", "ortsteil", "name")
_POPULATION = ("einwohner insgesamt", "bevölkerung", "einwohner", "population")
_BENEFITS = ("sgb ii", "sgb-ii", "mindestsicherung", "sozialgeld", "transferleist", "leistungsbez")
_SHARE_WORDS = ("%", "prozent", "anteil", "quote")
CLOSE_SPELLING = 90  # rapidfuzz ratio (whole names, no partial match) a differently spelt name must reach


def _abbreviates(short: str, full: str) -> bool:
    """„Bocklem./Mengenich“ abbreviates „Bocklemünd/Mengenich“: same words, a dotted one a prefix.

    >>> _abbreviates("Bocklem./Mengenich", "Bocklemünd/Mengenich"), _abbreviates("Neustadt-Süd", "Neustadt")
    (True, False)
    """
    a = re.findall(r"[^\W\d_]+\.?|\d+", short.lower())
    b = re.findall(r"[^\W\d_]+|\d+", full.lower())
    return len(a) == len(b) and any(t.endswith(".") for t in a) and all(
        x.rstrip(".") == y if not x.endswith(".") else y.startswith(x[:-1]) for x, y in zip(a, b)
    )


def _close_match(name: str, stored: list[District]) -> tuple[District, float] | None:
    """The one stored district a differently written name means, if exactly one fits."""
    hits = [d for d in stored if _abbreviates(name, d.name)]
    if len(hits) == 1:
        return hits[0], 100.0
    names = {d.id: district_id(d.name) for d in stored}
    best = process.extract(district_id(name), names, scorer=fuzz.ratio, score_cutoff=CLOSE_SPELLING, limit=2)
    if len(best) == 1 or (len(best) == 2 and best[0][1] > best[1][1]):
        return next(d for d in stored if d.id == best[0][2]), best[0][1]
    return None


def _norm(header: str) -> str:
    return " ".join(header.lower().replace("-\n", "").replace("- ", "").replace("\n", " ").split())


def _is_share(h: str) -> bool:
    return any(w in h for w in _SHARE_WORDS)


def _says_percent(h: str) -> bool:
    return "%" in h or "prozent" in h


def _load_mapping(path: Path | None, report: ImportReport) -> dict[str, Any]:
    if path is None:
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        report.error(f"Die Zuordnungsdatei „{path.name}“ ist kein gültiges TOML: {getattr(e, 'msg', e)}.")
        return {}
    section = data.get("statistics", data)
    return section if isinstance(section, dict) else {}


def _columns(sheet: Sheet, mapping: dict[str, Any], report: ImportReport) -> dict[str, Any]:
    """Which column holds what: the mapping's word first, then the header's."""
    headers = {h: _norm(h) for h in sheet.headers}

    def given(key: str) -> str | None:
        name = mapping.get(key)
        if name is not None and name not in headers:
            report.error(f"Die Zuordnung nennt für „{key}“ die Spalte „{name}“, die es in der Datei nicht gibt.")
            return None
        return name

    id_col = given("id") or next((h for h, n in headers.items() if n in _ID_HEADERS), None)
    name_col = given("name") or next(
        (h for h, n in headers.items() if any(w in n for w in _NAME_WORDS) and not _is_share(n) and h != id_col),
        next((h for h in sheet.headers if h != id_col), None),
    )
    population = given("population") or next(
        (h for h, n in headers.items() if any(n.startswith(w) for w in _POPULATION) and not _is_share(n)), None
    )
    benefits = [h for h, n in headers.items() if _is_share(n) and any(w in n for w in _BENEFITS)]
    benefits.sort(key=lambda h: "unter 15" not in headers[h])  # the under-15s are what the ranking means
    single = [h for h, n in headers.items() if _is_share(n) and "alleinerziehend" in n]
    bands = {h: parse_age_band(h) for h in sheet.headers if h not in (id_col, name_col, population)}
    bands = {h: b for h, b in bands.items() if b is not None}
    # a band containing narrower ones would count the same children twice
    nested = {h for h, (lo, hi) in bands.items()
              if any(h2 != h and lo <= lo2 and hi2 <= hi and (lo2, hi2) != (lo, hi) for h2, (lo2, hi2) in bands.items())}
    return {
        "id": id_col, "name": name_col, "population": population,
        "share_social_benefits": given("share_social_benefits") or (benefits[0] if benefits else None),
        "share_single_parents": given("share_single_parents") or (single[0] if single else None),
        "bands": {h: b for h, b in bands.items() if h not in nested},
        "nested": sorted(nested),
        "percent": set(mapping.get("percent", [])), "fraction": set(mapping.get("fraction", [])),
    }


def _share_scale(sheet: Sheet, column: str, cols: dict[str, Any], report: ImportReport) -> float:
    """100 when the column holds per cent, 1 when fractions – decided for the whole column."""
    if column in cols["percent"] or _says_percent(_norm(column)):
        return 100.0
    if column in cols["fraction"]:
        return 1.0
    i = sheet.index()[column]
    values = []
    for _, row in sheet.rows:
        try:
            values.append(parse_number(row[i]))
        except (CellError, IndexError, TypeError):
            continue
    if any(v > 1 for v in values):
        return 100.0
    report.warning(
        f"Spalte „{column}“: alle Werte sind höchstens 1 und wurden als Anteile (0–1) gelesen; stehen dort "
        "Prozent, bitte „%“ in die Überschrift schreiben oder in der Zuordnung percent = [\"…\"] angeben.",
        column=column,
    )
    return 1.0


@stops_early(FORMAT)
def read_statistics(path: Path, mapping: Path | None = None, *, phases: list[LifePhase] | None = None) -> ParsedFile:
    """Read a statistics table into district records carrying only the figures it has.

    ``phases`` are the life phases to spread age bands onto (default: the default life
    course; the import service passes the stored ones). Returns a :class:`ParsedFile`
    whose ``match_districts`` asks the import service to match rows to stored districts.
    """
    report = ImportReport(file=path.name, format=FORMAT)
    map_data = _load_mapping(mapping, report)
    sheet = read_table_file(path, report, sheet=map_data.get("sheet"), header_row=int(map_data.get("header_row", 1)))
    if sheet is None or not report.ok:
        return ParsedFile(report=report)
    if phases is None:
        from graph.demo import default_frame

        phases = default_frame().life_phases
    cols = _columns(sheet, map_data, report)
    if cols["name"] is None and cols["id"] is None:
        report.error("Die Tabelle hat keine Spalte mit dem Namen oder der Nummer des Sozialraums.")
        return ParsedFile(report=report)
    for h in cols["nested"]:
        report.warning(f"Spalte „{h}“ umfasst engere Altersgruppen der Tabelle und wird nicht verwendet "
                       "(sonst zählten dieselben Kinder doppelt).", column=h)
    used = {cols["id"], cols["name"], cols["population"], cols["share_social_benefits"],
            cols["share_single_parents"], *cols["bands"]} - {None}
    rest = [h for h in sheet.headers if h not in used and h not in cols["nested"]]
    if rest:
        report.warning(f"{len(rest)} Spalte(n) werden nicht übernommen: " + ", ".join(f"„{h}“" for h in rest) + ".")
    if not cols["bands"]:
        report.warning("Keine Spalte nennt eine Altersgruppe („0 - 2“, „unter 6“ …): Kinder je Lebensphase bleiben leer.")
    scales = {k: _share_scale(sheet, cols[k], cols, report)
              for k in ("share_social_benefits", "share_single_parents") if cols[k]}
    index = sheet.index()
    districts: list[District] = []
    locations: dict[str, SourceLocation] = {}
    age_bands: dict[str, list[tuple[float, float, float]]] = {}
    seen: dict[str, int] = {}
    for row_no, row in sheet.rows:
        cell = lambda h: row[index[h]] if h is not None and index[h] < len(row) else None  # noqa: E731
        name = clean_text(cell(cols["name"])) if cols["name"] else None
        ident = clean_text(cell(cols["id"])) if cols["id"] else None
        if not name and not ident:
            continue
        key = district_id(ident or name or "")
        if key in seen:
            report.warning(f"„{name or ident}“ steht schon in Zeile {seen[key]}; diese Zeile wird nicht übernommen "
                           "(z. B. ein Bezirk mit dem Namen eines Stadtteils – bitte eine Nummernspalte verwenden).",
                           sheet=sheet.name, row=row_no)
            continue
        seen[key] = row_no
        fields: dict[str, Any] = {"id": key, "name": name or ident}
        bands: dict[tuple[float, float], float] = {}
        for h, band in cols["bands"].items():
            value = cell(h)
            if clean_text(value) in (None, ".", "-", "–", "x", "k. A."):
                continue
            try:
                bands[band] = parse_number(value)
            except CellError as e:
                report.warning(f"{e} – nicht übernommen.", sheet=sheet.name, row=row_no, column=h)
        if bands:
            fields["children_by_phase"] = spread_to_phases(bands, phases)
            age_bands[key] = [(lo, hi, n) for (lo, hi), n in bands.items()]
        if cols["population"] and clean_text(cell(cols["population"])) not in (None, ".", "-"):
            try:
                fields["population"] = int(round(parse_number(cell(cols["population"]))))
            except CellError as e:
                report.warning(f"{e} – nicht übernommen.", sheet=sheet.name, row=row_no, column=cols["population"])
        for key_, scale in scales.items():
            value = cell(cols[key_])
            if clean_text(value) in (None, ".", "-", "–", "x"):
                continue
            try:
                share = parse_number(str(value).replace("%", "")) / scale
            except CellError as e:
                report.warning(f"{e} – nicht übernommen.", sheet=sheet.name, row=row_no, column=cols[key_])
                continue
            if not 0 <= share <= 1:
                report.warning(f"„{clean_text(value)}“ liegt nicht zwischen 0 und 100 % – nicht übernommen.",
                               sheet=sheet.name, row=row_no, column=cols[key_])
                continue
            fields[key_] = round(share, 6)
        districts.append(District(**fields))
        locations[key] = SourceLocation(sheet=sheet.name, row=row_no)
    return ParsedFile(batch=GraphBatch(districts=districts), report=report, locations=locations,
                      match_districts=True, age_bands=age_bands)


def match_to_stored(
    parsed: ParsedFile, stored: list[District], phases: list[LifePhase], *, create_missing: bool = False
) -> ParsedFile:
    """Give each statistics row the id of the stored district it describes.

    By id, else by name (case, umlauts and spacing ignored), else by one close spelling
    (a warning names both). The stored name and place in the tree stay; only the figures
    are written, children spread onto the stored life ``phases`` (when there are any). A
    row matching nothing is an error, or with ``create_missing`` a new district (a
    warning per row).
    """
    report = parsed.report.model_copy(deep=True)
    by_id = {d.id: d for d in stored}
    by_name = {district_id(d.name): d for d in stored}
    out: list[District] = []
    locations: dict[str, SourceLocation] = {}
    taken: dict[str, str] = {}
    for d in parsed.batch.districts:
        where = parsed.locations.get(d.id) or SourceLocation()
        if phases and d.id in parsed.age_bands:
            spread = spread_to_phases({(lo, hi): n for lo, hi, n in parsed.age_bands[d.id]}, phases)
            d = d.model_copy(update={"children_by_phase": spread})
        match = by_id.get(d.id) or by_name.get(district_id(d.name))
        if match is None and stored:
            close = _close_match(d.name, stored)
            if close is not None:
                match = close[0]
                report.warning(f"„{d.name}“ wurde dem Sozialraum „{match.name}“ ({match.id}) zugeordnet "
                               f"(ähnliche Schreibweise, {close[1]:.0f} %).", sheet=where.sheet, row=where.row)
        if match is not None and match.id in taken:
            report.error(f"„{d.name}“ und „{taken[match.id]}“ passen beide zum Sozialraum „{match.name}“.",
                         sheet=where.sheet, row=where.row)
            continue
        if match is None:
            if not create_missing:
                report.error(f"Den Sozialraum „{d.name}“ gibt es nicht; erst die Sozialräume importieren oder "
                             "--create-missing districts angeben.", sheet=where.sheet, row=where.row)
                continue
            report.warning(f"Sozialraum „{d.name}“ wird neu angelegt.", sheet=where.sheet, row=where.row)
            out.append(d)
            locations[d.id] = where
            continue
        taken[match.id] = d.name
        figures = {f: getattr(d, f) for f in d.model_fields_set - {"id", "name"}}
        record = District.model_construct(_fields_set={"id", *figures}, id=match.id, name=match.name, **figures)
        out.append(record)
        locations[match.id] = where
    out += _rolled_up_ancestors(out, stored, report)
    return parsed.model_copy(update={"batch": GraphBatch(districts=out), "report": report, "locations": locations,
                                     "match_districts": False, "age_bands": {}})


_FIGURES = ("children_by_phase", "population", *SHARES)


def _rolled_up_ancestors(rows: list[District], stored: list[District], report: ImportReport) -> list[District]:
    """Districts above the file's rows, refilled from their parts (:func:`graph.need.roll_up`).

    A Prognoseraum or Bezirk the file does not list gets the sum of its Planungsräume
    (children, population) and their population-weighted shares, recomputed on every
    import so it never goes stale; one warning names them.
    """
    in_file = {d.id for d in rows}
    tree = {d.id: d for d in stored}
    parent = {d.id: d.part_of for d in stored}
    ancestors: set[str] = set()
    for d in rows:
        node = parent.get(d.id)
        while node is not None and node not in ancestors and node not in in_file:
            ancestors.add(node)
            node = parent.get(node)
    if not ancestors:
        return []
    figures = {d.id: {f: getattr(d, f) for f in d.model_fields_set if f in _FIGURES} for d in rows}
    merged = [
        tree[i].model_copy(update=figures[i]) if i in figures
        else tree[i].model_copy(update={"children_by_phase": {}, "population": None,
                                        "share_social_benefits": None, "share_single_parents": None})
        if i in ancestors else tree[i]
        for i in tree
    ]
    filled = {d.id: d for d in roll_up(merged)}
    out = []
    for i in sorted(ancestors):
        values = {f: getattr(filled[i], f) for f in _FIGURES if getattr(filled[i], f) not in (None, {})}
        if values:
            out.append(District.model_construct(_fields_set={"id", *values}, id=i, name=tree[i].name, **values))
    if out:
        report.warning("Aus ihren Teilräumen summiert (Kinder, Einwohner; Anteile nach Einwohnern gewichtet): "
                       + ", ".join(f"„{d.name}“" for d in out) + ".")
    return out
