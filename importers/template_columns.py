"""The columns of the German Excel template, and how a model value becomes a cell and back.

Each entity sheet (:data:`SHEETS`) lists its columns: German header, model field, cell kind
(how :func:`to_cell` writes and :func:`from_cell` reads it), help text for the „Hilfe“ sheet
and, for closed vocabularies, the German labels behind the Excel validation lists. The
table mapping (:mod:`importers.mapping`) reads its fields through the same columns.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from graph import texts
from graph.model import Actor, Cooperation, District, LifePhase, Membership, Offer, Topic, Transition
from importers.cells import (
    CellError,
    clean_text,
    normalise_key,
    parse_bool,
    parse_date,
    parse_int,
    parse_number,
    parse_share,
    single_line,
    split_list,
)
from importers.coords import parse_coordinate

BOOL_DE = {"true": "ja", "false": "nein"}


@dataclass(frozen=True)
class Column:
    """One template column: header, model field, cell kind, help text, German labels."""

    header: str
    field: str
    kind: str = "line"  # line, text, list, enum, int, float, coordinate, date, bool, share, counts, lead, partner
    help: str = ""
    labels: dict[str, str] | None = None
    required: bool = False


@dataclass(frozen=True)
class SheetSpec:
    """One entity sheet."""

    name: str
    attr: str  # GraphBatch attribute
    model: type[BaseModel]
    columns: tuple[Column, ...]
    has_id: bool = True


def _c(header: str, field: str, kind: str = "line", help: str = "", labels: dict[str, str] | None = None,
       required: bool = False) -> Column:
    return Column(header, field, kind, help, labels, required)


ID_HELP = "Eindeutige Kennung: Buchstaben ohne Umlaute, Ziffern, „_ . : -“, keine Leerzeichen (z. B. awo-nord)."
SOURCE = _c("Quelle", "source", help="Woher die Angabe stammt; leer: Datei, Blatt und Zeile.")
VERIFIED = _c("Zuletzt geprüft", "last_verified", "date", "Datum der letzten Prüfung (TT.MM.JJJJ).")
LON = _c("Längengrad", "lon", "coordinate", "Ost-West-Lage in WGS84-Dezimalgrad, z. B. 7,0982 (Gelsenkirchen).")
LAT = _c("Breitengrad", "lat", "coordinate", "Nord-Süd-Lage in WGS84-Dezimalgrad, z. B. 51,5162.")

SHEETS: tuple[SheetSpec, ...] = (
    SheetSpec("Akteure", "actors", Actor, (
        _c("ID", "id", help=ID_HELP, required=True),
        _c("Name", "name", help="Voller Name der Organisation oder Einheit.", required=True),
        _c("Kurzname", "short_name", help="Abkürzung, z. B. AWO."),
        _c("Art", "kind", "enum", "Art des Akteurs.", texts.ACTOR_KIND_DE),
        _c("Sektor", "sector", "enum", "Sektor.", texts.SECTOR_DE),
        _c("Beschreibung", "description", "text", "Freitext."),
        _c("Teil von", "part_of", help="ID des übergeordneten Akteurs (Fachbereich → Stadtverwaltung)."),
        _c("Sozialraum", "district", help="ID des Sozialraums, in dem der Akteur sitzt."),
        _c("Adresse", "address", "text", "Straße, PLZ Ort."),
        LON, LAT,
        _c("Website", "website"),
        _c("Mandat Themen", "mandate_topics", "list", "Nur Gremien: IDs der Themen, für die sie zuständig sind (mit ; getrennt)."),
        _c("Mandat Lebensphasen", "mandate_phases", "list", "Nur Gremien: IDs der Lebensphasen (mit ; getrennt)."),
        SOURCE, VERIFIED,
    )),
    SheetSpec("Angebote", "offers", Offer, (
        _c("ID", "id", help=ID_HELP, required=True),
        _c("Titel", "title", help="Name des Angebots.", required=True),
        _c("Beschreibung", "description", "text", "Freitext."),
        _c("Art", "kind", "enum", "Form des Angebots.", texts.OFFER_KIND_DE),
        _c("Zielgruppe", "target_group", help="Freitext, z. B. Eltern mit Kindern unter 3."),
        _c("Alter von", "age_min", "float", "Mindestalter in Jahren (Dezimalkomma erlaubt)."),
        _c("Alter bis", "age_max", "float", "Höchstalter in Jahren; nicht kleiner als „Alter von“."),
        _c("Sprachen", "languages", "list", "Sprachen, mit ; getrennt (z. B. de; tr; ar)."),
        _c("Kosten", "cost", "enum", "Was die Teilnahme kostet.", texts.COST_DE),
        _c("Plätze", "capacity", "int", "Anzahl Plätze (ganze Zahl)."),
        _c("Status", "status", "enum", "Ob das Angebot läuft.", texts.STATUS_DE),
        _c("Beginn", "start_date", "date", "Startdatum (TT.MM.JJJJ)."),
        _c("Ende", "end_date", "date", "Enddatum (TT.MM.JJJJ), nicht vor dem Beginn."),
        _c("Finanzierung", "funding", help="Freitext, z. B. Kommunaler Haushalt."),
        _c("Träger (federführend)", "providers", "lead", "IDs der federführenden Akteure, mit ; getrennt."),
        _c("Partner", "providers", "partner", "IDs der beteiligten Partner-Akteure, mit ; getrennt."),
        _c("Lebensphasen", "phases", "list", "IDs der Lebensphasen, mit ; getrennt."),
        _c("Übergänge", "transitions", "list", "IDs der Übergänge, die das Angebot begleitet."),
        _c("Themen", "topics", "list", "IDs der Querschnittsthemen."),
        _c("Sozialräume", "districts", "list", "IDs der Sozialräume, in denen es wirkt."),
        LON, LAT,
        SOURCE, VERIFIED,
    )),
    SheetSpec("Kooperationen", "cooperations", Cooperation, (
        _c("Akteur", "actor", help="ID des einen Akteurs.", required=True),
        _c("Partner", "partner", help="ID des anderen Akteurs.", required=True),
        _c("Art", "kind", "enum", "Art der Zusammenarbeit.", texts.COOPERATION_KIND_DE),
        _c("Formell", "formal", "bool", "ja/nein: schriftlich vereinbart?", BOOL_DE),
        _c("Seit", "since", "date", "Beginn der Zusammenarbeit (TT.MM.JJJJ)."),
        _c("Notiz", "note", "text", "Freitext."),
        _c("Quelle", "source", help="Woher die Angabe stammt; leer: Datei, Blatt und Zeile."),
    ), has_id=False),
    SheetSpec("Mitgliedschaften", "memberships", Membership, (
        _c("Akteur", "actor", help="ID des Mitglieds.", required=True),
        _c("Gremium", "committee", help="ID des Gremiums oder der AG (ein Akteur der Art Gremium / AG).", required=True),
        _c("Rolle", "role", help="z. B. Vorsitz, Mitglied, Geschäftsführung."),
    ), has_id=False),
    SheetSpec("Sozialräume", "districts", District, (
        _c("ID", "id", help=ID_HELP, required=True),
        _c("Name", "name", required=True),
        _c("Ebene", "kind", "enum", "Stadt, Stadtbezirk oder Stadtteil / Sozialraum.", texts.DISTRICT_KIND_DE),
        _c("Teil von", "part_of", help="ID des übergeordneten Sozialraums."),
        _c("Einwohner", "population", "int", "Einwohnerzahl (ganze Zahl, Tausenderpunkt erlaubt)."),
        _c("Kinder je Lebensphase", "children_by_phase", "counts",
           "Kinder je Lebensphase in einer Zelle: Lebensphasen-ID=Anzahl, mit ; getrennt (p0-3=400; p3-6=380)."),
        _c("Anteil SGB II", "share_social_benefits", "share", "Anteil der unter 15-Jährigen im SGB-II-Bezug: 41 % oder 0,41."),
        _c("Anteil Alleinerziehende", "share_single_parents", "share", "Anteil Alleinerziehender: 22 % oder 0,22."),
    )),
    SheetSpec("Lebensphasen", "life_phases", LifePhase, (
        _c("ID", "id", help=ID_HELP, required=True),
        _c("Name", "name", required=True),
        _c("Reihenfolge", "order", "int", "Position im Lebenslauf (1, 2, 3 …).", required=True),
        _c("Alter von", "age_min", "float"),
        _c("Alter bis", "age_max", "float"),
        _c("Beschreibung", "description", "text"),
    )),
    SheetSpec("Übergänge", "transitions", Transition, (
        _c("ID", "id", help=ID_HELP, required=True),
        _c("Name", "name", required=True),
        _c("Von Lebensphase", "from_phase", help="ID der Lebensphase davor.", required=True),
        _c("Nach Lebensphase", "to_phase", help="ID der Lebensphase danach.", required=True),
        _c("Beschreibung", "description", "text"),
        _c("Stichwörter", "keywords", "list",
           "Wörter, an denen ein Angebot als Begleitung dieses Übergangs erkannt wird (z. B. Einschulung)."),
    )),
    SheetSpec("Themen", "topics", Topic, (
        _c("ID", "id", help=ID_HELP, required=True),
        _c("Name", "name", required=True),
        _c("Beschreibung", "description", "text"),
    )),
)
SHEET_BY_NAME = {s.name: s for s in SHEETS}
HELP_SHEET = "Hilfe"
LISTS_SHEET = "Listen"


# --- cells: model value <-> cell ---------------------------------------------------------------


def to_cell(column: Column, value: Any) -> Any:
    """A model value as the template writes it."""
    if value is None or value == [] or value == {}:
        return None
    kind = column.kind
    if kind in ("list", "lead", "partner"):
        return "; ".join(value)
    if kind == "enum":
        return column.labels.get(value, value) if column.labels else value
    if kind == "bool":
        return "ja" if value else "nein"
    if kind == "counts":
        return "; ".join(f"{k}={v}" for k, v in value.items())
    if kind == "float" and float(value).is_integer():
        return int(value)
    return value


def lookup_label(value: str, labels: dict[str, str]) -> str:
    """A German label or raw enum value to the enum value (case and umlauts ignored)."""
    key = normalise_key(value)
    for raw, label in labels.items():
        if key in (normalise_key(raw), normalise_key(label)) or key in {normalise_key(p) for p in label.split("/")}:
            return raw
    allowed = ", ".join(f"„{label}“" for label in labels.values())
    raise CellError(f"„{value}“ ist kein erlaubter Wert; erlaubt: {allowed}.")


def parse_counts(value: Any) -> dict[str, int]:
    """``p0-3=400; p3-6=380`` → ``{"p0-3": 400, "p3-6": 380}``."""
    result: dict[str, int] = {}
    for item in split_list(value):
        sep = "=" if "=" in item else ":"
        key, _, number = item.partition(sep)
        if not key.strip() or not number.strip():
            raise CellError(f"„{item}“ hat nicht die Form Lebensphasen-ID=Anzahl (z. B. p0-3=400).")
        result[key.strip()] = parse_int(number)
    return result


def from_cell(column: Column, raw: Any) -> Any:
    """A cell as the model value; raises :class:`CellError` (German) when it cannot be read."""
    kind = column.kind
    if clean_text(raw) is None:
        return None
    if kind == "line":
        return single_line(clean_text(raw))
    if kind == "text":
        return clean_text(raw)
    if kind in ("list", "lead", "partner"):
        return [single_line(x) for x in split_list(raw)]
    if kind == "enum":
        return lookup_label(single_line(clean_text(raw)) or "", column.labels or {})
    if kind == "int":
        return parse_int(raw)
    if kind == "float":
        return parse_number(raw)
    if kind == "share":
        return parse_share(raw)
    if kind == "coordinate":
        return _coordinate(column, raw)
    if kind == "date":
        return parse_date(raw)
    if kind == "bool":
        return parse_bool(raw)
    if kind == "counts":
        return parse_counts(raw)
    raise AssertionError(kind)


KIND_DE = {
    "line": "Text", "text": "Text (Zeilenumbrüche erlaubt)", "list": "Liste, mit ; getrennt",
    "int": "ganze Zahl", "float": "Zahl", "coordinate": "Zahl (WGS84-Dezimalgrad)", "date": "Datum TT.MM.JJJJ", "share": "Prozent oder Anteil 0–1",
    "counts": "ID=Anzahl; ID=Anzahl", "lead": "Akteur-IDs, mit ; getrennt", "partner": "Akteur-IDs, mit ; getrennt",
}


def _coordinate(column: Column, raw: Any) -> float | None:
    value = parse_coordinate(raw, geographic=True)
    limit, what = (180, "Längengrad") if column.field == "lon" else (90, "Breitengrad")
    if value is not None and abs(value) > limit:
        raise CellError(
            f"„{clean_text(raw)}“ ist kein {what} in WGS84 (erlaubt −{limit} bis {limit}). UTM-Koordinaten "
            "(Rechts-/Hochwert) bitte über eine Zuordnung mit [coordinates] einlesen, die sie umrechnet."
        )
    return value
