"""Suggest a first mapping file for a table, guessed from its headers and a look at its cells.

Headers are compared after :func:`importers.tabular.normalise_key` (case, umlauts, ``ae``/``ä``,
punctuation), against German synonyms: Träger / Anbieter / Organisation / Einrichtung name the
provider (or, in a list of organisations, the actor's name); Titel / Angebot / Maßnahme /
Bezeichnung the offer's title; Stadtteil / Sozialraum / Quartier / Bezirk the district;
Straße, PLZ and Ort make the address; Kontakt, E-Mail and Telefon go into the description
(the model has no contact fields). Columns whose filled cells are mostly crosses (``x``,
``ja``, ``1``) become ``[crosses]``: life phases or topics when the header says so, else the
target group. Names spread over numbered columns (``Schulname 1``, ``Schulname 2``) are joined.
Coordinate columns (Längengrad/Breitengrad, Lat/Lon, Rechtswert/Hochwert, East/North) become
``[coordinates]``, with the system a column like ``EPSG`` names, else the one the headers and
values suggest (:func:`coordinates_section`).

The result is TOML text with German comments for the clerk to correct; it always loads with
:func:`importers.mapping.parse_mapping`.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

from graph.errors import InvalidData
from graph.texts import ACTOR_KIND_DE, OFFER_KIND_DE
from importers.coords import (
    UTM32N,
    WGS84,
    CoordinateError,
    PointColumns,
    coordinate_role,
    crs_from_cell,
    find_point_columns,
    guess_crs,
)
from importers.mapping import FIELDS
from importers.report import ImportReport
from importers.tabular import DEFAULT_LIMITS, YES, Limits, Sheet, clean_text, normalise_key, read_table_file

#: field -> header words that name it (normalised); the first match wins, in this order
SYNONYMS: list[tuple[str, tuple[str, ...]]] = [
    ("id", ("id", "nr", "nummer", "kennung", "lfd nr", "schulnummer")),
    ("short_name", ("kurzname", "kurzbezeichnung", "abkuerzung")),
    ("title", ("titel", "angebot", "angebotsname", "massnahme", "kurs", "projekt", "bezeichnung")),
    ("provider", ("traeger", "anbieter", "organisation", "einrichtung", "institution", "veranstalter", "organization", "provider")),
    ("name", ("name", "schulname", "schulbezeichnung", "einrichtungsname", "akteur")),
    ("description", ("beschreibung", "inhalt", "kurzbeschreibung", "ziele", "ziel", "bemerkung", "hinweise", "description")),
    ("districts", ("stadtteil", "sozialraum", "quartier", "bezirk", "ortsteil", "stadtbezirk")),
    ("target_group", ("zielgruppe", "zielgruppen", "fuer wen")),
    ("age", ("alter", "altersgruppe", "altersspanne")),
    ("kind", ("art", "typ", "angebotsform", "form", "angebotsart", "schulform", "einrichtungsart")),
    ("cost", ("kosten", "gebuehr", "gebuehren", "preis", "entgelt")),
    ("capacity", ("plaetze", "kapazitaet", "teilnehmerzahl", "anzahl plaetze")),
    ("start_date", ("beginn", "start", "startdatum", "von")),
    ("end_date", ("ende", "enddatum", "bis")),
    ("languages", ("sprache", "sprachen")),
    ("topics", ("thema", "themen", "handlungsfeld", "querschnittsthema")),
    ("phases", ("lebensphase", "lebensphasen")),
    ("funding", ("finanzierung", "foerderung", "foerdermittel")),
    ("status", ("status",)),
    ("website", ("homepage", "website", "webseite", "internet", "url", "www")),
    ("last_verified", ("stand", "aktualisiert", "geprueft", "zuletzt geprueft")),
    ("street", ("strasse", "str", "adresse", "anschrift", "strasse und hausnummer")),
    ("postcode", ("plz", "postleitzahl")),
    ("town", ("ort", "stadt", "gemeinde", "wohnort")),
    ("contact", ("kontakt", "ansprechpartner", "ansprechperson", "e mail", "email", "mail", "telefon", "tel")),
]
PHASE_WORDS = [
    ("schwangerschaft", ("schwanger", "geburt")),
    ("p0-3", ("u3", "krippe", "0 3", "unter 3", "saeugling")),
    ("p3-6", ("kita", "kindergarten", "3 6", "vorschul")),
    ("p6-10", ("grundschul", "6 10", "primar")),
    ("p10-16", ("sekundar", "10 16", "weiterfuehrend", "jugend")),
    ("p16-27", ("ausbildung", "beruf", "16 27", "junge erwachsene")),
]
TOPIC_WORDS = [
    ("sprache", ("sprach",)),
    ("armut-teilhabe", ("armut", "teilhabe", "but")),
    ("gesundheit-bewegung", ("gesundheit", "bewegung", "ernaehrung", "sport")),
    ("medienkompetenz", ("medien",)),
    ("flucht-migration", ("flucht", "migration", "integration")),
    ("trennung-scheidung", ("trennung", "scheidung")),
    ("erziehungskompetenz", ("erziehung", "elternbildung", "elternkompetenz")),
    ("bildung", ("bildung",)),
    ("kinderschutz", ("kinderschutz", "kindeswohl")),
    ("inklusion", ("inklusion", "behinderung", "foerderbedarf")),
]
OFFER_WORDS = {"titel", "angebot", "angebotsname", "massnahme", "kurs", "projekt"}
#: what the suggested mapping says about a coordinate system it guessed
CRS_COMMENTS = {
    WGS84: ["# Längen-/Breitengrad in Dezimalgrad (WGS84)"],
    UTM32N: ["# UTM Zone 32N (größter Teil Deutschlands) – bitte prüfen: im Osten (etwa ab 12° Ost:",
             "# Berlin, Brandenburg, Sachsen, Mecklenburg-Vorpommern …) gilt Zone 33N, dann crs = \"EPSG:25833\"."],
    "EPSG:4647": ["# UTM Zone 32N mit vorangestellter Zonenzahl (32…) im Rechtswert"],
    "EPSG:5650": ["# UTM Zone 33N mit vorangestellter Zonenzahl (33…) im Rechtswert"],
}


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _field_for(header: str) -> str | None:
    key = normalise_key(header)
    key_nodigits = re.sub(r"\s*\d+$", "", key)
    for field, words in SYNONYMS:
        for word in words:
            if key in (word,) or key_nodigits == word or key.startswith(word + " ") or key.endswith(" " + word):
                return field
    for field, words in SYNONYMS:  # a word inside a longer header: "Name des Trägers"
        if any(len(w) > 3 and w in key.split() for w in words):
            return field
    return None


def _keyword(header: str, table: list[tuple[str, tuple[str, ...]]]) -> str | None:
    key = normalise_key(header)
    return next((value for value, words in table if any(w in key for w in words)), None)


def _is_cross_column(values: list[object]) -> bool:
    filled = [str(clean_text(v)).lower() for v in values if clean_text(v) is not None]
    crosses = sum(v in YES and not v.isdigit() for v in filled)  # "1"/"2" are codes more often than crosses
    return bool(filled) and crosses >= 0.8 * len(filled)


def _crs_in_column(sheet: Sheet, header: str) -> tuple[str | None, list[str]]:
    """The most common system a column like ``EPSG`` names (ignoring empty and unknown cells), and the others."""
    position = sheet.headers.index(header)
    counts: Counter[str] = Counter()
    for _, cells in sheet.rows:
        try:
            crs = crs_from_cell(cells[position])
        except CoordinateError:
            continue
        if crs is not None:
            counts[crs] += 1
    ranked = [crs for crs, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    return (ranked[0], ranked[1:]) if ranked else (None, [])


def coordinates_section(sheet: Sheet, pair: PointColumns, crs_header: str | None = None) -> list[str]:
    """The ``[coordinates]`` lines (TOML, German comments) for a column pair of ``sheet``.

    The system is the one a column like ``EPSG`` names (``crs_header``), else the one the
    values suggest (:func:`importers.coords.guess_crs`), else WGS84 for longitude/latitude
    headers and UTM zone 32N for Rechtswert/Hochwert – with a comment to check the zone.

    Examples
    --------
    >>> sheet = Sheet(None, ["Name", "Rechtswert", "Hochwert"], 1, [(2, ["Schule", "368578", "5710348"])])
    >>> lines = coordinates_section(sheet, find_point_columns(sheet.headers)[0])
    >>> [line for line in lines if line.startswith("crs")]
    ['crs = "EPSG:25832"']
    """
    out = ["", "[coordinates]   # Koordinaten: werden in Längen-/Breitengrad (WGS84) umgerechnet",
           f"x = {_q(pair.x)}   # {'Längengrad' if pair.geographic else 'Rechtswert (Ost)'}",
           f"y = {_q(pair.y)}   # {'Breitengrad' if pair.geographic else 'Hochwert (Nord)'}"]
    crs, others = _crs_in_column(sheet, crs_header) if crs_header else (None, [])
    if crs is not None:
        out.append(f"# so steht es in der Spalte „{crs_header}“")
        if others:
            out.append(f"# die Spalte nennt auch {', '.join(others)}: solche Zeilen in einer eigenen Datei einlesen")
    else:
        xs, ys = (sheet.headers.index(h) for h in (pair.x, pair.y))
        crs = guess_crs([c[xs] for _, c in sheet.rows[:500]], [c[ys] for _, c in sheet.rows[:500]])
        crs = crs or (WGS84 if pair.geographic else UTM32N)
        if crs in CRS_COMMENTS:
            out += CRS_COMMENTS[crs]
        else:  # Gauß-Krüger: EPSG:31466 is zone 2, … 31469 zone 5
            out.append(f"# Gauß-Krüger-Streifen {int(crs[-2:]) - 64} (DHDN), nach der Größe der Werte geraten – bitte prüfen")
    out.append(f"crs = {_q(crs)}")
    return out


def suggest_mapping(path: Path, *, limits: Limits = DEFAULT_LIMITS) -> str:
    """A first mapping (TOML text, with German comments) for the table in ``path``.

    Raises :class:`graph.errors.InvalidData` when the file cannot be read as a table.

    Examples
    --------
    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp())
    >>> _ = (d / "l.csv").write_text("Maßnahme;Anbieter;Stadtteil;Sprache\\nElterncafé;AWO;Nord;x\\n")
    >>> print(suggest_mapping(d / "l.csv").split("[fields]")[1].splitlines()[1])
    title = "Maßnahme"
    """
    report = ImportReport(file=path.name, format="tabelle")
    sheet = read_table_file(path, report, limits=limits)
    if sheet is None:
        problems = [p.describe() for p in report.errors]
        raise InvalidData(f"Für „{path.name}“ lässt sich keine Zuordnung vorschlagen: {problems[0]}", problems)
    sample = sheet.rows[:500]
    column_values = {h: [cells[i] for _, cells in sample] for i, h in enumerate(sheet.headers)}

    point_pairs = find_point_columns(sheet.headers)
    point = point_pairs[0] if point_pairs else None
    crs_header = next((h for h in sheet.headers if coordinate_role(h) == "crs"), None) if point else None
    point_headers = {h for h in (point.x, point.y, crs_header) if h} if point else set()

    crosses: dict[str, list[tuple[str, str]]] = {}
    guessed: dict[str, list[str]] = {}
    for header in sheet.headers:
        if header in point_headers:
            continue
        if _is_cross_column(column_values[header]):
            phase = _keyword(header, PHASE_WORDS)
            topic = _keyword(header, TOPIC_WORDS)
            target = ("phases", phase) if phase else ("topics", topic) if topic else ("target_group", header)
            crosses.setdefault(target[0], []).append((header, target[1] or header))
            continue
        field = _field_for(header)
        if field:
            guessed.setdefault(field, []).append(header)

    headers_norm = {normalise_key(h) for h in sheet.headers}
    is_offer = any(w in h.split() or h == w for h in headers_norm for w in OFFER_WORDS) or (
        "title" in guessed and "name" not in guessed and "provider" in guessed
    )
    entity = "offer" if is_offer else "actor"
    if entity == "actor":  # a list of organisations: the provider column is the actor's name
        if "name" not in guessed:
            guessed["name"] = guessed.pop("provider", None) or guessed.pop("title", None) or []
        if "districts" in guessed:
            guessed["district"] = guessed.pop("districts")[:1]
    elif "name" in guessed and "title" not in guessed:
        guessed["title"] = guessed.pop("name")

    out = [
        f"# Vorschlag für eine Zuordnung zu „{path.name}“ – bitte prüfen und anpassen.",
        "# Aufbau und alle Möglichkeiten: examples/README.md.",
        "",
        "[table]",
        f"entity = {_q(entity)}   # jede Zeile wird ein {'Angebot' if entity == 'offer' else 'Akteur'} (actor | offer | district)",
    ]
    if sheet.name:
        out.append(f"sheet = {_q(sheet.name)}")
    out += ["", "[fields]"]
    used: set[str] = set()
    allowed = FIELDS[entity]

    def line(field: str, value: str, comment: str = "") -> None:
        out.append(f"{field} = {value}" + (f"   # {comment}" if comment else ""))

    simple = ["id", "title", "name", "short_name", "description", "kind", "target_group", "age", "languages",
              "cost", "capacity", "status", "start_date", "end_date", "funding", "topics", "phases", "website",
              "last_verified"]
    for field in simple:
        cols = guessed.get(field) or []
        if not cols:
            continue
        if field not in allowed:
            out.append(f"# {_q(cols[0])}: {field} gibt es für diese Einträge nicht")
            used.update(cols)
            continue
        numbered = [c for c in cols if re.search(r"\d+$", normalise_key(c))]
        if field in ("name", "title") and len(numbered) > 1:
            cols = numbered + [c for c in cols if c not in numbered]
            out.append(f"{field} = " + "{ columns = [" + ", ".join(_q(c) for c in numbered)
                       + '], join = " ", hyphenated = true }   # über mehrere Spalten verteilt')
            for extra in cols[len(numbered):]:
                out.append(f"# weitere Spalte für {field}?: {_q(extra)}")
        elif field in ("name", "title") and False:
            line(field, "{ columns = [" + ", ".join(_q(c) for c in cols) + '], join = " ", hyphenated = true }',
                 "über mehrere Spalten verteilt")
        elif field == "description" and (guessed.get("contact")):
            parts = [f"{{{cols[0]}}}"] + [f"{c}: {{{c}}}" for c in guessed["contact"]]
            line(field, "{ template = " + _q("\n".join(parts)) + " }", "Kontaktangaben: das Modell hat dafür kein Feld")
            used.update(guessed["contact"])
        else:
            comment = {"age": "z. B. „3-6“, „3 bis 6“, „ab 12“", "id": "sonst wird die ID aus dem Namen gebildet",
                       "kind": "Werte siehe [values.kind]", "last_verified": "Datum der letzten Prüfung"}.get(field, "")
            line(field, _q(cols[0]), comment)
            for extra in cols[1:]:
                out.append(f"# weitere Spalte für {field}?: {_q(extra)}")
        used.update(cols)
    if guessed.get("provider") and entity == "offer":
        line("providers", "{ column = " + _q(guessed["provider"][0]) + ', by = "name" }',
             'Träger nach Name: Akteure werden angelegt; by = "id", wenn die Spalte IDs enthält')
        used.update(guessed["provider"])
    for field in ("districts", "district"):
        if guessed.get(field):
            line(field, "{ column = " + _q(guessed[field][0]) + ', by = "name" }', "Sozialraum nach Name")
            used.update(guessed[field])
    address = [guessed.get(k, [None])[0] for k in ("street", "postcode", "town")]
    if any(address) and entity == "actor":
        street, postcode, town = (f"{{{c}}}" if c else "" for c in address)
        line("address", "{ template = " + _q(f"{street}, {postcode} {town}".strip(" ,")) + " }")
        used.update(c for c in address if c)
    if guessed.get("contact") and "description" not in guessed:
        parts = [f"{c}: {{{c}}}" for c in guessed["contact"]]
        line("description", "{ template = " + _q("\n".join(parts)) + " }", "Kontaktangaben in der Beschreibung")
        used.update(guessed["contact"])

    if point is not None:  # actors and offers both have coordinates
        out += coordinates_section(sheet, point, crs_header)
        used.update(point_headers)
    for field, pairs in crosses.items():
        if entity == "actor":
            field = {"phases": "mandate_phases", "topics": "mandate_topics"}.get(field, "")
            if not field:
                continue  # actors have no target group; the columns are listed as unassigned below
        out += ["", f"[crosses.{field}]   # Spalten mit Kreuzen (x): Spalte = Wert"]
        for header, value in pairs:
            out.append(f"{_q(header)} = {_q(value)}")
            used.add(header)
    if guessed.get("kind"):
        labels = ACTOR_KIND_DE if entity == "actor" else OFFER_KIND_DE
        known = {normalise_key(x) for pair in labels.items() for x in pair}
        position = sheet.headers.index(guessed["kind"][0])
        values = sorted({t for _, cells in sheet.rows if (t := clean_text(cells[position]))})[:50]
        values = [v for v in values if normalise_key(v) not in known]
        if values:
            out += ["", "[values.kind]   # Wert in der Datei = Art im Modell; bitte „other“ ersetzen durch:",
                    "# " + ", ".join(labels)]
            out += [f"{_q(v)} = \"other\"" for v in values]
    rest = [h for h in sheet.headers if h not in used]
    if rest:
        out += ["", "# Nicht zugeordnete Spalten (bei Bedarf oben eintragen):"]
        out += [f"#   {_q(h)}" for h in rest]
    return "\n".join(out) + "\n"
