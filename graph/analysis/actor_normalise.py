"""Normalisation for matching organisations: legal forms, English names, contact data, addresses.

What :mod:`graph.analysis.normalise` does for German names and titles, extended for actor
records: the legal form a name states ("e. V.", "GmbH"), names without English stop words,
websites and e-mail addresses as (domain, address), phone numbers as national digits, and
one-line German or US addresses as street, house number, postcode, place and suite.
"""

from __future__ import annotations

import re
from functools import lru_cache

from graph.analysis.normalise import fold, fold_keep_case, word_tuple

__all__ = [
    "ENGLISH_STOP_WORDS",
    "Address",
    "actor_words",
    "address_unit",
    "email_key",
    "legal_forms",
    "parse_address",
    "phone_key",
    "web_key",
]

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
    s = re.sub(r"(?<![0-9A-Za-z])Ev\.(?=\s+\S)", " ", fold_keep_case(name))  # "Ev. Kita": Evangelische
    found = {label for label, rx in _LEGAL_CLASSES if label != "AG" and rx.search(s)}
    if _AG_AT_END.search(s):
        found.add("AG")
    if "Stiftung" in found and len(found) > 1:
        found.discard("Stiftung")  # "Stiftung ... gGmbH": the GmbH is the legal person
    return frozenset(found)


ENGLISH_STOP_WORDS: frozenset[str] = frozenset("and of the for in at on to a an inc llc ltd pllc corp co".split())
"""English words (and legal forms) dropped from actor names in addition to :data:`graph.analysis.normalise.STOP_WORDS`."""

_EN_ABBREVIATIONS = {"ctr": "center", "centre": "center", "assn": "association", "dept": "department",
                     "svcs": "services", "svc": "service", "intl": "international", "natl": "national"}


@lru_cache(maxsize=1 << 16)
def _actor_words(name: str) -> tuple[str, ...]:
    return tuple(_EN_ABBREVIATIONS.get(w, w) for w in word_tuple(name) if w not in ENGLISH_STOP_WORDS)


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
