"""Generate the demo city "Musterstadt" and its manifest of planted findings.

Run ``python -m graph.demo.build_musterstadt`` to (re)write ``musterstadt.json`` and
``manifest.json`` beside this module. The app only reads those files; it never runs this
generator. The output is deterministic: one seeded ``random.Random`` supplies every
"random" choice (dates, capacities, languages), nothing else varies, nothing is read from
disk or network.

The city follows what the seed texts describe (Mülheim's "Gelingendes Aufwachsen",
Gelsenkirchen's prevention chain, Ahlen's cross-departmental Fachbereiche, social-space
planning): eight Stadtteile with very different need, an administration with its
Fachbereiche, welfare federations at several levels, schools, Kitas, clubs, parishes,
agencies, doctors and the working groups that are meant to tie them together.

Planted on purpose (and listed in the manifest, so analyses can be tested exactly):

* transition gaps in specific Stadtteile (see :func:`transition_gaps` for the rule);
* clusters of duplicate offers and pairs of actors entered twice, plus look-alike actors
  that are *not* duplicates;
* parallel structures: offers for the same phase, topic and Stadtteil whose providers are
  not within two cooperation steps, and committees with largely the same members;
* two actors with no cooperation and no membership at all.

:func:`build` returns the batch and the manifest without writing anything and raises
``ValueError`` if any of these promises does not hold exactly.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import random
from collections import defaultdict
from collections.abc import Iterable
from itertools import combinations
from typing import Any

from graph.demo import CITY_FILE, MANIFEST_FILE
from graph.model import (
    Actor,
    Cooperation,
    District,
    GraphBatch,
    LifePhase,
    Membership,
    Offer,
    Topic,
    Transition,
)

SEED = 20250324  # the day of Mülheim's "Tausche Armut gegen Chance" conference
SOURCE = "Demo-Daten Musterstadt"
TITLE_SIMILARITY_LIMIT = 0.6
OFFER_PREFIX = "ang-"

# --------------------------------------------------------------------------------------
# Life phases, transitions, topics
# --------------------------------------------------------------------------------------

PHASES: list[tuple[str, str, float, float, str]] = [
    ("schwangerschaft", "Schwangerschaft & Geburt", 0, 0.5,
     "Schwangerschaft, Geburt und Wochenbett; Altersangaben beziehen sich auf das Kind (bis etwa ein halbes Jahr)."),
    ("p0-3", "0–3 Jahre", 0, 3, "Säuglinge und Kleinkinder: Familie, Kindertagespflege und Krippe."),
    ("p3-6", "3–6 Jahre (Kita)", 3, 6, "Kindergartenalter bis zur Einschulung."),
    ("p6-10", "6–10 Jahre (Grundschule)", 6, 10, "Grundschulzeit einschließlich Offenem Ganztag."),
    ("p10-16", "10–16 Jahre (weiterführende Schule)", 10, 16, "Sekundarstufe I an Gesamt-, Real-, Sekundar-, Förderschule und Gymnasium."),
    ("p16-27", "16–27 Jahre (Übergang Schule–Beruf)", 16, 27, "Ausbildung, Berufskolleg, Studium und Einstieg in den Beruf."),
]
PHASE_AGES = {pid: (lo, hi) for pid, _, lo, hi, _ in PHASES}

TRANSITIONS: list[tuple[str, str, str, str, str]] = [
    ("ue-geburt-krippe", "Geburt → Krippe/Kita", "schwangerschaft", "p0-3",
     "Von der Geburt in die Familie und in die erste Betreuung (Kindertagespflege, Krippe, Kita)."),
    ("ue-krippe-kita", "Krippe → Kita", "p0-3", "p3-6",
     "Wechsel aus Krippe oder Kindertagespflege in die Kita-Gruppe für Drei- bis Sechsjährige."),
    ("ue-kita-grundschule", "Kita → Grundschule", "p3-6", "p6-10",
     "Schulvorbereitung im letzten Kita-Jahr, Einschulung und Ankommen in der Grundschule."),
    ("ue-grundschule-weiterfuehrend", "Grundschule → weiterführende Schule", "p6-10", "p10-16",
     "Schulformempfehlung, Anmeldung und Ankommen in Klasse 5."),
    ("ue-schule-beruf", "Schule → Ausbildung/Beruf", "p10-16", "p16-27",
     "Berufsorientierung ab Klasse 8, Anschluss an Ausbildung, Berufskolleg oder Studium."),
]

TOPICS: list[tuple[str, str, str]] = [
    ("armut-teilhabe", "Armut & Teilhabe",
     "Folgen von Kinderarmut mildern und Teilhabe sichern, etwa über Leistungen für Bildung und Teilhabe (BuT)."),
    ("gesundheit-bewegung", "Gesundheit, Bewegung & Ernährung",
     "Bewegungsarmut und Übergewicht vorbeugen, gesunde Ernährung und Räume für Bewegung fördern."),
    ("medienkompetenz", "Medienkompetenz",
     "Kinder, Jugendliche und Eltern im sicheren und reflektierten Umgang mit digitalen Medien stärken."),
    ("flucht-migration", "Flucht & Migration",
     "Zugewanderten und geflüchteten Familien das Ankommen erleichtern und Regelangebote öffnen."),
    ("sprache", "Sprache",
     "Sprachentwicklung und Deutsch als Zweitsprache von Anfang an fördern und Mehrsprachigkeit wertschätzen."),
    ("trennung-scheidung", "Trennung & Scheidung",
     "Kinder und Eltern in Trennungs- und Scheidungssituationen begleiten und entlasten."),
    ("erziehungskompetenz", "Erziehungskompetenz & Elternarbeit",
     "Eltern in allen Lebensphasen ihrer Kinder in ihrer Erziehungsbereitschaft und -kompetenz stärken."),
    ("bildung", "Bildung",
     "Formelle und informelle Bildungsangebote passgenau und mit Beteiligung der Adressatinnen und Adressaten gestalten."),
    ("kinderschutz", "Kinderschutz",
     "Gefährdungen des Kindeswohls früh erkennen und abwenden, Fachkräfte im Schutzauftrag nach § 8a SGB VIII stärken."),
    ("inklusion", "Inklusion",
     "Teilhabe von Kindern mit Behinderung oder Entwicklungsverzögerung in Kita, Schule und Freizeit sichern."),
]

# --------------------------------------------------------------------------------------
# Districts: city > Stadtbezirk > Stadtteil
# --------------------------------------------------------------------------------------

CITY = "musterstadt"
BOROUGHS: list[tuple[str, str]] = [
    ("bezirk-mitte", "Stadtbezirk Mitte"),
    ("bezirk-nordost", "Stadtbezirk Nord-Ost"),
    ("bezirk-suedwest", "Stadtbezirk Süd-West"),
]
# id, name, borough, population, share of under-15s on SGB II, share of single-parent households
QUARTERS: list[tuple[str, str, str, int, float, float]] = [
    ("altstadt", "Altstadt", "bezirk-mitte", 14_800, 0.24, 0.21),
    ("hafenviertel", "Hafenviertel", "bezirk-mitte", 21_300, 0.41, 0.29),
    ("neue-mitte", "Neue Mitte", "bezirk-mitte", 17_900, 0.28, 0.24),
    ("nord", "Nord", "bezirk-nordost", 24_600, 0.45, 0.31),
    ("ost", "Ost", "bezirk-nordost", 19_200, 0.34, 0.26),
    ("bergheim", "Bergheim", "bezirk-nordost", 16_500, 0.15, 0.14),
    ("sued", "Süd", "bezirk-suedwest", 22_700, 0.12, 0.13),
    ("west", "West", "bezirk-suedwest", 18_400, 0.19, 0.17),
]
QUARTER_IDS = [q[0] for q in QUARTERS]

#: per Stadtteil: display name, locative phrase, the local "Kümmerer" (hub of the
#: Stadtteilnetzwerk) and the local institutions templates pick their providers from
Q: dict[str, dict[str, Any]] = {
    "altstadt": dict(name="Altstadt", im="in der Altstadt", hub="mgh-altstadt",
                     gs="kgs-lamberti", gs_l="KGS St. Lamberti", kita="kath-kita-st-marien", kita_l="Kita St. Marien",
                     sek="gymnasium-altstadt", sek_l="Städt. Gymnasium Altstadt", sek_an="am Städt. Gymnasium Altstadt", welfare="caritas",
                     streets=["Marktplatz", "Kirchgasse", "Rathausstraße", "Lambertiwall"]),
    "hafenviertel": dict(name="Hafenviertel", im="im Hafenviertel", hub="qm-hafenviertel",
                         gs="gs-am-hafen", gs_l="Grundschule am Hafen", kita="kita-hafenkinder", kita_l="Kita Hafenkinder",
                         sek="sekundarschule-hafen", sek_l="Sekundarschule Hafenviertel", sek_an="an der Sekundarschule Hafenviertel", welfare="awo-ov-hafen",
                         club="sv-hafen", streets=["Kaistraße", "Speicherweg", "Werftstraße", "Am Alten Hafen"]),
    "neue-mitte": dict(name="Neue Mitte", im="in der Neuen Mitte", hub="nachbarschaft-neue-mitte",
                       gs="gs-neue-mitte", gs_l="Grundschule Neue Mitte", kita="kita-sternschnuppe", kita_l="Kita Sternschnuppe",
                       sek=None, welfare="drk-kv", streets=["Europaplatz", "Bahnhofstraße", "Brückenallee", "Am Stadtpark"]),
    "nord": dict(name="Nord", im="in Nord", hub="fz-nord",
                 gs="gs-nordstrasse", gs_l="Grundschule Nordstraße", kita="kita-sonnenschein", kita_l="Kita Sonnenschein",
                 sek="gesamtschule-nord", sek_l="Willy-Brandt-Gesamtschule", sek_an="an der Willy-Brandt-Gesamtschule", welfare="awo-ov-nord",
                 streets=["Nordstraße", "Zechenweg", "Schachtstraße", "Glückaufplatz"]),
    "ost": dict(name="Ost", im="in Ost", hub="caritas-stz-ost",
                gs="ggs-ostpark", gs_l="GGS Ostpark", kita="awo-kita-regenbogen", kita_l="AWO-Kita Regenbogen",
                sek="realschule-ost", sek_l="Realschule Ost", sek_an="an der Realschule Ost", welfare="caritas-stz-ost", club="djk-ost",
                streets=["Ostring", "Parkstraße", "Lindenweg", "Eichendorffstraße"]),
    "bergheim": dict(name="Bergheim", im="in Bergheim", hub="drk-ov-bergheim",
                     gs="gs-bergheim", gs_l="Grundschule Bergheim", kita="drk-kita-pusteblume", kita_l="DRK-Kita Pusteblume",
                     sek=None, welfare="drk-ov-bergheim", club="tv-bergheim",
                     streets=["Bergstraße", "Am Hang", "Wiesental", "Höhenweg"]),
    "sued": dict(name="Süd", im="in Süd", hub="ev-kg-sued",
                 gs="gs-lindenhof", gs_l="Grundschule Lindenhof", kita="kita-lindenhof", kita_l="Kita Lindenhof",
                 sek="goethe-gymnasium", sek_l="Goethe-Gymnasium", sek_an="am Goethe-Gymnasium", welfare="diakonie",
                 streets=["Lindenhofallee", "Gartenstraße", "Rosenweg", "Südring"]),
    "west": dict(name="West", im="in West", hub="fz-west",
                 gs="gs-wiesengrund", gs_l="Grundschule Am Wiesengrund", kita="ev-kita-arche", kita_l="Ev. Kita Arche Noah",
                 sek="foerderschule-west", sek_l="Pestalozzischule", sek_an="an der Pestalozzischule", welfare="diakonie-jugendhilfe",
                 streets=["Westfalenstraße", "Am Wiesengrund", "Mühlenweg", "Ahornallee"]),
}

#: further languages offered in multilingual offers, by Stadtteil
LANG_POOL: dict[str, list[str]] = {
    "nord": ["tr", "ar", "ru"], "hafenviertel": ["tr", "ar", "uk"], "ost": ["uk", "ru", "tr"],
    "neue-mitte": ["ar", "en", "uk"], "altstadt": ["en", "tr"], "bergheim": ["ru", "en"],
    "sued": ["en"], "west": ["ru", "tr"], CITY: ["tr", "ar", "uk", "ru", "en"],
}

FUND = {
    "kinderstark": "Landesprogramm kinderstark – NRW schafft Chancen",
    "haushalt": "Kommunaler Haushalt",
    "esf": "ESF Plus",
    "bsfh": "Bundesstiftung Frühe Hilfen",
    "but": "Bildung und Teilhabe (BuT)",
    "kaoa": "Landesinitiative Kein Abschluss ohne Anschluss (KAoA)",
    "eigen": "Eigenmittel des Trägers",
    "kk": "Krankenkassen (Präventionsgesetz)",
    "kibiz": "Landesmittel Sprachförderung (KiBiz)",
    "startchancen": "Startchancen-Programm",
    "spenden": "Spenden und Stiftungsmittel",
    "sgb2": "Jobcenter (SGB II)",
    "sgb3": "Bundesagentur für Arbeit (SGB III)",
    "sozstadt": "Städtebauförderung Sozialer Zusammenhalt",
    "fz": "Landesförderung Familienzentren NRW",
    "ki": "Landesförderung Kommunale Integrationszentren",
    "kitaeinstieg": "Bundesprogramm Kita-Einstieg",
}

# --------------------------------------------------------------------------------------
# Planted findings
# --------------------------------------------------------------------------------------

PLANTED_GAPS: list[tuple[str, str, str]] = [
    ("nord", "ue-kita-grundschule",
     "Ärmster Stadtteil (45 % SGB II): Das Brückenjahr Kita–Grundschule Nord ist erst geplant, "
     "kein aktives Angebot begleitet den Schulstart."),
    ("hafenviertel", "ue-grundschule-weiterfuehrend",
     "Kein Angebot begleitet den Wechsel in Klasse 5; anders als Süd-West hat der Stadtbezirk Mitte "
     "keine bezirksweite Schulwechsel-Sprechstunde."),
    ("hafenviertel", "ue-schule-beruf",
     "Die Ausbildungspaten Hafenviertel sind 2024 mit dem Ende der ESF-Förderung ausgelaufen; "
     "seitdem überbrückt kein aktives Angebot den Übergang Schule–Beruf."),
    ("ost", "ue-krippe-kita",
     "Kita-Einstieg Ost ruht wegen einer unbesetzten Stelle; kein anderes Angebot begleitet den "
     "Wechsel von der Krippe in die Kita."),
    ("sued", "ue-kita-grundschule",
     "Gut situierter Stadtteil (12 % SGB II) ohne Brückenangebot Kita–Grundschule: eine echte Lücke, "
     "nach Bedarf gewichtet aber die mit der niedrigsten Priorität."),
]

DUPLICATE_OFFERS: list[tuple[list[str], str]] = [
    (["ang-elterncafe-nord", "ang-eltern-cafe-nord-evkg"],
     "Dasselbe offene Elterncafé für Familien mit Kleinkindern in Nord, einmal vom Familienzentrum, "
     "einmal von der Kirchengemeinde gemeldet (Elterncafé / Eltern-Cafe)."),
    (["ang-sprachfoerderung-kita-hafenkinder", "ang-alltagsintegrierte-sprachfoerderung-hafenviertel",
      "ang-kita-sprachfoerderung-hafenviertel-fgz"],
     "Dreimal dieselbe alltagsintegrierte Sprachförderung für Kita-Kinder im Hafenviertel: von der Kita, "
     "vom Kommunalen Integrationszentrum und vom Familiengrundschulzentrum gemeldet."),
    (["ang-hausaufgabenhilfe-ggs-ostpark", "ang-ha-hilfe-ggs-ostpark"],
     "Dieselbe Hausaufgabenhilfe an der GGS Ostpark, einmal ausgeschrieben und einmal abgekürzt (HA-Hilfe) "
     "vom Förderverein gemeldet."),
    (["ang-medienscouts-west", "ang-medienscouts-west-diakonie"],
     "Dasselbe Peer-Projekt Medienscouts in West mit umgestelltem Titel, von Schule und Jugendhilfeträger "
     "getrennt gemeldet."),
    (["ang-geburtsvorbereitung-fbs", "ang-geburtsvorbereitung-fbs-2"],
     "Derselbe Geburtsvorbereitungskurs der Familienbildungsstätte, zweimal erfasst – auch der Träger "
     "steht doppelt im Bestand (ev-fbs / ev-fbs-2)."),
]

DUPLICATE_ACTORS: list[tuple[list[str], str]] = [
    (["kita-sonnenschein", "kita-sonnenschein-2"],
     "Dieselbe städtische Kita in Nord, einmal mit und einmal ohne „Städt.“ erfasst (Liste der AG Übergang "
     "Kita–Schule)."),
    (["awo-ov-nord", "awo-ov-nord-2"],
     "Derselbe AWO-Ortsverein, einmal ausgeschrieben mit Rechtsform, einmal als „AWO OV Nord“ aus der "
     "Teilnehmerliste der Stadtteilkonferenz."),
    (["ev-fbs", "ev-fbs-2"],
     "Dieselbe Evangelische Familienbildungsstätte, einmal abgekürzt und mit „ae“ statt „ä“ geschrieben."),
]

NOT_DUPLICATE_ACTORS: list[tuple[list[str], str]] = [
    (["awo-kv", "awo-ov-nord"],
     "Kreisverband und Ortsverein sind eigene Rechtsträger; der Ortsverein ist Teil des Kreisverbands (PART_OF), "
     "kein Duplikat."),
    (["ev-kg-nord", "ev-kg-sued"],
     "Zwei evangelische Kirchengemeinden desselben Kirchenkreises: ähnliche Namen, verschiedene Gemeinden."),
    (["fz-nord", "fz-west"],
     "Zwei Familienzentren mit gleichem Namensmuster in verschiedenen Stadtteilen und bei verschiedenen Trägern."),
    (["drk-kv", "drk-ov-bergheim"],
     "DRK-Kreisverband und DRK-Ortsverein Bergheim sind verschiedene Verbandsebenen (PART_OF)."),
]

PARALLEL_OFFERS: list[tuple[list[str], str, str, str, str]] = [
    (["ang-kinderturnen-ernaehrung-tus-nord", "ang-bewegungsfoerderung-loewenzahn-nord"],
     "p6-10", "gesundheit-bewegung", "nord",
     "Sportverein und Bewegungspraxis fördern in Nord Bewegung und Ernährung von Grundschulkindern, "
     "ohne voneinander zu wissen – keine Kooperation, auch nicht über einen Dritten."),
    (["ang-medien-ag-jugendtreff-hafenkante", "ang-handy-fuehrerschein-ditib-hafen"],
     "p10-16", "medienkompetenz", "hafenviertel",
     "Jugendtreff und Moscheegemeinde bieten im Hafenviertel Medienbildung für dieselben Jugendlichen an, "
     "ohne Verbindung im Kooperationsnetz."),
    (["ang-babymassage-storchennest", "ang-ernaehrungssprechstunde-wenzel", "ang-krabbelturnen-wirbelwind"],
     "p0-3", "gesundheit-bewegung", "sued",
     "Hebammenpraxis, Kinderarztpraxis und Elterninitiative bieten in Süd Gesundheits- und "
     "Bewegungsangebote für Babys an, jede für sich."),
]

PARALLEL_COMMITTEES: list[tuple[list[str], str]] = [
    (["planungsgruppe-ga", "ak-kinderarmut"],
     "Planungsgruppe Gelingendes Aufwachsen (Jugendamt) und Arbeitskreis Kinderarmut (Sozialamt) tagen mit "
     "fast denselben Mitgliedern zu denselben Themen – ähnliche Planungsprozesse, gleiche Ergebnisse."),
    (["ag-schule-beruf", "rt-ausbildung"],
     "AG Übergang Schule–Beruf und Runder Tisch Ausbildung & Beruf: dieselben Partner, dasselbe Mandat, "
     "zwei Gremien."),
]

ISOLATED_ACTORS: list[tuple[str, str]] = [
    ("kinderarzt-wenzel", "Kinderarztpraxis ohne jede Kooperation und ohne Gremienmitgliedschaft."),
    ("kinderladen-wirbelwind", "Elterninitiative, die mit niemandem im Netzwerk verbunden ist."),
]

#: actors younger than the network: their cooperations cannot start earlier
FOUNDED = {
    "nadija": dt.date(2022, 5, 1),  # founded after the arrival of Ukrainian refugees
    "koordination-pk": dt.date(2019, 9, 1),  # set up after the council decision of 2019
    "fgz-hafen": dt.date(2021, 8, 1),
    "kaoa": dt.date(2012, 8, 1),
}

#: providers of the planted parallel offers: their cooperations are fixed by hand below and
#: the Stadtteilnetzwerk never links them, so they stay more than two steps apart
FROZEN_ACTORS = [
    "tus-nord", "praxis-loewenzahn", "jugendtreff-hafenkante", "ditib-hafen",
    "hebammen-storchennest", "kinderarzt-wenzel", "kinderladen-wirbelwind",
]

# --------------------------------------------------------------------------------------
# Checks (pure functions over a GraphBatch; build() runs them all)
# --------------------------------------------------------------------------------------


def district_ancestors(batch: GraphBatch) -> dict[str, list[str]]:
    """Each district with itself and all districts it is part of (following part_of)."""
    parent = {d.id: d.part_of for d in batch.districts}
    out: dict[str, list[str]] = {}
    for d in batch.districts:
        chain, cur = [], d.id
        while cur is not None and cur not in chain:
            chain.append(cur)
            cur = parent.get(cur)
        out[d.id] = chain
    return out


def transition_gaps(batch: GraphBatch) -> set[tuple[str, str]]:
    """(quarter, transition) pairs that no *active* offer bridges.

    T is bridged in quarter D iff some active offer lists T in ``transitions`` and D or one of
    D's ancestors (Stadtbezirk, city) in ``districts``.
    """
    anc = district_ancestors(batch)
    bridged = {
        (d, t)
        for o in batch.offers if o.status == "active"
        for t in o.transitions for d in o.districts
    }
    return {
        (d.id, t.id)
        for d in batch.districts if d.kind == "quarter"
        for t in batch.transitions
        if not any((a, t.id) in bridged for a in anc[d.id])
    }


SPANNING_MAX_PHASES = 3
NOT_ACCOMPANYING = {"event", "network_meeting"}


def _served_phases(o: Offer, phases: list[LifePhase]) -> set[str]:
    served = set(o.phases)
    if not served and (o.age_min is not None or o.age_max is not None):
        lo, hi = o.age_min or 0.0, 120.0 if o.age_max is None else o.age_max
        served |= {p.id for p in phases if p.age_min is not None and p.age_max is not None
                   and min(hi, p.age_max) - max(lo, p.age_min) > 0}
    return served


def transition_gaps_at(batch: GraphBatch, level: str) -> set[tuple[str, str]]:
    """The README's transition rule, written again from its words for an independent check.

    ``tagged``: only offers naming the transition bridge it. ``spanning``: also offers
    serving both phases around it (tagged phases or age range), unless they are general
    offers (more than three phases), one-off events, network meetings or for professionals.
    ``cooperation``: also a provider of an active offer for the earlier phase in the
    quarter who is, or cooperates with, a provider of one for the later phase.
    (Keywords in titles are not used by Musterstadt's offers beyond their tags.)
    """
    gaps = transition_gaps(batch)
    if level == "tagged":
        return gaps
    anc = district_ancestors(batch)
    spans = set()
    for o in batch.offers:
        served = _served_phases(o, batch.life_phases)
        if (o.status != "active" or len(served) > SPANNING_MAX_PHASES or o.kind in NOT_ACCOMPANYING
                or "fachkr" in (o.target_group or "").lower() or "lehrkr" in (o.target_group or "").lower()):
            continue
        for t in batch.transitions:
            if t.from_phase in served and t.to_phase in served:
                spans |= {(d, t.id) for d in o.districts}
    gaps = {(d, t) for d, t in gaps if not any((a, t) in spans for a in anc[d])}
    if level == "spanning":
        return gaps
    partners: dict[str, set[str]] = {}
    for c in batch.cooperations:
        partners.setdefault(c.actor, set()).add(c.partner)
        partners.setdefault(c.partner, set()).add(c.actor)
    transitions = {t.id: t for t in batch.transitions}

    def providers(d: str, phase: str) -> set[str]:
        return {p.actor for o in batch.offers if o.status == "active" and phase in _served_phases(o, batch.life_phases)
                and any(a in o.districts for a in anc[d]) for p in o.providers}

    linked = set()
    for d, t in gaps:
        left, right = providers(d, transitions[t].from_phase), providers(d, transitions[t].to_phase)
        if any(({x} | partners.get(x, set())) & right for x in left):
            linked.add((d, t))
    return gaps - linked


def _norm_title(title: str) -> str:
    return title.lower()


def title_similarity(a: str, b: str) -> float:
    """difflib ratio of two lower-cased titles."""
    return difflib.SequenceMatcher(None, _norm_title(a), _norm_title(b)).ratio()


def near_duplicate_pairs(batch: GraphBatch) -> list[tuple[str, str, float]]:
    """Offer pairs with the same phases, topics and districts and title similarity > limit."""
    groups: dict[tuple, list[Offer]] = defaultdict(list)
    for o in batch.offers:
        groups[(frozenset(o.phases), frozenset(o.topics), frozenset(o.districts))].append(o)
    found = []
    for offers in groups.values():
        for a, b in combinations(offers, 2):
            r = title_similarity(a.title, b.title)
            if r > TITLE_SIMILARITY_LIMIT:
                found.append((a.id, b.id, round(r, 3)))
    return found


def cooperation_neighbours(batch: GraphBatch) -> dict[str, set[str]]:
    """Undirected cooperation adjacency over actor ids."""
    nb: dict[str, set[str]] = defaultdict(set)
    for c in batch.cooperations:
        nb[c.actor].add(c.partner)
        nb[c.partner].add(c.actor)
    return nb


def unlinked_offer_pairs(batch: GraphBatch) -> set[frozenset[str]]:
    """Pairs of active offers sharing a (phase, topic, district) whose providers are not linked.

    Linked means: some provider of one equals, cooperates with, or shares a cooperation partner
    with some provider of the other (cooperation distance at most two).
    """
    nb = cooperation_neighbours(batch)

    def close(a: str, b: str) -> bool:
        return a == b or b in nb[a] or bool(nb[a] & nb[b])

    by_key: dict[tuple[str, str, str], list[Offer]] = defaultdict(list)
    for o in batch.offers:
        if o.status != "active":
            continue
        for p in o.phases:
            for t in o.topics:
                for d in o.districts:
                    by_key[(p, t, d)].append(o)
    out: set[frozenset[str]] = set()
    for offers in by_key.values():
        for a, b in combinations(offers, 2):
            pa = [p.actor for p in a.providers]
            pb = [p.actor for p in b.providers]
            if not any(close(x, y) for x in pa for y in pb):
                out.add(frozenset((a.id, b.id)))
    return out


def jaccard(a: Iterable[str], b: Iterable[str]) -> float:
    sa, sb = set(a), set(b)
    return len(sa & sb) / len(sa | sb) if sa | sb else 0.0


def committee_overlaps(batch: GraphBatch) -> dict[tuple[str, str], tuple[float, float]]:
    """(member Jaccard, mandate-topic Jaccard) for every pair of committees."""
    members: dict[str, set[str]] = defaultdict(set)
    for m in batch.memberships:
        members[m.committee].add(m.actor)
    committees = sorted((a for a in batch.actors if a.kind == "committee"), key=lambda a: a.id)
    return {
        (a.id, b.id): (jaccard(members[a.id], members[b.id]), jaccard(a.mandate_topics, b.mandate_topics))
        for a, b in combinations(committees, 2)
    }


def isolated_actors(batch: GraphBatch) -> list[str]:
    """Actors without any cooperation or membership (as member or as committee)."""
    linked = {c.actor for c in batch.cooperations} | {c.partner for c in batch.cooperations}
    linked |= {m.actor for m in batch.memberships} | {m.committee for m in batch.memberships}
    return sorted(a.id for a in batch.actors if a.id not in linked)


def reference_problems(batch: GraphBatch) -> list[str]:
    """Every id a batch mentions must exist with the right kind; ids unique across entities."""
    problems: list[str] = []
    seen: dict[str, str] = {}
    for label, nodes in batch.nodes_by_label().items():
        for n in nodes:
            if n.id in seen:
                problems.append(f"doppelte ID {n.id} ({seen[n.id]}, {label})")
            seen[n.id] = str(label)
    phases = {p.id for p in batch.life_phases}
    trans = {t.id: t for t in batch.transitions}
    topics = {t.id for t in batch.topics}
    districts = {d.id for d in batch.districts}
    actors = {a.id: a for a in batch.actors}
    for t in batch.transitions:
        if t.from_phase not in phases or t.to_phase not in phases:
            problems.append(f"Übergang {t.id}: Phase fehlt")
    for d in batch.districts:
        if d.part_of and d.part_of not in districts:
            problems.append(f"Sozialraum {d.id}: part_of {d.part_of} fehlt")
    for a in batch.actors:
        if a.part_of and a.part_of not in actors:
            problems.append(f"Akteur {a.id}: part_of {a.part_of} fehlt")
        if a.district and a.district not in districts:
            problems.append(f"Akteur {a.id}: district {a.district} fehlt")
        problems += [f"Akteur {a.id}: Thema {x} fehlt" for x in a.mandate_topics if x not in topics]
        problems += [f"Akteur {a.id}: Phase {x} fehlt" for x in a.mandate_phases if x not in phases]
    for o in batch.offers:
        problems += [f"Angebot {o.id}: Träger {p.actor} fehlt" for p in o.providers if p.actor not in actors]
        problems += [f"Angebot {o.id}: Phase {x} fehlt" for x in o.phases if x not in phases]
        problems += [f"Angebot {o.id}: Thema {x} fehlt" for x in o.topics if x not in topics]
        problems += [f"Angebot {o.id}: Sozialraum {x} fehlt" for x in o.districts if x not in districts]
        for x in o.transitions:
            if x not in trans:
                problems.append(f"Angebot {o.id}: Übergang {x} fehlt")
            elif not {trans[x].from_phase, trans[x].to_phase} <= set(o.phases):
                problems.append(f"Angebot {o.id}: überbrückt {x}, nennt aber nicht beide Phasen")
        if o.age_min is not None and o.age_max is not None and o.phases:
            lo = min(PHASE_AGES[p][0] for p in o.phases)
            hi = max(PHASE_AGES[p][1] for p in o.phases)
            if o.age_min < lo or o.age_max > hi:
                problems.append(f"Angebot {o.id}: Alter {o.age_min}–{o.age_max} außerhalb der Phasen")
            for p in o.phases:
                plo, phi = PHASE_AGES[p]
                if o.age_max < plo or o.age_min > phi:
                    problems.append(f"Angebot {o.id}: Alter passt nicht zur Phase {p}")
    pairs = set()
    for c in batch.cooperations:
        for x in (c.actor, c.partner):
            if x not in actors:
                problems.append(f"Kooperation {c.actor}–{c.partner}: {x} fehlt")
        key = frozenset((c.actor, c.partner))
        if key in pairs:
            problems.append(f"Kooperation {c.actor}–{c.partner} doppelt")
        pairs.add(key)
    mem = set()
    for m in batch.memberships:
        if m.actor not in actors:
            problems.append(f"Mitgliedschaft: {m.actor} fehlt")
        if m.committee not in actors or actors[m.committee].kind != "committee":
            problems.append(f"Mitgliedschaft: {m.committee} ist kein Gremium")
        if (m.actor, m.committee) in mem:
            problems.append(f"Mitgliedschaft {m.actor}–{m.committee} doppelt")
        mem.add((m.actor, m.committee))
    return problems


# --------------------------------------------------------------------------------------
# The builder
# --------------------------------------------------------------------------------------


class _City:
    """Collects the city's records; every random choice goes through ``self.rng``."""

    def __init__(self) -> None:
        self.rng = random.Random(SEED)
        self.actors: dict[str, dict[str, Any]] = {}
        self.offers: list[dict[str, Any]] = []
        self.coops: list[dict[str, Any]] = []
        self._coop_pairs: set[frozenset[str]] = set()
        self.memberships: list[Membership] = []

    # ---- small random helpers -----------------------------------------------------
    def date_between(self, start: dt.date, end: dt.date) -> dt.date:
        return start + dt.timedelta(days=self.rng.randint(0, (end - start).days))

    def verified(self) -> dt.date:
        return self.date_between(dt.date(2023, 1, 15), dt.date(2026, 10, 30))

    def address(self, district: str) -> str:
        street = self.rng.choice(Q[district]["streets"]) if district in Q else "Rathausplatz"
        return f"{street} {self.rng.randint(1, 120)}, 45999 Musterstadt"

    # ---- actors -------------------------------------------------------------------
    def actor(self, id: str, name: str, kind: str, sector: str, district: str | None, part_of: str | None = None,
              short: str | None = None, desc: str | None = None, address: str | None = None,
              web: bool = False, topics: list[str] | None = None, phases: list[str] | None = None) -> None:
        assert id not in self.actors, id
        self.actors[id] = dict(
            id=id, name=name, short_name=short, kind=kind, sector=sector, description=desc,
            part_of=part_of, district=district,
            address=address if address is not None else (self.address(district) if kind != "committee" else None),
            website=f"https://www.musterstadt.example/{id}" if web else None,
            mandate_topics=topics or [], mandate_phases=phases or [],
            source=SOURCE, last_verified=self.verified(),
        )

    # ---- offers -------------------------------------------------------------------
    def offer(self, id: str, title: str, desc: str, kind: str, phases: list[str], topics: list[str],
              districts: list[str], lead: str, partners: Iterable[str] = (), transitions: Iterable[str] = (),
              target: str | None = None, ages: tuple[float, float] | None = None, langs: list[str] | None = None,
              multilingual: bool = False, cost: str = "free", capacity: int | None | str = "auto",
              status: str = "active", funding: str | None = None, start: dt.date | None = None,
              end: dt.date | None = None) -> None:
        oid = OFFER_PREFIX + id
        transitions = list(transitions)
        if ages is None:
            ages = (min(PHASE_AGES[p][0] for p in phases), max(PHASE_AGES[p][1] for p in phases))
        if langs is None:
            langs = ["de"]
            if multilingual:
                pool = LANG_POOL[districts[0]] if districts[0] in LANG_POOL else LANG_POOL[CITY]
                extra = self.rng.sample(pool, k=min(len(pool), self.rng.randint(1, 2)))
                langs += sorted(extra)
        if capacity == "auto":
            lo, hi = {"course": (8, 16), "group": (8, 20), "counselling": (30, 250), "event": (40, 250),
                      "infrastructure": (20, 150), "home_visit": (20, 150), "network_meeting": (12, 40),
                      "other": (10, 60)}[kind]
            capacity = self.rng.randint(lo, hi)
        if start is None:
            if status == "planned":
                start = self.date_between(dt.date(2027, 1, 1), dt.date(2027, 9, 1))
            else:
                start = self.date_between(max(dt.date(2009, 1, 1), FOUNDED.get(lead, dt.date(2009, 1, 1))),
                                          dt.date(2025, 9, 1))
        if status == "ended" and end is None:
            end = self.date_between(max(start, dt.date(2023, 1, 1)), dt.date(2025, 12, 31))
        self.offers.append(dict(
            id=oid, title=title, description=desc, kind=kind, target_group=target,
            age_min=ages[0], age_max=ages[1], languages=langs, cost=cost, capacity=capacity, status=status,
            start_date=start, end_date=end, funding=funding,
            providers=[{"actor": lead, "role": "lead"}] + [{"actor": p, "role": "partner"} for p in partners],
            phases=phases, transitions=transitions, topics=topics, districts=districts,
            source=SOURCE, last_verified=self.verified(),
        ))

    # ---- relations ----------------------------------------------------------------
    def coop(self, a: str, b: str, kind: str = "informal", note: str | None = None) -> None:
        key = frozenset((a, b))
        if a == b or key in self._coop_pairs:
            return
        self._coop_pairs.add(key)
        earliest = max(FOUNDED.get(a, dt.date(2008, 1, 1)), FOUNDED.get(b, dt.date(2008, 1, 1)))
        self.coops.append(dict(
            actor=a, partner=b, kind=kind, formal=kind == "formal_agreement",
            since=self.date_between(earliest, dt.date(2025, 6, 30)), note=note, source=SOURCE,
        ))

    def members(self, committee: str, ids: list[str], roles: dict[str, str] | None = None) -> None:
        roles = roles or {}
        for a in ids:
            self.memberships.append(Membership(actor=a, committee=committee, role=roles.get(a, "Mitglied")))


# --------------------------------------------------------------------------------------
# Content
# --------------------------------------------------------------------------------------


def _phases_topics_districts(c: _City) -> tuple[list[LifePhase], list[Transition], list[Topic], list[District]]:
    phases = [LifePhase(id=pid, name=n, order=i, age_min=lo, age_max=hi, description=d)
              for i, (pid, n, lo, hi, d) in enumerate(PHASES)]
    transitions = [Transition(id=t, name=n, from_phase=f, to_phase=to, description=d)
                   for t, n, f, to, d in TRANSITIONS]
    topics = [Topic(id=t, name=n, description=d) for t, n, d in TOPICS]

    quarters: list[District] = []
    for qid, name, borough, pop, sgb2, single in QUARTERS:
        births = pop * (0.0078 + 0.009 * sgb2)

        def j() -> float:
            return c.rng.uniform(0.95, 1.05)

        kids = {
            "schwangerschaft": round(births * j()),
            "p0-3": round(births * 3 * j()),
            "p3-6": round(births * 3 * j() * 0.98),
            "p6-10": round(births * 4 * j() * 0.96),
            "p10-16": round(births * 6 * j() * 0.93),
            "p16-27": round(pop * 0.125 * j()),
        }
        quarters.append(District(id=qid, name=name, kind="quarter", part_of=borough, population=pop,
                                 children_by_phase=kids, share_social_benefits=sgb2, share_single_parents=single))

    def aggregate(id: str, name: str, kind: str, part_of: str | None, parts: list[District]) -> District:
        kids = {p: sum(d.children_by_phase[p] for d in parts) for p, *_ in PHASES}
        u15 = [d.children_by_phase["p0-3"] + d.children_by_phase["p3-6"] + d.children_by_phase["p6-10"]
               + d.children_by_phase["p10-16"] for d in parts]
        sgb2 = sum(w * d.share_social_benefits for w, d in zip(u15, parts)) / sum(u15)
        pop = sum(d.population for d in parts)
        single = sum(d.population * d.share_single_parents for d in parts) / pop
        return District(id=id, name=name, kind=kind, part_of=part_of, population=pop, children_by_phase=kids,
                        share_social_benefits=round(sgb2, 3), share_single_parents=round(single, 3))

    boroughs = [aggregate(bid, bname, "borough", CITY, [d for d in quarters if d.part_of == bid])
                for bid, bname in BOROUGHS]
    city = aggregate(CITY, "Musterstadt", "city", None, quarters)
    return phases, transitions, topics, [city, *boroughs, *quarters]


def _actors(c: _City) -> None:
    P, FW, PR, CS = "public", "free_welfare", "private", "civil_society"
    A = c.actor
    # --- Stadtverwaltung (Ahlen's Fachbereiche) ---
    A("stadt-musterstadt", "Stadt Musterstadt – Bürgermeister und Verwaltungsvorstand", "administration", P, "altstadt",
      short="Stadt Musterstadt", web=True,
      desc="Verwaltungsspitze; Auftraggeberin der Präventionskette nach dem Ratsbeschluss zum gelingenden Aufwachsen.")
    A("fb1", "Fachbereich 1 – Bürger- & Personalservice, Organisation", "department", P, "altstadt", "stadt-musterstadt",
      short="FB 1")
    A("fb4", "Fachbereich 4 – Schule, Kultur, Weiterbildung & Sport", "department", P, "altstadt", "stadt-musterstadt",
      short="FB 4")
    A("fb5", "Fachbereich 5 – Jugend, Soziales & Integration", "department", P, "altstadt", "stadt-musterstadt",
      short="FB 5")
    A("fb6", "Fachbereich 6 – Stadtentwicklung & Bauen", "department", P, "neue-mitte", "stadt-musterstadt", short="FB 6")
    A("fb7", "Fachbereich 7 – Umweltbetriebe & Grünflächen", "department", P, "west", "stadt-musterstadt", short="FB 7",
      desc="Spielplätze, Parks und Grünflächen; Bauhof.")
    A("jugendamt", "Jugendamt Musterstadt", "department", P, "altstadt", "fb5", web=True)
    A("sozialamt", "Sozialamt Musterstadt", "department", P, "altstadt", "fb5",
      desc="Leistungen nach SGB XII und für Bildung und Teilhabe.")
    A("gesundheitsamt", "Gesundheitsamt Musterstadt", "department", P, "neue-mitte", "stadt-musterstadt",
      desc="Kinder- und jugendärztlicher Dienst, Zahnprophylaxe, Schuleingangsuntersuchung.")
    A("koordination-pk", "Koordinationsstelle Präventionskette", "department", P, "altstadt", "fb5", short="Koordination PK",
      desc="Koordiniert das Netzwerk der Präventionskette und bringt Akteure zusammen – der Kümmerer der Stadt.")
    A("sozialplanung", "Stabsstelle Sozialplanung & Statistik", "department", P, "altstadt", "fb1",
      desc="Sozialberichterstattung und kleinräumiges Monitoring.")
    A("schulverwaltung", "Schulverwaltungsamt", "department", P, "altstadt", "fb4")
    A("ki-musterstadt", "Kommunales Integrationszentrum Musterstadt", "department", P, "hafenviertel", "fb5", short="KI")
    A("asd", "Allgemeiner Sozialer Dienst (ASD)", "department", P, "altstadt", "jugendamt", short="ASD")
    A("fruehe-hilfen", "Netzwerkkoordination Frühe Hilfen", "department", P, "altstadt", "jugendamt")
    A("kaoa", "Kommunale Koordinierungsstelle Kein Abschluss ohne Anschluss", "department", P, "neue-mitte", "fb4",
      short="KoKo KAoA")
    A("schulpsych", "Schulpsychologische Beratungsstelle", "department", P, "west", "fb4")
    A("qm-hafenviertel", "Quartiersmanagement Hafenviertel", "department", P, "hafenviertel", "fb6",
      desc="Stadtteilbüro im Programm Sozialer Zusammenhalt; Anlaufstelle und Netzwerkknoten im Hafenviertel.")
    A("stadtbibliothek", "Stadtbibliothek Musterstadt", "education", P, "altstadt", "fb4", web=True)
    A("musikschule", "Städtische Musikschule Musterstadt", "education", P, "altstadt", "fb4")
    A("vhs", "Volkshochschule Musterstadt", "education", P, "neue-mitte", "fb4", short="VHS", web=True)
    # städtische Kitas
    A("kita-sonnenschein", "Städt. Kita Sonnenschein", "kita", P, "nord", "jugendamt",
      address="Zechenweg 14, 45999 Musterstadt", desc="Städtische Kindertageseinrichtung mit U3-Gruppen.")
    A("kita-sonnenschein-2", "Kita Sonnenschein", "kita", P, "nord", address="Zechenweg 14a, 45999 Musterstadt")
    A("kita-hafenkinder", "Städt. Kita Hafenkinder", "kita", P, "hafenviertel", "jugendamt")
    A("kita-sternschnuppe", "Städt. Kita Sternschnuppe", "kita", P, "neue-mitte", "jugendamt")
    A("kita-lindenhof", "Städt. Kita Lindenhof", "kita", P, "sued", "jugendamt", desc="Anerkannte Bewegungskita.")
    # Schulen
    A("gs-nordstrasse", "Grundschule Nordstraße", "school", P, "nord")
    A("gs-am-hafen", "Grundschule am Hafen", "school", P, "hafenviertel")
    A("ggs-ostpark", "Gemeinschaftsgrundschule Ostpark", "school", P, "ost", short="GGS Ostpark")
    A("gs-wiesengrund", "Grundschule Am Wiesengrund", "school", P, "west")
    A("gs-lindenhof", "Grundschule Lindenhof", "school", P, "sued")
    A("kgs-lamberti", "Kath. Grundschule St. Lamberti", "school", P, "altstadt", short="KGS St. Lamberti")
    A("gs-bergheim", "Grundschule Bergheim", "school", P, "bergheim")
    A("gs-neue-mitte", "Grundschule Neue Mitte", "school", P, "neue-mitte")
    A("gesamtschule-nord", "Willy-Brandt-Gesamtschule", "school", P, "nord")
    A("sekundarschule-hafen", "Sekundarschule Hafenviertel", "school", P, "hafenviertel")
    A("realschule-ost", "Realschule Ost", "school", P, "ost")
    A("goethe-gymnasium", "Goethe-Gymnasium", "school", P, "sued")
    A("gymnasium-altstadt", "Städt. Gymnasium Altstadt", "school", P, "altstadt")
    A("foerderschule-west", "Pestalozzischule – Förderschule Lernen", "school", P, "west", short="Pestalozzischule")
    A("berufskolleg", "Berufskolleg Musterstadt", "school", P, "neue-mitte")
    # --- freie Wohlfahrtspflege: Verbandsebenen als eigene Akteure ---
    A("awo-kv", "AWO Kreisverband Musterstadt e.V.", "welfare_org", FW, "altstadt", short="AWO KV", web=True)
    A("awo-ov-nord", "Arbeiterwohlfahrt Ortsverein Nord e.V.", "welfare_org", FW, "nord", "awo-kv", short="AWO Nord",
      address="Glückaufplatz 3, 45999 Musterstadt")
    A("awo-ov-nord-2", "AWO OV Nord", "welfare_org", FW, "nord", address="Glückaufplatz 3")
    A("awo-ov-hafen", "AWO Ortsverein Hafenviertel e.V.", "welfare_org", FW, "hafenviertel", "awo-kv")
    A("fz-nord", "Familienzentrum Nord", "family_centre", FW, "nord", "awo-kv",
      desc="Familienzentrum in Trägerschaft der AWO; Anlaufstelle und Netzwerkknoten in Nord.")
    A("awo-kita-regenbogen", "AWO-Kita Regenbogen", "kita", FW, "ost", "awo-kv")
    A("caritas", "Caritasverband Musterstadt e.V.", "welfare_org", FW, "altstadt", web=True)
    A("caritas-stz-ost", "Caritas-Stadtteilzentrum Ost", "family_centre", FW, "ost", "caritas",
      desc="Stadtteilzentrum mit Familienberatung, Treffpunkten und Stadtteilkoordination in Ost.")
    A("caritas-beratung", "Caritas Erziehungs- und Familienberatungsstelle", "welfare_org", FW, "hafenviertel", "caritas")
    A("caritas-jmd", "Jugendmigrationsdienst der Caritas", "welfare_org", FW, "hafenviertel", "caritas", short="JMD")
    A("caritas-kita-weltentdecker", "Caritas-Kita Weltentdecker", "kita", FW, "ost", "caritas")
    A("fgz-hafen", "Familiengrundschulzentrum am Hafen", "family_centre", FW, "hafenviertel", "caritas",
      desc="Familienzentrum an der Grundschule am Hafen, Träger Caritas.")
    A("diakonie", "Diakonisches Werk Musterstadt e.V.", "welfare_org", FW, "altstadt", web=True)
    A("diakonie-jugendhilfe", "Diakonie Jugendhilfe Musterstadt gGmbH", "welfare_org", FW, "west", "diakonie")
    A("mgh-altstadt", "Mehrgenerationenhaus Altstadt", "family_centre", FW, "altstadt", "diakonie",
      desc="Offener Treff, Familienbildung und Stadtteilkoordination in der Altstadt.")
    A("fz-west", "Familienzentrum West", "family_centre", FW, "west", "diakonie",
      desc="Familienzentrum im Verbund mit der Ev. Kita Arche Noah.")
    A("drk-kv", "DRK-Kreisverband Musterstadt e.V.", "welfare_org", FW, "neue-mitte", short="DRK KV")
    A("drk-ov-bergheim", "DRK-Ortsverein Bergheim e.V.", "welfare_org", FW, "bergheim", "drk-kv",
      desc="Ortsverein mit Familientreff; Netzwerkknoten in Bergheim.")
    A("drk-kita-pusteblume", "DRK-Kita Pusteblume", "kita", FW, "bergheim", "drk-kv")
    A("paritaet", "Der Paritätische – Kreisgruppe Musterstadt", "welfare_org", FW, "neue-mitte", short="Paritätischer")
    A("kinderschutzbund", "Deutscher Kinderschutzbund Ortsverband Musterstadt e.V.", "welfare_org", FW, "altstadt",
      "paritaet", short="DKSB", desc="Mitgliedsorganisation im Paritätischen.")
    A("pro-familia", "pro familia Beratungsstelle Musterstadt", "welfare_org", FW, "neue-mitte", "paritaet",
      desc="Schwangerschafts-, Sexual- und Partnerschaftsberatung; Mitglied im Paritätischen.")
    A("lebenshilfe", "Lebenshilfe Musterstadt e.V.", "welfare_org", FW, "bergheim", "paritaet",
      desc="Frühförderung, Assistenz und Freizeit für Menschen mit Behinderung; Mitglied im Paritätischen.")
    A("ib", "Internationaler Bund – Standort Musterstadt", "welfare_org", FW, "hafenviertel", "paritaet", short="IB",
      desc="Jugendberufshilfe und Berufseinstiegsbegleitung; Mitglied im Paritätischen.")
    # Kirchen
    A("ev-kirchenkreis", "Ev. Kirchenkreis Musterstadt", "church", CS, "altstadt")
    A("ev-kg-nord", "Ev. Kirchengemeinde Musterstadt-Nord", "church", CS, "nord", "ev-kirchenkreis")
    A("ev-kg-sued", "Ev. Kirchengemeinde Musterstadt-Süd", "church", CS, "sued", "ev-kirchenkreis",
      desc="Gemeindezentrum mit Familienarbeit; Treffpunkt des Stadtteilnetzwerks Süd.")
    A("ev-kita-arche", "Ev. Kita Arche Noah", "kita", FW, "west", "ev-kirchenkreis")
    A("ev-fbs", "Evangelische Familienbildungsstätte Musterstadt", "education", FW, "altstadt", "ev-kirchenkreis",
      short="FBS", address="Kirchgasse 7, 45999 Musterstadt", web=True)
    A("ev-fbs-2", "Ev. Familienbildungsstaette Musterstadt", "education", FW, "altstadt",
      address="Kirchgasse 7, Musterstadt")
    A("kath-st-marien", "Kath. Kirchengemeinde St. Marien", "church", CS, "altstadt")
    A("kath-kita-st-marien", "Kath. Kita St. Marien", "kita", FW, "altstadt", "kath-st-marien")
    A("ditib-hafen", "DITIB Moscheegemeinde Hafenviertel e.V.", "church", CS, "hafenviertel")
    # Gesundheit
    A("klinik", "St.-Elisabeth-Krankenhaus – Geburtshilfe und Kinderklinik", "health", FW, "neue-mitte",
      short="St.-Elisabeth-Krankenhaus")
    A("spz", "Sozialpädiatrisches Zentrum am St.-Elisabeth-Krankenhaus", "health", FW, "neue-mitte", "klinik", short="SPZ")
    A("hebammen-netz", "Hebammenzentrale Musterstadt", "health", PR, "altstadt",
      desc="Vermittlung freiberuflicher Hebammen und Hebammensprechstunden in den Stadtteilen.")
    A("hebammen-storchennest", "Hebammenpraxis Storchennest", "health", PR, "sued")
    A("kinderarzt-yilmaz", "Kinderarztpraxis Dr. Yılmaz & Dr. Berger", "health", PR, "ost")
    A("kinderarzt-wenzel", "Kinderarztpraxis Dr. Wenzel", "health", PR, "sued")
    A("praxis-loewenzahn", "Praxis für Kinderbewegung Löwenzahn", "health", PR, "nord",
      desc="Physio- und Bewegungstherapie für Kinder.")
    # Vereine, Initiativen
    A("tus-nord", "TuS Nord 1921 e.V.", "club", CS, "nord")
    A("sv-hafen", "SV Hafen 09 e.V.", "club", CS, "hafenviertel")
    A("djk-ost", "DJK Blau-Weiß Ost e.V.", "club", CS, "ost")
    A("tv-bergheim", "TV Bergheim 1888 e.V.", "club", CS, "bergheim")
    A("ssb", "Stadtsportbund Musterstadt e.V.", "club", CS, "neue-mitte", short="SSB")
    A("jugendtreff-hafenkante", "Jugendtreff Hafenkante e.V.", "club", CS, "hafenviertel")
    A("kinderladen-wirbelwind", "Elterninitiative Kinderladen Wirbelwind e.V.", "kita", CS, "sued")
    A("lesepaten", "Lesepaten Musterstadt e.V.", "initiative", CS, "altstadt")
    A("ausbildungspaten", "Ausbildungspaten Musterstadt e.V.", "initiative", CS, "neue-mitte")
    A("bruecke-mso", "Brücke e.V. – Verein von Migrantinnen und Migranten", "initiative", CS, "hafenviertel",
      short="Brücke e.V.")
    A("nadija", "Ukrainischer Kulturverein Nadija e.V.", "initiative", CS, "ost")
    A("foerderverein-ostpark", "Förderverein der GGS Ostpark e.V.", "initiative", CS, "ost")
    # Agenturen, Wirtschaft
    A("jobcenter", "Jobcenter Musterstadt", "agency", P, "neue-mitte", web=True)
    A("agentur", "Agentur für Arbeit Musterstadt", "agency", P, "neue-mitte", short="Arbeitsagentur")
    A("kreishandwerkerschaft", "Kreishandwerkerschaft Musterstadt", "other", PR, "neue-mitte")
    A("wbg", "Musterstädter Wohnungsbaugesellschaft mbH", "other", PR, "neue-mitte", short="WBG")
    A("nachbarschaft-neue-mitte", "Nachbarschaftsbüro Neue Mitte", "other", PR, "neue-mitte", "wbg",
      desc="Quartiersbüro der Wohnungsbaugesellschaft; Netzwerkknoten in der Neuen Mitte.")
    # --- Gremien ---
    ALL_T = [t for t, _, _ in TOPICS]
    ALL_P = [p for p, *_ in PHASES]
    A("lenkungsgruppe-pk", "Lenkungsgruppe Präventionskette", "committee", P, CITY, topics=ALL_T, phases=ALL_P,
      desc="Steuert die Präventionskette ressortübergreifend; Vorsitz Bürgermeister.")
    A("planungsgruppe-ga", "Planungsgruppe Gelingendes Aufwachsen", "committee", P, CITY,
      topics=["armut-teilhabe", "bildung", "gesundheit-bewegung", "erziehungskompetenz"], phases=ALL_P,
      desc="Jugendhilfe- und Sozialplanung, Amtsleitungen und Statistik entwickeln die Handlungsstrategie.")
    A("ak-kinderarmut", "Arbeitskreis Kinderarmut", "committee", P, CITY,
      topics=["armut-teilhabe", "bildung", "gesundheit-bewegung"], phases=["p0-3", "p3-6", "p6-10", "p10-16"],
      desc="Vom Sozialamt einberufen, um ein Handlungskonzept gegen die Folgen der Kinderarmut zu erarbeiten.")
    A("kompetenzbeirat", "Kompetenzbeirat Gelingendes Aufwachsen", "committee", FW, CITY,
      topics=["armut-teilhabe", "bildung", "erziehungskompetenz", "inklusion"], phases=ALL_P,
      desc="Wohlfahrtsverbände, Kirchen und Verwaltung begleiten die Entwicklung der Handlungsstrategie.")
    A("ag78", "AG nach § 78 SGB VIII", "committee", P, CITY,
      topics=["kinderschutz", "erziehungskompetenz", "bildung"], phases=["p0-3", "p3-6", "p6-10", "p10-16", "p16-27"],
      desc="Arbeitsgemeinschaft der öffentlichen und freien Träger der Kinder- und Jugendhilfe.")
    A("ag-fruehe-hilfen", "AG Frühe Hilfen", "committee", P, CITY,
      topics=["kinderschutz", "gesundheit-bewegung", "erziehungskompetenz"], phases=["schwangerschaft", "p0-3"])
    A("ag-kita-schule", "AG Übergang Kita–Schule", "committee", P, CITY,
      topics=["bildung", "sprache"], phases=["p3-6", "p6-10"])
    A("ag-schule-beruf", "AG Übergang Schule–Beruf", "committee", P, CITY,
      topics=["bildung", "armut-teilhabe", "inklusion"], phases=["p10-16", "p16-27"])
    A("rt-ausbildung", "Runder Tisch Ausbildung & Beruf", "committee", PR, CITY,
      topics=["bildung", "armut-teilhabe"], phases=["p10-16", "p16-27"],
      desc="Auf Initiative der Arbeitsagentur gegründet.")
    A("netzwerk-bewegung", "Netzwerk Bewegte Kindheit", "committee", P, CITY,
      topics=["gesundheit-bewegung", "inklusion"], phases=["p0-3", "p3-6", "p6-10"],
      desc="Beispiel Bewegungsarmut und Adipositas: Gesundheitswesen, Sport und Grünflächen an einem Tisch.")
    A("stadtteilkonferenz-nord", "Stadtteilkonferenz Nord", "committee", CS, "nord",
      topics=["armut-teilhabe", "erziehungskompetenz", "sprache"], phases=ALL_P)


def _offers(c: _City) -> None:  # noqa: C901 - a long list of content, not logic
    O = c.offer
    QN = {q: Q[q]["name"] for q in Q}

    # ================= Schwangerschaft & Geburt, Übergang Geburt → Krippe =================
    O("willkommensbesuche", "Willkommensbesuche für Neugeborene",
      "Fachkräfte der Frühen Hilfen besuchen alle Familien mit Neugeborenen, bringen das Familienhandbuch mit "
      "und informieren über Betreuungsplätze und Angebote im Stadtteil.",
      "home_visit", ["schwangerschaft", "p0-3"], ["erziehungskompetenz", "kinderschutz"], [CITY],
      "fruehe-hilfen", ["jugendamt"], ["ue-geburt-krippe"], "Familien mit Neugeborenen", ages=(0, 1),
      multilingual=True, funding=FUND["haushalt"], capacity=1900)
    O("babylotsen", "Babylotsen an der Geburtsklinik",
      "Babylotsinnen sprechen Familien schon auf der Geburtsstation an, klären Unterstützungsbedarf und "
      "vermitteln in Hebammenhilfe, Frühe Hilfen und Kindertagespflege.",
      "counselling", ["schwangerschaft", "p0-3"], ["kinderschutz", "armut-teilhabe"], [CITY],
      "klinik", ["fruehe-hilfen"], ["ue-geburt-krippe"], "Familien rund um die Geburt", ages=(0, 1),
      multilingual=True, funding=FUND["bsfh"])
    O("kita-navigator", "Kita-Navigator – Beratung zur Platzsuche",
      "Online-Vormerkung und persönliche Beratung zu Krippe, Kindertagespflege und Kita-Plätzen in allen Stadtteilen.",
      "infrastructure", ["schwangerschaft", "p0-3"], ["bildung", "armut-teilhabe"], [CITY],
      "jugendamt", transitions=["ue-geburt-krippe"], target="Eltern vor und nach der Geburt", ages=(0, 3),
      multilingual=True, funding=FUND["haushalt"], capacity=None)
    O("familienhebammen", "Familienhebammen und Familien-Gesundheits- und Kinderkrankenpflegerinnen",
      "Längerfristige aufsuchende Begleitung belasteter Familien im ersten Lebensjahr durch Familienhebammen und FGKiKP.",
      "home_visit", ["schwangerschaft", "p0-3"], ["gesundheit-bewegung", "kinderschutz"], [CITY],
      "gesundheitsamt", ["fruehe-hilfen"], target="Belastete Schwangere und Familien mit Säuglingen", ages=(0, 1),
      funding=FUND["bsfh"])
    O("schwangerschaftsberatung", "Schwangerschaftsberatung nach § 2 SchKG",
      "Vertrauliche Beratung zu Schwangerschaft, Geburt, finanziellen Hilfen (Bundesstiftung Mutter und Kind) "
      "und Rechtsansprüchen.",
      "counselling", ["schwangerschaft"], ["armut-teilhabe", "erziehungskompetenz"], [CITY],
      "pro-familia", target="Schwangere und werdende Väter", langs=["de", "en", "ar"], funding="Landesmittel Schwangerschaftsberatung")
    O("geburtsvorbereitung-fbs", "Geburtsvorbereitungskurs für Paare",
      "Hebammengeleiteter Kurs an sieben Abenden: Ablauf der Geburt, Atmung, erste Tage mit dem Baby; "
      "Partnerinnen und Partner sind willkommen.",
      "course", ["schwangerschaft"], ["gesundheit-bewegung"], ["altstadt"], "ev-fbs", ["hebammen-netz"],
      target="Werdende Eltern", cost="fee", funding=FUND["eigen"])
    O("geburtsvorbereitung-fbs-2", "Geburtsvorbereitung für Paare (Kurs)",
      "Kurs zur Vorbereitung auf die Geburt mit einer Hebamme, sieben Abende, für werdende Eltern gemeinsam.",
      "course", ["schwangerschaft"], ["gesundheit-bewegung"], ["altstadt"], "ev-fbs-2",
      target="Werdende Eltern", cost="fee", funding=FUND["eigen"])
    for q in ["nord", "hafenviertel", "ost", "neue-mitte"]:
        O(f"hebammensprechstunde-{q}", f"Offene Hebammensprechstunde {QN[q]}",
          f"Hebammen beraten {Q[q]['im']} ohne Termin zu Schwangerschaft, Stillen und Säuglingspflege – "
          "auch für Frauen ohne eigene Hebamme.",
          "counselling", ["schwangerschaft"], ["gesundheit-bewegung"], [q], "hebammen-netz", [Q[q]["hub"]],
          target="Schwangere und Mütter im Wochenbett", multilingual=True, funding=FUND["kinderstark"])
    for q in ["hafenviertel", "nord"]:
        O(f"schwanger-in-musterstadt-{q}", f"Schwanger in Musterstadt – Sprechstunde für zugewanderte Frauen ({QN[q]})",
          "Mehrsprachige Sprechstunde mit Sprachmittlerinnen zu Vorsorge, Geburtsklinik und Krankenversicherung.",
          "counselling", ["schwangerschaft"], ["flucht-migration", "gesundheit-bewegung"], [q], "ki-musterstadt",
          ["hebammen-netz"], target="Schwangere mit Flucht- oder Migrationsgeschichte",
          langs=["de", "ar", "tr", "uk"], funding=FUND["ki"])
    for q, lead in [("nord", "fz-nord"), ("hafenviertel", "fgz-hafen"), ("ost", "caritas-stz-ost"),
                    ("neue-mitte", "nachbarschaft-neue-mitte"), ("west", "fz-west")]:
        O(f"babytreff-{q}", f"Babytreff {QN[q]}",
          f"Wöchentlicher Treff für Eltern mit Babys {Q[q]['im']}: Austausch, Beratung durch eine Familienhebamme und "
          "Informationen zu Kindertagespflege und Krippe.",
          "group", ["schwangerschaft", "p0-3"], ["erziehungskompetenz"], [q], lead, [], ["ue-geburt-krippe"],
          "Eltern mit Babys im ersten Lebensjahr", ages=(0, 1), multilingual=q in ("nord", "hafenviertel", "ost"),
          funding=FUND["kinderstark"] if q in ("nord", "hafenviertel", "ost") else FUND["fz"])
    O("netzwerk-fruehe-hilfen", "Netzwerktreffen Frühe Hilfen",
      "Halbjährliches Treffen aller Partner der Frühen Hilfen: Fallbesprechungen (anonymisiert), Fortbildung, "
      "Absprachen zur Überleitung.",
      "network_meeting", ["schwangerschaft", "p0-3"], ["kinderschutz", "erziehungskompetenz"], [CITY],
      "fruehe-hilfen", ["gesundheitsamt"], target="Fachkräfte der Frühen Hilfen", ages=(0, 3),
      funding=FUND["bsfh"])

    # ================= 0–3 Jahre =================
    O("elterncafe-nord", "Elterncafé im Familienzentrum Nord",
      "Offenes Elterncafé für Mütter und Väter mit Kleinkindern: Frühstück, Austausch und Erziehungsfragen, "
      "einmal pro Woche mit Fachberatung.",
      "group", ["p0-3"], ["erziehungskompetenz"], ["nord"], "fz-nord", ["awo-ov-nord"],
      target="Eltern mit Kindern unter 3 Jahren", langs=["de", "tr"], funding=FUND["kinderstark"])
    O("eltern-cafe-nord-evkg", "Eltern-Cafe Nord",
      "Wöchentliches offenes Eltern-Café für Familien mit Kleinkindern mit Frühstück, Austausch und Beratung "
      "zu Erziehungsfragen.",
      "group", ["p0-3"], ["erziehungskompetenz"], ["nord"], "ev-kg-nord",
      target="Eltern mit Kindern unter 3 Jahren", langs=["de"], funding=FUND["spenden"])
    for q in ["hafenviertel", "ost", "west", "neue-mitte"]:
        O(f"elterncafe-{q}", f"Elterncafé {QN[q]}",
          f"Offener Treff für Eltern mit Kindern bis sechs Jahre {Q[q]['im']}, mit Frühstück und Sprechstunde "
          "zu Erziehung, Kita und Leistungen für Familien.",
          "group", ["p0-3", "p3-6"], ["erziehungskompetenz", "armut-teilhabe"], [q], Q[q]["hub"],
          target="Eltern mit Kindern bis 6 Jahre", multilingual=q != "west",
          funding=FUND["kinderstark"] if q != "west" else FUND["fz"])
    for q, lead in [("altstadt", "kath-st-marien"), ("nord", "ev-kg-nord"), ("sued", "ev-kg-sued"),
                    ("bergheim", "drk-ov-bergheim"), ("west", "fz-west")]:
        O(f"eltern-kind-gruppe-{q}", f"Eltern-Kind-Gruppe {QN[q]}",
          "Spielen, Singen und Bewegen für Kinder ab einem Jahr mit ihren Eltern; Austausch über Entwicklung und "
          "Erziehung.",
          "group", ["p0-3"], ["erziehungskompetenz", "bildung"], [q], lead, target="Eltern mit Kindern von 1 bis 3 Jahren",
          ages=(1, 3), cost="fee" if q in ("sued", "altstadt") else "free", funding=FUND["eigen"])
    for q in ["altstadt", "bergheim", "west"]:
        O(f"pekip-{q}", f"PEKiP-Kurs {QN[q]}",
          "Prager Eltern-Kind-Programm: Eltern begleiten die Entwicklung ihres Babys im ersten Lebensjahr mit "
          "Bewegungs- und Spielanregungen.",
          "course", ["p0-3"], ["erziehungskompetenz", "gesundheit-bewegung"], [q], "ev-fbs",
          [Q[q]["hub"]] if q != "altstadt" else [], target="Eltern mit Babys", ages=(0, 1), cost="fee",
          funding=FUND["eigen"])
    for q, lead in [("hafenviertel", "bruecke-mso"), ("nord", "ki-musterstadt"), ("ost", "nadija")]:
        O(f"krabbelgruppe-ankommen-{q}", f"Krabbelgruppe Ankommen {QN[q]}",
          "Krabbelgruppe für neu zugewanderte Familien: Kinder spielen, Eltern lernen Kita und Beratungsstellen kennen "
          "und üben Deutsch im Alltag.",
          "group", ["p0-3"], ["flucht-migration", "sprache"], [q], lead, [Q[q]["hub"]],
          target="Geflüchtete und neu zugewanderte Eltern mit Kleinkindern",
          langs=["de", "uk", "ru"] if q == "ost" else ["de", "ar", "tr"], funding=FUND["ki"])
    O("familienpaten", "Familienpatenschaften",
      "Ehrenamtliche Familienpatinnen und -paten entlasten Familien mit kleinen Kindern im Alltag, "
      "fachlich begleitet vom Kinderschutzbund.",
      "home_visit", ["p0-3"], ["kinderschutz", "erziehungskompetenz"], [CITY], "kinderschutzbund",
      target="Familien mit Kindern unter 3 Jahren ohne familiäres Netz", funding=FUND["spenden"])
    O("vorsorgesprechstunde-ost", "Mehrsprachige Vorsorge- und Impfsprechstunde",
      "Kinderarztpraxis bietet feste Termine für U-Untersuchungen und Impfungen mit Sprachmittlung an.",
      "counselling", ["p0-3", "p3-6"], ["gesundheit-bewegung", "flucht-migration"], ["ost"], "kinderarzt-yilmaz",
      ["ki-musterstadt"], target="Familien mit Kleinkindern, besonders neu zugewanderte", langs=["de", "tr", "ar", "uk"],
      funding=FUND["kk"])
    O("schreibabyambulanz", "Schreibaby-Ambulanz",
      "Beratung und Diagnostik bei exzessivem Schreien, Schlaf- und Fütterstörungen in den ersten Lebensjahren.",
      "counselling", ["p0-3"], ["gesundheit-bewegung", "kinderschutz"], [CITY], "spz",
      target="Eltern mit Säuglingen und Kleinkindern", funding=FUND["kk"])
    for q in ["altstadt", "sued", "bergheim"]:
        O(f"musikgarten-{q}", f"Musikgarten {QN[q]}",
          "Musikalische Früherziehung für die Kleinsten: Singen, Tanzen und erste Instrumente gemeinsam mit den Eltern.",
          "course", ["p0-3"], ["bildung"], [q], "musikschule", target="Kinder von 1,5 bis 3 Jahren mit Eltern",
          ages=(1.5, 3), cost="income_based", funding=FUND["haushalt"])
    O("buecherbaby", "Bücherbaby – Vorlesen von Anfang an",
      "Die Stadtbibliothek verschenkt Lesestart-Sets und lädt zu Reim- und Vorlesestunden für Babys und Kleinkinder ein.",
      "event", ["p0-3"], ["sprache", "bildung"], [CITY], "stadtbibliothek", target="Eltern mit Kindern unter 3 Jahren",
      multilingual=True, funding=FUND["haushalt"])
    O("babymassage-storchennest", "Babymassage und Rückbildung mit Baby",
      "Kurs der Hebammenpraxis: Babymassage, Rückbildungsgymnastik und Tipps für gesunde Bewegung im ersten Jahr.",
      "course", ["p0-3"], ["gesundheit-bewegung"], ["sued"], "hebammen-storchennest",
      target="Mütter mit Babys bis 12 Monate", ages=(0, 1), cost="fee", funding=FUND["kk"])
    O("ernaehrungssprechstunde-wenzel", "Elternsprechstunde Ernährung im ersten Lebensjahr",
      "Monatliche Gruppensprechstunde der Kinderarztpraxis zu Stillen, Beikost und Bewegung bei Kleinkindern.",
      "counselling", ["p0-3"], ["gesundheit-bewegung"], ["sued"], "kinderarzt-wenzel",
      target="Eltern mit Kindern unter 3 Jahren", funding=FUND["kk"])
    O("krabbelturnen-wirbelwind", "Krabbelturnen im Kinderladen",
      "Offene Bewegungsstunde für Krabbel- und Laufkinder in den Räumen der Elterninitiative.",
      "group", ["p0-3"], ["gesundheit-bewegung"], ["sued"], "kinderladen-wirbelwind",
      target="Kinder von 1 bis 3 Jahren mit Eltern", ages=(1, 3), cost="fee", funding=FUND["eigen"])

    # ================= Übergang Krippe → Kita (Lücke: Ost) =================
    for q in ["altstadt", "sued", "west", "bergheim", "neue-mitte"]:
        O(f"uebergang-krippe-kita-{q}", f"Von der Krippe in die Kita – Übergangsbegleitung {QN[q]}",
          f"Abgestimmte Eingewöhnung beim Wechsel aus Krippe oder Kindertagespflege in die Kita {Q[q]['im']}: "
          "Übergabegespräch mit den Eltern und Schnuppertage.",
          "other", ["p0-3", "p3-6"], ["erziehungskompetenz", "bildung"], [q], Q[q]["kita"], [],
          ["ue-krippe-kita"], "Kinder von 2 bis 4 Jahren und ihre Eltern", ages=(2, 4), funding=FUND["haushalt"])
    for q, status in [("nord", "active"), ("hafenviertel", "active"), ("ost", "paused")]:
        O(f"kita-einstieg-{q}", f"Kita-Einstieg {QN[q]}",
          "Niedrigschwellige Spielgruppen und Elternbegleitung führen Familien, die bisher keine Betreuung nutzen, "
          "an Kindertagespflege und Kita heran."
          + (" Ruht derzeit, weil die Stelle unbesetzt ist." if status == "paused" else ""),
          "group", ["p0-3", "p3-6"], ["flucht-migration", "bildung", "sprache"], [q], "jugendamt", [Q[q]["hub"]],
          ["ue-krippe-kita"], "Familien mit Kindern von 1 bis 4 Jahren ohne Betreuungsplatz", ages=(1, 4),
          multilingual=True, status=status, funding=FUND["kitaeinstieg"])

    # ================= 3–6 Jahre (Kita) =================
    for q in ["nord", "ost", "altstadt", "neue-mitte", "bergheim", "west"]:
        O(f"sprachfoerderung-{Q[q]['kita']}", f"Sprachförderung in der {Q[q]['kita_l']}",
          "Alltagsintegrierte Sprachbildung mit Beobachtung nach BaSiK und gezielter Förderung in Kleingruppen.",
          "other", ["p3-6"], ["sprache"], [q], Q[q]["kita"], target="Kita-Kinder mit Sprachförderbedarf",
          funding=FUND["kibiz"])
    O("sprachfoerderung-kita-hafenkinder", "Sprachförderung in der Kita Hafenkinder",
      "Alltagsintegrierte Sprachbildung in allen Gruppen, ergänzt um Kleingruppen für Kinder mit Deutsch als "
      "Zweitsprache.",
      "other", ["p3-6"], ["sprache"], ["hafenviertel"], "kita-hafenkinder", target="Kita-Kinder mit Sprachförderbedarf",
      funding=FUND["kibiz"])
    O("alltagsintegrierte-sprachfoerderung-hafenviertel", "Alltagsintegrierte Sprachförderung in der Kita (Hafenviertel)",
      "Sprachbildung im Kita-Alltag und Kleingruppenförderung für Kinder mit Deutsch als Zweitsprache in den "
      "Kitas im Hafenviertel.",
      "other", ["p3-6"], ["sprache"], ["hafenviertel"], "ki-musterstadt", ["kita-hafenkinder"],
      target="Kita-Kinder mit Sprachförderbedarf", funding=FUND["ki"])
    O("kita-sprachfoerderung-hafenviertel-fgz", "Kita-Sprachförderung Hafenviertel",
      "Alltagsintegrierte Sprachförderung und Kleingruppen für Kita-Kinder mit Deutsch als Zweitsprache.",
      "other", ["p3-6"], ["sprache"], ["hafenviertel"], "fgz-hafen", target="Kita-Kinder mit Sprachförderbedarf",
      funding=FUND["kinderstark"])
    bewegungskita_name = {"hafenviertel": "Hafenkinder", "ost": "Regenbogen", "bergheim": "Pusteblume",
                          "sued": "Lindenhof", "neue-mitte": "Sternschnuppe"}
    for q, partner in [("hafenviertel", "sv-hafen"), ("ost", "djk-ost"), ("bergheim", "tv-bergheim"),
                       ("sued", "ssb"), ("neue-mitte", "ssb")]:
        O(f"bewegungskita-{q}", f"Bewegungskita {bewegungskita_name[q]}",
          "Zertifizierte Bewegungskita: täglich angeleitete Bewegungszeiten, Kooperation mit einem Sportverein und "
          "Elternabende zu Ernährung.",
          "infrastructure", ["p3-6"], ["gesundheit-bewegung"], [q], Q[q]["kita"], [partner],
          target="Kita-Kinder", funding=FUND["kk"])
    for q in ["nord", "hafenviertel", "ost", "neue-mitte"]:
        O(f"rucksack-kita-{q}", f"Rucksack KiTa {QN[q]}",
          "Elternbildungsprogramm zur Sprachförderung in Erst- und Zweitsprache: Elternbegleiterinnen treffen sich "
          "wöchentlich mit Müttern und Vätern in der Kita.",
          "group", ["p3-6"], ["sprache", "erziehungskompetenz", "flucht-migration"], [q], "ki-musterstadt",
          [Q[q]["kita"]], target="Eltern von Kita-Kindern mit Familiensprache nicht Deutsch", multilingual=True,
          funding=FUND["ki"])
    O("fruehfoerderung", "Heilpädagogische Frühförderung",
      "Interdisziplinäre Frühförderung zu Hause, in der Kita oder in der Frühförderstelle für Kinder mit "
      "Entwicklungsverzögerung oder Behinderung.",
      "other", ["p0-3", "p3-6"], ["inklusion", "gesundheit-bewegung"], [CITY], "lebenshilfe", ["spz"],
      target="Kinder mit (drohender) Behinderung bis zur Einschulung", funding="Eingliederungshilfe (SGB IX)")
    for q in ["bergheim", "west"]:
        O(f"inklusive-spielgruppe-{q}", f"Inklusive Spielgruppe {QN[q]}",
          "Kinder mit und ohne Behinderung spielen gemeinsam; heilpädagogische Fachkräfte beraten die Eltern.",
          "group", ["p3-6"], ["inklusion"], [q], "lebenshilfe", [Q[q]["kita"]],
          target="Kinder von 3 bis 6 Jahren mit und ohne Behinderung", funding=FUND["eigen"])
    for q in ["nord", "hafenviertel", "ost"]:
        O(f"kita-sozialarbeit-{q}", f"Kita-Sozialarbeit in der {Q[q]['kita_l']}",
          "Sozialpädagogische Fachkraft in der Kita berät Eltern zu Leistungen, Schulden, Wohnen und Erziehung "
          "und vermittelt in Hilfen.",
          "counselling", ["p3-6"], ["armut-teilhabe", "kinderschutz"], [q], "jugendamt", [Q[q]["kita"]],
          target="Familien mit Kita-Kindern", multilingual=True, funding=FUND["kinderstark"])
    O("zahnprophylaxe", "Zahnprophylaxe in Kitas",
      "Das Gesundheitsamt besucht jede Kita zweimal im Jahr mit Putzübungen und Elterninformationen zu "
      "zuckerfreier Ernährung.",
      "event", ["p3-6"], ["gesundheit-bewegung"], [CITY], "gesundheitsamt", target="Kita-Kinder und ihre Eltern",
      funding=FUND["haushalt"])
    for q, club in [("hafenviertel", "sv-hafen"), ("ost", "djk-ost"), ("bergheim", "tv-bergheim")]:
        O(f"kinderturnen-{q}", f"Kinderturnen – {c.actors[club]['name'].replace(' e.V.', '')}",
          "Turnen, Klettern und Ballspiele für Kita- und Grundschulkinder; Vereinsbeitrag über BuT möglich.",
          "group", ["p3-6", "p6-10"], ["gesundheit-bewegung"], [q], club, target="Kinder von 4 bis 8 Jahren",
          ages=(4, 8), cost="income_based", funding=FUND["but"])
    for q in ["west", "bergheim", "sued"]:
        O(f"naturentdecker-{q}", f"Naturentdecker {QN[q]}",
          "Umweltpädagogische Vormittage im Grünen: Kita- und Grundschulgruppen erkunden Wald, Bach und Wiese "
          "mit dem Team der Umweltbetriebe.",
          "event", ["p3-6", "p6-10"], ["gesundheit-bewegung", "bildung"], [q], "fb7", [Q[q]["kita"]],
          target="Kita- und Grundschulgruppen", ages=(4, 10), funding=FUND["haushalt"])

    # ================= Übergang Kita → Grundschule (Lücken: Nord, Süd) =================
    for q in ["hafenviertel", "ost", "west", "altstadt", "bergheim", "neue-mitte"]:
        O(f"brueckenprojekt-kita-gs-{q}", f"Brückenprojekt Kita–Grundschule {QN[q]}",
          f"Kitas und Grundschule {Q[q]['im']} planen das letzte Kita-Jahr gemeinsam: Besuche in der Schule, "
          "Patenschaften mit Erstklässlern und Übergabegespräche mit Einverständnis der Eltern.",
          "other", ["p3-6", "p6-10"], ["bildung", "sprache"], [q], Q[q]["gs"], [Q[q]["kita"]],
          ["ue-kita-grundschule"], "Kinder im letzten Kita-Jahr und ihre Eltern", ages=(5, 7),
          funding=FUND["haushalt"])
    O("brueckenjahr-nord", "Brückenjahr Kita–Grundschule Nord",
      "Geplant ab Schuljahr 2027/28: gemeinsame Schulvorbereitung der Kitas in Nord mit der Grundschule Nordstraße.",
      "other", ["p3-6", "p6-10"], ["bildung", "sprache"], ["nord"], "gs-nordstrasse", ["kita-sonnenschein"],
      ["ue-kita-grundschule"], "Kinder im letzten Kita-Jahr und ihre Eltern", ages=(5, 7), status="planned",
      funding=FUND["startchancen"])
    for q in ["ost", "hafenviertel"]:
        O(f"lesestart-schulanfang-{q}", f"Bald bin ich ein Schulkind – Vorleseprojekt {Q[q]['im']}",
          "Vorlesepatinnen begleiten Vorschulkinder und Erstklässler; die Kinder bekommen ihren ersten "
          "Bibliotheksausweis.",
          "group", ["p3-6", "p6-10"], ["sprache", "bildung"], [q], "lesepaten", ["stadtbibliothek", Q[q]["gs"]],
          ["ue-kita-grundschule"], "Vorschulkinder und Erstklässler", ages=(5, 7), funding=FUND["spenden"])
    O("schuleingangsuntersuchung", "Schuleingangsuntersuchung",
      "Ärztliche Untersuchung aller Kinder vor der Einschulung mit Hinweisen auf Förderbedarf.",
      "other", ["p3-6"], ["gesundheit-bewegung", "inklusion"], [CITY], "gesundheitsamt", target="Kinder vor der Einschulung",
      ages=(5, 6), funding=FUND["haushalt"])

    # ================= 6–10 Jahre (Grundschule) =================
    ogs_lead = {"nord": "awo-ov-nord", "hafenviertel": "awo-ov-hafen", "ost": "caritas", "west": "diakonie-jugendhilfe",
                "sued": "drk-kv", "altstadt": "caritas", "bergheim": "drk-ov-bergheim", "neue-mitte": "awo-kv"}
    for q in QUARTER_IDS:
        O(f"ogs-{q}", f"Offener Ganztag an der {Q[q]['gs_l']}",
          "Betreuung bis 16 Uhr mit Mittagessen, Lernzeit und Freizeitangeboten; Elternbeitrag nach Einkommen.",
          "infrastructure", ["p6-10"], ["bildung", "erziehungskompetenz"], [q], ogs_lead[q], [Q[q]["gs"]],
          target="Grundschulkinder", cost="income_based", funding=FUND["haushalt"])
    for q, lead in [("nord", "jugendamt"), ("hafenviertel", "awo-ov-hafen"), ("neue-mitte", "jugendamt"),
                    ("altstadt", "caritas"), ("west", "diakonie-jugendhilfe")]:
        O(f"schulsozialarbeit-gs-{q}", f"Schulsozialarbeit an der {Q[q]['gs_l']}",
          "Sozialarbeit an der Grundschule: Beratung für Kinder, Eltern und Lehrkräfte, Unterstützung beim Antrag "
          "auf Bildung und Teilhabe.",
          "counselling", ["p6-10"], ["armut-teilhabe", "kinderschutz"], [q], lead, [Q[q]["gs"]],
          target="Grundschulkinder und ihre Eltern", multilingual=q in ("nord", "hafenviertel"),
          funding=FUND["but"])
    O("schulsozialarbeit-gs-ost", "Schulsozialarbeit an der GGS Ostpark",
      "Schulsozialarbeit an der Grundschule mit Sprechstunden für Eltern und sozialem Lernen in den Klassen.",
      "counselling", ["p6-10"], ["kinderschutz", "erziehungskompetenz"], ["ost"], "caritas-stz-ost", ["ggs-ostpark"],
      target="Grundschulkinder und ihre Eltern", funding=FUND["but"])
    O("hausaufgabenhilfe-ggs-ostpark", "Hausaufgabenhilfe an der GGS Ostpark",
      "Ehrenamtliche und Honorarkräfte unterstützen Grundschulkinder nachmittags bei den Hausaufgaben; kostenlos "
      "für Familien mit BuT-Anspruch.",
      "group", ["p6-10"], ["armut-teilhabe", "bildung"], ["ost"], "caritas-stz-ost", ["ggs-ostpark"],
      target="Grundschulkinder aus Familien mit geringem Einkommen", funding=FUND["but"])
    O("ha-hilfe-ggs-ostpark", "HA-Hilfe GGS Ostpark",
      "Nachmittägliche Hausaufgabenhilfe für Grundschulkinder durch Ehrenamtliche; für BuT-berechtigte Familien "
      "kostenlos.",
      "group", ["p6-10"], ["armut-teilhabe", "bildung"], ["ost"], "foerderverein-ostpark",
      target="Grundschulkinder aus Familien mit geringem Einkommen", funding=FUND["spenden"])
    O("elternbildung-fgz-hafen", "Elternwerkstatt im Familiengrundschulzentrum",
      "Eltern treffen sich in der Schule zu Themen wie Lernen zu Hause, Medien und Ernährung; Kinderbetreuung inklusive.",
      "group", ["p6-10"], ["erziehungskompetenz", "bildung"], ["hafenviertel"], "fgz-hafen", ["gs-am-hafen"],
      target="Eltern von Grundschulkindern", langs=["de", "tr", "ar"], funding=FUND["kinderstark"])
    O("fgz-nord-aufbau", "Familiengrundschulzentrum Nordstraße (im Aufbau)",
      "Geplantes zweites Familiengrundschulzentrum an der Grundschule Nordstraße mit Elterncafé und Beratung.",
      "infrastructure", ["p6-10"], ["erziehungskompetenz", "armut-teilhabe"], ["nord"], "fz-nord", ["gs-nordstrasse"],
      target="Familien mit Grundschulkindern", status="planned", funding=FUND["startchancen"])
    for q in ["altstadt", "ost", "nord", "bergheim", "west"]:
        O(f"lesepaten-{q}", f"Lesepaten an der {Q[q]['gs_l']}",
          "Ehrenamtliche lesen einmal pro Woche mit einzelnen Kindern und stärken Lesefreude und Wortschatz.",
          "group", ["p6-10"], ["sprache", "bildung"], [q], "lesepaten", [Q[q]["gs"]],
          target="Grundschulkinder mit Leseschwierigkeiten", funding=FUND["spenden"])
    for q in ["hafenviertel", "ost", "west", "neue-mitte"]:
        O(f"bewegte-pause-{q}", f"Bewegte Pause {QN[q]}",
          f"Übungsleitungen des Stadtsportbunds gestalten Pausen und Ganztag an der {Q[q]['gs_l']} mit Spiel- und "
          "Bewegungsangeboten.",
          "group", ["p6-10"], ["gesundheit-bewegung"], [q], "ssb", [Q[q]["gs"]], target="Grundschulkinder",
          funding=FUND["kk"])
    for q in ["hafenviertel", "ost", "neue-mitte"]:
        O(f"schwimmkurs-{q}", f"Schwimmen lernen {Q[q]['im']}",
          "Seepferdchen-Kurse für Grundschulkinder, die noch nicht schwimmen können; über BuT kostenfrei.",
          "course", ["p6-10"], ["gesundheit-bewegung", "armut-teilhabe"], [q], "ssb", ["sozialamt"],
          target="Nichtschwimmer im Grundschulalter", ages=(6, 10), funding=FUND["but"])
    O("ferienspiele", "Ferienspiele Musterstadt",
      "Drei Wochen Ferienprogramm in allen Stadtteilen mit Ausflügen, Sport und Mittagessen; Ermäßigung mit Familienpass.",
      "event", ["p6-10", "p10-16"], ["armut-teilhabe", "bildung"], [CITY], "jugendamt", ["ssb"],
      target="Kinder von 6 bis 12 Jahren", ages=(6, 12), cost="income_based", funding=FUND["haushalt"])
    for q in ["hafenviertel", "nord", "ost", "neue-mitte"]:
        O(f"jekits-{q}", f"JeKits – Jedem Kind Instrumente ({Q[q]['gs_l']})",
          f"Instrumentalunterricht in der Grundschule: alle Kinder der Klassen 1 und 2 an der {Q[q]['gs_l']} lernen "
          "ein Instrument kennen.",
          "course", ["p6-10"], ["bildung", "armut-teilhabe"], [q], "musikschule", [Q[q]["gs"]],
          target="Kinder der Klassen 1 und 2", ages=(6, 8), cost="income_based", funding="Landesprogramm JeKits")
    for q in ["hafenviertel", "nord", "ost"]:
        O(f"vorbereitungsklasse-{q}", f"Deutsch ankommen – Sprachförderung für Seiteneinsteiger ({QN[q]})",
          f"Sprachfördergruppe für neu zugewanderte Grundschulkinder an der {Q[q]['gs_l']} mit schrittweisem "
          "Übergang in die Regelklasse.",
          "course", ["p6-10"], ["flucht-migration", "sprache"], [q], "ki-musterstadt", [Q[q]["gs"]],
          target="Neu zugewanderte Grundschulkinder", multilingual=True, funding=FUND["ki"])
    O("insoweit-erfahrene-fachkraft", "Kinderschutz-Fachberatung (insoweit erfahrene Fachkraft)",
      "Beratung von Fachkräften aus Kita, Schule und Jugendarbeit bei Verdacht auf Kindeswohlgefährdung nach § 8a SGB VIII.",
      "counselling", ["p0-3", "p3-6", "p6-10", "p10-16"], ["kinderschutz"], [CITY], "kinderschutzbund", ["asd"],
      target="Fachkräfte in Kita, Schule und Jugendarbeit", funding=FUND["haushalt"])
    O("fortbildung-kinderschutz-schule", "Fortbildungsreihe Kinderschutz für Lehrkräfte",
      "Der ASD schult Kollegien der Schulen zu Gefährdungseinschätzung, Gesprächsführung und Meldeweg.",
      "course", ["p6-10", "p10-16"], ["kinderschutz", "bildung"], [CITY], "asd", ["schulverwaltung"],
      target="Lehrkräfte und Schulsozialarbeit", capacity=25, funding=FUND["haushalt"])
    O("schulbegleitung", "Schulbegleitung und Inklusionsassistenz",
      "Individuelle Begleitung von Kindern mit Behinderung im Unterricht und im Ganztag.",
      "other", ["p6-10", "p10-16"], ["inklusion"], [CITY], "lebenshilfe", ["sozialamt"],
      target="Schulkinder mit Behinderung", funding="Eingliederungshilfe (SGB IX / SGB VIII § 35a)")
    for q in ["nord", "ost", "west", "sued"]:
        O(f"elternabend-smartphone-{q}", f"Mein Kind und das Smartphone – Elternabend {QN[q]}",
          "Medienpädagogischer Elternabend zu Bildschirmzeit, Messengern und Jugendschutzeinstellungen.",
          "event", ["p6-10", "p10-16"], ["medienkompetenz", "erziehungskompetenz"], [q], "ev-fbs", [Q[q]["hub"]],
          target="Eltern von Kindern zwischen 8 und 14 Jahren", ages=(8, 14), multilingual=q == "nord",
          funding=FUND["eigen"])
    O("kinderturnen-ernaehrung-tus-nord", "Kinderturnen und gesunde Ernährung",
      "Der Verein verbindet Turnstunden für Grundschulkinder mit einem gemeinsamen gesunden Snack und "
      "Ernährungstipps für die Eltern.",
      "group", ["p6-10"], ["gesundheit-bewegung"], ["nord"], "tus-nord", target="Grundschulkinder",
      cost="income_based", funding=FUND["eigen"])
    O("bewegungsfoerderung-loewenzahn-nord", "Bewegungsförderung für Grundschulkinder",
      "Kleingruppen für Kinder mit motorischen Auffälligkeiten oder Übergewicht, mit Elternberatung zur Ernährung.",
      "course", ["p6-10"], ["gesundheit-bewegung"], ["nord"], "praxis-loewenzahn", target="Grundschulkinder",
      cost="free", funding=FUND["kk"])

    # ================= Trennung & Scheidung =================
    O("kinder-im-blick", "Kinder im Blick – Kurs für Eltern in Trennung",
      "Kurs für getrennte Eltern zu Stress, Kommunikation mit dem anderen Elternteil und den Bedürfnissen der Kinder.",
      "course", ["p0-3", "p3-6", "p6-10", "p10-16", "p16-27"], ["trennung-scheidung", "erziehungskompetenz"], [CITY],
      "ev-fbs", ["caritas-beratung"], target="Eltern in Trennung und Scheidung", ages=(0, 18), cost="income_based",
      funding=FUND["eigen"])
    for q in ["hafenviertel", "nord", "west"]:
        O(f"kinder-in-trennung-{q}", f"Kinder in Trennung – Gruppe {QN[q]}",
          "Gruppenangebot für Grundschulkinder, deren Eltern sich trennen: Gefühle ausdrücken, sich entlasten, "
          "erfahren, dass es anderen ähnlich geht.",
          "group", ["p6-10"], ["trennung-scheidung"], [q], "caritas-beratung", [Q[q]["hub"]],
          target="Kinder von 6 bis 10 Jahren aus Trennungsfamilien", funding=FUND["haushalt"])
    O("trennungsberatung", "Trennungs- und Scheidungsberatung",
      "Beratung für Eltern zu Umgang, Sorgerecht und Elternvereinbarungen nach § 17 SGB VIII, auch gemeinsam.",
      "counselling", ["p0-3", "p3-6", "p6-10", "p10-16"], ["trennung-scheidung"], [CITY], "caritas-beratung",
      target="Eltern in Trennung und Scheidung", langs=["de", "tr", "ru"], funding=FUND["haushalt"])
    O("begleiteter-umgang", "Begleiteter Umgang",
      "Geschützte Umgangskontakte zwischen Kindern und getrennt lebenden Elternteilen in den Räumen des Kinderschutzbunds.",
      "other", ["p0-3", "p3-6", "p6-10", "p10-16", "p16-27"], ["trennung-scheidung", "kinderschutz"], [CITY],
      "kinderschutzbund", ["jugendamt"], target="Minderjährige Kinder getrennter Eltern", ages=(0, 18),
      funding=FUND["haushalt"])
    O("wolkenzauber", "Wolkenzauber – Gruppe für Trennungskinder",
      "Kreative Gruppe für Kita-Kinder im letzten Jahr, deren Eltern getrennt leben.",
      "group", ["p3-6"], ["trennung-scheidung"], ["west"], "diakonie-jugendhilfe", ["fz-west"],
      target="Kinder von 4 bis 6 Jahren aus Trennungsfamilien", ages=(4, 6), status="paused",
      funding=FUND["spenden"])

    # ================= Übergang Grundschule → weiterführende Schule (Lücke: Hafenviertel) ==========
    O("schulwechsel-sprechstunde-suedwest", "Schulwechsel-Sprechstunde Klasse 4/5 im Stadtbezirk Süd-West",
      "Schulpsychologinnen beraten Eltern zur Schulformempfehlung und begleiten Kinder mit Ängsten beim Wechsel.",
      "counselling", ["p6-10", "p10-16"], ["bildung", "erziehungskompetenz"], ["bezirk-suedwest"], "schulpsych",
      [], ["ue-grundschule-weiterfuehrend"], "Kinder der Klassen 4 und 5 und ihre Eltern", ages=(9, 11),
      funding=FUND["haushalt"])
    for q, lead in [("nord", "gesamtschule-nord"), ("ost", "realschule-ost"), ("altstadt", "gymnasium-altstadt"),
                    ("bergheim", "gs-bergheim"), ("neue-mitte", "gs-neue-mitte")]:
        partners = [Q[q]["gs"]] if lead != Q[q]["gs"] else ["schulverwaltung"]
        O(f"uebergang-4-5-{q}", f"Übergangsbegleitung Klasse 4 → 5 {QN[q]}",
          "Schnuppertage, Lernpatenschaften älterer Schülerinnen und Schüler und ein Übergabegespräch zwischen "
          "Grundschule und weiterführender Schule.",
          "other", ["p6-10", "p10-16"], ["bildung"], [q], lead, partners, ["ue-grundschule-weiterfuehrend"],
          "Kinder der Klassen 4 und 5", ages=(9, 11), funding=FUND["haushalt"])

    # ================= 10–16 Jahre =================
    sek_ssa = {"nord": "jugendamt", "hafenviertel": "awo-ov-hafen", "ost": "caritas-stz-ost",
               "west": "diakonie-jugendhilfe", "altstadt": "diakonie"}
    for q, lead in sek_ssa.items():
        O(f"schulsozialarbeit-sek-{q}", f"Schulsozialarbeit {Q[q]['sek_an']}",
          "Beratung bei Konflikten, Schulabsentismus und familiären Belastungen; Vermittlung in Hilfen und BuT-Leistungen.",
          "counselling", ["p10-16"], ["armut-teilhabe", "kinderschutz"], [q], lead, [Q[q]["sek"]],
          target="Schülerinnen und Schüler der Sekundarstufe I", multilingual=q in ("nord", "hafenviertel"),
          funding=FUND["but"])
    for q in ["nord", "ost", "sued", "altstadt"]:
        O(f"medienscouts-{q}", f"Medienscouts {Q[q]['sek_an']}",
          "Ausgebildete Schülerinnen und Schüler beraten Jüngere zu Cybermobbing, Datenschutz und Spielen.",
          "group", ["p10-16"], ["medienkompetenz"], [q], Q[q]["sek"], target="Schülerinnen und Schüler ab Klasse 7",
          ages=(12, 16), funding="Landesprogramm Medienscouts NRW")
    O("medienscouts-west", "Medienscouts – Jugendliche beraten Jugendliche",
      "Jugendliche werden zu Medienscouts ausgebildet und beraten Gleichaltrige zu Cybermobbing und Datenschutz.",
      "group", ["p10-16"], ["medienkompetenz"], ["west"], "foerderschule-west",
      target="Jugendliche von 12 bis 16 Jahren", ages=(12, 16), funding="Landesprogramm Medienscouts NRW")
    O("medienscouts-west-diakonie", "Jugendliche beraten Jugendliche: Medienscouts West",
      "Ausbildung von Jugendlichen zu Medienscouts, die Gleichaltrige bei Cybermobbing und Datenschutzfragen beraten.",
      "group", ["p10-16"], ["medienkompetenz"], ["west"], "diakonie-jugendhilfe",
      target="Jugendliche von 12 bis 16 Jahren", ages=(12, 16), funding=FUND["eigen"])
    O("medien-ag-jugendtreff-hafenkante", "Medien-AG im Jugendtreff",
      "Jugendliche drehen Videos, produzieren Podcasts und sprechen über Fake News und Selbstdarstellung im Netz.",
      "group", ["p10-16"], ["medienkompetenz"], ["hafenviertel"], "jugendtreff-hafenkante",
      target="Jugendliche von 12 bis 16 Jahren", ages=(12, 16), funding=FUND["eigen"])
    O("handy-fuehrerschein-ditib-hafen", "Handy-Führerschein für Jugendliche",
      "Kurs der Moscheegemeinde zu sicherer Handynutzung, Cybermobbing und Datenschutz, mit Abschlusszertifikat.",
      "course", ["p10-16"], ["medienkompetenz"], ["hafenviertel"], "ditib-hafen",
      target="Jugendliche von 10 bis 14 Jahren", ages=(10, 14), langs=["de", "tr"], funding=FUND["spenden"])
    treff = {"nord": ("ev-kg-nord", "Jugendkeller Arche Nord"), "ost": ("caritas-stz-ost", "Jugendtreff im Stadtteilzentrum Ost"),
             "bergheim": ("drk-ov-bergheim", "Jugendraum Bergheim"), "neue-mitte": ("nachbarschaft-neue-mitte", "Jugendlounge am Europaplatz"),
             "west": ("diakonie-jugendhilfe", "Offene Tür West"), "altstadt": ("mgh-altstadt", "Jugendcafé im Mehrgenerationenhaus")}
    for q, (lead, title) in treff.items():
        O(f"offener-treff-{q}", title,
          "Offene Kinder- und Jugendarbeit mit Treffpunkt, Hausaufgabenecke, Ausflügen und Beteiligungsprojekten.",
          "infrastructure", ["p10-16", "p16-27"], ["armut-teilhabe", "bildung"], [q], lead, ["jugendamt"],
          target="Jugendliche von 12 bis 18 Jahren", ages=(12, 18), funding=FUND["haushalt"])
    for q in ["hafenviertel", "nord"]:
        O(f"mitternachtssport-{q}", f"Mitternachtssport {QN[q]}",
          "Freitags ab 21 Uhr offene Sporthalle mit Fußball und Basketball, begleitet von Streetworkern.",
          "group", ["p10-16", "p16-27"], ["gesundheit-bewegung", "armut-teilhabe"], [q], "ssb", ["jugendamt"],
          target="Jugendliche und junge Erwachsene von 14 bis 21 Jahren", ages=(14, 21), funding=FUND["haushalt"])
    O("jugendmigrationsdienst", "Jugendmigrationsdienst – Beratung für junge Zugewanderte",
      "Individuelle Begleitung junger Zugewanderter bei Schule, Sprachkurs, Ausbildung und Anerkennung von Abschlüssen.",
      "counselling", ["p10-16", "p16-27"], ["flucht-migration", "bildung"], [CITY], "caritas-jmd",
      target="Junge Zugewanderte von 12 bis 27 Jahren", ages=(12, 27), langs=["de", "ar", "uk", "ru", "en", "tr"],
      funding="Kinder- und Jugendplan des Bundes")
    O("praevention-sexualisierte-gewalt", "Prävention sexualisierter Gewalt – Workshops an Schulen",
      "Geschlechtersensible Workshops zu Körper, Grenzen und Hilfe holen für Klassen 6 bis 9.",
      "event", ["p10-16"], ["kinderschutz", "gesundheit-bewegung"], [CITY], "pro-familia", ["schulverwaltung"],
      target="Schülerinnen und Schüler der Klassen 6 bis 9", ages=(11, 16), funding=FUND["haushalt"])
    O("lernfoerderung-but", "Lernförderung nach BuT",
      "Außerschulische Nachhilfe für Schülerinnen und Schüler aus Familien mit Sozialleistungen, beantragt über die Schule.",
      "other", ["p6-10", "p10-16"], ["armut-teilhabe", "bildung"], [CITY], "sozialamt",
      target="Schulkinder aus Familien mit SGB-II-, SGB-XII- oder Wohngeldbezug", funding=FUND["but"], capacity=None)
    O("suchtpraevention", "Klar bleiben – Sucht- und Mediensuchtprävention",
      "Das Gesundheitsamt bietet Klassen ab Jahrgang 7 Workshops zu Alkohol, Nikotin, Gaming und Social Media an.",
      "event", ["p10-16"], ["gesundheit-bewegung", "medienkompetenz"], [CITY], "gesundheitsamt",
      target="Schülerinnen und Schüler ab Klasse 7", ages=(12, 16), funding=FUND["kk"])
    for q in ["bergheim", "neue-mitte"]:
        O(f"inklusive-freizeit-{q}", f"Inklusive Freizeitgruppe {QN[q]}",
          "Freizeitgruppe für Jugendliche mit und ohne Behinderung: Kochen, Ausflüge, Sport.",
          "group", ["p10-16", "p16-27"], ["inklusion"], [q], "lebenshilfe", [Q[q]["hub"]],
          target="Jugendliche von 12 bis 21 Jahren mit und ohne Behinderung", ages=(12, 21), funding=FUND["eigen"])
    O("familienpass", "Familienpass Musterstadt",
      "Ermäßigungen für Schwimmbad, Musikschule, VHS und Ferienspiele für Familien mit geringem Einkommen.",
      "infrastructure", ["p0-3", "p3-6", "p6-10", "p10-16"], ["armut-teilhabe"], [CITY], "sozialamt",
      target="Familien mit geringem Einkommen", capacity=None, funding=FUND["haushalt"])
    for q in ["hafenviertel", "ost"]:
        O(f"spielplatz-beteiligung-{q}", f"Spielplatzwerkstatt {QN[q]}",
          "Kinder und Jugendliche planen mit Grünflächenamt und Stadtplanung die Neugestaltung von Spiel- und Bolzplätzen.",
          "event", ["p6-10", "p10-16"], ["gesundheit-bewegung", "bildung"], [q], "fb7", ["fb6", Q[q]["hub"]],
          target="Kinder und Jugendliche aus dem Stadtteil", ages=(6, 14), funding=FUND["sozstadt"])
    for q in ["nord", "hafenviertel", "ost"]:
        O(f"stadtteilmuetter-{q}", f"Stadtteilmütter {QN[q]}",
          "Geschulte Mütter mit Migrationsgeschichte besuchen Familien und informieren in deren Sprache über Kita, Schule "
          "und Gesundheit.",
          "home_visit", ["p0-3", "p3-6", "p6-10", "p10-16"], ["flucht-migration", "erziehungskompetenz"], [q],
          "bruecke-mso", [Q[q]["hub"]], target="Zugewanderte Familien mit Kindern bis 16 Jahre", ages=(0, 16),
          multilingual=True,
          funding=FUND["kinderstark"])
    for q in ["nord", "hafenviertel", "ost", "neue-mitte"]:
        O(f"but-sprechstunde-{q}", f"Sprechstunde Bildung und Teilhabe {QN[q]}",
          "Das Sozialamt hilft vor Ort bei Anträgen auf Bildung und Teilhabe: Klassenfahrt, Schulbedarf, Mittagessen, "
          "Vereinsbeitrag.",
          "counselling", ["p0-3", "p3-6", "p6-10", "p10-16", "p16-27"], ["armut-teilhabe"], [q], "sozialamt",
          [Q[q]["hub"]], target="Familien mit Anspruch auf BuT-Leistungen (Kinder und junge Menschen unter 25)",
          ages=(0, 25), multilingual=True, funding=FUND["but"])

    # ================= Übergang Schule → Beruf (Lücke: Hafenviertel) =================
    O("jba-vor-ort-nordost", "Jugendberufsagentur vor Ort – Stadtbezirk Nord-Ost",
      "Berufsberatung, Jobcenter und Jugendhilfe bieten gemeinsame Sprechstunden an den Schulen des Stadtbezirks an.",
      "counselling", ["p10-16", "p16-27"], ["bildung", "armut-teilhabe"], ["bezirk-nordost"], "agentur",
      ["jobcenter", "jugendamt"], ["ue-schule-beruf"], "Schülerinnen und Schüler ab Klasse 8 und junge Erwachsene",
      ages=(14, 25), funding=FUND["sgb3"])
    for q in ["nord", "ost", "sued", "altstadt", "west"]:
        O(f"kaoa-berufsorientierung-{q}", f"Berufsorientierung und Potenzialanalyse (KAoA) – {Q[q]['sek_l']}",
          "Standardelemente von KAoA: Potenzialanalyse in Klasse 8, Berufsfelderkundungen und Praktika, Anschlussvereinbarung.",
          "other", ["p10-16", "p16-27"], ["bildung"], [q], Q[q]["sek"], ["kaoa"], ["ue-schule-beruf"],
          "Schülerinnen und Schüler der Klassen 8 bis 10", ages=(13, 17), funding=FUND["kaoa"])
    for q, status in [("neue-mitte", "active"), ("west", "active"), ("nord", "active"), ("hafenviertel", "ended")]:
        O(f"ausbildungspaten-{q}", f"Ausbildungspaten {QN[q]}",
          "Ehrenamtliche aus Handwerk und Betrieben begleiten Jugendliche ab Klasse 9 bei Bewerbung, Praktikum und "
          "in der Probezeit."
          + (" Mit dem Ende der ESF-Förderung eingestellt." if status == "ended" else ""),
          "other", ["p10-16", "p16-27"], ["bildung", "armut-teilhabe"], [q], "ausbildungspaten",
          ["kreishandwerkerschaft"], ["ue-schule-beruf"], "Jugendliche ab Klasse 9", ages=(14, 20),
          status=status, funding=FUND["esf"],
          start=dt.date(2019, 9, 1) if status == "ended" else None,
          end=dt.date(2024, 6, 30) if status == "ended" else None)
    for q in ["nord", "ost"]:
        O(f"berufseinstiegsbegleitung-{q}", f"Berufseinstiegsbegleitung {Q[q]['sek_an']}",
          "Individuelle Begleitung förderbedürftiger Schülerinnen und Schüler von Klasse 8 bis ins erste Ausbildungsjahr.",
          "counselling", ["p10-16", "p16-27"], ["bildung", "inklusion"], [q], "ib", [Q[q]["sek"], "agentur"],
          ["ue-schule-beruf"], "Schülerinnen und Schüler mit Förderbedarf ab Klasse 8", ages=(13, 19),
          funding=FUND["sgb3"])

    # ================= 16–27 Jahre =================
    O("ausbildungsvorbereitung-bk", "Ausbildungsvorbereitung am Berufskolleg",
      "Einjähriger Bildungsgang mit Praktikum für Jugendliche ohne Ausbildungsplatz; Erwerb des Hauptschulabschlusses möglich.",
      "course", ["p16-27"], ["bildung"], ["neue-mitte"], "berufskolleg", target="Jugendliche ohne Ausbildungsplatz",
      ages=(16, 21), funding="Landesmittel Schule")
    O("internationale-foerderklasse", "Internationale Förderklasse",
      "Berufskolleg-Klasse für neu zugewanderte Jugendliche: Deutsch, Fachunterricht und Berufsorientierung.",
      "course", ["p16-27"], ["flucht-migration", "sprache", "bildung"], ["neue-mitte"], "berufskolleg", ["caritas-jmd"],
      target="Neu zugewanderte Jugendliche von 16 bis 18 Jahren", ages=(16, 18), langs=["de", "ar", "uk", "en"],
      funding="Landesmittel Schule")
    O("u25-beratung", "U25-Team im Jobcenter",
      "Persönliche Ansprechpersonen für junge Menschen unter 25 im Leistungsbezug: Ausbildung, Maßnahmen, Wohnung.",
      "counselling", ["p16-27"], ["armut-teilhabe", "bildung"], [CITY], "jobcenter", target="Junge Erwachsene unter 25 im SGB II",
      ages=(16, 25), funding=FUND["sgb2"], capacity=None)
    O("jugendwerkstatt-hafen", "Jugendwerkstatt am Hafen",
      "Werkstatt für junge Erwachsene ohne Abschluss: Holz, Metall und Küche mit sozialpädagogischer Begleitung.",
      "course", ["p16-27"], ["bildung", "armut-teilhabe"], ["hafenviertel"], "ib", ["jobcenter"],
      target="Junge Erwachsene von 18 bis 25 Jahren ohne Berufsabschluss", ages=(18, 25), funding=FUND["esf"])
    for q in ["neue-mitte", "hafenviertel"]:
        O(f"jugendintegrationskurs-{q}", f"Jugendintegrationskurs {QN[q]}",
          "Integrationskurs für junge Erwachsene mit Sprachniveau bis B1, Orientierungskurs und Exkursionen.",
          "course", ["p16-27"], ["flucht-migration", "sprache"], [q], "vhs", [Q[q]["hub"]],
          target="Zugewanderte junge Erwachsene bis 27 Jahre", ages=(16, 27), langs=["de", "uk", "ar", "en"],
          funding="BAMF Integrationskurs")
    O("schuldnerberatung-jung", "Schuldnerberatung für junge Erwachsene",
      "Beratung zu Handyverträgen, Inkasso und erster eigener Wohnung; Präventionsworkshops für Berufskollegklassen.",
      "counselling", ["p16-27"], ["armut-teilhabe"], [CITY], "diakonie", ["berufskolleg"],
      target="Junge Erwachsene von 18 bis 27 Jahren", ages=(18, 27), funding=FUND["haushalt"])
    for q in ["nord", "hafenviertel"]:
        O(f"aktivierungshilfe-{q}", f"Aktivierungshilfe für Jüngere – {QN[q]}",
          "Tagesstruktur, Coaching und Praxisphasen für junge Menschen, die von Schule und Jobcenter kaum erreicht werden.",
          "group", ["p16-27"], ["armut-teilhabe", "bildung"], [q], "jobcenter", ["ib"],
          target="Junge Erwachsene unter 25 ohne Ausbildung", ages=(16, 25), funding=FUND["sgb2"])
    O("fsj-drk", "Freiwilliges Soziales Jahr beim DRK",
      "Freiwilligendienst in Kitas, Rettungsdienst und Pflege mit Bildungsseminaren.",
      "other", ["p16-27"], ["bildung", "inklusion"], [CITY], "drk-kv", target="Junge Menschen von 16 bis 26 Jahren",
      ages=(16, 26), funding="Bundesmittel Freiwilligendienste")
    O("fake-news-vhs", "Fake News erkennen – Medienkompetenz für junge Erwachsene",
      "Workshop der VHS zu Desinformation, Algorithmen und sicherem Auftreten im Netz.",
      "course", ["p16-27"], ["medienkompetenz", "bildung"], [CITY], "vhs", target="Junge Erwachsene",
      ages=(16, 27), cost="fee", funding=FUND["haushalt"])
    O("elternkurs-junge-eltern", "Junge Eltern stark machen",
      "Kurs für Mütter und Väter unter 25 zu Alltag mit Baby, Finanzen und Ausbildung in Teilzeit.",
      "course", ["p16-27"], ["erziehungskompetenz", "armut-teilhabe"], ["neue-mitte"], "awo-kv", ["jobcenter"],
      target="Eltern unter 25 Jahren", ages=(16, 25), funding=FUND["esf"], status="ended",
      start=dt.date(2021, 3, 1), end=dt.date(2023, 12, 31))

    # ================= Netzwerk, Fachtage =================
    O("fachtag-gelingendes-aufwachsen", "Fachtag Gelingendes Aufwachsen",
      "Jährlicher Fachtag mit rund 200 Fachkräften aus Verwaltung, Verbänden, Kirchen, Schulen und Politik.",
      "event", [p for p, *_ in PHASES], ["armut-teilhabe", "bildung"], [CITY], "koordination-pk", ["stadt-musterstadt"],
      target="Fachkräfte und Politik", capacity=200, funding=FUND["haushalt"])
    O("stadtteilkonferenz-nord-sitzungen", "Stadtteilkonferenz Nord – Arbeitssitzungen",
      "Quartalsweise Treffen der Einrichtungen in Nord zur Abstimmung von Angeboten und Bedarfen.",
      "network_meeting", ["p0-3", "p3-6", "p6-10", "p10-16"], ["armut-teilhabe", "erziehungskompetenz"], ["nord"],
      "fz-nord", ["gs-nordstrasse", "awo-ov-nord-2"], target="Fachkräfte im Stadtteil Nord", funding=FUND["fz"])


def _cooperations(c: _City) -> None:
    K = c.coop
    hubs = [Q[q]["hub"] for q in QUARTER_IDS]
    # hand-picked cooperations first (their kind wins)
    for q in QUARTER_IDS:
        K("jugendamt", Q[q]["hub"], "formal_agreement", f"Leistungsvereinbarung Stadtteilarbeit {Q[q]['name']}")
        K("koordination-pk", Q[q]["hub"], "informal", "Netzwerk Präventionskette")
    for x in ["jugendamt", "sozialamt", "gesundheitsamt", "schulverwaltung", "fb6", "fb7", "jobcenter", "agentur",
              "sozialplanung", "ki-musterstadt"]:
        K("koordination-pk", x, "informal", "Netzwerk Präventionskette")
    for x in ["awo-kv", "caritas", "diakonie", "drk-kv", "paritaet"]:
        K("jugendamt", x, "formal_agreement", "Rahmenvereinbarung freie Träger der Jugendhilfe")
    K("jugendamt", "sozialamt", "informal", "gemeinsame Planung gelingendes Aufwachsen")
    K("gesundheitsamt", "fruehe-hilfen", "formal_agreement", "Kooperationsvereinbarung Frühe Hilfen")
    K("klinik", "gesundheitsamt", "formal_agreement", "Kooperationsvereinbarung Frühe Hilfen")
    K("jobcenter", "agentur", "formal_agreement", "Jugendberufsagentur")
    K("kaoa", "agentur", "formal_agreement", "KAoA-Umsetzung")
    K("kaoa", "berufskolleg", "formal_agreement", "KAoA-Umsetzung")
    K("asd", "kinderschutzbund", "formal_agreement", "Vereinbarung nach § 8a SGB VIII")
    K("asd", "caritas-beratung", "referral", "Überleitung in Erziehungsberatung")
    K("stadtbibliothek", "lesepaten", "formal_agreement", "Kooperationsvertrag Lesepaten")
    for club in ["sv-hafen", "djk-ost", "tv-bergheim"]:
        K("ssb", club, "formal_agreement", "Mitgliedsverein im Stadtsportbund")
    K("sozialamt", "jobcenter", "informal", "Abstimmung BuT")
    K("schulverwaltung", "schulpsych", "informal")
    K("fb6", "qm-hafenviertel", "formal_agreement", "Programm Sozialer Zusammenhalt")
    K("fb6", "fb7", "informal", "Spielflächenplanung")
    K("fb6", "wbg", "formal_agreement", "Quartiersentwicklung Neue Mitte")
    K("lebenshilfe", "spz", "referral", "Frühförderung")
    K("ki-musterstadt", "bruecke-mso", "formal_agreement", "Förderung Migrantenselbstorganisation")
    K("ki-musterstadt", "nadija", "informal")
    K("kreishandwerkerschaft", "agentur", "informal", "Ausbildungsmarkt")
    K("vhs", "ki-musterstadt", "informal", "Integrationskurse")
    K("pro-familia", "fruehe-hilfen", "referral")
    K("hebammen-netz", "fruehe-hilfen", "referral")
    K("ev-kirchenkreis", "diakonie", "informal")
    K("caritas", "kath-st-marien", "informal")
    K("awo-ov-nord-2", "fz-nord", "informal", "Stadtteilkonferenz Nord")
    # the providers of the planted parallel offers: a few fixed links, chosen so that the
    # members of each planted group share no partner
    K("tus-nord", "ssb", "formal_agreement", "Mitgliedsverein im Stadtsportbund")
    K("praxis-loewenzahn", "kinderarzt-yilmaz", "referral", "Verordnungen Bewegungstherapie")
    K("jugendtreff-hafenkante", "jugendamt", "formal_agreement", "Förderung Offene Jugendarbeit")
    K("ditib-hafen", "ki-musterstadt", "informal", "Dialog der Religionsgemeinschaften")
    K("hebammen-storchennest", "klinik", "referral", "Nachsorge nach der Geburt")
    # shared offers: lead and partners of an offer work together
    for o in c.offers:
        lead = o["providers"][0]["actor"]
        for p in o["providers"][1:]:
            K(lead, p["actor"], "shared_offer", f"gemeinsames Angebot: {o['title']}")
    # Stadtteilnetzwerke: every actor active or located in a Stadtteil knows its Kümmerer;
    # city-wide and borough-wide providers know the Koordinationsstelle
    frozen = set(FROZEN_ACTORS)

    def hub_of(district: str) -> str:
        return Q[district]["hub"] if district in Q else "koordination-pk"

    def star(actor: str, district: str) -> None:
        if actor in frozen or c.actors[actor]["kind"] == "committee":
            return
        hub = hub_of(district)
        kind = "referral" if c.actors[actor]["kind"] in ("health", "agency") else "informal"
        note = f"Stadtteilnetzwerk {Q[district]['name']}" if district in Q else "Netzwerk Präventionskette"
        K(actor, hub, kind, note)

    for o in c.offers:
        for p in o["providers"]:
            for d in o["districts"]:
                star(p["actor"], d)
    for a in c.actors.values():
        if a["district"] in Q and a["id"] not in hubs:
            star(a["id"], a["district"])


def _memberships(c: _City) -> None:
    M = c.members
    M("lenkungsgruppe-pk", ["stadt-musterstadt", "fb1", "fb4", "fb5", "fb6", "fb7", "koordination-pk", "gesundheitsamt"],
      {"stadt-musterstadt": "Vorsitz", "koordination-pk": "Geschäftsführung"})
    M("planungsgruppe-ga", ["koordination-pk", "jugendamt", "sozialamt", "sozialplanung", "ki-musterstadt", "asd",
                            "schulverwaltung"], {"jugendamt": "Vorsitz", "koordination-pk": "Geschäftsführung"})
    M("ak-kinderarmut", ["jugendamt", "sozialamt", "sozialplanung", "ki-musterstadt", "asd", "schulverwaltung",
                         "jobcenter"], {"sozialamt": "Vorsitz"})
    M("kompetenzbeirat", ["awo-kv", "caritas", "diakonie", "drk-kv", "paritaet", "fb5", "koordination-pk",
                          "ev-kirchenkreis"], {"paritaet": "Sprecher", "koordination-pk": "Geschäftsführung"})
    M("ag78", ["jugendamt", "awo-kv", "diakonie-jugendhilfe", "caritas-beratung", "kinderschutzbund", "ib",
               "lebenshilfe", "ssb", "drk-ov-bergheim"], {"jugendamt": "Geschäftsführung"})
    M("ag-fruehe-hilfen", ["fruehe-hilfen", "gesundheitsamt", "klinik", "hebammen-netz", "kinderarzt-yilmaz",
                           "pro-familia", "ev-fbs", "fz-nord", "kinderschutzbund", "spz"],
      {"fruehe-hilfen": "Vorsitz"})
    M("ag-kita-schule", ["schulverwaltung", "kita-sonnenschein-2", "kita-hafenkinder", "awo-kita-regenbogen",
                         "gs-nordstrasse", "gs-am-hafen", "ggs-ostpark", "kath-kita-st-marien", "kgs-lamberti",
                         "stadtbibliothek"], {"schulverwaltung": "Vorsitz"})
    M("ag-schule-beruf", ["kaoa", "agentur", "jobcenter", "berufskolleg", "gesamtschule-nord", "ib",
                          "kreishandwerkerschaft", "realschule-ost"], {"kaoa": "Vorsitz"})
    M("rt-ausbildung", ["agentur", "jobcenter", "berufskolleg", "gesamtschule-nord", "ib", "kreishandwerkerschaft",
                        "ausbildungspaten"], {"agentur": "Vorsitz"})
    M("netzwerk-bewegung", ["gesundheitsamt", "ssb", "fb7", "tv-bergheim", "djk-ost", "sv-hafen", "kita-lindenhof",
                            "drk-kita-pusteblume"], {"gesundheitsamt": "Vorsitz"})
    M("stadtteilkonferenz-nord", ["fz-nord", "awo-ov-nord-2", "ev-kg-nord", "gs-nordstrasse", "gesamtschule-nord",
                                  "kita-sonnenschein", "asd"], {"fz-nord": "Moderation"})


# --------------------------------------------------------------------------------------
# Build, verify, write
# --------------------------------------------------------------------------------------


def _verify(batch: GraphBatch) -> list[str]:
    problems = reference_problems(batch)
    offers = {o.id: o for o in batch.offers}
    actors = {a.id: a for a in batch.actors}

    # 1. gaps
    planted = {(d, t) for d, t, _ in PLANTED_GAPS}
    found = transition_gaps(batch)
    if found != planted:
        problems.append(f"Lücken weichen ab: zusätzlich {sorted(found - planted)}, fehlend {sorted(planted - found)}")
    gap_transitions = {t for _, t, _ in PLANTED_GAPS}
    inactive_bridges = [o.id for o in batch.offers if o.status != "active"
                        and any((d, t) in planted for t in o.transitions for d in o.districts)]
    if not inactive_bridges:
        problems.append("kein nicht-aktives Angebot überbrückt eine geplante Lücke")
    for o in batch.offers:
        if o.status == "active" and CITY in o.districts and set(o.transitions) & gap_transitions:
            problems.append(f"stadtweites aktives Angebot {o.id} überbrückt einen Übergang mit Lücke")

    # 2. duplicate offers
    clusters = [set(ids) for ids, _ in DUPLICATE_OFFERS]
    for ids, _ in DUPLICATE_OFFERS:
        os_ = [offers[i] for i in ids if i in offers]
        if len(os_) != len(ids):
            problems.append(f"Duplikat-Cluster mit unbekannter ID: {ids}")
            continue
        sig = {(frozenset(o.phases), frozenset(o.topics), frozenset(o.districts), o.target_group) for o in os_}
        if len(sig) != 1:
            problems.append(f"Duplikat-Cluster {ids} unterscheidet sich in Phase/Thema/Sozialraum/Zielgruppe")
    for a, b, r in near_duplicate_pairs(batch):
        if not any({a, b} <= cl for cl in clusters):
            problems.append(f"ungeplantes Beinahe-Duplikat {a} / {b} (Titelähnlichkeit {r})")

    # 3. duplicate actors
    for ids, _ in DUPLICATE_ACTORS + NOT_DUPLICATE_ACTORS:
        problems += [f"unbekannter Akteur {i}" for i in ids if i not in actors]

    # 4a. parallel offers
    expected: set[frozenset[str]] = set()
    for ids, phase, topic, district, _ in PARALLEL_OFFERS:
        expected |= {frozenset(p) for p in combinations(ids, 2)}
        for i in ids:
            o = offers.get(i)
            if o is None or o.status != "active" or phase not in o.phases or topic not in o.topics \
                    or district not in o.districts:
                problems.append(f"Parallelangebot {i} passt nicht zu ({phase}, {topic}, {district})")
    unlinked = unlinked_offer_pairs(batch)
    if unlinked != expected:
        extra = sorted(tuple(sorted(p)) for p in unlinked - expected)
        missing = sorted(tuple(sorted(p)) for p in expected - unlinked)
        problems.append(f"Parallelstrukturen weichen ab: zusätzlich {extra}, fehlend {missing}")

    # 4b. parallel committees
    overlaps = committee_overlaps(batch)
    planted_c = {tuple(sorted(ids)) for ids, _ in PARALLEL_COMMITTEES}
    for pair, (jm, jt) in overlaps.items():
        key = tuple(sorted(pair))
        if key in planted_c and (jm < 0.6 or jt < 0.5):
            problems.append(f"Gremienpaar {key}: Überschneidung zu klein ({jm:.2f}, {jt:.2f})")
        if key not in planted_c and jm >= 0.3:
            problems.append(f"Gremienpaar {key}: ungeplante Mitgliederüberschneidung {jm:.2f}")

    # 5. isolated actors
    if isolated_actors(batch) != sorted(a for a, _ in ISOLATED_ACTORS):
        problems.append(f"isolierte Akteure weichen ab: {isolated_actors(batch)}")
    return problems


def _manifest(batch: GraphBatch) -> dict[str, Any]:
    planted = {(d, t) for d, t, _ in PLANTED_GAPS}
    gaps = []
    for d, t, reason in PLANTED_GAPS:
        inactive = sorted(o.id for o in batch.offers
                          if o.status != "active" and t in o.transitions and d in o.districts)
        levels = [lv for lv in ("tagged", "spanning", "cooperation") if (d, t) in transition_gaps_at(batch, lv)]
        gaps.append({"district": d, "transition": t, "reason": reason, "inactive_offers": inactive,
                     "gap_at_evidence": levels})
    assert {(g["district"], g["transition"]) for g in gaps} == planted
    return {
        "city": CITY,
        "generator": "graph.demo.build_musterstadt",
        "seed": SEED,
        "source": SOURCE,
        "counts": _counts(batch),
        "gaps": gaps,
        "duplicate_offers": [{"offers": ids, "reason": r} for ids, r in DUPLICATE_OFFERS],
        "duplicate_actors": [{"actors": ids, "reason": r} for ids, r in DUPLICATE_ACTORS],
        "not_duplicate_actors": [{"actors": ids, "reason": r} for ids, r in NOT_DUPLICATE_ACTORS],
        "parallel_structures": {
            "offers": [{"offers": ids, "phase": p, "topic": t, "district": d, "reason": r}
                       for ids, p, t, d, r in PARALLEL_OFFERS],
            "committees": [{"committees": ids, "reason": r} for ids, r in PARALLEL_COMMITTEES],
        },
        "isolated_actors": [{"actor": a, "reason": r} for a, r in ISOLATED_ACTORS],
    }


def _counts(batch: GraphBatch) -> dict[str, Any]:
    def per(field: str, ids: list[str]) -> dict[str, int]:
        return {i: sum(1 for o in batch.offers if i in getattr(o, field)) for i in ids}

    return {
        "life_phases": len(batch.life_phases),
        "transitions": len(batch.transitions),
        "topics": len(batch.topics),
        "districts": len(batch.districts),
        "actors": len(batch.actors),
        "offers": len(batch.offers),
        "cooperations": len(batch.cooperations),
        "memberships": len(batch.memberships),
        "offers_per_phase": per("phases", [p.id for p in batch.life_phases]),
        "offers_per_topic": per("topics", [t.id for t in batch.topics]),
        "offers_per_district": per("districts", [d.id for d in batch.districts]),
    }


def build() -> tuple[GraphBatch, dict[str, Any]]:
    """Build the demo city and its manifest in memory; raise ``ValueError`` if a promise fails."""
    c = _City()
    phases, transitions, topics, districts = _phases_topics_districts(c)
    _actors(c)
    _offers(c)
    _cooperations(c)
    _memberships(c)
    batch = GraphBatch(
        life_phases=phases, transitions=transitions, topics=topics, districts=districts,
        actors=[Actor(**a) for a in c.actors.values()],
        offers=[Offer(**o) for o in c.offers],
        cooperations=[Cooperation(**k) for k in c.coops],
        memberships=c.memberships,
    )
    problems = _verify(batch)
    if problems:
        for p in problems:
            print(f"WARNUNG: {p}")
        raise ValueError(f"Musterstadt verletzt {len(problems)} Zusage(n): " + "; ".join(problems[:5]))
    return batch, _manifest(batch)


def dump(batch: GraphBatch, manifest: dict[str, Any]) -> tuple[str, str]:
    """The two file contents, exactly as written to disk."""
    return batch.model_dump_json(indent=1) + "\n", json.dumps(manifest, ensure_ascii=False, indent=1) + "\n"


def main() -> None:
    batch, manifest = build()
    city_text, manifest_text = dump(batch, manifest)
    CITY_FILE.write_text(city_text, encoding="utf-8")
    MANIFEST_FILE.write_text(manifest_text, encoding="utf-8")
    counts = manifest["counts"]
    print(f"{CITY_FILE.name}: {len(city_text.encode()) / 1024:.0f} KiB, {MANIFEST_FILE.name} geschrieben")
    for k in ("actors", "offers", "cooperations", "memberships", "districts"):
        print(f"  {k}: {counts[k]}")
    for k in ("offers_per_phase", "offers_per_topic", "offers_per_district"):
        print(f"  {k}: " + ", ".join(f"{i}={n}" for i, n in counts[k].items()))
    print("Manifest:")
    for g in manifest["gaps"]:
        print(f"  Lücke {g['district']} / {g['transition']}  (nicht aktiv: {', '.join(g['inactive_offers']) or '–'})")
    for d in manifest["duplicate_offers"]:
        print(f"  Duplikat-Angebote {d['offers']}")
    for d in manifest["duplicate_actors"]:
        print(f"  Duplikat-Akteure {d['actors']}")
    for d in manifest["not_duplicate_actors"]:
        print(f"  keine Duplikate {d['actors']}")
    for d in manifest["parallel_structures"]["offers"]:
        print(f"  Parallelangebote {d['offers']} ({d['phase']}, {d['topic']}, {d['district']})")
    for d in manifest["parallel_structures"]["committees"]:
        print(f"  Parallelgremien {d['committees']}")
    print(f"  isoliert {[a['actor'] for a in manifest['isolated_actors']]}")


if __name__ == "__main__":
    main()
