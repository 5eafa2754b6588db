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
GAP_SIDES = "{left} laufende Angebote für {from_phase}, {right} für {to_phase}; keines richtet sich an beide Seiten."
GAP_COOPERATION = "{count} Trägerpaar(e) beider Seiten kooperieren aber: {pairs}."
GAP_PHASE_EMPTY_CITYWIDE = (
    "In der ganzen Stadt ist für {phase} kein laufendes Angebot eingetragen – vermutlich fehlen dafür "
    "Daten, nicht nur Angebote."
)
GAP_NO_COOPERATION = "Die Träger beider Seiten arbeiten nicht zusammen."
BRIDGED_BY_COOPERATION = "Die Träger beider Seiten kooperieren ({count} Paar(e): {pairs}) – das gilt hier als Begleitung."

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

# --- gaps: priority, topics, chain continuity -------------------------------------------
GAP_PRIORITY = (
    "Hier leben {children} Kinder in den beiden Lebensphasen; {share} der unter 15-Jährigen beziehen "
    "Sozialgeld."
)
TOPIC_GAP = (
    "Im Sozialraum {district} begleitet beim Übergang {transition} kein Angebot das Thema „{topic}“ – "
    "in {elsewhere} anderen Sozialraum/-räumen gibt es das: {examples}."
)
CHAIN_LINKED = (
    "Im Sozialraum {district} ist die Kette von {from_phase} zu {to_phase} verbunden: {links}."
)
CHAIN_BROKEN = (
    "Im Sozialraum {district} reißt die Kette zwischen {from_phase} und {to_phase}: Die Träger der "
    "Angebote für {from_phase} ({left}) arbeiten mit keinem Träger der Angebote für {to_phase} ({right}) "
    "zusammen."
)
CHAIN_EMPTY = "Im Sozialraum {district} gibt es für {phase} kein laufendes Angebot – die Kette reißt hier."

# --- Netzwerkanalysen (issue 3): Parallelstrukturen, Netzwerkrollen, Empfehlungen, Was-wäre-wenn ---

NUMBER_WORDS_DE = {
    1: "ein", 2: "zwei", 3: "drei", 4: "vier", 5: "fünf", 6: "sechs",
    7: "sieben", 8: "acht", 9: "neun", 10: "zehn", 11: "elf", 12: "zwölf",
}
AND_MORE = "{shown} und {rest} weitere"

PARALLEL_OFFERS = (
    "In {district} gibt es für {phase} zum Thema {topic} {count} Angebote von Trägern, "
    "die nicht miteinander kooperieren{steps}: {groups}."
)
PARALLEL_STEPS_DIRECT = ""
PARALLEL_STEPS_ONE = " – auch nicht über einen gemeinsamen Partner"
PARALLEL_STEPS_MANY = " – auch nicht über bis zu {between} Zwischenstationen"
PARALLEL_GROUP = "{titles} ({providers})"
PARALLEL_COMMITTEES = (
    "{a} und {b} überschneiden sich stark: {shared_members} von {all_members} Mitgliedern sitzen in "
    "beiden Gremien ({member_share}), {shared_topics} von {all_topics} Mandatsthemen sind gleich "
    "({topic_share}: {topics}). Gemeinsame Mitglieder: {members}."
)

BROKER_ONE_AREA = (
    "{actor} kooperiert nur innerhalb von {departments}, liegt dort aber auf {share} der kürzesten "
    "Verbindungen zwischen anderen Akteuren."
)
ARTICULATION_POINT = (
    "Fällt {actor} weg, zerfällt das Netzwerk in {parts} Teile; betroffen: {affected} "
    "({count} Akteur(e) ohne Verbindung zum größten Teil)."
)
BRIDGE = "Endet die Kooperation zwischen {a} und {b}, ist {side} vom übrigen Netzwerk getrennt."
BRIDGE_SIDE_ONE = "{name}"
BRIDGE_SIDE_MANY = "eine Gruppe aus {count} Akteuren ({names})"
COMMUNITY_SILO = (
    "Gruppe {index} ({size} Akteure) arbeitet fast nur innerhalb von {department} "
    "({share} der Mitglieder) – ein Silo."
)
COMMUNITY_MIXED = "Gruppe {index} ({size} Akteure) ist gemischt: {mix}."
CROSS_DEPARTMENT = (
    "{share} der {total} Kooperationen sind ressortübergreifend: {cross} verbinden Akteure "
    "verschiedener Bereiche, {inside} bleiben innerhalb eines Bereichs."
)
CROSS_DEPARTMENT_NONE = "Es sind keine Kooperationen erfasst; der ressortübergreifende Anteil ist unbestimmt."
NEVER_TOGETHER = "{a} und {b} kooperieren nirgends direkt miteinander."
ISOLATED = "{actor} hat keine Kooperation und sitzt in keinem Gremium."
ISOLATED_WITH_OFFERS = (
    "{actor} hat keine Kooperation und sitzt in keinem Gremium, bietet aber {count} Angebot(e) an: {titles}."
)
BETWEENNESS_EXACT_IGRAPH = "exakt (igraph)"
BETWEENNESS_EXACT_NETWORKX = "exakt (NetworkX)"
BETWEENNESS_SAMPLED = "Stichprobe aus {k} Startakteuren (NetworkX, seed {seed})"

RECOMMENDATION = "{a} und {b} bieten beide {fields} an, arbeiten aber nicht zusammen."
RECOMMENDATION_FIELD = "Angebote für {phase} zum Thema {topic} in {district}"
RECOMMENDATION_COMMITTEES = " Anknüpfungspunkt: beide sitzen in {committees}."
RECOMMENDATION_PROMPT = " Frage für den Workshop: Wie können {a} und {b} ihre Angebote abstimmen?"

WHATIF_OFFER_CLOSED = "„{title}“ entfällt, weil es geschlossen wird."
WHATIF_OFFER_NO_PROVIDER = "„{title}“ entfällt, weil kein Träger übrig bleibt (bisher: {providers})."
WHATIF_OFFER_LOSES_PROVIDER = "„{title}“ verliert {lost}, läuft aber mit {remaining} weiter."
WHATIF_NEW_GAP = "Neue Lücke: {gap} Bisher begleitet von: {titles}."
WHATIF_THINNED = (
    "Im Sozialraum {district} begleiten den Übergang {transition} nur noch {after} statt {before} "
    "Angebote; es entfallen: {titles}."
)
WHATIF_COOPERATION_LOST = "Die Kooperation zwischen {a} und {b} entfällt."
WHATIF_SPLIT = (
    "Ohne {removed} zerfällt das Netzwerk in {parts} Teile; vom größten Teil abgeschnitten: {cut_off}."
)
WHATIF_SUMMARY = (
    "Wegfall von {what}: {lost_offers} Angebot(e) entfallen, {new_gaps} neue Lücke(n) an Übergängen, "
    "{lost_cooperations} Kooperation(en) gehen verloren, {splits} Teilnetz(e) zerfallen."
)
WHATIF_NOTHING = "Keine Akteure und keine Angebote angegeben: es ändert sich nichts."

# --- Importers: German labels of the closed vocabularies (issue 5, Excel template / tables) ---
# Used by the Excel template (data-validation lists, help sheet) and accepted on import
# next to the raw enum values.

ACTOR_KIND_DE = {
    "administration": "Verwaltung",
    "department": "Fachbereich / Amt",
    "welfare_org": "Wohlfahrtsverband",
    "school": "Schule",
    "kita": "Kita",
    "family_centre": "Familienzentrum",
    "club": "Verein",
    "church": "Kirchengemeinde",
    "agency": "Agentur / Jobcenter",
    "health": "Gesundheitswesen",
    "education": "Bildungseinrichtung",
    "committee": "Gremium / AG",
    "initiative": "Initiative",
    "other": "Sonstiges",
}
SECTOR_DE = {
    "public": "öffentlich",
    "free_welfare": "freie Wohlfahrtspflege",
    "private": "privat-gewerblich",
    "civil_society": "Zivilgesellschaft",
    "unknown": "unbekannt",
}
OFFER_KIND_DE = {
    "course": "Kurs",
    "counselling": "Beratung",
    "group": "Gruppe",
    "event": "Veranstaltung",
    "infrastructure": "Infrastruktur",
    "network_meeting": "Netzwerktreffen",
    "home_visit": "Hausbesuch",
    "other": "Sonstiges",
}
COST_DE = {"free": "kostenlos", "fee": "kostenpflichtig", "income_based": "einkommensabhängig"}
COOPERATION_KIND_DE = {
    "formal_agreement": "Kooperationsvertrag",
    "shared_offer": "gemeinsames Angebot",
    "referral": "Vermittlung / Überleitung",
    "informal": "informell",
}
DISTRICT_KIND_DE = {"city": "Stadt", "borough": "Stadtbezirk", "quarter": "Stadtteil / Sozialraum"}

# --- Netzwerkanalysen (issue 3), Fortsetzung: Bereichsnamen und Formulierungen ---

DEPARTMENT_SECTOR_DE = {
    "public": "öffentliche Träger (ohne Ressort)",
    "free_welfare": "freie Wohlfahrtspflege",
    "private": "privat-gewerbliche Träger",
    "civil_society": "Zivilgesellschaft",
    "unknown": "Träger mit unbekanntem Sektor",
}
BROKER_AREAS = (
    "Über {actor} laufen {share} der kürzesten Verbindungen zwischen anderen Akteuren im "
    "Kooperationsnetz; die Kooperationen reichen in {count} Bereiche: {departments}."
)
RECOMMENDATION_NEED_PHASE = (
    " In {district} leben {children} Kinder der Lebensphase {phase}; der SGB-II-Anteil liegt dort bei {share}."
)
RECOMMENDATION_MANY = (
    "{a} und {b} bieten in {count} gleichen Feldern (Lebensphase, Thema, Sozialraum) Angebote an – "
    "etwa {fields} –, arbeiten aber nicht zusammen."
)
RECOMMENDATION_FIELD_SHORT = "für {phase} zum Thema {topic} in {district}"

# --- Dopplungen (issue 3, items 1 and 2): duplicate offers and actors ---------------------
# Level labels are templates: {pct} is a German percentage ("87 %"), {a}/{b} the two sides.

DUP_SAME_TITLE = "gleicher Titel"
DUP_TITLE_SIMILAR = "Titel zu {pct} ähnlich"
DUP_TITLE_WEAK = "Titel nur zu {pct} ähnlich"
DUP_TITLE_DIFFERENT = "verschiedene Titel"
DUP_TITLE_CONFLICT = "verschiedene Titelbestandteile: {a_only} / {b_only}"
DUP_DESCRIPTION_SIMILAR = "Beschreibung zu {pct} ähnlich"
DUP_DESCRIPTION_WEAK = "Beschreibung nur zu {pct} ähnlich"
DUP_DESCRIPTION_DIFFERENT = "verschiedene Beschreibungen"
DUP_SAME_PHASE = "gleiche Lebensphase {shared}"
DUP_SHARED_PHASE = "überlappende Lebensphasen (gemeinsam: {shared})"
DUP_OTHER_PHASES = "verschiedene Lebensphasen: {a} / {b}"
DUP_SAME_DISTRICT = "gleicher Sozialraum {shared}"
DUP_SHARED_DISTRICT = "überlappende Sozialräume (gemeinsam: {shared})"
DUP_NESTED_DISTRICT = "Sozialraum {inner} liegt in {outer}"
DUP_OTHER_DISTRICTS = "verschiedene Sozialräume: {a} / {b}"
DUP_SAME_TOPIC = "gleiches Querschnittsthema {shared}"
DUP_SHARED_TOPIC = "gemeinsames Querschnittsthema {shared}"
DUP_OTHER_TOPICS = "verschiedene Querschnittsthemen: {a} / {b}"
DUP_SAME_TARGET = "gleiche Zielgruppe „{a}“"
DUP_TARGET_SIMILAR = "ähnliche Zielgruppe: „{a}“ / „{b}“"
DUP_OTHER_TARGETS = "verschiedene Zielgruppen: „{a}“ / „{b}“"
DUP_SAME_AGE = "gleiches Alter {a}"
DUP_AGE_OVERLAP = "überlappende Altersspannen: {a} / {b}"
DUP_AGE_DIFFERENT = "verschiedene Altersgruppen: {a} / {b}"
DUP_AGE_YEARS = "{lo}–{hi} Jahre"
DUP_SAME_OFFER_KIND = "gleiche Angebotsform: {a}"
DUP_OTHER_OFFER_KINDS = "verschiedene Angebotsformen: {a} / {b}"
DUP_SAME_PROVIDER = "gleicher Träger: {shared}"
DUP_OTHER_PROVIDERS = "verschiedene Träger: {a} / {b}"
DUP_UNLINKED_PROVIDERS = "verschiedene Träger ohne Verbindung im Netz: {a} / {b}"
DUP_TITLE_NAMES_OTHER = "die Titel nennen verschiedene Orte oder Nummern: {a_only} / {b_only}"
DUP_SAME_PLACE = "gleicher Ort"
DUP_OTHER_PLACES = "verschiedene Orte, {km} km auseinander"
DUP_OFFER_PAIR = "„{a}“ und „{b}“ sind vermutlich dasselbe Angebot (Übereinstimmung {pct}): {reasons}."
DUP_OFFER_CLUSTER = "{count} Einträge beschreiben vermutlich dasselbe Angebot (Übereinstimmung {pct}): {titles}."
DUP_BLOCK_SPLIT = (
    "Dopplungssuche: {count} Angebote teilen Sozialraum {district} und Lebensphase {phase}; "
    "verglichen werden sie nur innerhalb gleicher Querschnittsthemen."
)
DUP_BLOCK_WINDOWED = (
    "Dopplungssuche: {count} Angebote in Sozialraum {district}, Lebensphase {phase}{topic} sind zu viele für "
    "einen vollständigen Vergleich; verglichen wird jedes nur mit den {window} Angeboten mit den ähnlichsten Titeln."
)

DUP_PART_OF = "„{child}“ ist Teil von „{parent}“"
DUP_FEDERATION_LEVELS = "verschiedene Verbandsebenen: {a_level} / {b_level}"
DUP_SAME_NAME = "gleicher Name nach Vereinheitlichung der Schreibweise"
DUP_NAME_SIMILAR = "Name zu {pct} ähnlich"
DUP_NAME_DIFFERENT = "verschiedene Namen"
DUP_NAME_CONFLICT = "verschiedene Namensbestandteile: {a_only} / {b_only}"
DUP_ONLY_GENERIC = "nur allgemeine Namensbestandteile gemeinsam ({shared})"
DUP_SAME_ACTOR_DISTRICT = "gleicher Sozialraum {a}"
DUP_OTHER_ACTOR_DISTRICTS = "verschiedene Sozialräume: {a} / {b}"
DUP_SAME_KIND = "gleiche Art: {a}"
DUP_OTHER_KINDS = "verschiedene Art: {a} / {b}"
DUP_ACTOR_PROPOSAL = (
    "„{merge}“ und „{keep}“ sind vermutlich dieselbe Organisation (Übereinstimmung {pct}): {reasons}. "
    "Vorschlag: „{merge}“ in „{keep}“ zusammenführen."
)
DUP_ACTOR_SURE = (
    "„{merge}“ und „{keep}“ sind sicher dieselbe Organisation (Übereinstimmung {pct}): {reasons}. "
    "Vorschlag: „{merge}“ in „{keep}“ zusammenführen."
)
DUP_ACTOR_CHECK = (
    "„{merge}“ und „{keep}“ sind vielleicht dieselbe Organisation (Übereinstimmung {pct}): {reasons}. "
    "Bitte prüfen, bevor „{merge}“ in „{keep}“ zusammengeführt wird."
)
DUP_ACTOR_DIFFERENT = (
    "„{merge}“ und „{keep}“ sind vermutlich verschiedene Organisationen (Übereinstimmung {pct}): {reasons}."
)
DUP_BAND_SURE = "sicher"
DUP_BAND_CHECK = "prüfen"
DUP_BAND_DIFFERENT = "verschieden"
DUP_NAME_WEAK = "Name nur zu {pct} ähnlich"
DUP_COMMON_NAME = "den Namen „{name}“ tragen {count} Einträge (mehrere Standorte oder ein allgemeiner Name)"
DUP_NAME_CONTAINED = "„{short}“ ist im Namen „{long}“ enthalten"
DUP_NAME_PART_ONLY = "„{short}“ ist nur ein Teil des viel längeren Namens „{long}“"
DUP_LEGAL_FORMS = "verschiedene Rechtsformen: {a} / {b} (zwei Rechtsträger)"
DUP_SAME_LEGAL_FORM = "gleiche Rechtsform {a}"
DUP_SAME_ADDRESS = "gleiche Anschrift: {a}"
DUP_SAME_ADDRESS_SHARED = "gleiche Anschrift: {a} (dort sind {count} Einträge erfasst)"
DUP_SAME_HOUSE = "gleiche Straße und Hausnummer bis auf den Zusatz: {a} / {b}"
DUP_OTHER_UNIT = "gleiches Haus, andere Raum- oder Suite-Angabe: {a_unit} / {b_unit}"
DUP_SAME_STREET = "gleiche Straße, andere Hausnummer: {a} / {b}"
DUP_SAME_STREET_ONLY = "gleiche Straße: {a} / {b}"
DUP_SAME_POSTCODE = "gleiche Postleitzahl {a}"
DUP_OTHER_STREET = "andere Anschrift in derselben Postleitzahl: {a} / {b}"
DUP_OTHER_ADDRESS = "andere Anschrift: {a} / {b}"
DUP_SAME_WEBSITE = "gleiche Internetseite {a}"
DUP_SHARED_WEBSITE = "gleiche Internetseite {a}, die {count} Einträge nutzen (eine Organisation mit mehreren Standorten?)"
DUP_SIMILAR_WEBSITES = "ähnliche Internetseiten: {a} / {b}"
DUP_SAME_WEB_DOMAIN = "gleiche Internet-Domain {a}"
DUP_SHARED_WEB_DOMAIN = "gleiche Internet-Domain {a}, die {count} Einträge nutzen"
DUP_OTHER_WEBSITES = "verschiedene Internetseiten: {a} / {b}"
DUP_SAME_EMAIL = "gleiche E-Mail-Adresse {a}"
DUP_SAME_EMAIL_DOMAIN = "gleiche E-Mail-Domain {a}"
DUP_SHARED_EMAIL = "gleiche E-Mail-Adresse {a}, die {count} Einträge nutzen"
DUP_SHARED_EMAIL_DOMAIN = "gleiche E-Mail-Domain {a}, die {count} Einträge nutzen"
DUP_OTHER_EMAILS = "verschiedene E-Mail-Domains: {a} / {b}"
DUP_SAME_PHONE = "gleiche Telefonnummer {a}"
DUP_SHARED_PHONE = "gleiche Telefonnummer {a}, die {count} Einträge nutzen (Zentrale?)"
DUP_OTHER_PHONES = "verschiedene Telefonnummern: {a} / {b}"
DUP_NEIGHBOUR_DISTRICTS = "benachbarte Sozialräume: {a} / {b} (beide in {parent})"
DUP_NESTED_ACTOR_DISTRICTS = "Sozialraum {inner} liegt in {outer}"
DUP_OTHER_PLACE_IN_NAME = "„{name}“ nennt einen anderen Ort ({places})"
DUP_SAME_PARENT = "gleicher übergeordneter Träger „{a}“"
DUP_OTHER_PARENTS = "verschiedene übergeordnete Träger: „{a}“ / „{b}“"
DUP_NO_ADDRESS = "ohne Anschrift"
DUP_KEEP = "„{keep}“ behalten: {why}"
DUP_KEEP_MORE_RELATIONS = "mehr Verbindungen im Netz ({keep} statt {merge})"
DUP_KEEP_FULLER_NAME = "vollständigerer Name"
DUP_KEEP_FRESHER = "zuletzt geprüft am {keep} (der andere Eintrag am {merge})"
DUP_KEEP_VERIFIED = "zuletzt geprüft am {keep} (der andere Eintrag nie)"
DUP_KEEP_TIE = "beide Einträge gleichwertig, behalten wird die kleinere Kennung"

# --- merging actors --------------------------------------------------------------------
MERGED = "„{merged}“ wurde mit „{keep}“ zusammengeführt; {moved} Beziehung(en) wurden übertragen."
MERGE_SELF = "Ein Akteur kann nicht mit sich selbst zusammengeführt werden."
MERGE_VANISHED = (
    "Akteur „{id}“ wurde inzwischen gelöscht oder zusammengeführt; nichts wurde geändert. "
    "Bitte die Liste der Akteure neu laden."
)
MERGE_OTHER_KINDS = (
    "„{merge}“ ist ein(e) {merge_kind}, „{keep}“ ein(e) {keep_kind}: Akteure verschiedener Art werden "
    "nicht ohne Weiteres zusammengeführt; nichts wurde geändert. Wenn es wirklich dieselbe Organisation "
    "ist, mit „force“ (API) bzw. „--force“ (Kommandozeile) erzwingen."
)

# --- concurrent writes ---------------------------------------------------------------------
STALE_READ = (
    "Der Datenbestand wurde gleichzeitig geändert, nachdem er gelesen worden war; nichts wurde "
    "gespeichert. Bitte erneut versuchen."
)
WRITE_BUSY = (
    "Eine gleichzeitige Änderung hat diesen Schreibvorgang blockiert; nichts wurde gespeichert. "
    "Bitte erneut versuchen."
)
IMPORT_RETRIES_EXHAUSTED = (
    "{file}: Während des Imports wurde der Datenbestand {times}-mal von anderen geändert; nichts wurde "
    "gespeichert. Bitte erneut einlesen."
)
IMPORT_CONCURRENT_REMOVAL = (
    "{file}: Eine gleichzeitige Änderung (etwa eine Zusammenführung) hat während des Imports Einträge "
    "entfernt, auf die die Datei verweist ({count} Problem(e), siehe Bericht); nichts wurde gespeichert. "
    "Bitte die Datei anpassen und erneut einlesen."
)
# after a lost connection; {what} is e.g. „der Import“ or „die Zusammenführung“
WRITE_LANDED = (
    "Die Verbindung zur Datenbank brach beim Speichern ab; die Nachfrage ergab: {what} wurde gespeichert."
)
WRITE_NOT_LANDED = (
    "Die Verbindung zur Datenbank brach beim Speichern ab; {what} wurde nicht gespeichert. "
    "Bitte erneut versuchen, sobald die Datenbank wieder erreichbar ist."
)
WRITE_OUTCOME_UNKNOWN = (
    "Die Verbindung zur Datenbank brach beim Speichern ab; ob {what} gespeichert wurde, ist "
    "unbekannt – bitte prüfen (z. B. mit „praevnet export json“), bevor Sie es erneut versuchen."
)

# --- import: probable duplicates ---------------------------------------------------------
PROBABLE_DUPLICATE_ACTOR = (
    "Der neue Akteur „{name}“ ist vermutlich derselbe wie der vorhandene „{other}“ (ID {other_id}, "
    "{score} Übereinstimmung: {reasons}). Nicht zusammengeführt; falls ja: "
    "praevnet merge-actors {other_id} {new_id}"
)

# --- store ---------------------------------------------------------------------------------
WRITE_TOO_LARGE = (
    "Nichts wurde gespeichert: Der Import mit {nodes} Einträgen ist für eine einzige Transaktion zu groß. "
    "Erhöhen Sie die Speichergrenze der Datenbank (PRAEVNET_NEO4J_TX_MB, PRAEVNET_NEO4J_HEAP_MB) "
    "oder teilen Sie die Datei auf."
)
DEFAULT_FRAME_ADDED = (
    "Die Datenbank hatte noch keine Lebensphasen: Die Standard-Lebensphasen ({phases}), Übergänge "
    "({transitions}) und Querschnittsthemen ({topics}) wurden mit angelegt."
)
BETWEENNESS_SAMPLED_IGRAPH = "geschätzt aus {k} zufällig gewählten Startakteuren (igraph, seed {seed})"

# --- import report: repeated problems grouped (issue 5) ------------------------------------
REPORT_ERROR = "Fehler"
REPORT_WARNING = "Warnung"
REPORT_ROW_ONE = "Zeile {row}"
REPORT_ROWS_MANY = "Zeilen {ranges}"
REPORT_ROWS_MORE = "… und {more} weitere"
REPORT_GROUP_VARIANTS = "{message} (und {others} ähnliche Meldung(en) mit anderen Werten)"
REPORT_GROUP_COUNT = "{count}-mal: {message}"
REPORT_GROUPED_CAPTION = (
    "{problems} Meldungen, gleichartige zusammengefasst zu {groups} Einträgen – jede einzelne steht im "
    "Excel-Bericht (Option --report BERICHT.xlsx)."
)

CREATE_MISSING_UNKNOWN = "--create-missing kennt „{what}“ nicht; möglich ist: {allowed}."
PHASES_FROM_AGES = (
    "{count} Angebot(e) ohne Lebensphase wurden nach ihrem Alter den Lebensphasen zugeordnet, "
    "die es überschneidet (z. B. „3 bis 6 Jahre“ → 3–6 Jahre)."
)
