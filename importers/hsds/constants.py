"""HSDS conventions: praevnet's own vocabularies, table names, value tables, German messages.

The first block is shared with :mod:`exporters.hsds` (the round-trip test guards that the
two agree).
"""

from __future__ import annotations

import re

from graph.model import ID_PATTERN, OfferStatus

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

FREE = re.compile(r"\b(free|no charge|kostenlos|kostenfrei|gebührenfrei|gratis|unentgeltlich|keine kosten)\b", re.I)
INCOME = re.compile(r"(income|sliding|pay[- ]as[- ]you|einkommen|gestaffelt|sozialstaffel|ermäßig)", re.I)
PUBLIC = re.compile(r"(government|public|öffentlich|kommunal|behörde|städtisch)", re.I)
PRIVATE = re.compile(r"(for[- ]profit|commercial|gewerblich|privatwirtschaftlich)", re.I)
VALID_ID = re.compile(ID_PATTERN)

MSG_NO_PACKAGE = "Hier liegt kein HSDS-Datenpaket: weder „datapackage.json“ noch HSDS-Tabellen gefunden."
MSG_NO_DESCRIPTOR = "„datapackage.json“ fehlt; die Tabellen werden an ihren üblichen Dateinamen erkannt."
MSG_BAD_DESCRIPTOR = "„datapackage.json“ ist kein gültiges JSON (Zeile {line}, Spalte {col}): {error}."
MSG_BAD_DESCRIPTOR_TEXT = "„datapackage.json“ lässt sich nicht lesen: {reason}"
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
MSG_BAD_POINT = "Der Standort hat keine gültigen Koordinaten: {problem} Er wird ohne Koordinaten übernommen."
