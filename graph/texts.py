"""Every German sentence a finding or a user-facing error carries, in one place.

Keeping them here lets a coordinator's wording be reviewed (and one day translated)
without reading the analysis code.
"""

from __future__ import annotations

GAP_NO_OFFER = "Im Sozialraum {district} begleitet kein Angebot den Übergang {transition}."
GAP_INACTIVE_OFFERS = (
    " {count} Angebot(e) dafür sind eingetragen, laufen aber nicht (Status: {statuses}): {titles}."
)
COVERED = "Im Sozialraum {district} begleiten {count} Angebot(e) den Übergang {transition}: {titles}."

STATUS_DE = {
    "planned": "geplant",
    "active": "aktiv",
    "paused": "pausiert",
    "ended": "beendet",
}

LABEL_DE = {
    "Actor": "Akteur",
    "Offer": "Angebot",
    "LifePhase": "Lebensphase",
    "Transition": "Übergang",
    "Topic": "Querschnittsthema",
    "District": "Sozialraum",
}

NOT_FOUND = "{what} „{id}“ gibt es nicht."
STORE_UNAVAILABLE = (
    "Die Neo4j-Datenbank unter {uri} ist nicht erreichbar. Starten Sie sie mit "
    "„praevnet db start“ oder prüfen Sie NEO4J_URI, NEO4J_USER und NEO4J_PASSWORD."
)

GAPS_SUMMARY = (
    "{checked} Kombinationen aus Sozialraum und Übergang geprüft: {covered} sind durch mindestens "
    "ein laufendes Angebot begleitet, {gaps} sind Lücken."
)
