"""German-aware text normalisation for matching names and titles.

Two records name the same thing in many spellings: "Ev. Familienbildungsstaette
Musterstadt" and "Evangelische Familienbildungsstätte Musterstadt", "AWO OV Nord" and
"Arbeiterwohlfahrt Ortsverein Nord e.V.", "HA-Hilfe GGS Ostpark" and "Hausaufgabenhilfe
an der GGS Ostpark". :func:`tokens` maps such spellings onto the same word list:

1. umlauts and ß are folded (ä → ae, ö → oe, ü → ue, ß → ss), other accents are dropped
   (Café → cafe), everything is lower case;
2. legal forms are removed (e.V., gGmbH, GmbH, gAG, AöR, KdöR, mbH, gUG, eG, ...);
3. punctuation and hyphens become spaces;
4. abbreviations are expanded (AWO → arbeiterwohlfahrt, Ev. → evangelische, Kita and
   Kindertagesstätte → kita, HA-Hilfe → hausaufgabenhilfe, ...) and the inflected forms of
   a few adjectives unified (evangelischen → evangelische);
5. German stop words are dropped.

The functions are pure and cached: the same title seen a hundred thousand times is
normalised once.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = [
    "ABBREVIATIONS",
    "PHRASES",
    "STOP_WORDS",
    "Address",
    "actor_words",
    "address_unit",
    "compact",
    "email_key",
    "fold",
    "legal_forms",
    "parse_address",
    "phone_key",
    "web_key",
    "normalise",
    "strip_legal_forms",
    "tokens",
    "word_tuple",
]

_UMLAUTS = str.maketrans(
    {
        "ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss", "ẞ": "SS",
        "ı": "i", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "Ae", "œ": "oe", "Œ": "Oe", "ł": "l", "Ł": "L",
        "–": "-", "—": "-", "‐": "-", "‑": "-",
    }
)

# Legal forms, matched on umlaut-folded text before lower-casing. Forms that are also
# ordinary words or other abbreviations are matched case-sensitively ("eV" is a legal
# form, "Ev." is Evangelische; "AG" is an Arbeitsgemeinschaft here, never removed).
_LEGAL_FORMS_CI = re.compile(
    r"""
    (?<![0-9A-Za-z])(?:
        g?gmbh\s*(?:&|und)\s*co\.?\s*kg
      | g?gmbh | mbh
      | e\.\s*v\b\.? | e\.\s*g\b\.?
      | aoer | kdoer | koer
      | eingetragener\s+verein | gemeinnuetzige[rns]?
      | \(haftungsbeschraenkt\) | haftungsbeschraenkt
    )(?![0-9A-Za-z])
    """,
    re.IGNORECASE | re.VERBOSE,
)
_LEGAL_FORMS_CS = re.compile(r"(?<![0-9A-Za-z])(?:eV|eG|gAG|gUG|UG|gGmbH|GbR|gGbR)(?![0-9A-Za-z])")
_SPLIT = re.compile(r"[^0-9a-z]+")

STOP_WORDS: frozenset[str] = frozenset(
    """
    der die das des dem den ein eine einer eines einem einen
    und oder sowie bzw u
    fuer mit von vom zum zur zu im in ins am an auf aus bei beim als ueber unter nach vor
    bis ab um durch gegen je pro
    """.split()
)
"""Words dropped from every token list (umlaut-folded)."""

ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    # welfare associations and their levels
    "awo": ("arbeiterwohlfahrt",),
    "drk": ("deutsches", "rotes", "kreuz"),
    "dksb": ("deutscher", "kinderschutzbund"),
    "skf": ("sozialdienst", "katholischer", "frauen"),
    "ov": ("ortsverein",),
    "kv": ("kreisverband",),
    "lv": ("landesverband",),
    # churches and public bodies
    "ev": ("evangelische",),
    "evang": ("evangelische",),
    "evgl": ("evangelische",),
    "evangelisch": ("evangelische",),
    "evangelischer": ("evangelische",),
    "evangelischen": ("evangelische",),
    "evangelisches": ("evangelische",),
    "kath": ("katholische",),
    "katholisch": ("katholische",),
    "katholischer": ("katholische",),
    "katholischen": ("katholische",),
    "katholisches": ("katholische",),
    "staedt": ("staedtische",),
    "staedtisch": ("staedtische",),
    "staedtischer": ("staedtische",),
    "staedtischen": ("staedtische",),
    "staedtisches": ("staedtische",),
    "st": ("sankt",),
    "hl": ("heilige",),
    # institutions
    "kita": ("kita",),
    "kitas": ("kita",),
    "kindertagesstaette": ("kita",),
    "kindertagesstaetten": ("kita",),
    "kindertageseinrichtung": ("kita",),
    "kindertageseinrichtungen": ("kita",),
    "kindergarten": ("kita",),
    "kiga": ("kita",),
    "fbs": ("familienbildungsstaette",),
    "fz": ("familienzentrum",),
    "fgz": ("familiengrundschulzentrum",),
    "mgh": ("mehrgenerationenhaus",),
    "jz": ("jugendzentrum",),
    "jmd": ("jugendmigrationsdienst",),
    "vhs": ("volkshochschule",),
    "asd": ("allgemeiner", "sozialer", "dienst"),
    "ggs": ("gemeinschaftsgrundschule",),
    "kgs": ("katholische", "grundschule"),
    "gs": ("grundschule",),
    "ogs": ("offene", "ganztagsschule"),
    "str": ("strasse",),
    # offers
    "cafe": ("cafe",),
    "hausaufgabenbetreuung": ("hausaufgabenhilfe",),
}
"""Single (folded, lower-case) tokens and what they stand for."""

PHRASES: dict[tuple[str, ...], tuple[str, ...]] = {
    ("ha", "hilfe"): ("hausaufgabenhilfe",),
    ("hausaufgaben", "hilfe"): ("hausaufgabenhilfe",),
    ("hausaufgaben", "betreuung"): ("hausaufgabenhilfe",),
    ("kinder", "tages", "staette"): ("kita",),
    ("kindertages", "staette"): ("kita",),
    ("e", "v"): (),
}
"""Token sequences (after splitting) and what they stand for."""

_PHRASE_STARTS = frozenset(p[0] for p in PHRASES)


def fold(text: str) -> str:
    """Lower case, umlauts and ß folded, other accents dropped.

    Examples
    --------
    >>> fold("Familienbildungsstätte Café Süß")
    'familienbildungsstaette cafe suess'
    >>> fold("Familienbildungsstaette") == fold("Familienbildungsstätte")
    True
    """
    return _fold_keep_case(text).lower()


def _fold_keep_case(text: str) -> str:
    s = unicodedata.normalize("NFC", text).translate(_UMLAUTS)
    if not s.isascii():
        s = "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))
    return s


def strip_legal_forms(text: str) -> str:
    """Remove legal forms (e.V., gGmbH, GmbH, gAG, AöR, KdöR, mbH, gUG, eG) from a name.

    Works on the original spelling (the case of "eV" / "Ev." matters) and returns it
    umlaut-folded with single spaces, not yet lower-cased.

    Examples
    --------
    >>> strip_legal_forms("Arbeiterwohlfahrt Ortsverein Nord e.V.")
    'Arbeiterwohlfahrt Ortsverein Nord'
    >>> strip_legal_forms("Diakonie Jugendhilfe gGmbH")
    'Diakonie Jugendhilfe'
    >>> strip_legal_forms("Ev. Kita Arche Noah")
    'Ev. Kita Arche Noah'
    """
    s = _fold_keep_case(text)
    s = _LEGAL_FORMS_CS.sub(" ", s)
    return " ".join(_LEGAL_FORMS_CI.sub(" ", s).split())


_SPLIT_CASED = re.compile(r"[^0-9A-Za-z]+")
_LEGAL_WORDS = frozenset(
    "ggmbh gmbh mbh aoer kdoer koer gbr ggbr haftungsbeschraenkt "
    "gemeinnuetzige gemeinnuetziger gemeinnuetzigen gemeinnuetziges".split()
)
_LEGAL_WORDS_CASED = frozenset({"eV", "eG", "gAG", "gUG", "UG"})
_LEGAL_SEQUENCES = (("und", "co", "kg"), ("co", "kg"), ("e", "v"), ("e", "g"), ("eingetragener", "verein"))
_LEGAL_STARTS = frozenset(q[0] for q in _LEGAL_SEQUENCES)


def _split_words(text: str) -> list[str]:
    """Lower-case words without legal forms; a hyphenated word with a stop word stays one."""
    cased: list[str] = []
    for chunk in _fold_keep_case(text).replace("&", " und ").split():
        parts = [w for w in _SPLIT_CASED.split(chunk) if w]
        if len(parts) > 1 and "-" in chunk and any(w.lower() in STOP_WORDS for w in parts):
            cased.append("".join(parts))  # "Nach-Hilfe" is Nachhilfe, not "Hilfe" after a stop word
        else:
            cased.extend(parts)
    lower = [w.lower() for w in cased]
    words: list[str] = []
    i = 0
    while i < len(lower):
        w = lower[i]
        if w in _LEGAL_STARTS:
            seq = next((q for q in _LEGAL_SEQUENCES if tuple(lower[i : i + len(q)]) == q), None)
            if seq:
                i += len(seq)
                continue
        if w not in _LEGAL_WORDS and cased[i] not in _LEGAL_WORDS_CASED:
            words.append(w)
        i += 1
    # a trailing lower-case "ev" after a name is the legal form (e.V. written without dots)
    if len(words) > 1 and words[-1] == "ev" and cased[-1] != "Ev":
        words.pop()
    return words


@lru_cache(maxsize=1 << 18)
def _tokens(text: str, expand: bool, drop_stop_words: bool) -> tuple[str, ...]:
    words = _split_words(text)
    out: list[str] = []
    i = 0
    while i < len(words):
        if expand and words[i] in _PHRASE_STARTS:
            for n in (3, 2):
                phrase = tuple(words[i : i + n])
                if len(phrase) == n and phrase in PHRASES:
                    out.extend(PHRASES[phrase])
                    i += n
                    break
            else:
                out.extend(ABBREVIATIONS.get(words[i], (words[i],)))
                i += 1
        elif expand:
            out.extend(ABBREVIATIONS.get(words[i], (words[i],)))
            i += 1
        else:
            out.append(words[i])
            i += 1
    if drop_stop_words:
        out = [w for w in out if w not in STOP_WORDS]
    return tuple(out)


def tokens(text: str | None, *, expand: bool = True, drop_stop_words: bool = True) -> list[str]:
    """The normalised words of a name, title or description.

    Parameters
    ----------
    text : str or None
        Any German text; ``None`` gives no tokens.
    expand : bool, default True
        Expand abbreviations (:data:`ABBREVIATIONS`, :data:`PHRASES`).
    drop_stop_words : bool, default True
        Drop :data:`STOP_WORDS`.

    Returns
    -------
    list of str
        Lower case, umlaut-folded, without legal forms and punctuation, in text order.

    Examples
    --------
    >>> tokens("AWO OV Nord")
    ['arbeiterwohlfahrt', 'ortsverein', 'nord']
    >>> tokens("Arbeiterwohlfahrt Ortsverein Nord e.V.")
    ['arbeiterwohlfahrt', 'ortsverein', 'nord']
    >>> tokens("HA-Hilfe an der GGS Ostpark")
    ['hausaufgabenhilfe', 'gemeinschaftsgrundschule', 'ostpark']
    >>> tokens("Städt. Kindertagesstätte Sonnenschein")
    ['staedtische', 'kita', 'sonnenschein']
    >>> tokens("Nach-Hilfe für Kinder")
    ['nachhilfe', 'kinder']

    Notes
    -----
    O(n) in the length of the text; results are cached per text.
    """
    if not text:
        return []
    return list(_tokens(text, expand, drop_stop_words))


def word_tuple(text: str) -> tuple[str, ...]:
    """:func:`tokens` with the defaults, as the cached tuple (no copy; for hot loops)."""
    return _tokens(text, True, True)


def normalise(text: str | None) -> str:
    """The normalised words of ``text`` joined by single spaces.

    Examples
    --------
    >>> normalise("Ev. Familienbildungsstaette Musterstadt")
    'evangelische familienbildungsstaette musterstadt'
    >>> normalise("Evangelische Familienbildungsstätte Musterstadt")
    'evangelische familienbildungsstaette musterstadt'
    >>> normalise("Eltern-Café (DRK e.V.)")
    'eltern cafe deutsches rotes kreuz'
    """
    return " ".join(_tokens(text, True, True)) if text else ""


def compact(text: str | None) -> str:
    """The normalised words of ``text`` without spaces, so compounds meet their parts.

    Examples
    --------
    >>> compact("Eltern-Cafe Nord") == compact("Elterncafé Nord")
    True
    """
    return "".join(_tokens(text, True, True)) if text else ""



# ---------------------------------------------------------------------------------------
# actors: legal forms, English names, contact data and addresses
# ---------------------------------------------------------------------------------------

_LEGAL_CLASSES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("e. V.", re.compile(r"(?<![0-9A-Za-z])(?:e\.\s*v\b\.?|eV(?![0-9A-Za-z])|eingetragener\s+verein)", re.I)),
    ("GmbH", re.compile(r"(?<![0-9A-Za-z])(?:g?gmbh|mbh)(?![0-9A-Za-z])|gemeinnuetzige\s+gesellschaft", re.I)),
    ("AG", re.compile(r"(?<![0-9A-Za-z])g?AG(?![0-9A-Za-z])")),
    ("eG", re.compile(r"(?<![0-9A-Za-z])(?:e\.\s*g\b\.?|eG(?![0-9A-Za-z]))", re.I)),
    ("UG", re.compile(r"(?<![0-9A-Za-z])g?UG(?![0-9A-Za-z])")),
    ("Stiftung", re.compile(r"(?<![0-9A-Za-z])stiftung(?![0-9A-Za-z])", re.I)),
    ("AöR", re.compile(r"(?<![0-9A-Za-z])(?:aoer|kdoer|koer)(?![0-9A-Za-z])", re.I)),
)
# "AG" in a German welfare name is usually an Arbeitsgemeinschaft ("AG Übergang Kita–Schule"):
# it counts as a legal form only at the very end of the name.
_AG_AT_END = re.compile(r"(?<![0-9A-Za-z])g?AG\s*$")


def legal_forms(name: str | None) -> frozenset[str]:
    """The legal forms a German name states: "e. V.", "GmbH" (also gGmbH, mbH), "eG", ...

    GmbH and gGmbH are one class (the "g" is often left out); an e. V. and a gGmbH of the
    same name are two legal persons.

    Examples
    --------
    >>> sorted(legal_forms("Lebenshilfe Musterstadt gGmbH"))
    ['GmbH']
    >>> sorted(legal_forms("Lebenshilfe Musterstadt e.V."))
    ['e. V.']
    >>> legal_forms("Ev. Kita Arche Noah"), legal_forms("AG Übergang Kita–Schule")
    (frozenset(), frozenset())
    """
    if not name:
        return frozenset()
    s = re.sub(r"(?<![0-9A-Za-z])Ev\.(?=\s+\S)", " ", _fold_keep_case(name))  # "Ev. Kita": Evangelische
    found = {label for label, rx in _LEGAL_CLASSES if label != "AG" and rx.search(s)}
    if _AG_AT_END.search(s):
        found.add("AG")
    if "Stiftung" in found and len(found) > 1:
        found.discard("Stiftung")  # "Stiftung ... gGmbH": the GmbH is the legal person
    return frozenset(found)


ENGLISH_STOP_WORDS: frozenset[str] = frozenset("and of the for in at on to a an inc llc ltd pllc corp co".split())
"""English words (and legal forms) dropped from actor names in addition to :data:`STOP_WORDS`."""

_EN_ABBREVIATIONS = {"ctr": "center", "centre": "center", "assn": "association", "dept": "department",
                     "svcs": "services", "svc": "service", "intl": "international", "natl": "national"}


@lru_cache(maxsize=1 << 16)
def _actor_words(name: str) -> tuple[str, ...]:
    return tuple(_EN_ABBREVIATIONS.get(w, w) for w in _tokens(name, True, True) if w not in ENGLISH_STOP_WORDS)


def actor_words(name: str | None) -> tuple[str, ...]:
    """:func:`tokens` of an organisation's name, also without English stop words and legal forms.

    Examples
    --------
    >>> actor_words("Boys and Girls Clubs of Whatcom County, Inc.")
    ('boys', 'girls', 'clubs', 'whatcom', 'county')
    >>> actor_words("AWO OV Nord e.V.")
    ('arbeiterwohlfahrt', 'ortsverein', 'nord')
    """
    return _actor_words(name) if name else ()


_FREE_MAIL = frozenset(
    """gmail.com googlemail.com yahoo.com yahoo.de hotmail.com hotmail.de outlook.com outlook.de live.com
    msn.com aol.com icloud.com me.com web.de gmx.de gmx.net gmx.com t-online.de freenet.de arcor.de
    posteo.de mailbox.org online.de comcast.net""".split()
)
"""Mail providers anyone can use: a shared domain there says nothing about the organisation."""

_SHARED_HOSTS = frozenset("facebook.com instagram.com twitter.com x.com linkedin.com google.com sites.google.com "
                          "wordpress.com blogspot.com wixsite.com jimdo.com jimdofree.com".split())
"""Hosts many organisations share: only the full address (with path) identifies one."""


def web_key(url: str | None) -> tuple[str, str] | None:
    """(host, host + path) of a website, without scheme, "www." and trailing slash.

    For hosts many organisations share (facebook.com, ...) the host is "" so that only the
    whole address counts.

    Examples
    --------
    >>> web_key("https://www.AWO-Musterstadt.de/kitas/")
    ('awo-musterstadt.de', 'awo-musterstadt.de/kitas')
    >>> web_key("http://awo-musterstadt.de")
    ('awo-musterstadt.de', 'awo-musterstadt.de')
    >>> web_key("facebook.com/elterncafe.nord")
    ('', 'facebook.com/elterncafe.nord')
    """
    if not url or not url.strip():
        return None
    s = url.strip().lower()
    s = re.sub(r"^[a-z][a-z0-9+.-]*://", "", s)
    s = s.split("?")[0].split("#")[0]
    host, _, path = s.partition("/")
    host = host.split("@")[-1].split(":")[0].strip(".")
    if host.startswith("www.") or re.match(r"^www\d\.", host):
        host = host.split(".", 1)[1]
    if not host or "." not in host:
        return None
    path = path.strip("/")
    for ending in ("index.html", "index.htm", "index.php", "home"):
        if path.endswith(ending):
            path = path[: -len(ending)].strip("/")
    full = f"{host}/{path}" if path else host
    return ("" if host in _SHARED_HOSTS else host), full


def email_key(email: str | None) -> tuple[str, str] | None:
    """(domain, address) of an e-mail address; the domain is "" for free mail providers.

    Examples
    --------
    >>> email_key("Info@AWO-Musterstadt.de")
    ('awo-musterstadt.de', 'info@awo-musterstadt.de')
    >>> email_key("elterncafe.nord@gmx.de")
    ('', 'elterncafe.nord@gmx.de')
    """
    if not email or "@" not in email:
        return None
    s = email.strip().lower().removeprefix("mailto:")
    local, _, domain = s.rpartition("@")
    domain = domain.strip(" .>")
    if not local or "." not in domain:
        return None
    return ("" if domain in _FREE_MAIL else domain.removeprefix("www.")), f"{local}@{domain}"


def phone_key(phone: str | None) -> str | None:
    """A phone number as national digits: "+49 (0)2382 123-45" and "02382 12345" agree.

    German numbers keep their trunk "0"; "+1" (North America) numbers keep their ten digits.
    Numbers with fewer than six digits are not compared.

    Examples
    --------
    >>> phone_key("+49 (0)2382 123-45"), phone_key("02382/12345"), phone_key("0049 2382 12345")
    ('0238212345', '0238212345', '0238212345')
    >>> phone_key("(360) 676-6000"), phone_key("+1 360.676.6000")
    ('3606766000', '3606766000')
    """
    if not phone:
        return None
    s = phone.strip().replace("(0)", "")
    s = re.split(r"(?i)\b(?:ext|x|durchwahl|dw)\b", s)[0]
    digits = re.sub(r"\D", "", s)
    plus = s.startswith("+") or digits.startswith("00")
    digits = digits[2:] if digits.startswith("00") else digits
    if plus and digits.startswith("49"):
        digits = "0" + digits[2:]
    elif (plus and digits.startswith("1")) or (len(digits) == 11 and digits.startswith("1")):
        digits = digits[1:]
    return digits if len(digits) >= 6 else None


_STREET_SUFFIXES = {
    "strasse": "str", "str": "str", "straße": "str", "weg": "weg", "platz": "pl", "pl": "pl", "allee": "allee",
    "street": "st", "st": "st", "avenue": "ave", "ave": "ave", "av": "ave", "road": "rd", "rd": "rd",
    "drive": "dr", "dr": "dr", "boulevard": "blvd", "blvd": "blvd", "lane": "ln", "ln": "ln", "place": "pl",
    "court": "ct", "ct": "ct", "highway": "hwy", "hwy": "hwy", "way": "way", "parkway": "pkwy", "pkwy": "pkwy",
    "circle": "cir", "cir": "cir", "terrace": "ter", "ter": "ter",
}
_DIRECTIONS = {"north": "n", "south": "s", "east": "e", "west": "w", "northeast": "ne", "northwest": "nw",
               "southeast": "se", "southwest": "sw"}
_UNIT = re.compile(r"(?i)\b(?:suite|ste|apt|unit|room|rm|floor|fl|bldg|building|raum|zimmer|etage|#)\s*\S+")
_UNIT_VALUE = re.compile(r"(?i)\b(?:suite|ste|apt|unit|room|rm|floor|fl|bldg|building|raum|zimmer|etage|#)\s*\.?\s*([0-9a-z-]+)")


def address_unit(text: str | None) -> str:
    """The suite, room or floor an address names ("" if none): two offices in one building.

    Examples
    --------
    >>> address_unit("516 High Street, Room 540, Bellingham"), address_unit("Hauptstraße 3, Raum 2.14")
    ('540', '2')
    >>> address_unit("Hauptstraße 3")
    ''
    """
    m = _UNIT_VALUE.search(text or "")
    return m.group(1).lower() if m else ""
_POSTCODE = re.compile(r"(?<![0-9])(\d{5})(?:-\d{4})?(?![0-9])")
_NUMBER = re.compile(r"^(\d+)\s*([a-z]?)$")


class Address(tuple):
    """A parsed address: (street, number, postcode, place); missing parts are ``""``.

    ``street`` is folded, without spaces, its suffix and direction words shortened
    ("Haupt-Straße" → "hauptstr", "800 Chestnut Street" → "chestnutst"); ``number`` is the house number
    with an optional letter ("12a"); a post-office box is street "pobox".
    """

    __slots__ = ()

    def __new__(cls, street: str, number: str, postcode: str, place: str) -> Address:
        return super().__new__(cls, (street, number, postcode, place))

    street = property(lambda self: self[0])
    number = property(lambda self: self[1])
    postcode = property(lambda self: self[2])
    place = property(lambda self: self[3])


def _street_words(text: str) -> tuple[str, str]:
    words = re.sub(r"[^0-9a-z]+", " ", fold(text).replace("strasse", " strasse")).split()
    number = ""
    rest: list[str] = []
    for i, w in enumerate(words):
        if not number and re.fullmatch(r"\d+[a-z]?", w):
            number = w
            if i + 1 < len(words) and re.fullmatch(r"[a-z]", words[i + 1]) and words[i + 1] not in _DIRECTIONS.values():
                number += words[i + 1]
                words[i + 1] = ""
            continue
        if w:
            rest.append(_DIRECTIONS.get(w, _STREET_SUFFIXES.get(w, w)))
    if rest[:2] == ["po", "box"] or rest[:3] == ["p", "o", "box"] or rest[:1] == ["postfach"]:
        return "pobox", number
    key = "".join(rest)
    return re.sub(r"strasse$", "str", re.sub(r"platz$", "pl", key)), number


@lru_cache(maxsize=1 << 16)
def parse_address(text: str | None) -> Address:
    """Street, house number, postcode and place of a German or US one-line address.

    Examples
    --------
    >>> parse_address("Hauptstraße 12a, 45127 Musterstadt")
    ('hauptstr', '12a', '45127', 'musterstadt')
    >>> parse_address("Hauptstr. 12 a 45127 Musterstadt")
    ('hauptstr', '12a', '45127', 'musterstadt')
    >>> parse_address("800 Chestnut Street, Suite 1C, Bellingham, WA 98225")
    ('chestnutst', '800', '98225', 'bellingham')
    >>> parse_address("PO Box 95, Deming, WA 98244")
    ('pobox', '95', '98244', 'deming')
    """
    if not text or not text.strip():
        return Address("", "", "", "")
    s = _UNIT.sub(" ", text)
    postcode, place = "", ""
    m = _POSTCODE.search(s)
    if m:
        postcode = m.group(1)
        after = s[m.end():].strip(" ,")
        before = s[: m.start()].strip(" ,")
        if after and not re.search(r"\d", after):  # German: "45127 Musterstadt"
            place = fold(after.split(",")[0]).strip()
            s = before
        else:  # US: "Bellingham, WA 98225"
            parts = [p.strip() for p in before.split(",") if p.strip()]
            if len(parts) > 1 and re.fullmatch(r"[A-Za-z]{2}", parts[-1]):
                parts.pop()
            elif parts and re.search(r",?\s+[A-Za-z]{2}$", parts[-1]) and len(parts) > 1:
                parts[-1] = parts[-1].rsplit(" ", 1)[0]
            if len(parts) > 1:
                place = fold(parts.pop()).strip()
            s = ", ".join(parts)
    segments = [p for p in s.split(",") if p.strip()]
    street_part = next((p for p in segments if re.search(r"\d", p) and re.search(r"[A-Za-z]", p)),
                       segments[0] if segments else "")
    street, number = _street_words(street_part) if street_part else ("", "")
    return Address(street.strip(), number, postcode, place)
