"""Synthetic cities of any size, with the ground truth of what an analysis must find in them.

:func:`generate_city` builds a :class:`~graph.model.GraphBatch` for a fictional German city
("Beispielstadt") with ``n_offers`` offers and about ``actors_per_offer * n_offers`` actors,
and a :class:`GroundTruth` listing what is planted in it. One seeded ``random.Random``
makes every choice, so the same arguments give the same city; nothing is read from disk.
It is meant for tests and benchmarks (quality and speed of the detectors at 10³–10⁵
offers); the hand-written demo city stays :mod:`graph.demo.build_musterstadt`, whose life
phases, transitions, topics and rule checks are reused here.

The city: Stadt > Stadtbezirke > Stadtteile (one Stadtteil per ``offers_per_quarter``
offers, six per Stadtbezirk). Each Stadtteil has a "Kümmerer" (Familienzentrum,
Stadtteilbüro, ...) that every local actor cooperates with; the city's departments,
welfare federations (Bezirks-, Kreisverband, Ortsvereine), parishes, schools, Kitas,
clubs and practices provide offers built from about 170 realistic German offer types.

What the ground truth means (the same definitions as the demo city):

* **duplicate offers** -- planted copies of an offer: the title varied (typos, ae/oe/ue,
  AWO/Arbeiterwohlfahrt, Städt./Städtische, reordered words, provider or site suffix
  added or dropped, "Eltern-Café"/"Elterncafe"), the description paraphrased, the same
  phases, topics, districts, target group and site, entered again by whom real lists show:
  the provider itself, a partner running it with the provider, the Stadtteil's Kümmerer,
  rarely an actor with no link to the provider. Clusters of two or three, expanded to
  sorted id pairs. Generic titles ("Hausaufgabenhilfe", "Sportverein", "Familienzentrum")
  recur in other Stadtteile and phases: those are *not* duplicates (some are listed as
  ``hard_negative_offer_pairs``). Neither are the planted look-alikes
  (``look_alike_offer_pairs``): two clubs of one Stadtteil with the same activity, whose
  titles differ only in the club's short name next to the shared place name ("Kinderturnen
  TuS Lindenhof" / "Kinderturnen SC Lindenhof"), and one provider's activity in overlapping
  age groups ("Schwimmkurs 6–8 Jahre" / "7–9" / "8–10": a chain A≈B≈C). Some clubs carry
  a name without the Stadtteil that other Stadtteile have too (homonyms, never one club).
* **duplicate actors** -- an organisation entered a second time under a name variant in the
  same Stadtteil; federation levels (Kreisverband / Ortsverein) and two parishes are
  *not* duplicates (``not_duplicate_actor_pairs``).
* **parallel offers** -- active offers sharing a life phase, topic and district (as
  written) whose providers are not within two COOPERATES_WITH steps
  (:func:`graph.demo.build_musterstadt.unlinked_offer_pairs`). Planted as groups of two or
  three offers by unconnected actors in an otherwise empty (phase, topic, Stadtteil) cell;
  the generator checks that the rule finds exactly these.
* **parallel committees** -- committee pairs with member Jaccard >= 0.5 and mandate-topic
  Jaccard >= 0.5; every other pair of committees shares less than 0.3 of its members.
* **gaps** -- (Stadtteil, transition) that no active offer in the Stadtteil or an ancestor
  district bridges (:func:`graph.demo.build_musterstadt.transition_gaps`, the rule of
  :mod:`graph.analysis.gaps`).

Examples
--------
>>> city = generate_city(300, seed=1)
>>> len(city.batch.offers), len(city.batch.actors)
(300, 90)
>>> a, b = sorted(city.truth.duplicate_offer_pairs)[0]
>>> offers = {o.id: o for o in city.batch.offers}
>>> offers[a].phases == offers[b].phases and offers[a].districts == offers[b].districts
True
"""

from __future__ import annotations

import datetime as dt
import random
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from graph.demo.build_musterstadt import (
    PHASE_AGES,
    PHASES,
    TOPICS,
    TRANSITIONS,
    jaccard,
    transition_gaps,
    unlinked_offer_pairs,
)
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

CITY_ID = "beispielstadt"
CITY_NAME = "Beispielstadt"
QUARTERS_PER_BOROUGH = 6
COMMITTEE_MEMBER_LIMIT = 0.3  # member Jaccard of every committee pair that is not planted
PARALLEL_COMMITTEE_RULE = (0.5, 0.5)  # (member Jaccard, mandate-topic Jaccard) of a parallel pair

PHASE_IDS = [p[0] for p in PHASES]
TRANSITION_PHASES = {t: (f, to) for t, _, f, to, _ in TRANSITIONS}

# --------------------------------------------------------------------------------------
# Offer types: "Titel|Form|Themen|Zielgruppe|Beschreibung" ({im} = "im Stadtteil X")
# --------------------------------------------------------------------------------------

_TOPIC = {"A": "armut-teilhabe", "G": "gesundheit-bewegung", "M": "medienkompetenz", "F": "flucht-migration",
          "S": "sprache", "T": "trennung-scheidung", "E": "erziehungskompetenz", "B": "bildung",
          "K": "kinderschutz", "I": "inklusion"}
_KIND = {"c": "course", "b": "counselling", "g": "group", "e": "event", "i": "infrastructure",
         "h": "home_visit", "o": "other", "n": "network_meeting"}

_STEMS: dict[str, str] = {
    "schwangerschaft": """
Geburtsvorbereitungskurs|c|G|Werdende Eltern|Hebammengeleiteter Kurs an sieben Abenden zu Ablauf der Geburt, Atmung und den ersten Tagen mit dem Baby.
Offene Hebammensprechstunde|b|G|Schwangere und Mütter im Wochenbett|Hebammen beraten {im} ohne Termin zu Schwangerschaft, Stillen und Säuglingspflege.
Schwangerschaftsberatung nach § 2 SchKG|b|AE|Schwangere und werdende Väter|Vertrauliche Beratung zu finanziellen Hilfen, Elterngeld und Rechtsansprüchen rund um die Geburt.
Schwangerenfrühstück|g|EA|Schwangere|Monatliches Frühstück für werdende Mütter mit Austausch und Informationen zu Hilfen {im}.
Yoga für Schwangere|c|G|Schwangere ab der 12. Woche|Sanfte Übungen zur Entspannung und Kräftigung in der Schwangerschaft, angeleitet von einer Physiotherapeutin.
Sprechstunde für zugewanderte Schwangere|b|FG|Schwangere mit Flucht- oder Migrationsgeschichte|Mehrsprachige Beratung mit Sprachmittlerinnen zu Vorsorge, Geburtsklinik und Krankenversicherung.
Informationsabend Geburtsklinik|e|G|Werdende Eltern|Kreißsaalführung und Vortrag zu Geburt, Anmeldung und Wochenbettstation.
Stillberatung|b|G|Schwangere und stillende Mütter|Beratung zu Stillvorbereitung, Stillproblemen und Ernährung des Säuglings.
Väterabend Rund um die Geburt|e|E|Werdende Väter|Austausch werdender Väter zu Elternzeit, Geburt und der neuen Rolle in der Familie.
Lotsendienst Frühe Hilfen|b|KE|Belastete Schwangere|Lotsinnen klären früh den Unterstützungsbedarf und vermitteln passende Hilfen vor der Geburt.
Babygeld-Sprechstunde|b|A|Schwangere mit geringem Einkommen|Hilfe bei Anträgen an die Bundesstiftung Mutter und Kind, auf Elterngeld und Kindergeld.
Schwangerenschwimmen|c|G|Schwangere|Wassergymnastik zur Entlastung von Rücken und Gelenken in der Schwangerschaft.
Beratung junger Schwangerer|b|EA|Schwangere unter 21 Jahren|Begleitung junger Schwangerer zu Schule, Ausbildung, Wohnen und Unterstützung durch die Familie.
Kochkurs Ernährung in der Schwangerschaft|c|G|Schwangere|Kochkurs mit einer Ökotrophologin zu gesunder und günstiger Ernährung vor und nach der Geburt.
Geburtsvorbereitung für Mehrgebärende|c|G|Schwangere mit weiteren Kindern|Kompakter Kurs für Frauen, die schon Kinder haben, mit dem Blick auf die Geschwister.
Familienhebammen|h|GK|Belastete Schwangere und Familien|Längerfristige aufsuchende Begleitung durch Familienhebammen ab der Schwangerschaft.
Beratung zu Pränataldiagnostik und Behinderung|b|I|Schwangere mit einem auffälligen Befund|Beratung zu Untersuchungen, Assistenz und Hilfen für Familien mit einem behinderten Kind.
Rückbildungskurs|c|G|Mütter nach der Geburt|Kurs zur Kräftigung von Beckenboden und Rücken in den ersten Monaten nach der Geburt.
Geburt in Leichter Sprache|e|IS|Schwangere mit Lernschwierigkeiten|Informationen zu Geburt und Klinik in Leichter Sprache mit Bildkarten.
Paarberatung vor der Geburt|b|ET|Werdende Eltern|Beratung für Paare zu Konflikten, Rollenverteilung und dem Leben zu dritt.
Babyausstattungsbörse|e|A|Werdende Eltern mit geringem Einkommen|Kostenlose Weitergabe von Babykleidung, Kinderwagen und Ausstattung.
Deutschkurs für Schwangere|c|SF|Zugewanderte Schwangere|Sprachkurs mit dem Wortschatz für Arztbesuch, Geburt und Behördengänge.
""",
    "p0-3": """
Babymassage|c|GE|Eltern mit Babys von 6 Wochen bis 6 Monaten|Eltern lernen sanfte Massagegriffe, die Bindung und Wohlbefinden ihres Babys stärken.
PEKiP-Kurs|c|EG|Eltern mit Babys im ersten Lebensjahr|Prager Eltern-Kind-Programm: Spiel- und Bewegungsanregungen für Babys und Austausch der Eltern.
Babyschwimmen|c|G|Eltern mit Babys ab 3 Monaten|Wassergewöhnung für Babys mit ihren Eltern im Lehrschwimmbecken.
Babytreff|g|E|Eltern mit Babys im ersten Lebensjahr|Wöchentlicher Treff {im} mit Austausch und Beratung durch eine Familienhebamme.
Vermittlung Kindertagespflege|b|BA|Eltern von Kindern unter drei Jahren|Beratung und Vermittlung von Tagesmüttern und Tagesvätern.
Musikgarten für Kleinkinder|c|B|Kinder von 1 bis 3 Jahren mit Eltern|Singen, Tanzen und erste Instrumente für Kleinkinder gemeinsam mit ihren Eltern.
Eltern-Kind-Turnen|g|G|Kinder von 1 bis 3 Jahren mit Eltern|Bewegungslandschaften für Kleinkinder und ihre Eltern in der Turnhalle.
Sprachspiele für die Kleinsten|g|SE|Eltern mit Kleinkindern|Fingerspiele, Reime und Bilderbücher zur frühen Sprachförderung.
Schreiambulanz|b|GK|Eltern mit Säuglingen, die viel schreien|Beratung bei Schrei-, Schlaf- und Fütterproblemen im ersten Lebensjahr.
Familienpaten|h|EK|Familien mit Kleinkindern|Ehrenamtliche Patinnen und Paten entlasten Familien im Alltag, etwa mit Spaziergängen oder Arztbegleitung.
Erste Hilfe am Kleinkind|c|G|Eltern und Großeltern|Kurs zu Notfällen bei Säuglingen und Kleinkindern: Verschlucken, Fieberkrampf, Unfälle.
Griffbereit|g|SF|Mehrsprachige Familien mit Kindern von 1 bis 3 Jahren|Eltern-Kind-Gruppe zur Förderung der Erstsprache und der deutschen Sprache.
Opstapje – Schritt für Schritt|h|EB|Familien mit Kleinkindern in belastenden Lebenslagen|Hausbesuchsprogramm mit Spiel- und Lernanregungen für Kleinkinder.
Beikostkurs|c|G|Eltern mit Babys ab 4 Monaten|Praktische Tipps zur Einführung von Brei und Familienkost.
Frühförderung|b|I|Kinder mit Entwicklungsverzögerung bis 3 Jahre|Heilpädagogische Förderung und Beratung der Eltern bei Entwicklungsauffälligkeiten.
Entwicklungssprechstunde|b|GI|Eltern von Kleinkindern|Kinderärztliche Sprechstunde zu Entwicklung, Impfungen und Vorsorge.
Alleinerziehenden-Frühstück|g|TA|Alleinerziehende mit Kleinkindern|Offenes Frühstück für Alleinerziehende mit Kinderbetreuung und Beratung.
Kinderbetreuung während des Integrationskurses|o|FS|Zugewanderte Eltern mit Kleinkindern|Betreuung der Kleinkinder, während die Eltern einen Integrationskurs besuchen.
Spielplatzpaten|o|G|Familien mit Kleinkindern|Ehrenamtliche kümmern sich um die Spielplätze {im} und laden zu Spielnachmittagen ein.
Medien und Baby – Elternabend|e|ME|Eltern von Kleinkindern|Informationsabend zu Bildschirmzeit, Handy und Fernsehen bei Kindern unter drei Jahren.
Baby- und Kinderkleiderbörse|e|A|Familien mit Kleinkindern|Zweimal im Jahr Kleidung, Spielzeug und Ausstattung für die Kleinsten zu kleinen Preisen.
Kinderschutzberatung für die Kindertagespflege|b|K|Tagesmütter, Tagesväter und Krippenfachkräfte|Beratung durch eine insoweit erfahrene Fachkraft nach § 8a SGB VIII.
""",
    "p3-6": """
Alltagsintegrierte Sprachförderung|o|S|Kita-Kinder mit Sprachförderbedarf|Sprachbildung im Kita-Alltag durch eine zusätzliche Sprachfachkraft.
Rucksack Kita|g|SFE|Mehrsprachige Eltern von Kita-Kindern|Elternbildungsprogramm zur Förderung von Erstsprache und Deutsch, begleitet von Elternbegleiterinnen.
Bewegungskita-Programm|o|G|Kita-Kinder|Tägliche Bewegungszeiten und psychomotorische Angebote im Kita-Alltag.
Zahnprophylaxe in der Kita|o|G|Kita-Kinder|Besuche des zahnärztlichen Dienstes mit Putzübungen und Elterninformation.
Kinderturnen|g|G|Kinder von 3 bis 6 Jahren|Turnen, Klettern und Ballspiele für Vorschulkinder in der Sporthalle.
Vorlesestunde in der Bibliothek|e|SB|Kinder von 3 bis 6 Jahren|Wöchentliche Vorlesezeit mit Bilderbuchkino und Basteln.
Elternkurs Starke Eltern – starke Kinder|c|E|Eltern von Kindern im Kita-Alter|Kurs zu Erziehung ohne Gewalt, Grenzen und Kommunikation in der Familie.
Heilpädagogische Kleingruppe|g|I|Kinder mit Förderbedarf im Kita-Alter|Kleingruppe mit heilpädagogischer Förderung, eng abgestimmt mit der Kita.
Waldgruppe|g|GB|Kinder von 3 bis 6 Jahren|Naturerfahrung an einem Vormittag pro Woche im Stadtwald.
Kita-Sozialarbeit|b|AK|Familien in der Kita|Eine Sozialarbeiterin in der Kita berät Eltern zu Leistungen, Konflikten und Hilfen.
Musikalische Früherziehung|c|B|Kinder von 4 bis 6 Jahren|Gruppenunterricht zu Rhythmus, Gesang und ersten Instrumenten.
Logopädische Sprechstunde|b|SI|Eltern von Kita-Kindern|Kurze Beratung zur Sprachentwicklung und Vermittlung in eine Therapie.
Kinderyoga|c|G|Kinder von 4 bis 6 Jahren|Spielerische Yoga- und Entspannungsübungen für Kinder.
Gesunde Brotdose|e|G|Eltern von Kita-Kindern|Elternabend mit Praxisteil zu gesundem Frühstück und Getränken.
Schwimmlernkurs für Vorschulkinder|c|G|Kinder von 5 bis 6 Jahren|Schwimmkurs bis zum Seepferdchen.
Mini-Medienkurs|c|M|Kinder von 5 bis 6 Jahren mit Eltern|Erste Erfahrungen mit Tablet und Kamera, begleitet von Medienpädagoginnen.
Mehrsprachiger Elternabend|e|FE|Zugewanderte Eltern von Kita-Kindern|Informationen zum Kita-Alltag mit Sprachmittlung in mehreren Sprachen.
Kindergruppe bei Trennung der Eltern|g|T|Kinder von 4 bis 6 Jahren, deren Eltern sich trennen|Kleine Gruppe, in der Kinder spielerisch über Gefühle bei der Trennung sprechen.
Verkehrserziehung für Vorschulkinder|e|B|Vorschulkinder|Die Polizei übt mit Vorschulkindern den sicheren Schulweg.
BuT-Beratung für Kita-Eltern|b|A|Eltern von Kita-Kindern mit geringem Einkommen|Hilfe bei Anträgen auf Mittagessen, Ausflüge und Teilhabe nach dem Bildungs- und Teilhabepaket.
Schulung Kinderschutzkonzept|c|K|Kita-Fachkräfte|Fortbildung zu Schutzkonzept, Beschwerdeverfahren und Verdachtsfällen.
Theaterwerkstatt für Kita-Kinder|g|BS|Kinder von 4 bis 6 Jahren|Rollenspiele, Puppentheater und eine Aufführung am Ende des Kita-Jahres.
""",
    "p6-10": """
Lernförderung nach BuT|c|AB|Grundschulkinder mit Lernschwierigkeiten|Nachhilfe in Kleingruppen, finanziert über das Bildungs- und Teilhabepaket.
Lesepaten|o|SB|Grundschulkinder|Ehrenamtliche lesen einmal pro Woche mit Kindern und fördern die Lesefreude.
Schulsozialarbeit an der Grundschule|b|AK|Grundschulkinder und Eltern|Sozialarbeiterinnen an der Schule beraten Kinder, Eltern und Lehrkräfte.
Internet-Führerschein|c|M|Kinder der 3. und 4. Klasse|Kinder lernen sicheres Surfen, gute Passwörter und den Umgang mit Chats.
Zirkusprojekt|e|GB|Grundschulkinder|Projektwoche mit Akrobatik, Jonglage und einer Abschlussvorstellung.
Deutsch-Förderkurs für Seiteneinsteiger|c|SF|Neu zugewanderte Grundschulkinder|Intensive Sprachförderung für Kinder ohne Deutschkenntnisse.
Schwimmkurs für Grundschulkinder|c|G|Nichtschwimmer der 2. bis 4. Klasse|Schwimmkurs für Kinder, die in der Schule noch nicht schwimmen gelernt haben.
Mittagstisch für Kinder|i|AG|Grundschulkinder|Warmes Mittagessen und Betreuung für Kinder aus Familien mit wenig Geld.
Kinderchor|g|B|Kinder von 6 bis 10 Jahren|Wöchentliche Chorprobe mit Auftritten {im}.
Streitschlichter-Ausbildung|c|E|Kinder der 3. und 4. Klasse|Kinder lernen, Konflikte auf dem Schulhof fair zu lösen.
Gruppe für Trennungskinder|g|T|Kinder von 6 bis 10 Jahren, deren Eltern sich trennen|Gruppenangebot der Beratungsstelle mit Spielen, Gesprächen und einem Elternabend.
Bewegte Pause|o|G|Grundschulkinder|Spielgeräte und angeleitete Bewegungsspiele in den Pausen.
Forscherwerkstatt|g|B|Kinder von 6 bis 10 Jahren|Experimente zu Wasser, Luft und Strom am Nachmittag.
Ferienspiele|e|AG|Kinder von 6 bis 10 Jahren|Zwei Wochen Programm in den Sommerferien mit Ausflügen und Sport.
Inklusive Schulbegleitung|o|I|Grundschulkinder mit Behinderung|Schulbegleiterinnen unterstützen Kinder im Unterricht.
Elternabend Medienerziehung|e|ME|Eltern von Grundschulkindern|Information zu Spielkonsolen, Altersfreigaben und Regeln in der Familie.
Selbstbehauptungskurs Kinder stark machen|c|K|Kinder von 7 bis 10 Jahren|Kurs zu Grenzen setzen, Nein sagen und Hilfe holen.
Gesundes Pausenfrühstück|o|GA|Grundschulkinder|Kostenloses Frühstück an der Schule, organisiert mit Ehrenamtlichen.
Familienklasse|g|E|Grundschulkinder mit Eltern|Eltern nehmen einmal pro Woche gemeinsam mit ihrem Kind am Unterricht teil.
Lernhilfe in der Unterkunft|c|FB|Geflüchtete Grundschulkinder|Ehrenamtliche unterstützen beim Lernen in der Gemeinschaftsunterkunft.
Kinderrechte-Workshop|e|K|Kinder der 4. Klasse|Workshop zu Kinderrechten und Beteiligung in der Schule.
Psychomotorik-Gruppe|g|GI|Kinder mit motorischen Auffälligkeiten|Bewegungsförderung in Kleingruppen mit einer Motopädin.
""",
    "p10-16": """
Medienscouts|g|M|Schülerinnen und Schüler ab Klasse 7|Jugendliche werden zu Ansprechpersonen für Mitschüler bei Cybermobbing und Datenschutz ausgebildet.
Schulsozialarbeit an der weiterführenden Schule|b|AK|Schülerinnen und Schüler der Sekundarstufe I|Beratung bei Konflikten, Schulmüdigkeit und familiären Problemen.
Handy-Führerschein|c|M|Jugendliche von 10 bis 13 Jahren|Kurs zu Apps, Privatsphäre und Kosten bei Smartphones.
Mädchentreff|g|BE|Mädchen von 10 bis 16 Jahren|Offener Treff für Mädchen mit Beratung, Kreativangeboten und Ausflügen.
Jungengruppe|g|E|Jungen von 10 bis 16 Jahren|Gruppe zu Rollenbildern, Gefühlen und Konflikten mit einem Sozialpädagogen.
Cybermobbing-Prävention|e|MK|Klassen 5 bis 8|Workshop zu Mobbing im Netz, Hilfe und rechtlichen Folgen.
Mitternachtssport|e|G|Jugendliche von 14 bis 16 Jahren|Offene Sporthalle am Freitagabend mit Basketball und Fußball.
Suchtprävention an Schulen|e|GK|Schülerinnen und Schüler ab Klasse 7|Workshop zu Alkohol, Nikotin, Cannabis und Gaming.
Internationale Vorbereitungsklasse|c|SF|Neu zugewanderte Jugendliche|Deutschunterricht und schrittweiser Übergang in die Regelklassen.
Bandprojekt|g|B|Jugendliche von 12 bis 16 Jahren|Jugendliche gründen eine Band und proben wöchentlich im Jugendzentrum.
Lerncoaching|b|B|Schülerinnen und Schüler der Klassen 7 bis 10|Individuelle Begleitung bei Lernstrategien und Prüfungsvorbereitung.
Sexualpädagogik-Workshop|e|GK|Schülerinnen und Schüler der Klassen 6 bis 9|Fragen zu Pubertät, Liebe und Verhütung in getrennten Gruppen.
Inklusive Jugendfreizeit|e|I|Jugendliche mit und ohne Behinderung|Ferienfreizeit mit Assistenz für alle Jugendlichen.
Jugendberatung bei Trennung der Eltern|b|T|Jugendliche von 12 bis 16 Jahren|Einzelberatung für Jugendliche, deren Eltern sich trennen.
Schülerfirma|o|B|Schülerinnen und Schüler ab Klasse 8|Jugendliche führen ein Schulcafé wie ein kleines Unternehmen.
Streetwork|h|AK|Jugendliche im öffentlichen Raum|Aufsuchende Jugendarbeit an den Treffpunkten {im}.
Teilhabeberatung für Jugendliche|b|A|Jugendliche aus Familien mit geringem Einkommen|Beratung zu Vereinsbeiträgen, Klassenfahrten und Nachhilfe über das Bildungs- und Teilhabepaket.
Elternabend Pubertät|e|E|Eltern von Jugendlichen|Informationsabend zu Pubertät, Grenzen und Kommunikation in der Familie.
Theater-AG|g|BS|Jugendliche von 12 bis 16 Jahren|Theaterprojekt mit eigenem Stück und Aufführung.
Kochkurs für Jugendliche|c|G|Jugendliche von 12 bis 16 Jahren|Einfache, gesunde Gerichte mit kleinem Budget.
Demokratie-Werkstatt|e|B|Schülerinnen und Schüler ab Klasse 8|Workshop zu Beteiligung, Jugendparlament und Kommunalpolitik.
Selbstverteidigung für Mädchen|c|KG|Mädchen ab 12 Jahren|Kurs zu Selbstbehauptung und Selbstverteidigung.
""",
    "p16-27": """
Sprechstunde der Jugendberufsagentur|b|BA|Junge Menschen unter 25|Gemeinsame Beratung von Jobcenter, Agentur für Arbeit und Jugendhilfe unter einem Dach.
Bewerbungstraining|c|B|Junge Erwachsene auf Ausbildungssuche|Anschreiben, Lebenslauf und Vorstellungsgespräch im Übungsformat.
Jugendwerkstatt|c|BA|Junge Erwachsene ohne Berufsabschluss|Werkstatt für Holz, Metall und Küche mit sozialpädagogischer Begleitung.
Schuldnerberatung für junge Erwachsene|b|A|Junge Erwachsene von 18 bis 27 Jahren|Beratung zu Handyverträgen, Inkasso und der ersten eigenen Wohnung.
Jugendintegrationskurs|c|FS|Zugewanderte junge Erwachsene|Integrationskurs bis zum Sprachniveau B1 mit Orientierungskurs.
Ausbildungsvorbereitung|c|B|Jugendliche ohne Ausbildungsplatz|Einjähriger Bildungsgang mit Praktikum und der Möglichkeit zum Hauptschulabschluss.
Junge Eltern stark machen|c|EA|Eltern unter 25 Jahren|Kurs zu Alltag mit Baby, Finanzen und Ausbildung in Teilzeit.
Notschlafstelle für junge Menschen|b|A|Junge Menschen ohne feste Wohnung|Beratung und Übernachtung für junge Menschen von 18 bis 27 Jahren.
Freiwilliges Soziales Jahr|o|BI|Junge Menschen von 16 bis 26 Jahren|Freiwilligendienst in Kitas, Pflege und Rettungsdienst mit Bildungsseminaren.
Assistierte Ausbildung|b|BI|Auszubildende mit Unterstützungsbedarf|Begleitung während der Ausbildung mit Nachhilfe und sozialpädagogischer Unterstützung.
Fake News erkennen|c|MB|Junge Erwachsene|Workshop zu Desinformation, Algorithmen und sicherem Auftreten im Netz.
Psychosoziale Beratung für junge Erwachsene|b|GK|Junge Erwachsene in Krisen|Beratung bei Ängsten, Depression und Krisen, auch online.
Jugendmigrationsdienst|b|F|Zugewanderte junge Menschen bis 27 Jahre|Beratung zu Schule, Ausbildung und Aufenthalt.
Sport im Park|e|G|Junge Erwachsene|Kostenlose Trainings unter freiem Himmel im Sommer.
Führerscheinhilfe für Auszubildende|o|A|Auszubildende mit geringem Einkommen|Zuschuss und Lernhilfe für den Führerschein als Weg zum Ausbildungsplatz.
Arbeitsassistenz für junge Menschen mit Behinderung|b|I|Junge Menschen mit Behinderung|Begleitung beim Übergang in den allgemeinen Arbeitsmarkt.
Berufssprachkurs|c|SF|Zugewanderte mit Sprachniveau B1|Berufsbezogene Deutschförderung mit Fachwortschatz.
Mentoring für Erstakademiker|b|B|Jugendliche aus Familien ohne Hochschulerfahrung|Ehrenamtliche Mentorinnen begleiten auf dem Weg ins Studium.
Trennungsberatung für junge Eltern|b|T|Junge Eltern in Trennung|Beratung zu Umgang, Unterhalt und gemeinsamer Sorge.
Gewaltschutzberatung für junge Frauen|b|K|Junge Frauen von 16 bis 27 Jahren|Beratung bei Gewalt in Beziehung und Familie.
Medienwerkstatt|g|M|Junge Erwachsene|Videos, Podcasts und Social Media selbst produzieren.
Ehrenamtsbörse für junge Menschen|e|B|Junge Menschen|Vermittlung in ein Engagement in Vereinen und Initiativen.
""",
}

#: generic offers whose plain title recurs in many Stadtteile and phases: "Titel|Form|Themen|Phasen|Zielgruppe|Text"
_GENERIC = """
Hausaufgabenhilfe|g|B|p6-10,p10-16|Schülerinnen und Schüler|Betreute Hausaufgabenzeit am Nachmittag mit Ehrenamtlichen.
Familienzentrum|i|EA|p0-3,p3-6|Familien mit Kindern|Anlaufstelle für Familien mit Beratung, Kursen und Kinderbetreuung.
Sportverein|g|G|p3-6,p6-10,p10-16,p16-27|Kinder und Jugendliche|Training in Fußball, Turnen und Leichtathletik für alle Altersgruppen.
Elterncafé|g|EA|p0-3,p3-6|Eltern|Offener Treff für Eltern mit Frühstück und Austausch.
Jugendzentrum|i|BA|p10-16,p16-27|Jugendliche|Offene Tür mit Billard, Musikraum und Beratung.
Erziehungsberatung|b|ET|p0-3,p3-6,p6-10,p10-16|Eltern|Beratung bei Erziehungsfragen, Trennung und Konflikten in der Familie.
Sprachkurs für Eltern|c|SF|p0-3,p3-6,p6-10|Zugewanderte Eltern|Deutschkurs mit Kinderbetreuung.
Spielgruppe|g|E|p0-3,p3-6|Kinder mit Eltern|Spielen, Singen und Basteln in kleiner Runde.
Nachhilfe|c|B|p6-10,p10-16|Schülerinnen und Schüler|Unterstützung in Deutsch, Mathematik und Englisch.
Ferienfreizeit|e|G|p6-10,p10-16|Kinder und Jugendliche|Eine Woche Zeltlager mit Spiel, Sport und Natur.
Krabbelgruppe|g|E|p0-3|Eltern mit Kleinkindern|Eltern und Kleinkinder treffen sich zum Spielen und Austausch.
Offene Ganztagsschule|i|BA|p6-10|Grundschulkinder|Betreuung nach dem Unterricht mit Mittagessen, Hausaufgaben und Freizeit.
"""

#: offers that bridge a transition (both phases): "Titel|Form|Themen|Zielgruppe|Text"
_BRIDGES: dict[str, str] = {
    "ue-geburt-krippe": """
Willkommensbesuche für Neugeborene|h|EK|Familien mit Neugeborenen|Fachkräfte besuchen Familien nach der Geburt und informieren über Betreuungsplätze und Angebote {im}.
Babylotsen|b|KA|Familien rund um die Geburt|Lotsinnen sprechen Familien auf der Geburtsstation an und vermitteln in Hebammenhilfe, Frühe Hilfen und Kindertagespflege.
Beratung zur Suche nach einem Betreuungsplatz|b|BA|Eltern vor und nach der Geburt|Persönliche Beratung zu Krippe, Kindertagespflege und Kita-Vormerkung.
""",
    "ue-krippe-kita": """
Kita-Einstieg|g|BF|Familien, deren Kinder noch keine Kita besuchen|Spielgruppen und Elternberatung bereiten Kinder und Eltern auf den Wechsel in die Kita vor.
Eingewöhnungsbegleitung Krippe–Kita|b|E|Eltern von Zweijährigen|Begleitung beim Wechsel aus Krippe oder Kindertagespflege in die Kita-Gruppe.
Übergangsgruppe für Zweijährige|g|ES|Kinder von 2 bis 3 Jahren mit Eltern|Wöchentliche Gruppe, in der Kinder Abläufe der Kita kennenlernen.
""",
    "ue-kita-grundschule": """
Brückenjahr Kita–Grundschule|g|BS|Kinder im letzten Kita-Jahr|Kita und Grundschule bereiten die Kinder gemeinsam auf den Schulstart vor.
Schulstart-Elternabend|e|EB|Eltern von Vorschulkindern|Informationen zu Schulanmeldung, Schulweg und Ganztag.
Vorschulgruppe mit Schulbesuchen|g|BS|Vorschulkinder|Kinder besuchen die Grundschule, lernen Lehrkräfte kennen und üben den Schulweg.
""",
    "ue-grundschule-weiterfuehrend": """
Schulwechsel-Sprechstunde|b|B|Eltern von Viertklässlern|Beratung zu Schulformempfehlung, Anmeldung und Fahrtwegen.
Übergangscoaching Klasse 5|g|BE|Kinder der 4. und 5. Klasse|Kleingruppen begleiten Kinder in den ersten Monaten an der neuen Schule.
Patenschaften für Fünftklässler|o|BE|Neue Fünftklässler|Ältere Schülerinnen und Schüler begleiten die Neuen durch die ersten Wochen.
""",
    "ue-schule-beruf": """
Ausbildungspaten|o|BA|Jugendliche ab Klasse 9|Ehrenamtliche aus Handwerk und Betrieben begleiten Jugendliche bei Bewerbung, Praktikum und in der Probezeit.
Berufseinstiegsbegleitung|b|BI|Schülerinnen und Schüler mit Förderbedarf ab Klasse 8|Individuelle Begleitung von Klasse 8 bis ins erste Ausbildungsjahr.
Berufsorientierungscamp|e|B|Schülerinnen und Schüler der Klassen 8 und 9|Eine Woche Werkstätten, Betriebsbesuche und Bewerbungstraining.
""",
}


@dataclass(frozen=True)
class _Stem:
    title: str
    kind: str
    topics: tuple[str, ...]
    phases: tuple[str, ...]  # regular: one is chosen; bridge: both are used
    target: str
    description: str
    generic: bool = False
    transition: str | None = None


def _parse_stems() -> tuple[list[_Stem], dict[str, list[_Stem]]]:
    def topics(code: str) -> tuple[str, ...]:
        return tuple(_TOPIC[c] for c in code)

    regular: list[_Stem] = []
    for phase, block in _STEMS.items():
        for line in block.strip().splitlines():
            t, k, tp, target, desc = line.split("|")
            regular.append(_Stem(t, _KIND[k], topics(tp), (phase,), target, desc))
    for line in _GENERIC.strip().splitlines():
        t, k, tp, ph, target, desc = line.split("|")
        regular.append(_Stem(t, _KIND[k], topics(tp), tuple(ph.split(",")), target, desc, generic=True))
    bridges: dict[str, list[_Stem]] = {}
    for tid, block in _BRIDGES.items():
        bridges[tid] = []
        for line in block.strip().splitlines():
            t, k, tp, target, desc = line.split("|")
            bridges[tid].append(_Stem(t, _KIND[k], topics(tp), TRANSITION_PHASES[tid], target, desc, transition=tid))
    return regular, bridges


REGULAR_STEMS, BRIDGE_STEMS = _parse_stems()

# --------------------------------------------------------------------------------------
# Names
# --------------------------------------------------------------------------------------

_QUARTER_BASES = (
    "Altstadt Hafenviertel Lindenhof Bergheim Eichwald Birkenfeld Mühlenbach Sonnenberg Rosenhügel Kirchdorf "
    "Bahnhofsviertel Schlosspark Auenviertel Wiesengrund Buchholz Tannenbusch Friedrichsfeld Gartenstadt "
    "Zechenviertel Hüttenfeld Brückenkopf Klosterhof Weidenau Ahornhain Kastanienallee Marktviertel Neuland "
    "Steinbruch Fischerdorf Heidekamp Osterfeld Kornmarkt Sandberg Lerchenfeld Fliederhof Ulmenhain Bachtal "
    "Kreuzberg Dornbusch Eschenried Grünewald Holunderweg Winkelhausen Kamphausen Lohberg Mergelheide Nordpark "
    "Pappelsee Quellenviertel Ringelheim Schwanenteich Teichhof Vogelsang Waldesruh Ziegelei Amselhof Burgfeld "
    "Dellviertel Erlenbruch Feldmark Gänsewiese Hohenstein Ickerfeld Jägerhof Kuhlen Lindenbrink Moorfeld"
).split()
_DIRECTIONS = ["", "Nord", "Süd", "Ost", "West", "Mitte"]
_STREETS = (
    "Hauptstraße|Schulstraße|Gartenstraße|Bahnhofstraße|Kirchstraße|Lindenweg|Ahornallee|Birkenweg|Rosenstraße|"
    "Mühlenweg|Am Markt|Bergstraße|Parkstraße|Wiesenweg|Goethestraße|Schillerstraße|Friedhofstraße|Am Hang|"
    "Lessingstraße|Eichendorffstraße|Zechenweg|Hafenstraße|Brunnenstraße|Feldstraße|Waldstraße|Ringstraße|"
    "Kastanienweg|Sonnenweg|Talstraße|Wilhelmstraße|Marienplatz|Jahnstraße|Heinestraße|Uhlandstraße"
).split("|")
_KITA_NAMES = (
    "Sonnenschein|Regenbogen|Pusteblume|Löwenzahn|Sternschnuppe|Kunterbunt|Wirbelwind|"
    "Schatzkiste|Arche Noah|Zwergenland|Spatzennest|Rappelkiste|Abenteuerland|Märchenland|Purzelbaum|Pfiffikus|"
    "Kleine Strolche|Sausewind|Bullerbü|Weltentdecker|Sonnenblume|Mäuseburg|Wichtelhaus|Kinderland|Traumland|"
    "Eulennest|Glühwürmchen|Momo|Tausendfüßler|Siebenstein|Hummelnest|Krümelkiste|Farbklecks|Lummerland|"
    "Marienkäfer|Wolkenschloss|Schneckenhaus|Zauberwald|Haus der kleinen Forscher"
).split("|")
_SAINTS = "Marien|Josef|Elisabeth|Michael|Antonius|Barbara|Ludgerus|Lamberti|Franziskus|Martin|Nikolaus|Bonifatius".split("|")
_PERSONS = (
    "Astrid-Lindgren|Erich-Kästner|Janusz-Korczak|Anne-Frank|Geschwister-Scholl|Willy-Brandt|Albert-Schweitzer|"
    "Marie-Curie|Heinrich-Heine|Friedrich-Fröbel|Maria-Montessori|Käthe-Kollwitz|Bertha-von-Suttner|Wilhelm-Busch|"
    "Goethe|Schiller|Lessing|Humboldt|Gutenberg|Kopernikus|Einstein|Theodor-Heuss|Otfried-Preußler|Michael-Ende|"
    "Pestalozzi|Gebrüder-Grimm|Hans-Christian-Andersen|Sophie-Scholl|Clara-Schumann|Konrad-Adenauer"
).split("|")
_SURNAMES = (
    "Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Koch Richter Klein Wolf Schröder "
    "Neumann Schwarz Braun Zimmermann Krüger Hartmann Lange Werner Krause Lehmann Köhler Herrmann König Walter "
    "Huber Kaiser Fuchs Peters Lang Scholz Möller Weiß Jung Hahn Vogel Keller Günther Berger Frank Roth Beck "
    "Yılmaz Kaya Demir Nowak Kowalski Popescu Haddad Petrenko Özdemir Arslan"
).split()
_CLUB_PREFIX = ["TuS", "TV", "SC", "FC", "TSV", "VfL"]  # not "SV": that is "Sportverein {Q}" abbreviated
_CLUB_SORTS = ["DJK", "Sportverein", "Schwimmverein", "Musikverein", "Schachclub", "Jugendtreff", "Tennisclub",
               "Reitverein", "Kanu-Club", "Tanzsportclub"]
_COLOURS = ["Blau-Weiß", "Rot-Weiß", "Grün-Weiß", "Schwarz-Gelb", "Eintracht", "Germania", "Viktoria", "Fortuna"]
#: club names without the Stadtteil: the same name in several Stadtteile, never one club (homonyms)
_HOMONYM_CLUBS = ["TV Germania 1898 e.V.", "SC Eintracht 1910 e.V.", "TuS Fortuna 1921 e.V.", "FC Viktoria 1912 e.V.",
                  "DJK Blau-Weiß e.V."]

#: what two clubs of one Stadtteil both offer, and what one club offers in overlapping age groups:
#: (title, kind, topics, phase, target, text); look-alikes, never duplicates
_CLUB_ACTIVITIES = [
    ("Kinderturnen", "g", "G", "p3-6", "Kinder von 3 bis 6 Jahren", "Turnen, Toben und Bewegungsspiele in der Halle."),
    ("Eltern-Kind-Turnen", "g", "GE", "p0-3", "Eltern mit Kleinkindern",
     "Bewegungslandschaft für Eltern und Kinder ab dem Laufalter."),
    ("Fußball für Kinder", "g", "G", "p6-10", "Kinder von 6 bis 10 Jahren", "Training in altersgerechten Gruppen mit Spielbetrieb."),
    ("Schwimmkurs", "c", "G", "p6-10", "Kinder ohne Seepferdchen", "Wassergewöhnung und Seepferdchen-Abzeichen im Hallenbad."),
    ("Tanzgruppe", "g", "GB", "p10-16", "Jugendliche", "Hip-Hop und Streetdance mit Auftritten im Stadtteil."),
]
#: overlapping age groups of one activity (A and B overlap, B and C overlap, A and C do not)
_AGE_LADDERS = {"p6-10": ((6, 8), (7, 9), (8, 10)), "p10-16": ((10, 12), (11, 13), (12, 14))}


def _slug(text: str) -> str:
    text = text.lower().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def normalise(text: str) -> str:
    """Lower case, umlauts folded to ae/oe/ue, accents and punctuation dropped, spaces collapsed.

    Examples
    --------
    >>> normalise("Eltern-Café  Süd")
    'eltern cafe sued'
    """
    return " ".join(_slug(text).split("-"))

# --------------------------------------------------------------------------------------
# Variations: how the same thing gets written twice
# --------------------------------------------------------------------------------------

_ABBREVIATIONS = [
    ("Arbeiterwohlfahrt", "AWO"), ("Städtische", "Städt."), ("Evangelische", "Ev."), ("Katholische", "Kath."),
    ("Deutsches Rotes Kreuz", "DRK"), ("Familienzentrum", "FZ"), ("Hausaufgabenhilfe", "HA-Hilfe"),
    ("Offene Ganztagsschule", "OGS"), ("Gemeinschaftsgrundschule", "GGS"), ("Grundschule", "GS"),
    ("Kindertagesstätte", "Kita"), ("Sprechstunde", "Sprechst."), (" und ", " & "), ("Ortsverein", "OV"),
    ("Bildungs- und Teilhabepaket", "BuT"), ("Schülerinnen und Schüler", "SuS"), ("Sankt", "St."),
    ("Kirchengemeinde", "Kirchengem."), ("Stadtteilzentrum", "STZ"), ("Klasse", "Kl."), ("Beratung", "Berat."),
    ("Förderverein", "Förderv."), ("Praxis für", "Praxis f."), ("Jugendzentrum", "JZ"), ("Doktor", "Dr."),
]
_EXPANSIONS = [(short, long) for long, short in _ABBREVIATIONS if short not in {" & "}]
_COMPOUND_HEADS = ("café", "cafe", "treff", "gruppe", "kurs", "hilfe", "beratung", "förderung", "sprechstunde",
                   "paten", "werkstatt", "turnen", "schwimmen", "abend", "frühstück", "zentrum", "kita", "verein",
                   "stunde", "massage", "dienst", "lotsen", "camp", "börse", "praxis", "haus", "gemeinde")
_LEGAL_FORMS = (" e.V.", " gGmbH", " GmbH", " e. V.")
_ASCII = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss", "é": "e"})

_SYNONYMS = [
    (r"\bEltern\b", "Mütter und Väter"), (r"\bKinder\b", "Mädchen und Jungen"), (r"\bBeratung\b", "Unterstützung"),
    (r"\bAustausch\b", "Gespräche"), (r"\bEhrenamtliche\b", "Freiwillige"), (r"\bFachkräfte\b", "Mitarbeitende"),
    (r"\bJugendliche\b", "junge Leute"), (r"\bwöchentlich\b", "jede Woche"), (r"\bWöchentliche\b", "Jede Woche eine"),
    (r"\bKurs\b", "Angebot"), (r"\bGruppe\b", "Runde"), (r"\bKleinkinder\b", "die Kleinsten"),
    (r"\bkostenlos\b", "ohne Kosten"), (r"\bHilfe\b", "Unterstützung"), (r"\bzu\b", "rund um"),
]
_SYNONYMS_RE = [(re.compile(p), s) for p, s in _SYNONYMS]
_EXTRA_SENTENCES = [
    "Die Teilnahme ist kostenlos.", "Eine Anmeldung ist nicht nötig.", "Bitte vorher anmelden.",
    "Kinderbetreuung ist möglich.", "Das Angebot findet in den Räumen des Trägers statt.",
    "Auch Großeltern sind willkommen.", "Barrierefreier Zugang.", "Termine nach Absprache.",
]


def _typo(rng: random.Random, text: str) -> str:
    words = text.split(" ")
    long_words = [i for i, w in enumerate(words) if len(w) >= 6 and w.isalpha()]
    if not long_words:
        return text + "."
    i = rng.choice(long_words)
    w = words[i]
    j = rng.randrange(1, len(w) - 2)
    op = rng.randrange(3)
    if op == 0:
        w = w[:j] + w[j + 1] + w[j] + w[j + 2:]  # swap two letters
    elif op == 1:
        w = w[:j] + w[j + 1:]  # drop a letter
    else:
        w = w[:j] + w[j] + w[j:]  # double a letter
    words[i] = w
    return " ".join(words)


def _abbreviate(rng: random.Random, text: str) -> str:
    hits = [(a, b) for a, b in _ABBREVIATIONS if a in text] + [(b, a) for a, b in _EXPANSIONS if b in text]
    if not hits:
        return text
    a, b = rng.choice(hits)
    return text.replace(a, b, 1)


def _compound(rng: random.Random, text: str) -> str:
    """Eltern-Café <-> Elterncafé <-> Elterncafe, Baby-Treff <-> Babytreff."""
    words = text.split(" ")
    options = []
    for i, w in enumerate(words):
        if "-" in w and len(w) > 5 and w[0].isupper():
            head, _, tail = w.partition("-")
            if tail and tail[0].isupper() and head[-1:].isalpha():
                options.append((i, head + tail.lower()))
        low = w.lower()
        for h in _COMPOUND_HEADS:
            if low.endswith(h) and len(w) > len(h) + 3:
                options.append((i, w[: -len(h)] + "-" + w[-len(h):].capitalize()))
                break
        if "é" in w:
            options.append((i, w.replace("é", "e")))
    if not options:
        return text
    i, new = rng.choice(options)
    words[i] = new
    return " ".join(words)


def _reorder(rng: random.Random, text: str) -> str:
    if " – " in text:
        a, _, b = text.partition(" – ")
        return f"{b} – {a}"
    words = text.split(" ")
    if len(words) < 2:
        return text
    if rng.random() < 0.5:
        return f"{words[-1]}: {' '.join(words[:-1])}"
    return f"{' '.join(words[:-1])} ({words[-1]})"


def _ascii(rng: random.Random, text: str) -> str:
    return text.translate(_ASCII)


def vary_title(rng: random.Random, title: str, *, suffixes: Iterable[str] = ()) -> str:
    """One to two edits a second person typing the same offer's title would make.

    ``suffixes`` are strings the title may gain or lose (provider, site).

    Examples
    --------
    >>> vary_title(random.Random(3), "Elterncafé Nord") != "Elterncafé Nord"
    True
    """
    suffixes = [s for s in suffixes if s]
    ops = [_typo, _abbreviate, _compound, _reorder, _ascii, "suffix"]
    out = title
    for _ in range(10):
        out = title
        for op in rng.sample(ops, rng.choice((1, 1, 2))):
            if op == "suffix":
                present = [s for s in suffixes if out.endswith(s) and len(out) > len(s) + 2]
                if present:
                    out = out[: -len(present[0])].rstrip(" –-(")
                elif suffixes:
                    out = f"{out} – {rng.choice(suffixes)}"
            else:
                out = op(rng, out)
        if out != title and out.strip(" –-:()"):
            return out
    return _typo(rng, title) if _typo(rng, title) != title else title + " (2)"


def vary_name(rng: random.Random, name: str, *, site: str | None = None) -> str:
    """A second spelling of an organisation's name (abbreviation, legal form, ae/oe/ue, typo, site).

    Examples
    --------
    >>> vary_name(random.Random(0), "Arbeiterwohlfahrt Ortsverein Nord e.V.") != "Arbeiterwohlfahrt Ortsverein Nord e.V."
    True
    """
    def legal(_: random.Random, text: str) -> str:
        for form in _LEGAL_FORMS:
            if text.endswith(form):
                return text[: -len(form)]
        return text + " e.V."

    def hyphen(_: random.Random, text: str) -> str:
        if re.search(r"\b(AWO|DRK|Caritas)-", text):
            return re.sub(r"\b(AWO|DRK|Caritas)-", r"\1 ", text, count=1)
        return re.sub(r"\b(AWO|DRK|Caritas) ", r"\1-", text, count=1)

    def with_site(_: random.Random, text: str) -> str:
        return f"{text} ({site})" if site else text

    ops = [_abbreviate, _abbreviate, legal, _ascii, _typo, hyphen, with_site]
    for _ in range(10):
        out = name
        for op in rng.sample(ops, rng.choice((1, 2, 2))):
            out = op(rng, out)
        if normalise(out) != normalise(name) or out != name and rng.random() < 0.2:
            return out
    return _typo(rng, name)


def paraphrase(rng: random.Random, text: str) -> str:
    """Say the same with other words: synonyms, sentence order, an added or dropped remark.

    Examples
    --------
    >>> paraphrase(random.Random(1), "Offener Treff für Eltern. Mit Frühstück.") != "Offener Treff für Eltern. Mit Frühstück."
    True
    """
    for _ in range(5):
        out = text
        hits = [(p, s) for p, s in _SYNONYMS_RE if p.search(out)]
        for p, s in rng.sample(hits, min(len(hits), rng.randint(1, 3))) if hits else ():
            out = p.sub(s, out, count=1)
        sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+", out) if s.strip()]
        if len(sentences) > 1 and rng.random() < 0.5:
            sentences = sentences[1:] + sentences[:1]
        if rng.random() < 0.5:
            sentences.append(rng.choice(_EXTRA_SENTENCES))
        out = " ".join(sentences)
        if out != text:
            return out
    return text + " " + _EXTRA_SENTENCES[0]

# --------------------------------------------------------------------------------------
# Actors: the city's own, the local ones per Stadtteil
# --------------------------------------------------------------------------------------

P, FW, PR, CS = "public", "free_welfare", "private", "civil_society"

#: id, name ({c} = city), kind, sector, part_of
CITY_ACTORS: list[tuple[str, str, str, str, str | None]] = [
    ("stadt", "Stadt {c}", "administration", P, None),
    ("jugendamt", "Jugendamt {c}", "department", P, "stadt"),
    ("sozialamt", "Sozialamt {c}", "department", P, "stadt"),
    ("gesundheitsamt", "Gesundheitsamt {c}", "department", P, "stadt"),
    ("schulamt", "Schulverwaltungsamt {c}", "department", P, "stadt"),
    ("koordination", "Koordinationsstelle Präventionskette", "department", P, "jugendamt"),
    ("sozialplanung", "Stabsstelle Sozialplanung & Statistik", "department", P, "stadt"),
    ("ki", "Kommunales Integrationszentrum {c}", "department", P, "stadt"),
    ("fruehe-hilfen", "Netzwerkkoordination Frühe Hilfen", "department", P, "jugendamt"),
    ("stadtplanung", "Amt für Stadtplanung", "department", P, "stadt"),
    ("stadtbibliothek", "Stadtbibliothek {c}", "education", P, "stadt"),
    ("vhs", "Volkshochschule {c}", "education", P, "stadt"),
    ("musikschule", "Städtische Musikschule {c}", "education", P, "stadt"),
    ("jobcenter", "Jobcenter {c}", "agency", P, None),
    ("agentur", "Agentur für Arbeit {c}", "agency", P, None),
    ("awo-bv", "AWO Bezirksverband Westliches Westfalen e.V.", "welfare_org", FW, None),
    ("awo-kv", "AWO Kreisverband {c} e.V.", "welfare_org", FW, "awo-bv"),
    ("caritas", "Caritasverband {c} e.V.", "welfare_org", FW, None),
    ("diakonie", "Diakonisches Werk {c} e.V.", "welfare_org", FW, None),
    ("drk-kv", "DRK-Kreisverband {c} e.V.", "welfare_org", FW, None),
    ("paritaet", "Der Paritätische – Kreisgruppe {c}", "welfare_org", FW, None),
    ("dksb", "Deutscher Kinderschutzbund Ortsverband {c} e.V.", "welfare_org", FW, "paritaet"),
    ("pro-familia", "pro familia Beratungsstelle {c}", "welfare_org", FW, "paritaet"),
    ("lebenshilfe", "Lebenshilfe {c} e.V.", "welfare_org", FW, "paritaet"),
    ("ev-kirchenkreis", "Ev. Kirchenkreis {c}", "church", CS, None),
    ("kath-dekanat", "Kath. Stadtdekanat {c}", "church", CS, None),
    ("klinik", "St.-Elisabeth-Krankenhaus {c}", "health", FW, None),
    ("berufskolleg", "Berufskolleg {c}", "school", P, None),
    ("fbs", "Evangelische Familienbildungsstätte {c}", "education", FW, "ev-kirchenkreis"),
]
#: city actors that cooperate with the Koordinationsstelle only: the one contact of a planted parallel provider
LEAF_ACTORS: list[tuple[str, str, str, str, str | None]] = [
    ("ssb", "Stadtsportbund {c} e.V.", "club", CS, None),
    ("ehrenamtsagentur", "Ehrenamtsagentur {c}", "initiative", CS, None),
    ("buergerstiftung", "Bürgerstiftung {c}", "other", CS, None),
    ("verbraucherzentrale", "Verbraucherzentrale – Beratungsstelle {c}", "other", CS, None),
    ("kreishandwerkerschaft", "Kreishandwerkerschaft {c}", "other", PR, None),
]
CITY_PROVIDERS = ["jugendamt", "sozialamt", "gesundheitsamt", "ki", "fruehe-hilfen", "stadtbibliothek", "vhs",
                  "musikschule", "jobcenter", "agentur", "awo-kv", "caritas", "diakonie", "drk-kv", "dksb",
                  "pro-familia", "lebenshilfe", "klinik", "berufskolleg", "fbs"]

_ONCE = ("hub", "ev", "kath", "awo", "drk", "caritas", "diakonie", "edu", "mosque", "youth")
_FIRST_ROLES = ("hub kita gs kita club ev health kita awo init sek health kath club kita youth drk health init edu "
                "caritas kita gs club health diakonie mosque init kita health club sek").split()
_MORE_ROLES = ["kita"] * 5 + ["health"] * 4 + ["club"] * 3 + ["init"] * 3 + ["gs", "sek"]

#: which kinds of actor lead offers in which phase
_LEADS_BY_PHASE = {
    "schwangerschaft": ("health", "family_centre", "welfare_org", "church"),
    "p0-3": ("family_centre", "kita", "health", "welfare_org", "church", "initiative"),
    "p3-6": ("kita", "family_centre", "club", "health", "education"),
    "p6-10": ("school", "club", "initiative", "welfare_org", "education", "family_centre"),
    "p10-16": ("school", "club", "welfare_org", "initiative", "church", "other"),
    "p16-27": ("welfare_org", "initiative", "club", "education", "other"),
}

_CITY_COMMITTEES: list[tuple[str, str, list[str]]] = [
    ("Lenkungsgruppe Präventionskette", "AGMFSTEBKI", PHASE_IDS),
    ("AG nach § 78 SGB VIII", "KEB", PHASE_IDS[1:]),
    ("AG Frühe Hilfen", "KGE", PHASE_IDS[:2]),
    ("AG Übergang Kita–Schule", "BS", ["p3-6", "p6-10"]),
    ("AG Übergang Schule–Beruf", "BAI", ["p10-16", "p16-27"]),
    ("Netzwerk Bewegte Kindheit", "GI", ["p0-3", "p3-6", "p6-10"]),
    ("Kompetenzbeirat Gelingendes Aufwachsen", "ABEI", PHASE_IDS),
    ("Arbeitskreis Inklusion", "IB", PHASE_IDS),
    ("Netzwerk Sprachbildung", "SFB", ["p0-3", "p3-6", "p6-10"]),
    ("Runder Tisch Kinderschutz", "KE", PHASE_IDS[1:5]),
]
#: two committees doing the same thing: (name, name, topics)
_PARALLEL_COMMITTEES = [
    ("Arbeitskreis Kinderarmut", "Planungsgruppe Teilhabe", "ABG"),
    ("AG Übergang Schule–Beruf", "Runder Tisch Ausbildung", "BAI"),
    ("Netzwerk Frühe Hilfen", "Arbeitskreis Rund um die Geburt", "KGE"),
    ("AG Bewegte Kindheit", "Gesundheitskonferenz Kinder", "GIB"),
    ("AG Sprache", "Arbeitskreis Sprachbildung", "SFB"),
]
_FUNDING = ["Kommunaler Haushalt", "Landesprogramm kinderstark – NRW schafft Chancen", "ESF Plus",
            "Bundesstiftung Frühe Hilfen", "Bildung und Teilhabe (BuT)", "Eigenmittel des Trägers",
            "Krankenkassen (Präventionsgesetz)", "Spenden und Stiftungsmittel", "Jobcenter (SGB II)",
            "Landesförderung Familienzentren NRW", None]
_LANGS = ["tr", "ar", "ru", "uk", "en", "pl", "ro", "fa"]
_CAPACITY = {"course": (8, 16), "group": (8, 20), "counselling": (30, 250), "event": (40, 250),
             "infrastructure": (20, 150), "home_visit": (20, 150), "network_meeting": (12, 40), "other": (10, 60)}
_DAY0 = dt.date(2009, 1, 1).toordinal()


# --------------------------------------------------------------------------------------
# Result types
# --------------------------------------------------------------------------------------

Pair = tuple[str, str]


@dataclass(frozen=True)
class GroundTruth:
    """What an analysis must find in a synthetic city; every pair is a sorted id tuple."""

    duplicate_offer_pairs: frozenset[Pair]
    """Planted duplicate offers, clusters expanded to pairs."""
    duplicate_offer_clusters: tuple[tuple[str, ...], ...]
    """The planted clusters themselves (original first), sorted."""
    duplicate_actor_pairs: frozenset[Pair]
    """An actor and its second entry under another spelling."""
    parallel_offer_groups: frozenset[tuple[str, ...]]
    """Offers sharing phase, topic and Stadtteil whose providers are not within two cooperation steps."""
    parallel_committee_pairs: frozenset[Pair]
    """Committee pairs with member and mandate-topic Jaccard of at least 0.5."""
    gaps: frozenset[tuple[str, str]]
    """(Stadtteil, transition) that no active offer bridges."""
    not_duplicate_actor_pairs: frozenset[Pair] = frozenset()
    """Hard negatives: federation levels, parishes, same generic name in another Stadtteil."""
    hard_negative_offer_pairs: frozenset[Pair] = frozenset()
    """Hard negatives: the same title in another phase or another district."""
    look_alike_offer_pairs: frozenset[Pair] = frozenset()
    """Planted look-alikes in one Stadtteil and phase that are not duplicates: two clubs'
    same activity, one provider's overlapping age groups (chains A≈B≈C)."""

    @property
    def parallel_offer_pairs(self) -> frozenset[Pair]:
        """:attr:`parallel_offer_groups` expanded to sorted pairs."""
        return frozenset(p for g in self.parallel_offer_groups for p in combinations(sorted(g), 2))


@dataclass(frozen=True)
class SyntheticCity:
    """A generated city: the batch to analyse and what must be found in it."""

    batch: GraphBatch
    truth: GroundTruth
    seed: int


def _pair(a: str, b: str) -> Pair:
    return (a, b) if a < b else (b, a)


def _short_name(name: str) -> str:
    """A club's name as offer titles carry it: no legal form, no founding year."""
    return re.sub(r"\s+\d{4}$", "", name.removesuffix(" e.V.")).strip()


# --------------------------------------------------------------------------------------
# The builder
# --------------------------------------------------------------------------------------


class _Quarter:
    """One Stadtteil while it is being built."""

    def __init__(self, id: str, name: str, borough: str, streets: list[str]) -> None:
        self.id, self.name, self.borough, self.streets = id, name, borough, streets
        self.hub = ""
        self.pool: list[str] = []  # actors that lead or join offers here
        self.by_kind: dict[str, list[str]] = defaultdict(list)
        self.names: set[str] = set()
        self.cores: set[str] = set()  # name parts used here: no two Kitas "Arche Noah" in one Stadtteil
        self.slots: list[tuple[_Stem, str]] | None = None
        self.club_prefixes: list[str] = []  # at most two "TuS/TV/... {Q} {year}" clubs per Stadtteil


class _Builder:
    def __init__(self, n_offers: int, seed: int, actors_per_offer: float, duplicate_rate: float,
                 actor_duplicate_rate: float, gap_rate: float, parallel_rate: float, offers_per_quarter: int,
                 parallel_committee_rate: float, look_alike_rate: float = 0.0) -> None:
        self.rng = random.Random(seed)
        self.seed = seed
        self.n_offers = n_offers
        self.source = f"Synthetische Stadt (Seed {seed})"
        self.actors_per_offer, self.duplicate_rate = actors_per_offer, duplicate_rate
        self.actor_duplicate_rate, self.gap_rate, self.parallel_rate = actor_duplicate_rate, gap_rate, parallel_rate
        self.parallel_committee_rate = parallel_committee_rate
        self.n_quarters = max(2, round(n_offers / offers_per_quarter))
        self.ids: set[str] = set()
        self.actors: dict[str, dict[str, Any]] = {}
        self.offers: list[dict[str, Any]] = []
        self.coops: dict[frozenset[str], dict[str, Any]] = {}
        self.members: dict[str, list[str]] = {}
        self.frozen: set[str] = set()
        self.quarters: list[_Quarter] = []
        self.borough_names: dict[str, str] = {}
        self.excluded: dict[tuple[str, str], set[str]] = defaultdict(set)
        self.parallel_groups: list[list[str]] = []
        self.dup_offer_clusters: list[list[str]] = []
        self.dup_actor_pairs: set[Pair] = set()
        self.not_dup_actor_pairs: set[Pair] = set()
        self.planted_committees: set[Pair] = set()
        self.look_alike_rate = look_alike_rate
        self.look_alike_groups: list[list[str]] = []

    # ---- small helpers ------------------------------------------------------------
    def new_id(self, prefix: str) -> str:
        while True:
            i = f"{prefix}-{self.rng.getrandbits(36):09x}"
            if i not in self.ids:
                self.ids.add(i)
                return i

    def date(self, start: dt.date, end: dt.date) -> dt.date:
        a = start.toordinal()
        return dt.date.fromordinal(a + self.rng.randrange(end.toordinal() - a + 1))

    def coop(self, a: str, b: str, kind: str = "informal", note: str | None = None) -> None:
        key = frozenset((a, b))
        if a == b or key in self.coops:
            return
        self.coops[key] = dict(actor=a, partner=b, kind=kind, formal=kind == "formal_agreement",
                               since=dt.date.fromordinal(_DAY0 - 365 + self.rng.randrange(6000)), note=note,
                               source=self.source)

    def actor(self, name: str, kind: str, sector: str, district: str | None, *, part_of: str | None = None,
              id: str | None = None, address: str | None = None, topics: Iterable[str] = (),
              phases: Iterable[str] = ()) -> str:
        aid = id or self.new_id("akt")
        self.ids.add(aid)
        self.actors[aid] = dict(
            id=aid, name=name, kind=kind, sector=sector, part_of=part_of, district=district, address=address,
            mandate_topics=list(topics), mandate_phases=list(phases), source=self.source,
            last_verified=self.date(dt.date(2023, 1, 1), dt.date(2026, 6, 30)))
        return aid

    # ---- districts ----------------------------------------------------------------
    def districts(self) -> list[District]:
        rng = self.rng
        bases = list(_QUARTER_BASES)
        rng.shuffle(bases)
        names: list[str] = []
        k = 1
        while len(names) < self.n_quarters:
            for d in _DIRECTIONS:
                for b in bases:
                    names.append(b + (f"-{d}" if d else "") + (f" {k}" if k > 1 else ""))
            k += 1
        names = names[: self.n_quarters]
        quarters: list[District] = []
        for i, name in enumerate(names):
            group = names[i - i % QUARTERS_PER_BOROUGH]
            borough = f"bezirk-{_slug(group)}"
            self.borough_names[borough] = f"Stadtbezirk {group}"
            pop = rng.randint(6000, 30000)
            sgb2 = round(min(0.6, max(0.03, rng.betavariate(2, 5) * 0.9)), 2)
            births = pop * (0.0078 + 0.009 * sgb2)
            kids = {"schwangerschaft": births, "p0-3": births * 3, "p3-6": births * 2.95, "p6-10": births * 3.85,
                    "p10-16": births * 5.6, "p16-27": pop * 0.125}
            quarters.append(District(
                id=f"sr-{_slug(name)}", name=name, kind="quarter", part_of=borough, population=pop,
                children_by_phase={p: max(1, round(v * rng.uniform(0.95, 1.05))) for p, v in kids.items()},
                share_social_benefits=sgb2, share_single_parents=round(0.08 + 0.5 * sgb2 * rng.uniform(0.8, 1.2), 2)))
            self.quarters.append(_Quarter(quarters[-1].id, name, borough, rng.sample(_STREETS, 4)))
            self.quarters[-1].club_prefixes = rng.sample(_CLUB_PREFIX, 2)

        def aggregate(id: str, name: str, kind: str, part_of: str | None, parts: list[District]) -> District:
            pop = sum(d.population or 0 for d in parts)
            return District(
                id=id, name=name, kind=kind, part_of=part_of, population=pop,
                children_by_phase={p: sum(d.children_by_phase[p] for d in parts) for p in PHASE_IDS},
                share_social_benefits=round(sum((d.population or 0) * (d.share_social_benefits or 0) for d in parts) / pop, 3),
                share_single_parents=round(sum((d.population or 0) * (d.share_single_parents or 0) for d in parts) / pop, 3))

        boroughs = [aggregate(b, n, "borough", CITY_ID, [q for q in quarters if q.part_of == b])
                    for b, n in self.borough_names.items()]
        return [aggregate(CITY_ID, CITY_NAME, "city", None, quarters), *boroughs, *quarters]

    # ---- actors -------------------------------------------------------------------
    def address(self, q: _Quarter) -> str:
        return f"{self.rng.choice(q.streets)} {self.rng.randint(1, 140)}, 45{self.rng.randint(100, 999)} {CITY_NAME}"

    def core(self, q: _Quarter, pool: list[str]) -> str:
        """A name part from ``pool`` not yet used in the Stadtteil (any one when all are)."""
        free = [x for x in pool if x not in q.cores]
        pick = self.rng.choice(free or pool)
        q.cores.add(pick)
        return pick

    def local_name(self, role: str, q: _Quarter) -> tuple[str, str, str, str | None]:
        """(name, kind, sector, part_of) of a new local actor in ``role``."""
        r, Q = self.rng, q.name
        if role == "hub":
            return r.choice([(f"Familienzentrum {Q}", "family_centre", FW, "awo-kv"),
                             (f"Stadtteilbüro {Q}", "other", P, "stadtplanung"),
                             (f"Mehrgenerationenhaus {Q}", "family_centre", FW, "diakonie"),
                             (f"Quartiersmanagement {Q}", "department", P, "stadtplanung")])
        if role == "kita":
            k = self.core(q, _KITA_NAMES)
            return r.choice([(f"Kita {k}", "kita", FW, None), (f"Städt. Kita {k}", "kita", P, "jugendamt"),
                             (f"AWO-Kita {k}", "kita", FW, "awo-kv"), (f"Ev. Kita {k}", "kita", FW, "ev-kirchenkreis"),
                             (f"Kath. Kita St. {self.core(q, _SAINTS)}", "kita", FW, "kath-dekanat"),
                             (f"DRK-Kita {k}", "kita", FW, "drk-kv"), (f"Kindertagesstätte {k}", "kita", P, "jugendamt"),
                             (f"Elterninitiative {k} e.V.", "kita", CS, None)])
        if role == "gs":
            return r.choice([(f"Grundschule {Q}", "school", P, None), (f"Grundschule {r.choice(q.streets)}", "school", P, None),
                             (f"{self.core(q, _PERSONS)}-Grundschule", "school", P, None),
                             (f"Gemeinschaftsgrundschule {self.core(q, _PERSONS).replace('-', ' ')}", "school", P, None),
                             (f"Kath. Grundschule St. {self.core(q, _SAINTS)}", "school", P, None)])
        if role == "sek":
            return r.choice([(f"Gesamtschule {Q}", "school", P, None), (f"Realschule {Q}", "school", P, None),
                             (f"{self.core(q, _PERSONS)}-Gymnasium", "school", P, None),
                             (f"{self.core(q, _PERSONS)}-Gesamtschule", "school", P, None),
                             (f"Sekundarschule {Q}", "school", P, None), (f"{self.core(q, _PERSONS)}-Schule – Förderschule", "school", P, None)])
        if role == "club":  # one club of each sort per Stadtteil
            year = r.randint(1860, 1990)
            if r.random() < 0.25:  # a name other Stadtteile have too
                return (self.core(q, _HOMONYM_CLUBS), "club", CS, "ssb")
            sort = self.core(q, q.club_prefixes + _CLUB_SORTS)
            return {
                "DJK": (f"DJK {r.choice(_COLOURS)} {Q} e.V.", "club", CS, "ssb"),
                "Sportverein": (f"Sportverein {Q} e.V.", "club", CS, "ssb"),
                "Schwimmverein": (f"Schwimmverein {Q} {year} e.V.", "club", CS, "ssb"),
                "Musikverein": (f"Musikverein {Q} e.V.", "club", CS, None),
                "Schachclub": (f"Schachclub {Q} e.V.", "club", CS, None),
                "Jugendtreff": (f"Jugendtreff {self.core(q, _KITA_NAMES)} e.V.", "club", CS, None),
            }.get(sort, (f"{sort} {Q} {year} e.V." if sort in _CLUB_PREFIX else f"{sort} {Q} e.V.", "club", CS, "ssb"))
        if role == "health":
            n = self.core(q, _SURNAMES)
            return r.choice([(f"Kinderarztpraxis Dr. {n}", "health", PR, None), (f"Hebammenpraxis {self.core(q, _KITA_NAMES)}", "health", PR, None),
                             (f"Praxis für Logopädie {n}", "health", PR, None), (f"Ergotherapie {n}", "health", PR, None),
                             (f"Kinder- und Jugendlichenpsychotherapie Dr. {n}", "health", PR, None),
                             (f"Zahnarztpraxis Dr. {n}", "health", PR, None), (f"Praxis für Kinderbewegung {self.core(q, _KITA_NAMES)}", "health", PR, None)])
        if role == "init":
            return r.choice([(f"Lesepaten {Q} e.V.", "initiative", CS, None), (f"Nachbarschaftshilfe {Q} e.V.", "initiative", CS, None),
                             (f"Bürgerverein {Q} e.V.", "initiative", CS, None), (f"Tafel {Q}", "initiative", CS, None),
                             (f"Förderverein der Grundschule {Q} e.V.", "initiative", CS, None),
                             (f"Kulturverein {self.core(q, _KITA_NAMES)} e.V.", "initiative", CS, None),
                             (f"Verein für Familien in {Q} e.V.", "initiative", CS, None)])
        return {
            "ev": (f"Ev. Kirchengemeinde {CITY_NAME}-{Q}", "church", CS, "ev-kirchenkreis"),
            "kath": (f"Kath. Kirchengemeinde St. {self.core(q, _SAINTS)} {Q}", "church", CS, "kath-dekanat"),
            "awo": (r.choice(["AWO", "Arbeiterwohlfahrt"]) + f" Ortsverein {Q} e.V.", "welfare_org", FW, "awo-kv"),
            "drk": (f"DRK-Ortsverein {Q} e.V.", "welfare_org", FW, "drk-kv"),
            "caritas": (f"Caritas-Stadtteilzentrum {Q}", "family_centre", FW, "caritas"),
            "diakonie": (f"Diakonie-Treff {Q}", "family_centre", FW, "diakonie"),
            "mosque": (r.choice(["DITIB Moscheegemeinde", "Islamische Gemeinde"]) + f" {Q} e.V.", "church", CS, None),
            "youth": (f"Jugendzentrum {Q}", "other", P, "jugendamt"),
            "edu": (f"Stadtteilbibliothek {Q}", "education", P, "stadtbibliothek"),
        }[role]

    def local_actor(self, role: str, q: _Quarter, *, pooled: bool = True) -> str:
        for _ in range(30):
            name, kind, sector, part_of = self.local_name(role, q)
            if normalise(name) not in q.names:
                break
        else:
            name = f"{name} – {self.rng.choice(q.streets)}"
        q.names.add(normalise(name))
        aid = self.actor(name, kind, sector, q.id, part_of=part_of, address=self.address(q))
        if pooled:
            q.pool.append(aid)
            q.by_kind[kind].append(aid)
        return aid

    def city_actors(self) -> None:
        home = self.quarters[0]
        for id, name, kind, sector, part_of in CITY_ACTORS + LEAF_ACTORS:
            self.actor(name.format(c=CITY_NAME), kind, sector, home.id, part_of=part_of, id=id, address=self.address(home))
        self.not_dup_actor_pairs.add(_pair("awo-bv", "awo-kv"))

    def plan_parallel_groups(self) -> list[tuple[_Quarter, str, str, list[_Stem]]]:
        """Pick empty (Stadtteil, phase, topic) cells for the planted parallel offers."""
        if self.n_offers < 30 or self.parallel_rate <= 0:
            return []
        n = max(1, round(self.n_offers * self.parallel_rate / 2.3))
        by_cell: dict[tuple[str, str], list[_Stem]] = defaultdict(list)
        for s in REGULAR_STEMS:
            for p in s.phases:
                for t in s.topics:
                    by_cell[(p, t)].append(s)
        cells = sorted(c for c, stems in by_cell.items() if len(stems) >= 3)
        plans, used = [], set()
        while len(plans) < n and len(used) < len(cells) * len(self.quarters):
            q = self.rng.choice(self.quarters)
            phase, topic = self.rng.choice(cells)
            if (q.id, phase, topic) in used:
                continue
            used.add((q.id, phase, topic))
            excluded = self.excluded[(q.id, phase)] | {topic}
            if any(all(set(s.topics) & excluded for s in BRIDGE_STEMS[t])  # keep a bridging offer possible
                   for t, phases in TRANSITION_PHASES.items() if phase in phases):
                continue
            size = 3 if self.rng.random() < 0.3 else 2
            plans.append((q, phase, topic, self.rng.sample(by_cell[(phase, topic)], size)))
            self.excluded[(q.id, phase)].add(topic)
        return plans

    def local_actors(self, plans: list) -> None:
        n_target = round(self.n_offers * self.actors_per_offer)
        n_committees = min(len(_CITY_COMMITTEES), max(3, self.n_quarters)) + len(self.borough_names)
        self.n_parallel_committees = max(1, round(self.n_quarters * self.parallel_committee_rate))
        planted_q = {q.id for q in self.rng.sample(self.quarters, min(self.n_parallel_committees, len(self.quarters)))}
        self.conference_quarters = [q for q in self.quarters if q.id not in planted_q and self.rng.random() < 0.5]
        self.planted_committee_quarters = [q for q in self.quarters if q.id in planted_q]
        n_committees += len(self.conference_quarters) + 2 * len(self.planted_committee_quarters)
        n_frozen = sum(len(stems) for *_, stems in plans)
        n_fixed = len(self.actors) + n_committees + n_frozen
        n_local = max(0, n_target - n_fixed)
        n_dups = round(n_local * self.actor_duplicate_rate)
        n_local = max(6 * len(self.quarters), n_local - n_dups)
        per, extra = divmod(n_local, len(self.quarters))
        ev_prev: dict[str, str] = {}
        for i, q in enumerate(self.quarters):
            count = per + (i < extra)
            roles = list(_FIRST_ROLES[:count]) + [self.rng.choice(_MORE_ROLES) for _ in range(count - len(_FIRST_ROLES))]
            for role in roles:
                aid = self.local_actor(role, q)
                if role == "hub":
                    q.hub = aid
                elif role in ("awo", "drk"):
                    self.not_dup_actor_pairs.add(_pair(aid, "awo-kv" if role == "awo" else "drk-kv"))
                elif role == "ev":
                    if q.borough in ev_prev:  # two parishes of one Kirchenkreis in one Stadtbezirk
                        self.not_dup_actor_pairs.add(_pair(aid, ev_prev[q.borough]))
                    ev_prev[q.borough] = aid
        # the same generic name in two Stadtteile: one example pair per name
        first: dict[str, str] = {}
        done: set[str] = set()
        for q in self.quarters:
            for aid in q.pool:
                key = normalise(self.actors[aid]["name"])
                if key in done:
                    continue
                if key in first:  # names are unique within a Stadtteil, so this one is elsewhere
                    self.not_dup_actor_pairs.add(_pair(first[key], aid))
                    done.add(key)
                else:
                    first[key] = aid
        # planted duplicate actors: a second entry under another spelling
        candidates = [a for q in self.quarters for a in q.pool if a != q.hub]
        by_id = {q.id: q for q in self.quarters}
        for orig in self.rng.sample(candidates, min(n_dups, len(candidates))):
            a = self.actors[orig]
            q = by_id[a["district"]]
            name = vary_name(self.rng, a["name"], site=self.rng.choice([q.name, a["address"].split(",")[0]]))
            street = a["address"].split(",")[0]
            address = self.rng.choice([street, f"{street}a, {CITY_NAME}", a["address"], a["address"].replace(", ", " ")])
            copy = self.actor(name, a["kind"], a["sector"], q.id, part_of=a["part_of"] if self.rng.random() < 0.3 else None,
                              address=address)
            q.pool.append(copy)
            q.by_kind[a["kind"]].append(copy)
            self.dup_actor_pairs.add(_pair(orig, copy))
        self.not_dup_actor_pairs -= self.dup_actor_pairs

    # ---- offers -------------------------------------------------------------------
    def offer(self, stem: _Stem, phases: Iterable[str], district: str, providers: list[str], title: str,
              loc: str, *, status: str = "active", topics: Iterable[str] | None = None) -> dict[str, Any]:
        rng = self.rng
        phases = list(phases)
        if status == "planned":
            start, end = self.date(dt.date(2026, 1, 1), dt.date(2027, 9, 1)), None
        elif status == "ended":
            start = self.date(dt.date(2012, 1, 1), dt.date(2022, 6, 30))
            end = self.date(dt.date(2023, 1, 1), dt.date(2025, 12, 31))
        else:
            start, end = dt.date.fromordinal(_DAY0 + rng.randrange(6100)), None
        lo, hi = _CAPACITY[stem.kind]
        langs = ["de"] + (sorted(rng.sample(_LANGS, rng.randint(1, 2))) if rng.random() < 0.25 else [])
        o = dict(
            id=self.new_id("ang"), title=title, description=stem.description.replace("{im}", loc), kind=stem.kind,
            target_group=stem.target, age_min=min(PHASE_AGES[p][0] for p in phases),
            age_max=max(PHASE_AGES[p][1] for p in phases), languages=langs,
            cost=rng.choice(("free", "free", "free", "free", "fee", "income_based")), capacity=rng.randint(lo, hi),
            status=status, start_date=start, end_date=end, funding=rng.choice(_FUNDING),
            providers=[{"actor": providers[0], "role": "lead"}] + [{"actor": p, "role": "partner"} for p in providers[1:]],
            phases=phases, transitions=[stem.transition] if stem.transition else [],
            topics=list(topics if topics is not None else stem.topics), districts=[district],
            source=self.source, last_verified=self.date(dt.date(2023, 1, 1), dt.date(2026, 6, 30)))
        self.offers.append(o)
        return o

    def lead(self, q: _Quarter, phases: Iterable[str]) -> list[str]:
        rng = self.rng
        kinds = [k for p in phases for k in _LEADS_BY_PHASE[p] if q.by_kind.get(k)]
        lead = rng.choice(q.by_kind[rng.choice(kinds)]) if kinds else rng.choice(q.pool)
        out = [lead]
        if rng.random() < 0.3:
            partner = rng.choice(q.pool) if rng.random() < 0.7 else rng.choice(CITY_PROVIDERS)
            if partner != lead:
                out.append(partner)
        return out

    def local_title(self, stem: _Stem, q: _Quarter, lead: str) -> str:
        r = self.rng.random()
        if stem.generic or stem.transition:
            return f"{stem.title} {q.name}" if r < (0.25 if stem.generic else 0.75) else stem.title
        if r < 0.45:
            return f"{stem.title} {q.name}"
        if r < 0.7:
            return f"{stem.title} – {self.actors[lead]['name']}"
        return stem.title

    def status(self) -> str:
        r = self.rng.random()
        return "active" if r < 0.9 else "planned" if r < 0.94 else "paused" if r < 0.97 else "ended"

    def bridges(self, budget: int) -> None:
        rng = self.rng
        made = 0
        for b, bname in self.borough_names.items():
            for t in TRANSITION_PHASES:
                if rng.random() < 0.1 and made < budget:
                    stem = rng.choice(BRIDGE_STEMS[t])
                    self.offer(stem, stem.phases, b, [rng.choice(CITY_PROVIDERS)], f"{stem.title} – {bname}",
                               f"im {bname}")
                    made += 1
        for q in self.quarters:
            for t in TRANSITION_PHASES:
                stems = [s for s in BRIDGE_STEMS[t]
                         if not any(set(s.topics) & self.excluded.get((q.id, p), set()) for p in s.phases)]
                if rng.random() < self.gap_rate:
                    chosen, status = stems[:1] if rng.random() < 0.4 else [], rng.choice(("planned", "paused", "ended"))
                else:
                    chosen, status = rng.sample(stems, min(len(stems), 1 if rng.random() < 0.7 else 2)), "active"
                for stem in chosen:
                    if made >= budget:
                        return
                    providers = self.lead(q, stem.phases)
                    self.offer(stem, stem.phases, q.id, providers, self.local_title(stem, q, providers[0]),
                               f"im Stadtteil {q.name}", status=status)
                    made += 1

    def regular(self, n: int) -> None:
        rng = self.rng
        n_city = min(round(0.02 * n), 60)
        n_borough = min(round(0.04 * n / len(self.borough_names)), 40)
        city_slots = [(s, p) for s in REGULAR_STEMS for p in s.phases]
        rng.shuffle(city_slots)
        for stem, phase in city_slots[:n_city]:
            title = stem.title if rng.random() < 0.6 else f"{stem.title} in {CITY_NAME}"
            self.offer(stem, [phase], CITY_ID, [rng.choice(CITY_PROVIDERS)], title, f"in {CITY_NAME}", status=self.status())
        made = min(n_city, len(city_slots))
        for b, bname in self.borough_names.items():
            rng.shuffle(city_slots)
            for stem, phase in city_slots[: min(n_borough, n - made)]:
                self.offer(stem, [phase], b, [rng.choice(CITY_PROVIDERS)], f"{stem.title} – {bname}", f"im {bname}",
                           status=self.status())
                made += 1
        left = n - made
        per, extra = divmod(left, len(self.quarters))
        carry = 0
        for i, q in enumerate(self.quarters * 2):
            want = (per + (i < extra) if i < len(self.quarters) else 0) + carry
            if q.slots is None:
                q.slots = [(s, p) for s in REGULAR_STEMS for p in s.phases
                           if not set(s.topics) & self.excluded.get((q.id, p), set())]
                rng.shuffle(q.slots)
            take = min(want, len(q.slots))
            for _ in range(take):
                stem, phase = q.slots.pop()
                providers = self.lead(q, [phase])
                self.offer(stem, [phase], q.id, providers, self.local_title(stem, q, providers[0]),
                           f"im Stadtteil {q.name}", status=self.status())
            carry = want - take
        if carry:
            raise ValueError(f"{carry} Angebote passen nicht in {len(self.quarters)} Stadtteile; offers_per_quarter senken")

    def parallel_offers(self, plans: list) -> None:
        leaves = [a[0] for a in LEAF_ACTORS]
        for q, phase, topic, stems in plans:
            group = []
            for stem, partner in zip(stems, self.rng.sample(leaves, len(stems))):
                aid = self.local_actor(self.rng.choice(("health", "club", "init")), q, pooled=False)
                self.frozen.add(aid)
                self.coop(aid, partner, "informal")
                title = f"{stem.title} {q.name}" if self.rng.random() < 0.5 else stem.title
                group.append(self.offer(stem, [phase], q.id, [aid], title, f"im Stadtteil {q.name}", topics=[topic])["id"])
            self.parallel_groups.append(group)

    def reporters(self, q: _Quarter | None, lead: str) -> list[dict[str, str]]:
        """Who enters an offer a second time, as real lists show it.

        Mostly its own provider again (35 %), a partner that runs it together with the
        provider (30 %, the provider listed as partner), the Stadtteil's Kümmerer that
        cooperates with every local actor, or the Koordinationsstelle for the city's own
        offers (25 %); rarely (10 %) an actor with no link to the provider.
        """
        rng = self.rng
        r = rng.random()
        pool = [a for a in (q.pool if q else CITY_PROVIDERS) if a != lead and (q is None or a != q.hub)]
        if r < 0.35 or not pool:
            return [{"actor": lead, "role": "lead"}]
        if r < 0.65:
            return [{"actor": rng.choice(pool), "role": "lead"}, {"actor": lead, "role": "partner"}]
        if r < 0.9:
            return [{"actor": q.hub if q else "koordination", "role": "lead"}]
        return [{"actor": rng.choice(pool), "role": "lead"}]

    def look_alikes(self, n: int) -> None:
        """Offers that look alike and are not one offer: two clubs of a Stadtteil with the
        same activity ("Kinderturnen TuS Lindenhof" / "Kinderturnen SC Lindenhof": only the
        club's short name and the shared place word differ), and one provider's activity in
        overlapping age groups ("Schwimmkurs 6–8 Jahre" / "7–9" / "8–10": a chain of
        look-alikes). Each group is labelled in the truth as pairs that are no duplicates."""
        rng = self.rng
        quarters = list(self.quarters)
        rng.shuffle(quarters)
        used: set[tuple[str, str, str]] = set()
        existing: dict[tuple[str, str], list[str]] = defaultdict(list)  # what the Stadtteil already offers
        for o in self.offers:
            for p in o["phases"]:
                existing[(o["districts"][0], p)].append(normalise(o["title"]))
        made, tries = 0, 0
        while made < n and tries < 20 * len(quarters) + 20:
            q = quarters[tries % len(quarters)]
            tries += 1
            title, kind, topics, phase, target, text = rng.choice(_CLUB_ACTIVITIES)
            topic_ids = [_TOPIC[c] for c in topics]
            if set(topic_ids) & self.excluded.get((q.id, phase), set()):
                continue  # keep the planted parallel cells as they are
            activity = normalise(title)
            if (q.id, phase, activity) in used or any(activity in t for t in existing[(q.id, phase)]):
                continue  # one look-alike group per activity, never next to the same activity of the plan
            stem = _Stem(title, _KIND[kind], tuple(topic_ids), (phase,), target, text)
            clubs = [a for a in q.by_kind.get("club", []) if a not in self.frozen]
            ladder = _AGE_LADDERS.get(phase)
            if ladder and (tries % 2 or len(clubs) < 2):
                lead = rng.choice(clubs or q.pool)
                group = [(f"{title} {lo}–{hi} Jahre", lead, (lo, hi)) for lo, hi in ladder]
            elif len(clubs) >= 2:
                group = [(f"{title} {_short_name(self.actors[a]['name'])}", a, None) for a in rng.sample(clubs, 2)]
            else:
                continue
            group = group[: n - made]
            keys = [(normalise(t), phase, q.id) for t, _, _ in group]
            if any(k in used for k in keys) or len({k[0] for k in keys}) < len(keys):
                continue
            used.update(keys)
            used.add((q.id, phase, activity))
            if q.slots is not None:  # nor later from the regular plan
                q.slots = [(s, p) for s, p in q.slots if p != phase or activity not in normalise(s.title)]
            ids = []
            for t, provider, ages in group:
                o = self.offer(stem, [phase], q.id, [provider], t, f"im Stadtteil {q.name}")
                if ages:
                    o["age_min"], o["age_max"] = ages
                else:  # each club says where it trains
                    o["description"] += f" Beim {_short_name(self.actors[provider]['name'])}, {rng.choice(q.streets)}."
                ids.append(o["id"])
            self.look_alike_groups.append(ids)
            made += len(ids)

    def duplicate_offers(self, n_copies: int) -> None:
        rng = self.rng
        sizes = []
        while sum(sizes) < n_copies:
            sizes.append(1 if rng.random() < 0.8 or n_copies - sum(sizes) < 2 else 2)  # clusters of 2 or 3
        # look-alikes are never copied: a copy dropping the club's name could be either club's offer
        frozen_offers = {o for g in self.parallel_groups + self.look_alike_groups for o in g}
        candidates = [o for o in self.offers if o["status"] == "active" and o["id"] not in frozen_offers]
        by_id = {q.id: q for q in self.quarters}

        def key(title: str, district: str) -> frozenset[str]:  # the words, without the Stadtteil's name
            q = by_id.get(district)
            return frozenset(normalise(title).split()) - (frozenset(normalise(q.name).split()) if q else frozenset())

        taken: dict[tuple[frozenset[str], str, str], str] = {}
        for o in self.offers:
            for p in o["phases"]:
                taken.setdefault((key(o["title"], o["districts"][0]), o["districts"][0], p), o["id"])
        for orig, n in zip(rng.sample(candidates, min(len(sizes), len(candidates))), sizes):
            cluster, titles = [orig["id"]], {orig["title"]}
            district = orig["districts"][0]
            q = by_id.get(district)
            lead = orig["providers"][0]["actor"]
            site = f"Standort {rng.choice(q.streets)}" if q else None  # one offer, one site
            for _ in range(n):
                providers = self.reporters(q, lead)
                other = providers[0]["actor"]
                suffixes = [self.actors[lead]["name"], site, q.name if q else None]
                if len(providers) > 1 or other == lead:
                    suffixes.append(self.actors[other]["name"])
                for _ in range(10):  # every entry of a cluster is written differently, and like no other offer
                    title = vary_title(rng, orig["title"], suffixes=suffixes)
                    k = key(title, district)
                    if title not in titles and all(taken.get((k, district, p), orig["id"]) in cluster
                                                   for p in orig["phases"]):
                        break
                copy = dict(orig, id=self.new_id("ang"), providers=providers, title=title,
                            description=paraphrase(rng, orig["description"]),
                            capacity=orig["capacity"] if rng.random() < 0.5 else None,
                            funding=rng.choice(_FUNDING), languages=list(orig["languages"]),
                            start_date=orig["start_date"] if rng.random() < 0.3 else dt.date.fromordinal(_DAY0 + rng.randrange(6100)),
                            last_verified=self.date(dt.date(2023, 1, 1), dt.date(2026, 6, 30)))
                self.offers.append(copy)
                cluster.append(copy["id"])
                for p in orig["phases"]:
                    taken.setdefault((key(title, district), district, p), orig["id"])
                titles.add(title)
            self.dup_offer_clusters.append(cluster)

    # ---- relations ----------------------------------------------------------------
    def cooperations(self) -> None:
        rng = self.rng
        for id, *_ in CITY_ACTORS + LEAF_ACTORS:
            self.coop("koordination", id, "informal", "Netzwerk Präventionskette")
        for x in ("awo-kv", "caritas", "diakonie", "drk-kv", "paritaet"):
            self.coop("jugendamt", x, "formal_agreement", "Rahmenvereinbarung freie Träger der Jugendhilfe")
        for a, b in [("jobcenter", "agentur"), ("gesundheitsamt", "fruehe-hilfen"), ("klinik", "fruehe-hilfen"),
                     ("jugendamt", "sozialamt"), ("ki", "vhs"), ("dksb", "jugendamt"), ("schulamt", "berufskolleg")]:
            self.coop(a, b, "formal_agreement")
        prev_hub: dict[str, str] = {}
        for q in self.quarters:
            self.coop("jugendamt", q.hub, "formal_agreement", f"Leistungsvereinbarung Stadtteilarbeit {q.name}")
            self.coop("koordination", q.hub, "informal", "Netzwerk Präventionskette")
            if q.borough in prev_hub:
                self.coop(prev_hub[q.borough], q.hub, "informal", self.borough_names[q.borough])
            prev_hub[q.borough] = q.hub
        hub_of = {q.id: q.hub for q in self.quarters}
        for o in self.offers:
            ids = [p["actor"] for p in o["providers"]]
            for p in ids[1:]:
                self.coop(ids[0], p, "shared_offer", f"gemeinsames Angebot: {o['title']}")
            # every provider active in a Stadtteil knows its Kümmerer; city-wide ones the Koordinationsstelle
            hub = hub_of.get(o["districts"][0], "koordination")
            for p in ids:
                if p not in self.frozen:
                    self.coop(p, hub, "informal", "Stadtteilnetzwerk")
        for q in self.quarters:
            for a in q.pool:
                kind = "referral" if self.actors[a]["kind"] in ("health", "agency") else "informal"
                self.coop(a, q.hub, kind, f"Stadtteilnetzwerk {q.name}")
            for _ in range(len(q.pool) // 3):
                a, b = rng.sample(q.pool, 2)
                self.coop(a, b, rng.choice(("informal", "referral", "formal_agreement")))

    def committee(self, name: str, topics: str, phases: list[str], district: str, members: list[str]) -> str:
        cid = self.actor(name, "committee", P, district, topics=[_TOPIC[c] for c in topics], phases=phases)
        self.members[cid] = members
        return cid

    def overlaps_too_much(self, members: list[str], *, ignore: Iterable[str] = ()) -> bool:
        new = set(members)
        return any(jaccard(new, set(m)) >= COMMITTEE_MEMBER_LIMIT
                   for c, m in self.members.items() if c not in ignore)

    def sample_members(self, pool: list[str], k: int, fixed: Iterable[str] = ()) -> list[str] | None:
        """Members drawn from ``pool`` that overlap no existing committee; None in a city too small."""
        fixed = list(fixed)
        choices = [a for a in pool if a not in fixed]
        for _ in range(50):
            members = fixed + self.rng.sample(choices, min(k, len(choices)))
            if not self.overlaps_too_much(members):
                return members
        return None

    def committees(self) -> None:
        rng = self.rng
        city_pool = [a[0] for a in CITY_ACTORS]
        hubs = [q.hub for q in self.quarters]
        for name, topics, phases in _CITY_COMMITTEES[: min(len(_CITY_COMMITTEES), max(3, len(self.quarters)))]:
            members = self.sample_members(city_pool, rng.randint(5, 8), rng.sample(hubs, min(2, len(hubs))))
            if members:
                self.committee(name, topics, phases, CITY_ID, members)
        for b, bname in self.borough_names.items():
            qs = [q for q in self.quarters if q.borough == b]
            pool = [a for q in qs for a in q.pool if a != q.hub]
            members = self.sample_members(pool, 3, [q.hub for q in qs])
            if members:
                self.committee(f"Stadtbezirkskonferenz {bname.removeprefix('Stadtbezirk ')}", "AEB", PHASE_IDS, b, members)
        for q in self.conference_quarters:
            members = self.sample_members([a for a in q.pool if a != q.hub], 5, [q.hub])
            if members:
                self.committee(f"Stadtteilkonferenz {q.name}", "AES", PHASE_IDS, q.id, members)
        for q in self.planted_committee_quarters:
            name_a, name_b, topics = rng.choice(_PARALLEL_COMMITTEES)
            phases = sorted(rng.sample(PHASE_IDS, 3), key=PHASE_IDS.index)
            others = [a for a in q.pool if a != q.hub]
            if len(others) < 5:  # fewer members could not reach a member Jaccard of 0.6
                continue
            for _ in range(50):
                base = [q.hub] + rng.sample(others, min(7, len(others) - 1))
                swap_out = rng.choice(base[1:])
                swap_in = rng.choice([a for a in others if a not in base] or ["koordination"])
                second = [a for a in base if a != swap_out] + [swap_in]
                if not self.overlaps_too_much(base) and not self.overlaps_too_much(second):
                    break
            else:  # a Stadtteil too small to hold two committees apart from the others
                continue
            topics_b = topics if rng.random() < 0.5 else topics[:2] + rng.choice([c for c in _TOPIC if c not in topics])
            a = self.committee(f"{name_a} {q.name}", topics, phases, q.id, base)
            b = self.committee(f"{name_b} {q.name}", topics_b, phases, q.id, second)
            self.planted_committees.add(_pair(a, b))

    # ---- assembly -----------------------------------------------------------------
    def build(self) -> SyntheticCity:
        rng = self.rng
        districts = self.districts()
        self.city_actors()
        plans = self.plan_parallel_groups()
        self.local_actors(plans)
        n_frozen = sum(len(p[3]) for p in plans)
        n_copies = min(round(self.n_offers * self.duplicate_rate), max(0, self.n_offers - n_frozen) // 2)
        budget = max(0, self.n_offers - n_copies - n_frozen)
        n_look = min(round(self.n_offers * self.look_alike_rate), budget // 4)
        if budget < n_frozen:  # a tiny city: no planted parallel offers
            plans, n_frozen = [], 0
            self.excluded.clear()
            budget = self.n_offers - n_copies
        self.bridges(budget)
        self.regular(budget - len(self.offers) - n_look)
        self.look_alikes(budget - len(self.offers))
        if budget > len(self.offers):  # what the look-alikes could not take
            self.regular(budget - len(self.offers))
        self.parallel_offers(plans)
        self.duplicate_offers(self.n_offers - len(self.offers))
        self.cooperations()
        self.committees()

        actors = [Actor(**a) for a in self.actors.values()]
        offers = [Offer(**o) for o in self.offers]
        rng.shuffle(actors)
        rng.shuffle(offers)
        batch = GraphBatch(
            life_phases=[LifePhase(id=pid, name=n, order=i, age_min=lo, age_max=hi, description=d)
                         for i, (pid, n, lo, hi, d) in enumerate(PHASES)],
            transitions=[Transition(id=t, name=n, from_phase=f, to_phase=to, description=d)
                         for t, n, f, to, d in TRANSITIONS],
            topics=[Topic(id=t, name=n, description=d) for t, n, d in TOPICS],
            districts=districts, actors=actors, offers=offers,
            cooperations=[Cooperation(**c) for c in self.coops.values()],
            memberships=[Membership(actor=a, committee=c, role="Vorsitz" if i == 0 else "Mitglied")
                         for c, ms in self.members.items() for i, a in enumerate(ms)],
        )
        return SyntheticCity(batch=batch, truth=self.truth(batch), seed=self.seed)

    def truth(self, batch: GraphBatch) -> GroundTruth:
        planted = {frozenset(p) for g in self.parallel_groups for p in combinations(g, 2)}
        found = unlinked_offer_pairs(batch)
        if found != planted:
            raise ValueError(f"Parallelangebote weichen ab: {len(found - planted)} zusätzlich, {len(planted - found)} fehlend")
        committees = parallel_committee_pairs(batch)
        if committees != self.planted_committees:
            raise ValueError(f"parallele Gremien weichen ab: {sorted(committees ^ self.planted_committees)[:5]}")
        return GroundTruth(
            duplicate_offer_pairs=frozenset(_pair(a, b) for c in self.dup_offer_clusters for a, b in combinations(c, 2)),
            duplicate_offer_clusters=tuple(sorted(tuple(c) for c in self.dup_offer_clusters)),
            duplicate_actor_pairs=frozenset(self.dup_actor_pairs),
            parallel_offer_groups=frozenset(tuple(sorted(g)) for g in self.parallel_groups),
            parallel_committee_pairs=frozenset(committees),
            gaps=frozenset(transition_gaps(batch)),
            not_duplicate_actor_pairs=frozenset(self.not_dup_actor_pairs),
            hard_negative_offer_pairs=frozenset(hard_negative_offer_pairs(batch)),
            look_alike_offer_pairs=frozenset(_pair(a, b) for g in self.look_alike_groups for a, b in combinations(g, 2)),
        )


def parallel_committee_pairs(batch: GraphBatch, *, members_min: float = PARALLEL_COMMITTEE_RULE[0],
                             topics_min: float = PARALLEL_COMMITTEE_RULE[1]) -> set[Pair]:
    """Committee pairs whose member and mandate-topic Jaccard reach both limits, sorted id pairs.

    Only pairs sharing a member are compared (an inverted index), so this is linear in the
    memberships for cities whose committees barely overlap.
    """
    members: dict[str, set[str]] = defaultdict(set)
    of_actor: dict[str, set[str]] = defaultdict(set)
    for m in batch.memberships:
        members[m.committee].add(m.actor)
        of_actor[m.actor].add(m.committee)
    topics = {a.id: set(a.mandate_topics) for a in batch.actors if a.kind == "committee"}
    candidates = {_pair(a, b) for cs in of_actor.values() for a, b in combinations(sorted(cs), 2)}
    return {(a, b) for a, b in candidates
            if jaccard(members[a], members[b]) >= members_min and jaccard(topics.get(a, set()), topics.get(b, set())) >= topics_min}


def hard_negative_offer_pairs(batch: GraphBatch) -> set[Pair]:
    """Offers with the same normalised title that are not duplicates: another phase in the same
    district (every such pair), or another district (one example pair per title)."""
    by_title: dict[str, list[Offer]] = defaultdict(list)
    for o in batch.offers:
        by_title[normalise(o.title)].append(o)
    out: set[Pair] = set()
    for offers in by_title.values():
        if len(offers) < 2:
            continue
        by_district: dict[tuple[str, ...], list[Offer]] = defaultdict(list)
        for o in offers:
            by_district[tuple(o.districts)].append(o)
        for same in by_district.values():
            out |= {_pair(a.id, b.id) for a, b in combinations(same, 2) if not set(a.phases) & set(b.phases)}
        if len(by_district) > 1:
            first, second = list(by_district.values())[:2]
            out.add(_pair(first[0].id, second[0].id))
    return out


def generate_city(
    n_offers: int,
    *,
    seed: int = 0,
    actors_per_offer: float = 0.3,
    duplicate_rate: float = 0.05,
    actor_duplicate_rate: float = 0.03,
    gap_rate: float = 0.1,
    parallel_rate: float = 0.01,
    parallel_committee_rate: float = 0.1,
    offers_per_quarter: int = 120,
    look_alike_rate: float = 0.03,
) -> SyntheticCity:
    """Generate a synthetic city with ``n_offers`` offers and its ground truth.

    Parameters
    ----------
    n_offers : int
        Exactly this many offers, planted copies included.
    seed : int
        Seed of the one ``random.Random``; the same arguments give the same city.
    actors_per_offer : float
        Actors (committees included) per offer; a city has at least the city's own ~34
        actors and six per Stadtteil.
    duplicate_rate : float
        Share of offers that are planted copies of another offer (clusters of 2 or 3).
    actor_duplicate_rate : float
        Share of local actors entered a second time under another spelling.
    gap_rate : float
        Chance that a (Stadtteil, transition) gets no active bridging offer of its own
        (a borough-wide offer may still close it; the truth follows the rule).
    parallel_rate : float
        Share of offers planted as parallel offers by unconnected providers.
    parallel_committee_rate : float
        Planted pairs of parallel committees per Stadtteil.
    look_alike_rate : float
        Share of offers planted as look-alikes that are not duplicates (two clubs'
        same activity in one Stadtteil, one provider's overlapping age groups).
    offers_per_quarter : int
        Offers per Stadtteil; the city has ``max(2, round(n_offers / offers_per_quarter))``
        Stadtteile, six to a Stadtbezirk. At most about 150 fit in one.

    Returns
    -------
    SyntheticCity
        ``batch`` (a :class:`~graph.model.GraphBatch`) and ``truth`` (:class:`GroundTruth`).

    Raises
    ------
    ValueError
        If the planted structures do not hold exactly (a bug, never bad luck).

    Examples
    --------
    >>> city = generate_city(1000, seed=7)
    >>> len(city.batch.offers), len(city.truth.duplicate_offer_pairs) >= 40
    (1000, True)

    Notes
    -----
    O(n) time and memory; every entity goes through pydantic validation, which is about
    half of the time (100,000 offers: see benchmarks/README.md).
    """
    if n_offers < 0:
        raise ValueError("n_offers darf nicht negativ sein")
    return _Builder(n_offers, seed, actors_per_offer, duplicate_rate, actor_duplicate_rate, gap_rate, parallel_rate,
                    offers_per_quarter, parallel_committee_rate, look_alike_rate).build()
